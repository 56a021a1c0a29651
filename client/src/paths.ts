// Small path helpers shared by the client modules (no `vscode` import).

/** True for `*.walkthrough.yaml` / `*.walkthrough.yml` paths and CodeTour `*.tour` files. */
export function isWalkthroughFile(path: string): boolean {
  return /\.walkthrough\.ya?ml$|\.tour$/i.test(path);
}
