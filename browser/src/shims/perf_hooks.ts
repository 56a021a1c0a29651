// `node:perf_hooks` in the browser build (see README.md).
export const performance = globalThis.performance;
export default { performance };
