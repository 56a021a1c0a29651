/**
 * Decayed CodeTour tours, repaired from history. A tour's steps are line numbers: written two
 * years ago, `line: 436` now points at whatever sits there today. When the workspace is a git
 * repository, each line step's code is read as it was when the tour was written — at the tour's
 * `ref` if set, else at the last commit that changed the `.tour` file — and becomes the step's
 * `anchor` (and `symbol`, where a grammar exists); the engine then resolves it on today's code
 * like any walkthrough step, so the step follows its code instead of its line number.
 *
 * Pure: git is reached through the small `GitHistory` interface, injected (the real one runs the
 * git CLI: server/src/gitHistory.ts; tests use real repositories or fakes). Everything from the
 * tour (ref, paths) is untrusted: paths are confined to the workspace folder and the repository
 * here, refs are validated by the implementation.
 */
import { plural, t } from '../l10n';
import type { StepSpec, WalkthroughSpec } from '../format/parseWalkthrough';
import { isInside, relativePath, resolvePath } from '../paths';
import { SymbolIndex } from '../symbols/symbolIndex';
import { normalizeLine, splitLines } from '../text';
import type { Diagnostic, LineSpan, Range } from '../types';
import { parseTour } from './parseTour';

/** An anchor grows to at most this many lines while it is not unique in its file. */
export const MAX_ANCHOR_LINES = 3;

export interface GitRepository {
  /** The repository's top folder (engine path). */
  top: string;
  /** The commit HEAD points at; undefined in a repository without commits. */
  head: string | undefined;
}

/** Why history could not be read: shown to the user once per tour. */
export interface GitProblem {
  problem: 'no-git' | 'not-a-repository' | 'bad-ref' | 'failed';
  message: string;
}

export function isGitProblem(value: unknown): value is GitProblem {
  return typeof value === 'object' && value !== null && 'problem' in value;
}

/** What the engine needs from git. Paths are `/`-separated, relative to the repository's top. */
export interface GitHistory {
  /** The repository that holds `folder`. */
  repository(folder: string): Promise<GitRepository | GitProblem>;
  /**
   * The commit a tour's `ref` stands for: a commit id or tag as it is; a branch has moved on since
   * the tour was recorded, so the last commit on it that changed `tourPath` (else its tip).
   */
  commitOfRef(repo: GitRepository, ref: string, tourPath: string): Promise<string | GitProblem>;
  /** The last commit (from HEAD) that changed `path`; undefined when it was never committed. */
  lastCommit(repo: GitRepository, path: string): Promise<string | undefined | GitProblem>;
  /** The file's text at `commit`; undefined when it did not exist there or cannot be read. */
  show(repo: GitRepository, commit: string, path: string): Promise<string | undefined>;
}

/** One line step's code as the tour's author saw it. */
export interface HistoricalStep {
  anchor: string;
  symbol?: string;
}

export type TourHistoryResult =
  | {
      kind: 'repaired';
      commit: string;
      fromRef: boolean;
      /** By step key (file and lines, see `stepKey`), so that a result applies to the tour retyped. */
      steps: Map<string, HistoricalStep>;
      head: string | undefined;
    }
  /** No history: `reason` for the one warning (undefined when the tour has no line steps to warn about). */
  | { kind: 'none'; reason: string | undefined; head: string | undefined };

export interface TourHistoryInput {
  spec: WalkthroughSpec;
  /** The tour file (engine path). */
  tourFile: string;
  /** The tour's current text. */
  tourText: string;
  /** The workspace folder: nothing outside it is read. */
  folder: string;
  /** The folder step paths are relative to. */
  root: string;
  git: GitHistory;
  /** Declarations of the old code (a separate index, so today's cache is left alone). */
  symbols?: SymbolIndex;
}

/** Steps placed by a line number alone: the ones history can repair. */
export function isLineStep(step: StepSpec): boolean {
  return step.file !== undefined && step.lines !== undefined && step.anchor === undefined && !step.malformed;
}

export async function readTourHistory(input: TourHistoryInput): Promise<TourHistoryResult> {
  const { spec, git } = input;
  const lineSteps = spec.steps.filter(isLineStep);
  if (lineSteps.length === 0) return { kind: 'none', reason: undefined, head: undefined };
  const repo = await git.repository(input.folder);
  if (isGitProblem(repo)) return { kind: 'none', reason: repo.message, head: undefined };
  const none = (reason: string): TourHistoryResult => ({ kind: 'none', reason, head: repo.head });
  if (!isInside(repo.top, input.tourFile)) return none(t('the tour file is not inside the git repository'));
  const tourPath = relativePath(repo.top, input.tourFile);

  let commit: string | GitProblem | undefined;
  if (spec.ref !== undefined) {
    commit = await git.commitOfRef(repo, spec.ref, tourPath);
  } else {
    commit = await git.lastCommit(repo, tourPath);
    if (commit === undefined) return none(t('the tour file was never committed, so git does not know when it was written'));
  }
  if (isGitProblem(commit)) return none(commit.message);

  // Steps edited since that commit were written against today's files: leave them as they are.
  let committedKeys: Set<string> | undefined;
  if (spec.ref === undefined) {
    const committed = await git.show(repo, commit, tourPath);
    if (committed !== undefined && committed !== input.tourText) {
      committedKeys = new Set(parseTour(input.tourFile, committed).steps.filter(isLineStep).map(stepKey));
    }
  }

  const texts = new Map<string, Promise<string | undefined>>();
  const steps = new Map<string, HistoricalStep>();
  for (const step of lineSteps) {
    if (committedKeys && !committedKeys.has(stepKey(step))) continue;
    const file = resolvePath(input.root, step.file!);
    if (!isInside(input.folder, file) || !isInside(repo.top, file)) continue;
    const path = relativePath(repo.top, file);
    if (path === '' || path === '.' || path.startsWith('../')) continue;
    let read = texts.get(path);
    if (!read) texts.set(path, (read = git.show(repo, commit, path)));
    const old = await read;
    if (old === undefined) continue;
    const found = await historicalStep(file, old, step.lines!, input.symbols);
    if (found) steps.set(stepKey(step), found);
  }
  if (steps.size === 0) return none(t('none of its files could be read at commit {0}', shortCommit(commit)));
  return { kind: 'repaired', commit, fromRef: spec.ref !== undefined, steps, head: repo.head };
}

/** What identifies a line step across edits of the tour: its file and lines. */
export function stepKey(step: StepSpec): string {
  return `${step.file}\0${step.lines!.start}\0${step.lines!.end}`;
}

export function shortCommit(commit: string): string {
  return /^[0-9a-f]{40,64}$/i.test(commit) ? commit.slice(0, 8) : commit;
}

async function historicalStep(file: string, text: string, span: LineSpan, symbols: SymbolIndex | undefined): Promise<HistoricalStep | undefined> {
  const lines = splitLines(text);
  const normalized = lines.map(normalizeLine);
  const found = anchorAt(lines, normalized, span);
  if (!found) return undefined;
  const symbol = symbols ? enclosingSymbol(await symbols.symbols(file, text), found.span) : undefined;
  return { anchor: found.anchor, ...(symbol ? { symbol } : {}) };
}

/**
 * The code at `span` as an anchor: from its first non-blank line (CodeTour steps often sit on a
 * blank line above the code they explain), grown until unique in the file (at most
 * MAX_ANCHOR_LINES lines). Undefined when the span is past the end or blank.
 */
export function anchorAt(lines: readonly string[], normalized: readonly string[], span: LineSpan): { span: LineSpan; anchor: string } | undefined {
  let start = span.start;
  while (start < lines.length && normalized[start] === '' && start < span.start + MAX_ANCHOR_LINES) start++;
  if (start >= lines.length || normalized[start] === '') return undefined;
  const end = Math.max(span.end, start);
  let count = 1;
  while (count < MAX_ANCHOR_LINES && start + count < lines.length && occurrences(normalized, normalized.slice(start, start + count)) > 1) count++;
  return { span: { start, end }, anchor: dedent(lines.slice(start, start + count)) };
}

function occurrences(normalized: readonly string[], block: readonly string[]): number {
  let found = 0;
  for (let i = 0; i + block.length <= normalized.length; i++) {
    if (block.every((line, k) => normalized[i + k] === line)) found++;
  }
  return found;
}

/** The innermost declaration containing the whole span, when it is unambiguous by name. */
export function enclosingSymbol(found: { symbols: Array<{ name: string; span: LineSpan }> } | undefined, span: LineSpan): string | undefined {
  if (!found) return undefined;
  const around = found.symbols.filter((s) => s.span.start <= span.start && span.end <= s.span.end).sort((a, b) => a.span.end - a.span.start - (b.span.end - b.span.start))[0];
  if (!around) return undefined;
  return found.symbols.filter((s) => s.name === around.name).length === 1 ? around.name : undefined;
}

/** Removes the common indentation of the lines (anchors ignore indentation; the YAML reads better). */
export function dedent(lines: readonly string[]): string {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = Math.min(...indents);
  return lines.map((l) => l.slice(cut).trimEnd()).join('\n');
}

/**
 * The tour as the engine resolves it: line steps that history repaired carry the old code as
 * `anchor` (and `symbol`) with their line as the hint, and `history` naming the commit; without
 * history, one warning that line-based steps may have drifted. A new spec: the parsed one is kept.
 */
export function applyTourHistory(spec: WalkthroughSpec, result: TourHistoryResult): WalkthroughSpec {
  const where = spec.spans.steps?.key ?? { start: spec.range.start, end: spec.range.start };
  if (result.kind === 'none') {
    if (result.reason === undefined) return spec;
    const warning: Diagnostic = {
      file: spec.file,
      range: where,
      severity: 'warning',
      code: 'codetour-history',
      message: t('Line-based steps may have drifted: their code could not be read from git history ({0}). They point at whatever is at those lines today.', result.reason),
    };
    return { ...spec, diagnostics: [...spec.diagnostics, warning] };
  }
  const short = shortCommit(result.commit);
  const steps = spec.steps.map((step) => {
    const found = isLineStep(step) ? result.steps.get(stepKey(step)) : undefined;
    if (!found) return step;
    const repaired: StepSpec = { ...step, anchor: found.anchor, history: { commit: result.commit } };
    if (found.symbol !== undefined && step.symbol === undefined) repaired.symbol = found.symbol;
    return repaired;
  });
  // The `ref` note said the steps are shown on the working tree as they are: no longer true.
  const refRange = spec.refRange;
  const isRefNote = (d: Diagnostic) => refRange !== undefined && d.code === 'codetour-unsupported' && d.stepIndex === undefined && sameRange(d.range, refRange);
  const diagnostics = spec.diagnostics.filter((d) => !isRefNote(d));
  const count = steps.filter((step) => step.history).length;
  if (count === 0) return spec;
  diagnostics.push({
    file: spec.file,
    range: result.fromRef && refRange ? refRange : where,
    severity: 'info',
    code: 'codetour-history',
    message: result.fromRef
      ? plural(count, 'Repaired from history: {0} line step takes its code from `{1}` (commit {2}) and follows it to the code as it is today.', 'Repaired from history: {0} line steps take their code from `{1}` (commit {2}) and follow it to the code as it is today.', spec.ref ?? '', short)
      : plural(count, 'Repaired from history: {0} line step takes its code from commit {1}, when the tour was last changed, and follows it to the code as it is today.', 'Repaired from history: {0} line steps take their code from commit {1}, when the tour was last changed, and follow it to the code as it is today.', short),
  });
  return { ...spec, steps, diagnostics };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

interface HistoryEntry {
  /** What the reading was started for: the tour's parsed spec (one per text), its folder and root. */
  spec: WalkthroughSpec;
  context: string;
  /** The reading under way, or undefined once it is done. */
  pending: Promise<void> | undefined;
  /** The last result read (possibly for an older text of the tour), and the spec it made. */
  result: TourHistoryResult | undefined;
  repaired: WalkthroughSpec | undefined;
  /** Read again at the next `specFor` (after a full reload: HEAD may have moved). */
  stale: boolean;
  /** Which reading is the latest (an older one that finishes late is dropped). */
  generation: number;
}

/**
 * The engine's side of history: per tour file, the history read for its current text and
 * HEAD. `specFor` never waits for git: it answers with what is known (the last result, applied
 * to the tour as it is now; or the tour as parsed) and starts a reading when the text changed;
 * `onRead(file)` says when a reading brought something new, `settled(file)` waits for it.
 */
export class TourHistoryCache {
  private readonly entries = new Map<string, HistoryEntry>();
  /** The old code's declarations: apart from the engine's index of today's files. */
  private readonly symbols = new SymbolIndex();

  constructor(
    private readonly git: GitHistory,
    private readonly onRead?: (file: string) => void,
  ) {}

  /** The spec to resolve: repaired from history as far as known; a reading starts when needed. */
  specFor(file: string, text: string, spec: WalkthroughSpec, folder: string, root: string): WalkthroughSpec {
    const context = `${folder}\0${root}`;
    let entry = this.entries.get(file);
    if (!entry || entry.spec !== spec || entry.context !== context) {
      // A new text: the last result applies to the steps it knows until the new one is read.
      const previous = entry?.context === context ? entry.result : undefined;
      entry = { spec, context, pending: undefined, result: previous, repaired: previous ? applyTourHistory(spec, previous) : undefined, stale: false, generation: 0 };
      this.entries.set(file, entry);
      this.start(file, entry, text, folder, root);
    } else if (entry.stale) {
      // HEAD may have moved: read again, keeping the repair (and the engine's resolved steps) meanwhile.
      entry.stale = false;
      this.start(file, entry, text, folder, root);
    }
    return entry.repaired ?? spec;
  }

  private start(file: string, entry: HistoryEntry, text: string, folder: string, root: string): void {
    const generation = ++entry.generation;
    entry.pending = readTourHistory({ spec: entry.spec, tourFile: file, tourText: text, folder, root, git: this.git, symbols: this.symbols })
      .catch((error: unknown): TourHistoryResult => ({ kind: 'none', reason: error instanceof Error ? error.message : String(error), head: undefined }))
      .then((result) => {
        if (this.entries.get(file) !== entry || entry.generation !== generation) return;
        entry.pending = undefined;
        entry.result = result;
        const repaired = applyTourHistory(entry.spec, result);
        // The same repair keeps its objects: the engine's resolved steps stay valid.
        if (sameRepair(entry.repaired ?? entry.spec, repaired)) return;
        entry.repaired = repaired;
        this.onRead?.(file);
      });
  }

  /** Waits for the reading under way for `file`, if any (a newer text's reading included). */
  async settled(file: string): Promise<void> {
    for (let entry = this.entries.get(file); entry?.pending; entry = this.entries.get(file)) await entry.pending;
  }

  /** Reads every tour's history again when next asked (a full reload, a commit or checkout: HEAD may have moved). */
  invalidate(): void {
    for (const entry of this.entries.values()) entry.stale = true;
  }

  forget(file: string): void {
    this.entries.delete(file);
  }
}

/** Do two specs of the same tour resolve alike (the same anchors, symbols and diagnostics)? */
function sameRepair(a: WalkthroughSpec, b: WalkthroughSpec): boolean {
  if (a.steps.length !== b.steps.length || a.diagnostics.length !== b.diagnostics.length) return false;
  if (a.diagnostics.some((d, i) => d.message !== b.diagnostics[i]!.message)) return false;
  return a.steps.every((step, i) => {
    const other = b.steps[i]!;
    return step.anchor === other.anchor && step.symbol === other.symbol && step.history?.commit === other.history?.commit;
  });
}
