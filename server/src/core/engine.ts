/**
 * The walkthrough engine: finds every walkthrough in the workspace folders, resolves its steps,
 * and keeps the results current as files change. Open editor buffers are given as overlays, so
 * anchors follow the code while the user types.
 *
 * Incremental: every file has a version (bumped by `fileChanged`, overlays and `loadAll`); each
 * step's result is kept with the versions of the files it read (its code, memo, moved-file
 * candidates) and reused while they are unchanged, so an edit resolves again only the steps
 * that read the edited file. Reverse indexes (file → walkthroughs that read it, that have steps
 * in it, that cite it as a memo) and the sorted list, id index and cross-file diagnostics are
 * updated per changed walkthrough, never rebuilt over every step. Files are read concurrently.
 */
import { PatternMatcher, type PatternLimits } from './codetour/findPattern';
import { isCodeTourFile, parseTour } from './codetour/parseTour';
import { TourHistoryCache, type GitHistory } from './codetour/tourHistory';
import { findFiles, MAX_SCANNED_FILES } from './discover';
import type { FileSystem } from './fileSystem';
import { parseWalkthrough, type StepSpec, type WalkthroughSpec } from './format/parseWalkthrough';
import { parseMemo, type Memo } from './memo';
import { basename, dirname, innermostFolder, isInside, relativePath, resolvePath } from '../../../common/src/paths';
import { resolveStep, type ResolvedStep } from './resolveStep';
import { SymbolIndex } from './symbols/symbolIndex';
import { decodeText, describeUnreadable, MAX_FILE_BYTES, normalizeLine, splitLines, type TextResult } from './text';
import type { Diagnostic } from './types';
import { WalkthroughFiles } from '../../../common/src/walkthroughFiles';
import { plural, t } from './l10n';

/** A diagnostic that lists other files names at most this many. */
export const MAX_LISTED_FILES = 5;

export interface LoadedWalkthrough {
  spec: WalkthroughSpec;
  file: string;
  /** The workspace folder it belongs to. */
  folder: string;
  root: string;
  memoFile?: string;
  steps: ResolvedStep[];
  /** Diagnostics of this file alone (format and resolution). Cross-file ones: see `diagnostics()`. */
  ownDiagnostics: Diagnostic[];
  /** Every file whose change can change this walkthrough (code files and memos). */
  dependencies: Set<string>;
}

export interface EngineOptions {
  fs: FileSystem;
  /** Absolute paths of the workspace folders. */
  folders: string[];
  symbols?: SymbolIndex;
  /**
   * Resolve step files against this folder instead of each walkthrough's `root` (bring your own
   * repo: bundled walkthroughs applied to the user's checkout).
   */
  rootOverride?: string;
  /** Folders outside the workspace that may be read anyway (the extension's bundled walkthroughs). */
  extraReadableFolders?: string[];
  /** Globs (relative to each folder) of walkthrough files; default `**\/*.walkthrough.{yaml,yml}`. */
  walkthroughGlobs?: readonly string[];
  /** Files looked at per folder when searching walkthroughs (default MAX_SCANNED_FILES). */
  maxScannedFiles?: number;
  /**
   * Git, to repair CodeTour tours from history (core/codetour/tourHistory.ts): line steps read
   * their code as it was when the tour was written. Without it, tours resolve by line numbers.
   */
  git?: GitHistory;
  /**
   * A tour's history was read after the tour was resolved without it (git runs in the
   * background, never in the way of typing): call `historyRead(file)` to resolve it again.
   */
  onTourHistory?: (file: string) => void;
  /** Time limits of CodeTour `pattern` matches (default PATTERN_BUDGET_MS each, TOUR_PATTERN_BUDGET_MS per tour). */
  patternBudget?: Partial<PatternLimits>;
}

/** Files read at once while loading (the disk answers faster with several requests in flight). */
export const READ_CONCURRENCY = 32;
/** Walkthroughs resolved at once by `loadAll`: enough to keep the reads busy while one resolves. */
const LOAD_CONCURRENCY = 8;
/** Split texts kept (a file's lines, normalized lines and line index): the files being worked on, not all. */
const LINES_CACHE_SIZE = 64;
/**
 * Disk texts kept (least recently used dropped): steps keep their results by file version, not
 * by text, so a text is needed again only when its file changes or a feature asks (then re-read).
 */
export const TEXT_CACHE_FILES = 1024;

/**
 * One resolved step and what it was computed from: reused as long as the step's spec (the same
 * parsed object, i.e. the walkthrough text did not change), its context and every file it read
 * (at the version it read) are unchanged.
 */
interface StepRecord {
  context: string;
  step: ResolvedStep;
  diagnostics: Diagnostic[];
  /** Each file the step read (code, memo, moved-file candidates) → its version at that time. */
  reads: Map<string, number>;
  /** The tree version when the step listed folders (a moved-file search), else undefined. */
  scannedAt: number | undefined;
}

/** What decides the cross-file diagnostics of a walkthrough and of the others. */
function shapeOf(w: LoadedWalkthrough | undefined): string {
  return w ? `${w.spec.id}\0${w.spec.next ?? '\u0001'}\0${w.spec.primary ? 1 : 0}\0${w.folder}` : '';
}

function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((d, i) => {
    const e = b[i]!;
    return d.code === e.code && d.message === e.message && d.severity === e.severity && JSON.stringify(d.range) === JSON.stringify(e.range);
  });
}

function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
}

function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

/** Runs `work` on every item with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface LoadOptions {
  /**
   * Files to serve first (the open editors): walkthroughs that are among them or whose text names
   * one of them are resolved before the others, then `onFirst` is called, then the rest load.
   * In `onFirst`, the steps that name those files (stepsInFile, CodeLens) are there (a step that
   * found its code in a file of another name, or spells the path with YAML escapes, may come
   * later); cross-file diagnostics and `list()` are not complete until `loadAll` resolves.
   * A function is asked once the walkthrough files are found (editors opened meanwhile count).
   */
  first?: readonly string[] | (() => readonly string[] | Promise<readonly string[]>);
  onFirst?: () => void | Promise<void>;
}

export class WalkthroughEngine {
  readonly symbols: SymbolIndex;
  private readonly fs: FileSystem;
  private folders: string[];
  private readonly walkthroughs = new Map<string, LoadedWalkthrough>();
  private readonly overlays = new Map<string, string>();
  private readonly textCache = new Map<string, TextResult>();
  /** Reads under way, so that steps asking for the same file at once share one read. */
  private readonly reading = new Map<string, Promise<TextResult>>();
  private readonly memoCache = new Map<string, Memo | TextResult>();
  /** Split lines of recently resolved texts, by text (an edit is a new text, so it misses). */
  private readonly linesCache = new Map<string, { lines: string[]; normalized: string[] }>();
  /** Parsed YAML by file, reused while the YAML text is unchanged (a code edit re-resolves only). */
  private readonly specCache = new Map<string, { text: string; spec: WalkthroughSpec }>();
  /** Resolved steps by their (parsed) spec; see StepRecord. Dies with the spec when the YAML changes. */
  private stepCache = new WeakMap<StepSpec, StepRecord>();

  /**
   * File versions: a file's version changes whenever `fileChanged` (or an overlay) reports it,
   * and every file's changes with `loadAll` (which reads the disk afresh). Steps remember the
   * versions they read, so a step is resolved again only when something it read changed.
   */
  private clock = 1;
  private baseVersion = 1;
  private readonly fileVersions = new Map<string, number>();
  /** Changes whenever a file may have been created or deleted on disk (folder listings differ). */
  private treeVersion = 1;

  /** Reverse indexes, kept up to date walkthrough by walkthrough (never rebuilt over every step). */
  private readonly dependentsOf = new Map<string, Set<string>>();
  private readonly walkthroughsInFile = new Map<string, Set<string>>();
  private readonly walkthroughsCitingMemo = new Map<string, Set<string>>();
  /** Walkthroughs with a step that searched folders (a moved or missing file): see `fileChanged`. */
  private readonly scanning = new Set<string>();
  private readonly inFileCache = new Map<string, ResolvedStep[]>();
  private readonly citingCache = new Map<string, ResolvedStep[]>();

  /** Sorted list and id index: rebuilt only when the set of walkthroughs or their id/next/primary change. */
  private sorted: LoadedWalkthrough[] | undefined;
  private sortedIndex: Map<string, number> | undefined;
  private byIdIndex: Map<string, LoadedWalkthrough[]> | undefined;
  private readonly crossDiagnostics = new Map<string, Diagnostic[]>();

  /** How many steps were resolved (not taken from the cache) since the engine was made; for tests and benchmarks. */
  resolvedSteps = 0;

  /** CodeTour history by tour file, when git is given. */
  private readonly tourHistory: TourHistoryCache | undefined;
  /** CodeTour patterns: matched off this thread, under a budget per tour (core/codetour/findPattern.ts). */
  private readonly patterns: PatternMatcher;

  /** Pattern matches abandoned for time since the engine was made; for tests and benchmarks. */
  get patternTimeouts(): number {
    return this.patterns.timeouts;
  }

  /** Pattern matches run (not taken from the results kept) since the engine was made; for tests and benchmarks. */
  get patternRuns(): number {
    return this.patterns.runs;
  }

  constructor(private readonly options: EngineOptions) {
    this.fs = options.fs;
    this.folders = [...options.folders];
    this.symbols = options.symbols ?? new SymbolIndex();
    this.tourHistory = options.git ? new TourHistoryCache(options.git, options.onTourHistory, this.symbols) : undefined;
    this.patterns = new PatternMatcher(options.patternBudget);
    this.files = new WalkthroughFiles({ folders: this.folders, globs: options.walkthroughGlobs });
  }

  /** Which files are walkthroughs: the one decision (core/walkthroughFiles.ts), shared with the client. */
  private files: WalkthroughFiles;

  /** Is this file a walkthrough? Inside a folder: by the globs; elsewhere (bundled): by its name. */
  isWalkthrough(file: string): boolean {
    return this.files.is(file);
  }

  /** Changes which files are walkthroughs; call `loadAll` afterwards. */
  setWalkthroughGlobs(globs: readonly string[] | undefined): void {
    this.files = new WalkthroughFiles({ folders: this.folders, globs });
  }

  /** Finds and loads every walkthrough under the workspace folders (replacing what was loaded). */
  async loadAll(options: LoadOptions = {}): Promise<void> {
    for (const file of [...this.walkthroughs.keys()]) this.setWalkthrough(file, undefined);
    // A full load reads the disk afresh (a missed watcher event must not survive a refresh); overlays stay.
    this.textCache.clear();
    this.reading.clear();
    this.memoCache.clear();
    this.fileVersions.clear();
    this.baseVersion = ++this.clock;
    this.treeVersion = ++this.clock;
    this.stepCache = new WeakMap();
    this.patterns.clear();
    this.fs.invalidate?.();
    this.tourHistory?.invalidate();
    this.truncatedFolders = [];
    const files: string[] = [];
    for (const folder of this.folders) {
      const scan = { truncated: false };
      files.push(...(await findFiles(this.fs, folder, (f) => this.files.is(f), this.scanLimit, scan)));
      if (scan.truncated) this.truncatedFolders.push(folder);
    }
    if (options.first === undefined) {
      await mapLimit(files, LOAD_CONCURRENCY, (file) => this.load(file));
      return;
    }
    // The walkthroughs that may show something in the first files: those files themselves, and
    // any whose text names one of them (by file name: cheap, and never misses a plain path).
    const first = new Set(typeof options.first === 'function' ? await options.first() : options.first);
    const names = [...first].map((file) => basename(file)).filter((name) => name !== '');
    const early = await mapLimit(files, READ_CONCURRENCY, async (file) => {
      if (first.has(file)) return true;
      const text = await this.readText(file);
      return text.kind === 'text' && names.some((name) => text.text.includes(name));
    });
    await mapLimit(files.filter((_, i) => early[i]), LOAD_CONCURRENCY, (file) => this.load(file));
    await options.onFirst?.();
    await mapLimit(files.filter((_, i) => !early[i]), LOAD_CONCURRENCY, (file) => this.load(file));
  }

  /** Files looked at per folder by `loadAll`. */
  get scanLimit(): number {
    return this.options.maxScannedFiles ?? MAX_SCANNED_FILES;
  }

  /** Folders whose last `loadAll` stopped at the scan limit: walkthroughs there may be missing. */
  get truncatedScans(): readonly string[] {
    return this.truncatedFolders;
  }

  private truncatedFolders: string[] = [];

  /**
   * Waits until the git history of a CodeTour tour is read (see `EngineOptions.git`) and
   * resolves the tour again with it; returns the walkthrough files that changed.
   */
  async historyRead(file: string): Promise<string[]> {
    if (!this.tourHistory || !this.walkthroughs.has(file)) return [];
    await this.tourHistory.settled(file);
    return this.walkthroughs.has(file) && (await this.load(file)) ? [file] : [];
  }

  /**
   * HEAD or a branch moved (a commit, a checkout): CodeTour tours read their history again, in
   * the background (`onTourHistory` tells what changed). Returns the walkthroughs that changed now.
   */
  async gitMoved(): Promise<string[]> {
    if (!this.tourHistory) return [];
    this.tourHistory.invalidate();
    const changed: string[] = [];
    for (const walkthrough of [...this.walkthroughs.values()]) if (walkthrough.spec.format === 'codetour' && (await this.load(walkthrough.file))) changed.push(walkthrough.file);
    return changed;
  }

  /** Loads walkthroughs from an explicit list of files (they may lie outside the folders). */
  async loadFiles(files: string[]): Promise<void> {
    await mapLimit(files, LOAD_CONCURRENCY, (file) => this.load(file));
  }

  setFolders(folders: string[]): void {
    this.folders = [...folders];
    this.files = new WalkthroughFiles({ folders: this.folders, globs: this.files.globs });
  }

  getFolders(): readonly string[] {
    return this.folders;
  }

  /** An editor buffer's text replaces the file on disk until `closeOverlay`. Returns affected walkthroughs. */
  setOverlay(file: string, text: string): Promise<string[]> {
    this.overlays.set(file, text);
    return this.changed(file, false);
  }

  closeOverlay(file: string): Promise<string[]> {
    this.overlays.delete(file);
    return this.changed(file, false);
  }

  /**
   * A file was created, changed or deleted (on disk or in an overlay). Re-resolves the steps that
   * read it and returns every walkthrough file whose steps or diagnostics may have changed:
   * - the file itself, when it is a walkthrough (loaded, reloaded or removed);
   * - walkthroughs with a step that read the file (code, memo, moved-file candidate), or that
   *   looked for a missing or moved file under a folder holding it;
   * - walkthroughs whose cross-file diagnostics (duplicate id, `next` not found, several primary)
   *   changed because a walkthrough appeared, disappeared or changed its id, next or primary.
   * Only the steps that read the file are resolved again; the others keep their results.
   */
  fileChanged(file: string): Promise<string[]> {
    return this.changed(file, true);
  }

  private async changed(file: string, onDisk: boolean): Promise<string[]> {
    this.fileVersions.set(file, ++this.clock);
    if (onDisk) {
      // Disk events may create or delete files (and folders may turn into links): listings and real paths may differ.
      this.treeVersion = ++this.clock;
      this.fs.invalidate?.(file);
      this.patterns.forget(file);
    }
    this.textCache.delete(file);
    this.reading.delete(file);
    this.memoCache.delete(file);
    this.symbols.forget(file);
    const affected = new Set<string>();
    const walkthroughChanged = this.isWalkthrough(file) || this.walkthroughs.has(file);
    // Only a walkthrough's own text can change cross-file diagnostics: remember them before.
    const crossBefore = walkthroughChanged ? this.allCrossDiagnostics() : undefined;
    const shapeBefore = shapeOf(this.walkthroughs.get(file));
    if (walkthroughChanged) {
      const before = this.walkthroughs.get(file);
      const text = await this.readText(file);
      if (text.kind === 'missing' || !this.ownerFolder(file)) {
        if (before) affected.add(file);
        this.setWalkthrough(file, undefined);
        this.specCache.delete(file);
        this.tourHistory?.forget(file);
      } else {
        await this.load(file);
        affected.add(file);
      }
    }
    const toReload = new Set(this.dependentsOf.get(file) ?? []);
    // A moved-file lookup may now succeed (a new file) or fail: walkthroughs whose steps searched the folder.
    if (onDisk) for (const w of this.scanning) if (isInside(this.walkthroughs.get(w)!.root, file)) toReload.add(w);
    toReload.delete(file);
    for (const w of toReload) if (this.walkthroughs.has(w) && (await this.load(w))) affected.add(w);
    if (crossBefore && shapeBefore !== shapeOf(this.walkthroughs.get(file))) {
      for (const [w, after] of this.allCrossDiagnostics()) {
        const was = crossBefore.get(w);
        if (!was || !sameDiagnostics(was, after)) affected.add(w);
      }
    }
    return [...affected];
  }

  /** Cross-file diagnostics of every walkthrough (computed once per change, cached until the next). */
  private allCrossDiagnostics(): Map<string, Diagnostic[]> {
    const all = new Map<string, Diagnostic[]>();
    for (const file of this.walkthroughs.keys()) all.set(file, this.crossOf(file));
    return all;
  }

  list(): LoadedWalkthrough[] {
    return [...this.sortedList()];
  }

  private sortedList(): readonly LoadedWalkthrough[] {
    if (!this.sorted) {
      this.sorted = [...this.walkthroughs.values()].sort((a, b) => Number(b.spec.primary) - Number(a.spec.primary) || a.file.localeCompare(b.file));
      this.sortedIndex = new Map(this.sorted.map((w, i) => [w.file, i]));
    }
    return this.sorted;
  }

  /** Position of a walkthrough in `list()`. */
  private rank(file: string): number {
    this.sortedList();
    return this.sortedIndex!.get(file) ?? Number.MAX_SAFE_INTEGER;
  }

  private byRank(files: Iterable<string>): LoadedWalkthrough[] {
    return [...files].sort((a, b) => this.rank(a) - this.rank(b)).map((f) => this.walkthroughs.get(f)!);
  }

  /**
   * Replaces (or removes) one walkthrough and updates every index for it alone. The sorted list,
   * the id index and the cross-file diagnostics of the others are kept when its place in them
   * (file, id, next, primary) did not change.
   */
  private setWalkthrough(file: string, next: LoadedWalkthrough | undefined): void {
    const before = this.walkthroughs.get(file);
    if (before) {
      for (const dependency of before.dependencies) removeFrom(this.dependentsOf, dependency, file);
      for (const step of before.steps) {
        if (step.file && step.span) {
          removeFrom(this.walkthroughsInFile, step.file, file);
          this.inFileCache.delete(step.file);
        }
        if (step.memoFile && step.section) {
          removeFrom(this.walkthroughsCitingMemo, step.memoFile, file);
          this.citingCache.delete(step.memoFile);
        }
      }
      this.scanning.delete(file);
    }
    if (next) {
      this.walkthroughs.set(file, next);
      for (const dependency of next.dependencies) addTo(this.dependentsOf, dependency, file);
      for (const step of next.steps) {
        if (step.file && step.span) {
          addTo(this.walkthroughsInFile, step.file, file);
          this.inFileCache.delete(step.file);
        }
        if (step.memoFile && step.section) {
          addTo(this.walkthroughsCitingMemo, step.memoFile, file);
          this.citingCache.delete(step.memoFile);
        }
      }
    } else {
      this.walkthroughs.delete(file);
    }
    this.crossDiagnostics.delete(file);
    if (!before || !next || shapeOf(before) !== shapeOf(next)) {
      this.sorted = undefined;
      this.sortedIndex = undefined;
      this.byIdIndex = undefined;
      this.crossDiagnostics.clear();
    } else if (this.sorted) {
      // Same place in the list: swap the object, keep the order and the indexes.
      const at = this.sortedIndex!.get(file)!;
      this.sorted[at] = next;
      if (this.byIdIndex) {
        const same = this.byIdIndex.get(next.spec.id)!;
        same[same.indexOf(before)] = next;
      }
    }
  }

  private idIndex(): Map<string, LoadedWalkthrough[]> {
    if (!this.byIdIndex) {
      const index = new Map<string, LoadedWalkthrough[]>();
      for (const walkthrough of this.sortedList()) {
        const same = index.get(walkthrough.spec.id);
        if (same) same.push(walkthrough);
        else index.set(walkthrough.spec.id, [walkthrough]);
      }
      this.byIdIndex = index;
    }
    return this.byIdIndex;
  }

  get(file: string): LoadedWalkthrough | undefined {
    return this.walkthroughs.get(file);
  }

  /** The walkthrough with this id (the first one, when ids collide; that is reported). */
  byId(id: string): LoadedWalkthrough | undefined {
    return this.idIndex().get(id)?.[0];
  }

  /** Every resolved step whose range lies in `file`, sorted by line. */
  stepsInFile(file: string): ResolvedStep[] {
    let steps = this.inFileCache.get(file);
    if (!steps) {
      steps = [];
      for (const walkthrough of this.byRank(this.walkthroughsInFile.get(file) ?? [])) {
        for (const step of walkthrough.steps) if (step.file === file && step.span) steps.push(step);
      }
      steps.sort((a, b) => a.span!.start - b.span!.start);
      this.inFileCache.set(file, steps);
    }
    return steps;
  }

  /** Steps whose memo section is in `memoFile`, sorted by walkthrough then step. */
  stepsCitingMemo(memoFile: string): ResolvedStep[] {
    let steps = this.citingCache.get(memoFile);
    if (!steps) {
      steps = [];
      for (const walkthrough of this.byRank(this.walkthroughsCitingMemo.get(memoFile) ?? [])) {
        for (const step of walkthrough.steps) if (step.memoFile === memoFile && step.section) steps.push(step);
      }
      this.citingCache.set(memoFile, steps);
    }
    return steps;
  }

  /** Walkthrough files whose results depend on `file` (a code file or memo they read), in `list()` order. */
  dependents(file: string): string[] {
    return this.byRank(this.dependentsOf.get(file) ?? []).map((w) => w.file);
  }

  /** All diagnostics of a walkthrough file, including those that depend on other walkthroughs. */
  diagnostics(file: string): Diagnostic[] {
    const walkthrough = this.walkthroughs.get(file);
    if (!walkthrough) return [];
    return [...walkthrough.ownDiagnostics, ...this.crossOf(file)];
  }

  private crossOf(file: string): Diagnostic[] {
    let cross = this.crossDiagnostics.get(file);
    if (!cross) {
      cross = this.crossFileDiagnostics(this.walkthroughs.get(file)!);
      this.crossDiagnostics.set(file, cross);
    }
    return cross;
  }

  private crossFileDiagnostics(walkthrough: LoadedWalkthrough): Diagnostic[] {
    const { spec, file } = walkthrough;
    const result: Diagnostic[] = [];
    const ids = this.idIndex();
    const sameId = (ids.get(spec.id) ?? []).filter((w) => w.file !== file);
    if (sameId.length > 0) {
      // Name a few, count the rest: 2,000 files sharing an id must not print 2,000 names each.
      const named = sameId.slice(0, MAX_LISTED_FILES).map((w) => relativePath(walkthrough.folder, w.file));
      result.push({
        file,
        range: spec.spans.id?.value ?? spec.spans.title?.key ?? spec.range,
        severity: 'error',
        code: 'duplicate-walkthrough-id',
        message: sameId.length > MAX_LISTED_FILES
          ? t('{0} other walkthroughs have the id `{1}`: {2} and {3} more. Set a distinct `id`.', sameId.length, spec.id, named.join(', '), sameId.length - MAX_LISTED_FILES)
          : plural(sameId.length, 'Another walkthrough has the id `{1}`: {2}. Set a distinct `id`.', '{0} other walkthroughs have the id `{1}`: {2}. Set a distinct `id`.', spec.id, named.join(', ')),
      });
    }
    if (spec.next !== undefined && !ids.has(spec.next)) {
      result.push({ file, range: spec.spans.next!.value, severity: 'warning', code: 'next-not-found', message: t('No walkthrough has the id `{0}`.', spec.next) });
    }
    if (spec.primary) {
      const other = this.sortedList().find((w) => w.spec.primary && w.file !== file && w.folder === walkthrough.folder);
      if (other) {
        result.push({
          file,
          range: spec.spans.primary!.value,
          severity: 'warning',
          code: 'multiple-primary',
          message: t('Several walkthroughs are marked primary (also `{0}`); only one is offered first.', other.spec.id),
        });
      }
    }
    return result;
  }

  /** The text the engine sees for a file: an overlay, else the disk. Cached until the file changes. */
  async readText(file: string): Promise<TextResult> {
    const overlay = this.overlays.get(file);
    if (overlay !== undefined) return { kind: 'text', text: overlay };
    const cached = this.textCache.get(file);
    if (cached) {
      // Most recently used last: the first entries are the ones to drop.
      this.textCache.delete(file);
      this.textCache.set(file, cached);
      return cached;
    }
    const pending = this.reading.get(file);
    if (pending) return pending;
    const version = this.versionOf(file);
    const read: Promise<TextResult> = this.readDisk(file).then((result) => {
      if (this.reading.get(file) === read) {
        this.reading.delete(file);
        // A change reported while the read was under way makes it stale: use it once, do not keep it.
        if (this.versionOf(file) === version) {
          this.textCache.set(file, result);
          if (this.textCache.size > TEXT_CACHE_FILES) this.textCache.delete(this.textCache.keys().next().value!);
        }
      }
      return result;
    });
    this.reading.set(file, read);
    return read;
  }

  /** Whether the engine reads `file` from an open buffer whose text differs from the disk (unsaved changes). */
  async isUnsaved(file: string): Promise<boolean> {
    const overlay = this.overlays.get(file);
    if (overlay === undefined) return false;
    const disk = await this.readDisk(file);
    return disk.kind !== 'text' || disk.text !== overlay;
  }

  private async readDisk(file: string): Promise<TextResult> {
    if (this.fs.readBounded) {
      const found = await this.fs.readBounded(file, MAX_FILE_BYTES);
      if (found === undefined) return { kind: 'missing' };
      return 'tooLarge' in found ? { kind: 'too-large', bytes: found.tooLarge } : decodeText(found.bytes);
    }
    // The size first: a huge file is reported as too large without being loaded.
    const size = await this.fs.size?.(file);
    return size !== undefined && size > MAX_FILE_BYTES ? { kind: 'too-large', bytes: size } : decodeText(await this.fs.readFile(file));
  }

  /** The text a loaded walkthrough was parsed from (its positions refer to it), even if the file changed since. */
  sourceText(file: string): string | undefined {
    return this.walkthroughs.has(file) ? this.specCache.get(file)?.text : undefined;
  }

  /** The file's version: changes whenever the file is reported changed (see `fileChanged`) and at `loadAll`. */
  private versionOf(file: string): number {
    return this.fileVersions.get(file) ?? this.baseVersion;
  }

  linesOf(text: string): { lines: string[]; normalized: string[] } {
    let entry = this.linesCache.get(text);
    if (!entry) {
      const lines = splitLines(text);
      entry = { lines, normalized: lines.map(normalizeLine) };
      if (this.linesCache.size >= LINES_CACHE_SIZE) this.linesCache.delete(this.linesCache.keys().next().value!);
      this.linesCache.set(text, entry);
    }
    return entry;
  }

  async readMemo(file: string): Promise<Memo | TextResult> {
    let cached = this.memoCache.get(file);
    if (!cached) {
      const version = this.versionOf(file);
      const text = await this.readText(file);
      const memo = text.kind === 'text' ? parseMemo(file, text.text) : text;
      if (this.versionOf(file) !== version) return memo;
      cached = this.memoCache.get(file) ?? memo;
      this.memoCache.set(file, cached);
    }
    return cached;
  }

  private folderOf(file: string): string | undefined {
    return innermostFolder(this.folders, file);
  }

  /** Whether `path` is one of the workspace folders (not a folder inside one). */
  isWorkspaceFolder(path: string): boolean {
    return this.folders.includes(path);
  }

  /** The folder a walkthrough file belongs to: a workspace folder, else a bundled (extra readable) one. */
  private ownerFolder(file: string): string | undefined {
    return this.folderOf(file) ?? (this.options.extraReadableFolders ?? []).find((extra) => isInside(extra, file));
  }

  private mayRead(file: string, folder: string): boolean {
    return isInside(folder, file) || (this.options.extraReadableFolders ?? []).some((extra) => isInside(extra, file));
  }

  /** What each walkthrough was last resolved against (folder, root, memo and its state). */
  private readonly loadKeys = new Map<string, string>();

  /**
   * (Re)loads one walkthrough. Steps whose spec, context and read files are unchanged keep their
   * results; the others are resolved again. Returns whether anything about the walkthrough changed.
   */
  private async load(file: string): Promise<boolean> {
    const folder = this.ownerFolder(file);
    if (!folder) return false;
    const text = await this.readText(file);
    if (text.kind !== 'text') {
      const spec = isCodeTourFile(file) ? parseTour(file, '') : parseWalkthrough(file, '');
      spec.diagnostics = [{ file, range: spec.range, severity: 'error', code: 'unreadable-file', message: t('This walkthrough file {0}.', describeUnreadable(text)) }];
      this.specCache.delete(file);
      this.loadKeys.delete(file);
      this.setWalkthrough(file, { spec, file, folder, root: folder, steps: [], ownDiagnostics: spec.diagnostics, dependencies: new Set() });
      return true;
    }
    let cachedSpec = this.specCache.get(file);
    if (!cachedSpec || cachedSpec.text !== text.text) {
      cachedSpec = { text: text.text, spec: isCodeTourFile(file) ? parseTour(file, text.text) : parseWalkthrough(file, text.text) };
      this.specCache.set(file, cachedSpec);
    }
    let spec = cachedSpec.spec;
    const yamlDir = dirname(file);
    const dependencies = new Set<string>();
    const mayRead = (path: string) => this.mayRead(path, folder) || (this.options.rootOverride !== undefined && isInside(this.options.rootOverride, path));

    let root = this.folderOf(file) === folder ? folder : yamlDir;
    let rootProblem: Diagnostic | undefined;
    if (this.options.rootOverride !== undefined) {
      root = this.options.rootOverride;
    } else if (spec.root !== undefined) {
      const candidate = resolvePath(yamlDir, spec.root);
      if (mayRead(candidate)) root = candidate;
      else rootProblem = { file, range: spec.spans.root!.value, severity: 'error', code: 'outside-workspace', message: t('`root: {0}` leaves the workspace folder; steps are resolved against the workspace folder instead.', spec.root) };
    }
    // A CodeTour tour's line steps, repaired from git history as far as it is known (never waits for git).
    if (this.tourHistory && spec.format === 'codetour') spec = this.tourHistory.specFor(file, text.text, spec, folder, root);
    const diagnostics = [...spec.diagnostics];
    if (rootProblem) diagnostics.push(rootProblem);

    let memo: Memo | undefined;
    let memoFile: string | undefined;
    /** The walkthrough memo as read (path and version): steps citing a section depend on it. */
    let memoRead: [string, number] | undefined;
    let memoState = '';
    if (spec.memo !== undefined) {
      const candidate = resolvePath(yamlDir, spec.memo);
      if (!mayRead(candidate)) {
        diagnostics.push({ file, range: spec.spans.memo!.value, severity: 'error', code: 'outside-workspace', message: t('`memo: {0}` is outside the workspace folder; it was not read.', spec.memo) });
      } else {
        dependencies.add(candidate);
        memoRead = [candidate, this.versionOf(candidate)];
        const loaded = await this.readMemo(candidate);
        if ('sections' in loaded) {
          memo = loaded;
          memoFile = candidate;
        } else {
          memoState = loaded.kind;
          diagnostics.push({ file, range: spec.spans.memo!.value, severity: 'error', code: 'memo-not-found', message: t('Memo `{0}` {1}.', spec.memo, describeUnreadable(loaded as Exclude<TextResult, { kind: 'text' }>)) });
        }
      }
    }

    const context = `${folder}\0${root}\0${memoFile ?? ''}\0${spec.memo !== undefined}`;
    const records = spec.steps.map((stepSpec) => {
      const record = this.stepCache.get(stepSpec);
      return record && this.stillValid(record, context) ? record : undefined;
    });
    // The files of the steps to resolve, read concurrently before resolving them one by one.
    const toRead = new Set<string>();
    spec.steps.forEach((stepSpec, i) => {
      if (records[i] || stepSpec.file === undefined || stepSpec.malformed) return;
      const path = resolvePath(root, stepSpec.file);
      if (mayRead(path)) toRead.add(path);
    });
    await mapLimit([...toRead], READ_CONCURRENCY, (path) => this.readText(path));

    let resolved = 0;
    const steps: ResolvedStep[] = [];
    // One matching budget for the tour's patterns, however many steps it has.
    const patternBudget = this.patterns.budget();
    let scanning = false;
    for (let i = 0; i < spec.steps.length; i++) {
      const stepSpec = spec.steps[i]!;
      let record = records[i];
      if (!record) {
        const reads = new Map<string, number>();
        if (stepSpec.section !== undefined && stepSpec.memo === undefined && memoRead) reads.set(memoRead[0], memoRead[1]);
        const note = (path: string) => {
          if (!reads.has(path)) reads.set(path, this.versionOf(path));
        };
        const tree = this.treeVersion;
        let scanned = false;
        const stepDiagnostics: Diagnostic[] = [];
        const fs: FileSystem = {
          readFile: (path) => this.fs.readFile(path),
          readDirectory: (path) => {
            scanned = true;
            return this.fs.readDirectory(path);
          },
        };
        this.resolvedSteps++;
        resolved++;
        const step = await resolveStep(stepSpec, file, {
          fs,
          symbols: this.symbols,
          folder,
          root,
          yamlDir,
          ...(memo ? { memo } : {}),
          ...(memoFile ? { memoFile } : {}),
          declaresMemo: spec.memo !== undefined,
          readText: (path) => {
            note(path);
            return this.readText(path);
          },
          linesOf: (text) => this.linesOf(text),
          readMemo: (path) => {
            note(path);
            return this.readMemo(path);
          },
          mayRead,
          sourceText: cachedSpec.text,
          findPattern: (path, text, pattern) => this.patterns.find(path, text, pattern, patternBudget),
        }, stepDiagnostics);
        record = { context, step, diagnostics: stepDiagnostics, reads, scannedAt: scanned ? tree : undefined };
        this.stepCache.set(stepSpec, record);
      }
      const step = record.step;
      if (record.scannedAt !== undefined) scanning = true;
      if (stepSpec.file !== undefined) dependencies.add(resolvePath(root, stepSpec.file));
      if (step.file) dependencies.add(step.file);
      if (step.memoFile) dependencies.add(step.memoFile);
      // A step memo that is missing now must re-resolve the step when it is created.
      if (stepSpec.memo !== undefined) dependencies.add(resolvePath(yamlDir, stepSpec.memo));
      // Moved-file candidates too: a change there can move the step.
      for (const path of record.reads.keys()) dependencies.add(path);
      // "No symbols for `.kt` files" is said once per walkthrough, not on every step there.
      for (const diagnostic of record.diagnostics) {
        if (diagnostic.code === 'symbol-unsupported' && diagnostic.severity === 'info' && diagnostics.some((d) => d.code === diagnostic.code && d.message === diagnostic.message)) continue;
        diagnostics.push(diagnostic);
      }
      steps.push(step);
    }
    const key = `${context}\0${memoState}`;
    const before = this.walkthroughs.get(file);
    if (before && resolved === 0 && before.spec === spec && this.loadKeys.get(file) === key) return false;
    this.loadKeys.set(file, key);
    this.setWalkthrough(file, { spec, file, folder, root, ...(memoFile ? { memoFile } : {}), steps, ownDiagnostics: diagnostics, dependencies });
    if (scanning) this.scanning.add(file);
    return true;
  }

  private stillValid(record: StepRecord, context: string): boolean {
    if (record.context !== context) return false;
    if (record.scannedAt !== undefined && record.scannedAt !== this.treeVersion) return false;
    for (const [path, version] of record.reads) if (this.versionOf(path) !== version) return false;
    return true;
  }
}
