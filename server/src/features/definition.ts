/**
 * Go to definition in walkthrough YAML: `file`, `lines`, `anchor`, `symbol` → the step's resolved
 * code range (or the file's top when the step is not placed); `section` → the memo heading;
 * `memo` → the memo; `next` → that walkthrough's file.
 */
import type { Location, Position } from 'vscode-languageserver';
import { dirname, resolvePath } from '../../../common/src/paths';
import { pathToUri } from './uri';
import { isPlaced } from './walkthroughList';
import { keyAt, stepAt } from './yamlContext';
import type { Workspace } from './workspace';

const TOP: Location['range'] = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export async function definition(workspace: Workspace, file: string, position: Position): Promise<Location[]> {
  const walkthrough = workspace.engine.get(file);
  if (!walkthrough) return [];
  const stepSpec = stepAt(walkthrough.spec, position);
  if (stepSpec) {
    const hit = keyAt(stepSpec.spans, position);
    const step = walkthrough.steps[stepSpec.index];
    if (!hit || !step) return [];
    switch (hit.key) {
      case 'file':
      case 'lines':
      case 'anchor':
      case 'symbol': {
        if (isPlaced(step)) {
          return [{ uri: pathToUri(step.file), range: { start: { line: step.span.start, character: 0 }, end: { line: step.span.end + 1, character: 0 } } }];
        }
        if (step.file) return [{ uri: pathToUri(step.file), range: TOP }];
        return [];
      }
      case 'section':
        if (step.section && step.memoFile) return [headingLocation(step.memoFile, step.section.line)];
        return [];
      case 'memo': {
        const memoFile = step.memoFile ?? (stepSpec.memo !== undefined ? resolvePath(dirname(file), stepSpec.memo) : undefined);
        return memoFile && (await exists(workspace, memoFile)) ? [{ uri: pathToUri(memoFile), range: TOP }] : [];
      }
      default:
        return [];
    }
  }
  const hit = keyAt(walkthrough.spec.spans, position);
  if (!hit) return [];
  if (hit.key === 'next' && walkthrough.spec.next !== undefined) {
    const target = workspace.engine.byId(walkthrough.spec.next);
    return target ? [{ uri: pathToUri(target.file), range: target.spec.spans.title?.key ?? TOP }] : [];
  }
  if (hit.key === 'memo' && walkthrough.memoFile) return [{ uri: pathToUri(walkthrough.memoFile), range: TOP }];
  return [];
}

function headingLocation(memoFile: string, line: number): Location {
  return { uri: pathToUri(memoFile), range: { start: { line, character: 0 }, end: { line, character: 0 } } };
}

async function exists(workspace: Workspace, file: string): Promise<boolean> {
  return (await workspace.engine.readText(file)).kind === 'text';
}
