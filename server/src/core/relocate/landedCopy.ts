/**
 * The text of a walkthrough copied into another checkout ("Apply Bundled Walkthroughs to This
 * Folder"): `root` points at the checkout, and every step whose file was found under another
 * path names that file (with `lines` where its code was found, when it was), so the copy resolves
 * directly next time.
 * Only values change (comments and layout stay); anchors are left for the user to confirm.
 */
import type { LoadedWalkthrough } from '../engine';
import { applyEdits, stillParses, type TextEdit } from '../format/stepEdits';
import { formatLines } from '../format/parseWalkthrough';
import { yamlScalar } from '../format/yamlScalar';
import { relativePath, resolvePath } from '../../../../common/src/paths';
import { statusInfo } from '../../../../common/src/stepStatuses';
import { splitLines } from '../text';


/**
 * @param walkthrough resolved against `target` (the checkout)
 * @param yamlText the walkthrough file's text
 * @param copyDir the folder the copy will be written to
 * @returns the copy's text, or undefined when the edits would not parse (never write a broken file)
 */
export function landedCopyText(walkthrough: LoadedWalkthrough, yamlText: string, copyDir: string, target: string): string | undefined {
  const { spec } = walkthrough;
  const edits: TextEdit[] = [];
  const root = relativePath(copyDir, target);
  const rootValue = spec.spans.root?.value;
  if (rootValue) {
    edits.push({ range: rootValue, newText: yamlScalar(root) });
  } else {
    // No `root` yet: add one after the title (or as the first line).
    const lines = splitLines(yamlText);
    const after = spec.spans.title?.value.end.line;
    const eol = yamlText.includes('\r\n') ? '\r\n' : '\n';
    const at = after === undefined ? 0 : Math.min(after + 1, lines.length);
    edits.push({ range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, newText: `root: ${yamlScalar(root)}${eol}` });
  }
  for (const step of walkthrough.steps) {
    if (!step.file || step.spec.file === undefined || step.status === 'invalid') continue;
    // The file was found under another path: name it, even when the step's code is not in it
    // (a stale step stays stale in the copy, with no `file-moved` warning on top).
    const fileValue = step.spec.spans.file?.value;
    const written = resolvePath(walkthrough.root, step.spec.file);
    if (fileValue && step.file !== written) edits.push({ range: fileValue, newText: yamlScalar(relativePath(target, step.file)) });
    if (!step.span || !statusInfo(step.status)?.placed) continue;
    const linesValue = step.spec.spans.lines?.value;
    if (linesValue && step.status !== 'ok') edits.push({ range: linesValue, newText: formatLines(step.span) });
  }
  const text = applyEdits(yamlText, edits);
  return stillParses(walkthrough.file, text) ? text : undefined;
}
