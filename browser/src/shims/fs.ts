// `node:fs` in the browser build (see README.md): no file exists.
function missing(path: unknown): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`ENOENT: no such file or directory (the browser has no disk): ${String(path)}`);
  error.code = 'ENOENT';
  return error;
}

export const constants = { O_RDONLY: 0, O_NOFOLLOW: 0, F_OK: 0, R_OK: 4, W_OK: 2 };

export function existsSync(_path: unknown): boolean {
  return false;
}

export function readFileSync(path: unknown): never {
  throw missing(path);
}

const reject = async (path: unknown): Promise<never> => {
  throw missing(path);
};

export const promises = new Proxy({}, { get: () => reject });
export default { constants, existsSync, readFileSync, promises };
