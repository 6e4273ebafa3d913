// jsdom's window lacks Node's structuredClone; the store clones plain JSON definitions.
const v8 = require('node:v8');
if (typeof globalThis.structuredClone !== 'function') globalThis.structuredClone = (value) => v8.deserialize(v8.serialize(value));

// antd's responsive hooks ask matchMedia, which jsdom lacks: a desk-sized screen that never changes
if (typeof window !== 'undefined' && typeof window.matchMedia !== 'function') {
  window.matchMedia = (query) => ({
    matches: /min-width/.test(query), media: query, onchange: null,
    addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false,
  });
}
// antd's motion posts through MessageChannel, which jsdom under jest lacks (Node's own keeps the process alive)
if (typeof globalThis.MessageChannel !== 'function') {
  globalThis.MessageChannel = class MessageChannel {
    constructor() {
      const port = () => ({ onmessage: null, postMessage: undefined, close() {} });
      this.port1 = port();
      this.port2 = port();
      this.port1.postMessage = (data) => setTimeout(() => this.port2.onmessage?.({ data }));
      this.port2.postMessage = (data) => setTimeout(() => this.port1.onmessage?.({ data }));
    }
  };
}
// antd's dropdowns measure themselves; jsdom has no layout, so nothing ever resizes
if (typeof globalThis.ResizeObserver !== 'function') {
  globalThis.ResizeObserver = class ResizeObserver { observe() {} unobserve() {} disconnect() {} };
}
