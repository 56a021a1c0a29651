// `node:child_process` in the browser build (see README.md): no program can run.
export function execFile(file: string, ...rest: unknown[]): { kill(): void } {
  const callback = rest.reverse().find((arg): arg is (error: Error, stdout: string, stderr: string) => void => typeof arg === 'function');
  const error: NodeJS.ErrnoException = new Error(`spawn ${file} ENOENT (the browser cannot run programs)`);
  error.code = 'ENOENT';
  queueMicrotask(() => callback?.(error, '', ''));
  return { kill: () => undefined };
}
export default { execFile };
