/**
 * Decayed CodeTour tours, repaired from history. A tour's steps are line numbers: written two
 * years ago, `line: 436` now points at whatever sits there today. When the workspace is a git
 * repository, each line step's code is read as it was when the tour was written — at the tour's
 * `ref` if set, else at the last commit that changed the step's `line` in the `.tour` file (blame:
 * a step added later was written against later code) — and becomes the step's
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
import { extname, isInside, relativePath, resolvePath } from '../../../../common/src/paths';
import { SymbolIndex } from '../symbols/symbolIndex';
import { normalizeLine, splitLines } from '../text';
import type { Diagnostic, LineSpan, Range } from '../types';

/** Files read from git at once. */
const SHOW_CONCURRENCY = 4;

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
  /**
   * For each line (0-based) of the file as committed at `commit`, the commit that last changed it;
   * undefined when the file is not in that commit (never committed).
   */
  blame(repo: GitRepository, commit: string, path: string): Promise<BlamedLine[] | undefined | GitProblem>;
  /** The file's text at `commit`; undefined when it did not exist there or cannot be read. */
  show(repo: GitRepository, commit: string, path: string): Promise<string | undefined>;
}

export interface BlamedLine {
  commit: string;
  /** Committer time (seconds): the latest of several commits wins. */
  time: number;
}

/** One line step's code as the tour's author saw it, and the commit it was read at. */
export interface HistoricalStep {
  anchor: string;
  symbol?: string;
  commit: string;
}

export type TourHistoryResult =
  | {
      kind: 'repaired';
      /** The commits the steps were read at (one with a `ref`). */
      commits: string[];
      fromRef: boolean;
      /** By step key (file and lines, see `stepKey`), so that a result applies to the tour retyped. */
      steps: Map<string, HistoricalStep>;
    }
  /** No history: `reason` for the one warning (undefined when the tour has no line steps to warn about). */
  | { kind: 'none'; reason: string | undefined };

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
  /** Declarations of the old code (kept under keys of their own: today's entries stay). */
  symbols?: SymbolIndex;
}

/** Steps placed by a line number alone: the ones history can repair. */
export function isLineStep(step: StepSpec): boolean {
  return step.file !== undefined && step.lines !== undefined && step.anchor === undefined && !step.malformed;
}

export async function readTourHistory(input: TourHistoryInput): Promise<TourHistoryResult> {
  const { spec, git } = input;
  const lineSteps = spec.steps.filter(isLineStep);
  if (lineSteps.length === 0) return { kind: 'none', reason: undefined };
  const repo = await git.repository(input.folder);
  if (isGitProblem(repo)) return { kind: 'none', reason: repo.message };
  const none = (reason: string): TourHistoryResult => ({ kind: 'none', reason });
  if (!isInside(repo.top, input.tourFile)) return none(t('the tour file is not inside the git repository'));
  const tourPath = relativePath(repo.top, input.tourFile);

  // Which commit each step's code is read at: the tour's `ref` for all of them; else, per step, the
  // last commit that changed the step's `line` (or `selection`) in the tour file — a step added
  // or moved later was written against the code of that later commit, not of the tour's first one.
  let commitOf: (step: StepSpec) => string | undefined;
  if (spec.ref !== undefined) {
    const commit = await git.commitOfRef(repo, spec.ref, tourPath);
    if (isGitProblem(commit)) return none(commit.message);
    commitOf = () => commit;
  } else {
    // Blame the tour as committed at HEAD, then carry it over to the tour as it is now (an edit or
    // an unsaved buffer): lines changed since have no commit. (Not `blame --contents`: git would run
    // the repository's clean filters on the text.)
    const head = repo.head;
    const committedBlame = head === undefined ? undefined : await git.blame(repo, head, tourPath);
    if (isGitProblem(committedBlame)) return none(committedBlame.message);
    const committedText = committedBlame === undefined ? undefined : await git.show(repo, head!, tourPath);
    if (committedBlame === undefined || committedText === undefined) return none(t('the tour file was never committed, so git does not know when it was written'));
    const blame = unchangedLines(splitLines(committedText), splitLines(input.tourText)).map((old) => (old === undefined ? undefined : committedBlame[old]));
    commitOf = (step) => {
      const where = step.spans.lines?.value;
      if (!where) return undefined;
      let latest: BlamedLine | undefined;
      for (let line = where.start.line; line <= where.end.line; line++) {
        const blamed = blame[line];
        // A line not committed yet: the step was written against today's files; leave it as it is.
        if (!blamed) return undefined;
        if (!latest || blamed.time > latest.time) latest = blamed;
      }
      return latest?.commit;
    };
  }

  // Where each step's code is read: its commit and its path in the repository (confined).
  const planned: Array<{ step: StepSpec; file: string; commit: string; key: string }> = [];
  const reads = new Map<string, { commit: string; path: string }>();
  for (const step of lineSteps) {
    const commit = commitOf(step);
    if (commit === undefined) continue;
    const file = resolvePath(input.root, step.file!);
    if (!isInside(input.folder, file) || !isInside(repo.top, file)) continue;
    const path = relativePath(repo.top, file);
    if (path === '' || path === '.' || path.startsWith('../')) continue;
    const key = `${commit}:${path}`;
    reads.set(key, { commit, path });
    planned.push({ step, file, commit, key });
  }
  // A few git processes at once: the files of a long tour are read in a fraction of the time.
  const texts = new Map<string, string | undefined>();
  const queue = [...reads];
  await Promise.all(
    Array.from({ length: Math.min(SHOW_CONCURRENCY, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) texts.set(next[0], await git.show(repo, next[1].commit, next[1].path));
    }),
  );
  const steps = new Map<string, HistoricalStep>();
  const commits = new Set<string>();
  for (const { step, file, commit, key } of planned) {
    const old = texts.get(key);
    if (old === undefined) continue;
    const found = await historicalStep(file, old, step.lines!, input.symbols, commit);
    if (!found) continue;
    steps.set(stepKey(step), { ...found, commit });
    commits.add(commit);
  }
  if (steps.size === 0) return none(t('none of its line steps could be read in the commits that wrote them'));
  return { kind: 'repaired', commits: [...commits], fromRef: spec.ref !== undefined, steps };
}

/** Longest-common-subsequence work allowed for the changed middle of a tour (cells). */
const MAX_DIFF_CELLS = 4_000_000;

/**
 * For each line of `now`, the line of `before` it is an unchanged copy of (a line diff: common
 * head and tail, then the longest common subsequence of the middle); undefined for lines added or
 * changed. A middle too large to compare counts as changed (its steps keep today's behaviour).
 */
export function unchangedLines(before: readonly string[], now: readonly string[]): Array<number | undefined> {
  const result = new Array<number | undefined>(now.length).fill(undefined);
  let head = 0;
  while (head < before.length && head < now.length && before[head] === now[head]) {
    result[head] = head;
    head++;
  }
  let tail = 0;
  while (tail < before.length - head && tail < now.length - head && before[before.length - 1 - tail] === now[now.length - 1 - tail]) {
    result[now.length - 1 - tail] = before.length - 1 - tail;
    tail++;
  }
  const a = before.slice(head, before.length - tail);
  const b = now.slice(head, now.length - tail);
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_DIFF_CELLS) return result;
  // lengths[i][j]: LCS of a[i..] and b[j..], one row of Uint32 per line of `a`.
  const rows = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) rows[i]![j] = a[i] === b[j] ? rows[i + 1]![j + 1]! + 1 : Math.max(rows[i + 1]![j]!, rows[i]![j + 1]!);
  }
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      result[head + j] = head + i;
      i++;
      j++;
    } else if (rows[i + 1]![j]! >= rows[i]![j + 1]!) i++;
    else j++;
  }
  return result;
}

/** What identifies a line step across edits of the tour: its file and lines. */
export function stepKey(step: StepSpec): string {
  return `${step.file}\0${step.lines!.start}\0${step.lines!.end}`;
}

export function shortCommit(commit: string): string {
  return /^[0-9a-f]{40,64}$/i.test(commit) ? commit.slice(0, 8) : commit;
}

async function historicalStep(file: string, text: string, span: LineSpan, symbols: SymbolIndex | undefined, commit: string): Promise<Omit<HistoricalStep, 'commit'> | undefined> {
  const lines = splitLines(text);
  const normalized = lines.map(normalizeLine);
  const found = anchorAt(lines, normalized, span);
  if (!found) return undefined;
  // Cached apart from today's file (a key of its own, with the same extension for the grammar).
  const symbol = symbols ? enclosingSymbol(await symbols.symbols(`${file}@${shortCommit(commit)}${extname(file)}`, text), found.span) : undefined;
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
  const steps = spec.steps.map((step) => {
    const found = isLineStep(step) ? result.steps.get(stepKey(step)) : undefined;
    if (!found) return step;
    const repaired: StepSpec = { ...step, anchor: found.anchor, history: { commit: found.commit } };
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
      ? plural(count, 'Repaired from history: {0} line step takes its code from `{1}` (commit {2}) and follows it to the code as it is today.', 'Repaired from history: {0} line steps take their code from `{1}` (commit {2}) and follow it to the code as it is today.', spec.ref ?? '', shortCommit(result.commits[0]!))
      : result.commits.length === 1
        ? plural(count, 'Repaired from history: {0} line step takes its code from commit {1}, which wrote it into the tour, and follows it to the code as it is today.', 'Repaired from history: {0} line steps take their code from commit {1}, which wrote them into the tour, and follow it to the code as it is today.', shortCommit(result.commits[0]!))
        : plural(count, 'Repaired from history: {0} line step takes its code from the commit that wrote it into the tour ({1} commits) and follows it to the code as it is today.', 'Repaired from history: {0} line steps take their code from the commits that wrote each of them into the tour ({1} commits) and follow it to the code as it is today.', result.commits.length),
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
  constructor(
    private readonly git: GitHistory,
    private readonly onRead?: (file: string) => void,
    /** The engine's index (its parsers are ready); the old code's declarations get keys of their own. */
    private readonly symbols: SymbolIndex = new SymbolIndex(),
  ) {}

  /** The spec to resolve: repaired from history as far as known; a reading starts when needed. */
  specFor(file: string, text: string, spec: WalkthroughSpec, folder: string, root: string): WalkthroughSpec {
    const context = `${folder}\0${root}`;
    let entry = this.entries.get(file);
    if (!entry || entry.spec !== spec || entry.context !== context) {
      // A new text: the last result applies to the steps it knows until the new one is read.
      const previous = entry?.context === context ? entry.result : undefined;
      const running = entry?.pending;
      entry = { spec, context, pending: undefined, result: previous, repaired: previous ? applyTourHistory(spec, previous) : undefined, stale: false, generation: 0 };
      this.entries.set(file, entry);
      this.start(file, entry, text, folder, root, running);
    } else if (entry.stale) {
      // HEAD may have moved: read again, keeping the repair (and the engine's resolved steps) meanwhile.
      entry.stale = false;
      this.start(file, entry, text, folder, root, entry.pending);
    }
    return entry.repaired ?? spec;
  }

  /**
   * Reads the history for `entry`, after the reading `running` (if any) is over: one reading per
   * tour at a time, and while the tour is typed only the latest text is read (the texts typed in
   * between never start git).
   */
  private start(file: string, entry: HistoryEntry, text: string, folder: string, root: string, running: Promise<void> | undefined): void {
    const generation = ++entry.generation;
    const current = () => this.entries.get(file) === entry && entry.generation === generation;
    const read = async (): Promise<void> => {
      if (!current()) return;
      const result = await readTourHistory({ spec: entry.spec, tourFile: file, tourText: text, folder, root, git: this.git, symbols: this.symbols }).catch(
        (error: unknown): TourHistoryResult => ({ kind: 'none', reason: error instanceof Error ? error.message : String(error) }),
      );
      // A reading for this text is applied even when a newer one (HEAD moved again) is queued
      // behind it: frequent ref changes must not keep every result from landing.
      if (this.entries.get(file) !== entry) return;
      if (entry.generation === generation) entry.pending = undefined;
      entry.result = result;
      const repaired = applyTourHistory(entry.spec, result);
      // The same repair keeps its objects: the engine's resolved steps stay valid.
      if (sameRepair(entry.repaired ?? entry.spec, repaired)) return;
      entry.repaired = repaired;
      this.onRead?.(file);
    };
    entry.pending = (running ? running.then(read) : read()).catch(() => {
      // Never an unhandled rejection (it would end the server): the tour keeps what it had.
      if (current()) entry.pending = undefined;
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
