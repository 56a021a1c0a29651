/** The report behind `walkthrough check`: every walkthrough under a folder, with paths relative to it. */
import { t } from './l10n';
import { WalkthroughEngine } from './engine';
import type { FileSystem } from './fileSystem';
import type { SymbolIndex } from './symbols/symbolIndex';
import type { ResultCache } from './resultCache';
import { applyEdits, stillParses, updateLinesEdit, type TextEdit } from './format/stepEdits';
import type { WriteOutcome } from './atomicWrite';
import { relativePath, resolvePath } from '../../../common/src/paths';
import { decodeText } from './text';
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
  /** 1-based; `endLine`/`endColumn` end the range (exclusive column), when it has one. */
  diagnostics: Array<{ file: string; line: number; column: number; endLine?: number; endColumn?: number; severity: Severity; code: string; message: string; stepIndex?: number }>;
  statusCounts: Record<StepStatus, number>;
  failed: boolean;
  /** Kept for --fix: the engine that produced the report, and the files it read. */
  engine: WalkthroughEngine;
  fs: FileSystem;
  dir: string;
}

export interface CheckOptions {
  /** Files looked at while searching walkthroughs (default MAX_SCANNED_FILES). */
  maxFiles?: number;
  /** The symbol layer to use (the CLI's has a parse cache and workers); a fresh one by default. */
  symbols?: SymbolIndex;
  /** Results remembered across runs (core/resultCache.ts); not with `--fix`, which needs the parsed walkthroughs. */
  results?: ResultCache;
}

export async function checkWorkspace(fs: FileSystem, dir: string, options: CheckOptions = {}): Promise<CheckReport> {
  const engine = new WalkthroughEngine({ fs, folders: [dir], ...(options.maxFiles !== undefined ? { maxScannedFiles: options.maxFiles } : {}), ...(options.symbols ? { symbols: options.symbols } : {}), ...(options.results ? { results: options.results } : {}) });
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
      report.diagnostics.push({
        file: rel(d.file),
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: d.severity,
        code: d.code,
        message: d.message,
        ...(d.stepIndex === undefined ? {} : { stepIndex: d.stepIndex }),
      });
    }
  }
  // A check that did not look everywhere must not pass: walkthroughs beyond the limit were never seen.
  if (engine.truncatedScans.length > 0) {
    report.diagnostics.push({
      file: '.',
      line: 1,
      column: 1,
      severity: 'error',
      code: 'scan-limit',
      message: t('Stopped after looking at {0} files: walkthroughs further on were not checked. Raise the limit with --max-files=N, or check a smaller folder.', engine.scanLimit.toLocaleString('en-US')),
    });
  }
  report.diagnostics.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  report.failed = statusCounts.stale + statusCounts.missing + statusCounts.invalid > 0 || report.diagnostics.some((d) => d.severity === 'error');
  return report;
}

/** How a file is replaced (the CLI: atomically, after comparing it with `expected`). */
export type WriteFile = (file: string, expected: Uint8Array, text: string) => Promise<WriteOutcome>;

/** A moved step whose `lines` --fix did not rewrite, and why. */
export interface SkippedStep {
  stepId: string;
  /** 1-based position of the step's `lines` (or the step) in the walkthrough file. */
  line: number;
  column: number;
  reason: string;
}

export interface FileFix {
  file: string;
  /** `lines` hints rewritten (0 unless the outcome is `written`). */
  fixed: number;
  skipped: SkippedStep[];
  /** `nothing`: no hint could be rewritten; `unparsable`: the edited text would not parse. */
  outcome: WriteOutcome['kind'] | 'nothing' | 'unparsable';
  message?: string;
}

/**
 * Rewrites the `lines` hints of moved steps, one walkthrough file at a time; one file's failure
 * never stops the others. Writes only walkthrough YAML files, only through `write`, and only when
 * the file still holds the text the report was computed from.
 */
export async function fixMovedLines(report: CheckReport, write: WriteFile): Promise<FileFix[]> {
  const results: FileFix[] = [];
  for (const walkthrough of report.engine.list()) {
    if (walkthrough.spec.format === 'codetour') continue;
    const edits: TextEdit[] = [];
    const skipped: SkippedStep[] = [];
    for (const step of walkthrough.steps) {
      if (step.status !== 'moved' || !step.span || !step.spec.lines || step.file === undefined) continue;
      const at = (step.spec.spans.lines?.value ?? step.spec.range).start;
      const skip = (reason: string) => skipped.push({ stepId: step.spec.id, line: at.line + 1, column: at.character + 1, reason });
      // A moved file needs a new `file` too; that is for a person to confirm, not for --fix.
      if (step.spec.file !== undefined && step.file !== resolvePath(walkthrough.root, step.spec.file)) {
        skip(t('its file moved to `{0}`; confirm the new `file` yourself', relativePath(report.dir, step.file)));
        continue;
      }
      if (step.spec.linesNotEditable !== undefined) {
        skip(step.spec.linesNotEditable);
        continue;
      }
      const edit = updateLinesEdit(step.spec, step.span);
      if (edit) edits.push(edit);
    }
    if (edits.length === 0) {
      if (skipped.length > 0) results.push({ file: walkthrough.file, fixed: 0, skipped, outcome: 'nothing' });
      continue;
    }
    const result = await fixFile(report, walkthrough.file, edits, write);
    results.push({ file: walkthrough.file, skipped, ...result });
  }
  return results;
}

async function fixFile(report: CheckReport, file: string, edits: TextEdit[], write: WriteFile): Promise<Omit<FileFix, 'file' | 'skipped'>> {
  const resolved = report.engine.sourceText(file);
  // The edits are positions in the text the steps were resolved from: the file must still hold it.
  const raw = await report.fs.readFile(file);
  const current = decodeText(raw);
  if (raw === undefined || resolved === undefined || current.kind !== 'text' || current.text !== resolved) return { fixed: 0, outcome: 'changed' };
  if ((raw[0] === 0xff && raw[1] === 0xfe) || (raw[0] === 0xfe && raw[1] === 0xff)) return { fixed: 0, outcome: 'failed', message: t('the file is UTF-16; --fix rewrites only UTF-8 files') };
  const updated = applyEdits(resolved, edits);
  if (!stillParses(file, updated)) return { fixed: 0, outcome: 'unparsable' };
  // Decoding dropped the byte order mark: put it back so only the edited values change.
  const bom = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  const outcome = await write(file, raw, bom ? `\ufeff${updated}` : updated);
  return { fixed: outcome.kind === 'written' ? edits.length : 0, outcome: outcome.kind, ...(outcome.kind === 'failed' ? { message: outcome.message } : {}) };
}
