/**
 * `walkthrough check --changed BASE`: only the steps whose code a change touches — what a pull
 * request moved, broke or made approximate. A step is touched when its code lies in a changed
 * file and a changed line falls inside its range, when its file was deleted or renamed by the
 * change, or when it no longer resolves exactly and its file (as written or as found) changed.
 */
import type { CheckReport } from '../check';
import { relativePath, resolvePath } from '../../../../common/src/paths';
import type { StepStatus } from '../types';
import { changedNewLines, type FileChange } from './diff';

export interface ChangedReport {
  report: CheckReport;
  /** Touched steps by status. */
  touched: number;
  broken: number;
}

const BROKEN: readonly StepStatus[] = ['stale', 'missing', 'invalid'];

export function onlyChanged(report: CheckReport, changes: readonly FileChange[]): ChangedReport {
  const changedNew = new Map<string, Array<{ start: number; end: number }>>();
  const gone = new Set<string>();
  for (const change of changes) {
    if (change.newPath !== undefined) changedNew.set(change.newPath, changedNewLines(change));
    if (change.oldPath !== undefined && (change.status === 'deleted' || change.status === 'renamed')) gone.add(change.oldPath);
    if (change.oldPath !== undefined && change.status === 'modified') changedNew.set(change.oldPath, changedNewLines(change));
  }
  const keep = new Map<string, Set<number>>();
  for (const walkthrough of report.engine.list()) {
    const indexes = new Set<number>();
    for (const step of walkthrough.steps) {
      const written = step.spec.file !== undefined ? relativePath(report.dir, resolvePath(walkthrough.root, step.spec.file)) : undefined;
      const found = step.file !== undefined ? relativePath(report.dir, step.file) : undefined;
      const exact = step.status === 'ok';
      let touched = false;
      if (written !== undefined && gone.has(written)) touched = true;
      else if (found !== undefined && step.span && changedNew.has(found)) {
        const start = step.span.start + 1;
        const end = step.span.end + 1;
        touched = !exact || changedNew.get(found)!.some((r) => r.start <= end && start <= r.end);
      } else if (!exact && written !== undefined && changedNew.has(written)) touched = true;
      if (touched) indexes.add(step.spec.index);
    }
    if (indexes.size) keep.set(relativePath(report.dir, walkthrough.file), indexes);
  }
  const statusCounts = Object.fromEntries(Object.keys(report.statusCounts).map((k) => [k, 0])) as Record<StepStatus, number>;
  const walkthroughs = report.walkthroughs
    .map((w) => {
      const indexes = keep.get(w.file);
      return { ...w, steps: indexes ? w.steps.filter((_, i) => indexes.has(i)) : [] };
    })
    .filter((w) => w.steps.length > 0);
  for (const w of walkthroughs) for (const step of w.steps) statusCounts[step.status]++;
  const diagnostics = report.diagnostics.filter((d) => d.stepIndex !== undefined && keep.get(d.file)?.has(d.stepIndex));
  const touched = walkthroughs.reduce((n, w) => n + w.steps.length, 0);
  const broken = BROKEN.reduce((n, status) => n + statusCounts[status], 0);
  return {
    report: { ...report, walkthroughs, diagnostics, statusCounts, failed: broken > 0 || diagnostics.some((d) => d.severity === 'error') },
    touched,
    broken,
  };
}
