/** One-line documentation of every walkthrough key, shown by completion and hover (in the current language). */
import type { StepKey, WalkthroughKey } from '../core/format/parseWalkthrough';
import { t } from '../core/l10n';

export function walkthroughKeyDocs(): Record<WalkthroughKey, string> {
  return {
    title: t('**Required.** The walkthrough\'s title, shown in the sidebar, CodeLens and hovers.'),
    id: t('Identifier used by `next` and by commands. Default: the file name without `.walkthrough.yaml`.'),
    description: t('Markdown shown as the walkthrough\'s tooltip and introduction.'),
    root: t('Folder that step `file` paths are relative to (relative to this YAML file). Default: the workspace folder. Must stay inside the workspace.'),
    memo: t('A markdown memo (relative to this file) whose sections steps cite with `section`.'),
    next: t('Id of the walkthrough offered after the last step.'),
    primary: t('`true` for the tour offered first in this workspace.'),
    practice: t('`false` keeps the steps out of the daily practice (the due and new counts); they can still be rehearsed on purpose. Review walkthroughs are written with it.'),
    convertedFrom: t('The CodeTour `.tour` file this walkthrough was converted from (relative to this file). The tour stays for colleagues still on CodeTour; the sidebar and practice list it once, as this walkthrough (setting `walkthroughs.codeTour.showConvertedTours` shows both).'),
    steps: t('**Required.** The list of steps, in tour order.'),
  };
}

export function stepKeyDocs(): Record<StepKey, string> {
  return {
    id: t('Step identifier, unique in this walkthrough. Default: its 1-based index.'),
    title: t('Step title. Default: the cited section\'s heading, else `file:lines`.'),
    file: t('The code file, relative to `root`. Omit it for a content-only step.'),
    lines: t('Where the code was when the step was written: `74-78` or `74` (1-based, inclusive). A hint: `anchor` and `symbol` find the code when it moves.'),
    anchor: t('The text expected at the start of the range (one line or a block). Indentation and trailing spaces are ignored; the step follows this text when the code moves.'),
    symbol: t('A declaration in the file (Go: `Func`, `Type.Method`, `Type`, `Var`, `Const`). Narrows the anchor search; alone it anchors the whole declaration.'),
    section: t('A heading of the memo: its text, or its slug as `"#slug"` (quoted: `#` starts a YAML comment).'),
    memo: t('A memo for this step only (relative to this YAML file).'),
    points: t('Inline markdown talking points, with or instead of a `section`.'),
    question: t('The interview question this step answers (markdown).'),
  };
}
