module.exports = { ...require('../../jest.preset.js'), displayName: 'designer', rootDir: __dirname };
