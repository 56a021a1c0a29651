/** One-line documentation of every walkthrough key, shown by completion and hover. */
import type { StepKey, WalkthroughKey } from '../core/format/parseWalkthrough';

export const WALKTHROUGH_KEY_DOCS: Record<WalkthroughKey, string> = {
  title: '**Required.** The walkthrough\'s title, shown in the sidebar, CodeLens and hovers.',
  id: 'Identifier used by `next` and by commands. Default: the file name without `.walkthrough.yaml`.',
  description: 'Markdown shown as the walkthrough\'s tooltip and introduction.',
  root: 'Folder that step `file` paths are relative to (relative to this YAML file). Default: the workspace folder. Must stay inside the workspace.',
  memo: 'A markdown memo (relative to this file) whose sections steps cite with `section`.',
  next: 'Id of the walkthrough offered after the last step.',
  primary: '`true` for the tour offered first in this workspace.',
  steps: '**Required.** The list of steps, in tour order.',
};

export const STEP_KEY_DOCS: Record<StepKey, string> = {
  id: 'Step identifier, unique in this walkthrough. Default: its 1-based index.',
  title: 'Step title. Default: the cited section\'s heading, else `file:lines`.',
  file: 'The code file, relative to `root`. Omit it for a content-only step.',
  lines: 'Where the code was when the step was written: `74-78` or `74` (1-based, inclusive). A hint: `anchor` and `symbol` find the code when it moves.',
  anchor: 'The text expected at the start of the range (one line or a block). Indentation and trailing spaces are ignored; the step follows this text when the code moves.',
  symbol: 'A declaration in the file (Go: `Func`, `Type.Method`, `Type`, `Var`, `Const`). Narrows the anchor search; alone it anchors the whole declaration.',
  section: 'A heading of the memo: its text, or its slug as `"#slug"` (quoted: `#` starts a YAML comment).',
  memo: 'A memo for this step only (relative to this YAML file).',
  points: 'Inline markdown talking points, with or instead of a `section`.',
  question: 'The interview question this step answers (markdown).',
};
