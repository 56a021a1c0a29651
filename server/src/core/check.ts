/** The report behind `walkthrough check`: every walkthrough under a folder, with paths relative to it. */
import { WalkthroughEngine } from './engine';
import type { FileSystem } from './fileSystem';
import { applyEdits, stillParses, updateLinesEdit, type TextEdit } from './format/stepEdits';
import { relativePath, resolvePath } from './paths';
import type { Severity, StepStatus } from './types';

export interface CheckStep {
  id: string;
  title: string;
  status: StepStatus;
  file?: string;
  startLine?: number;
  endLine?: number;
}

export interface CheckReport {
  walkthroughs: Array<{ id: string; title: string; file: string; steps: CheckStep[] }>;
  diagnostics: Array<{ file: string; line: number; column: number; severity: Severity; code: string; message: string }>;
  statusCounts: Record<StepStatus, number>;
  failed: boolean;
  /** Kept for --fix: the engine that produced the report, and the files it read. */
  engine: WalkthroughEngine;
  fs: FileSystem;
  dir: string;
}

export async function checkWorkspace(fs: FileSystem, dir: string): Promise<CheckReport> {
  const engine = new WalkthroughEngine({ fs, folders: [dir] });
  await engine.loadAll();
  const rel = (file: string) => relativePath(dir, file);
  const statusCounts: Record<StepStatus, number> = { ok: 0, moved: 0, fuzzy: 0, approximate: 0, stale: 0, missing: 0, invalid: 0 };
  const report: CheckReport = { walkthroughs: [], diagnostics: [], statusCounts, failed: false, engine, fs, dir };
  for (const walkthrough of engine.list()) {
    report.walkthroughs.push({
      id: walkthrough.spec.id,
      title: walkthrough.spec.title,
      file: rel(walkthrough.file),
      steps: walkthrough.steps.map((step) => {
        statusCounts[step.status]++;
        return {
          id: step.spec.id,
          title: step.title,
          status: step.status,
          ...(step.file ? { file: rel(step.file) } : step.spec.file !== undefined ? { file: rel(resolvePath(walkthrough.root, step.spec.file)) } : {}),
          ...(step.span ? { startLine: step.span.start + 1, endLine: step.span.end + 1 } : {}),
        };
      }),
    });
    for (const d of engine.diagnostics(walkthrough.file)) {
      report.diagnostics.push({ file: rel(d.file), line: d.range.start.line + 1, column: d.range.start.character + 1, severity: d.severity, code: d.code, message: d.message });
    }
  }
  report.diagnostics.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  report.failed = statusCounts.stale + statusCounts.missing + statusCounts.invalid > 0 || report.diagnostics.some((d) => d.severity === 'error');
  return report;
}

/** Rewrites the `lines` hints of moved steps. Writes only walkthrough YAML files, through `write`. */
export async function fixMovedLines(report: CheckReport, write: (file: string, text: string) => Promise<void>): Promise<Array<{ file: string; count: number }>> {
  const fixed: Array<{ file: string; count: number }> = [];
  for (const walkthrough of report.engine.list()) {
    if (walkthrough.spec.format === 'codetour') continue;
    const edits: TextEdit[] = [];
    for (const step of walkthrough.steps) {
      if (step.status !== 'moved' || !step.span || !step.spec.lines || step.file === undefined) continue;
      // A moved file needs a new `file` too; that is for a person to confirm, not for --fix.
      if (step.spec.file !== undefined && step.file !== resolvePath(walkthrough.root, step.spec.file)) continue;
      const edit = updateLinesEdit(step.spec, step.span);
      if (edit) edits.push(edit);
    }
    if (edits.length === 0) continue;
    const text = await report.engine.readText(walkthrough.file);
    if (text.kind !== 'text') continue;
    const updated = applyEdits(text.text, edits);
    if (!stillParses(walkthrough.file, updated)) continue;
    // Decoding dropped the byte order mark: put it back so only the edited values change.
    const raw = await report.fs.readFile(walkthrough.file);
    const bom = raw !== undefined && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
    await write(walkthrough.file, bom ? `\ufeff${updated}` : updated);
    fixed.push({ file: walkthrough.file, count: edits.length });
  }
  return fixed;
}
