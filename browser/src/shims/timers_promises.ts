// `node:timers/promises` in the browser build (see README.md).
export function setTimeout<T = void>(ms?: number, value?: T): Promise<T> {
  return new Promise((resolve) => globalThis.setTimeout(() => resolve(value as T), ms));
}
export default { setTimeout };
