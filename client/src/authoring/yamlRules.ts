// Patterns for typing walkthrough YAML (no `vscode` import, so unit tests can check them).

/**
 * A list item that starts a mapping with a value: `  - file: a.go`, `- title: "x" # c`. Not
 * `- key:` (no value: the editor's own rules indent deeper) and not `- key: |` / `>-` (a block
 * scalar starts). Enter after such a line belongs under `key`, not under `-`.
 */
export const LIST_ITEM_KEY_VALUE = /^\s*-\s+(?:"[^"]*"|'[^']*'|[^\s#'"][^:#]*?)\s*:\s+(?![|>][-+0-9]*\s*(?:#.*)?$)[^\s#].*$/;
