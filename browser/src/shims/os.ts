// `node:os` in the browser build (see README.md).
export function homedir(): string {
  return '/';
}
export const EOL = '\n';
export default { homedir, EOL };
