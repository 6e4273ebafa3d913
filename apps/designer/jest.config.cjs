// Unit tests run in node; component tests say `@jest-environment jsdom` in
// their first comment. jsdom must load the packages' CommonJS builds.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'designer',
  rootDir: __dirname,
  // a few of the form library's dependencies ship ES modules only
  transformIgnorePatterns: ['/node_modules/(?!(@x0k|lodash-es|nanoid|@ant-design/colors|@ant-design/fast-color)/)'],
  setupFiles: ['<rootDir>/src/test-support/jsdom-setup.cjs'],
  testEnvironmentOptions: { customExportConditions: ['node', 'require', 'default'] },
  moduleNameMapper: {
    ...require('../../jest.preset.js').moduleNameMapper,
    '\\.css$': '<rootDir>/src/test-support/style-stub.cjs',
  },
};
