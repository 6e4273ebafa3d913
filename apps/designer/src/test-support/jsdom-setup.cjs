// jsdom's window lacks Node's structuredClone; the store clones plain JSON definitions.
const v8 = require('node:v8');
if (typeof globalThis.structuredClone !== 'function') globalThis.structuredClone = (value) => v8.deserialize(v8.serialize(value));
