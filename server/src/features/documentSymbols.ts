/** The outline of a walkthrough YAML file: the walkthrough, and its steps with file:lines and status. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { formatLines } from '../core/format/parseWalkthrough';
import { relativePath } from '../../../common/src/paths';
import type { Workspace } from './workspace';
import { isPlaced } from './walkthroughList';
import { t } from '../core/l10n';
import { statusName } from '../../../common/src/stepStatuses';

export function documentSymbols(workspace: Workspace, file: string): DocumentSymbol[] {
  const walkthrough = workspace.engine.get(file);
  if (!walkthrough) return [];
  const { spec } = walkthrough;
  const children: DocumentSymbol[] = walkthrough.steps.map((step) => {
    const range = step.spec.range;
    const selection = step.spec.spans.title?.value ?? step.spec.spans.id?.value ?? step.spec.spans.file?.value ?? { start: range.start, end: range.start };
    const where = isPlaced(step) ? `${relativePath(walkthrough.root, step.file)}:${formatLines(step.span)}` : step.contentOnly ? t('content only') : (step.spec.file ?? '');
    return {
      name: `${step.spec.index + 1}. ${step.title || t('Step {0}', step.spec.index + 1)}`,
      detail: `${where} · ${statusName(step.status, t)}`,
      kind: SymbolKind.Event,
      range,
      selectionRange: selection,
    };
  });
  const selection = spec.spans.title?.value ?? { start: spec.range.start, end: spec.range.start };
  return [{ name: spec.title || spec.id, detail: `${walkthrough.steps.length} step${walkthrough.steps.length === 1 ? '' : 's'}`, kind: SymbolKind.Module, range: spec.range, selectionRange: selection, children }];
}
