// `node:worker_threads` in the browser build (see README.md): no worker thread.
export class Worker {
  constructor() {
    throw new Error('worker threads are not available in the browser');
  }
}
export const parentPort = null;
export default { Worker, parentPort };
