// Small path helpers shared by the client modules (no `vscode` import).

/** True for `*.walkthrough.yaml` / `*.walkthrough.yml` paths. */
export function isWalkthroughFile(path: string): boolean {
  return /\.walkthrough\.ya?ml$/i.test(path);
}
