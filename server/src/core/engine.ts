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
 * updated per changed walkthrough, never rebuilt over every step (core/walkthroughIndex.ts). Files
 * are read concurrently, through one store of texts and versions (core/textStore.ts).
 */
import { PatternMatcher, type PatternBudget, type PatternLimits } from './codetour/findPattern';
import { isCodeTourFile, parseTour } from './codetour/parseTour';
import { TourHistoryCache, type GitHistory } from './codetour/tourHistory';
import { findFiles, MAX_SCANNED_FILES } from './discover';
import type { FileSystem } from './fileSystem';
import { parseWalkthrough, type StepSpec, type WalkthroughSpec } from './format/parseWalkthrough';
import type { Memo } from './memo';
import { basename, dirname, innermostFolder, isInside, resolvePath } from '../../../common/src/paths';
import { resolveStep, type ResolvedStep } from './resolveStep';
import { SymbolIndex } from './symbols/symbolIndex';
import { describeUnreadable, type TextResult } from './text';
import { TextStore } from './textStore';
import type { Diagnostic } from './types';
import { WalkthroughFiles } from '../../../common/src/walkthroughFiles';
import { sameDiagnostics, shapeOf, WalkthroughIndex, type LoadedWalkthrough } from './walkthroughIndex';
import { getLocale, t } from './l10n';
import type { ResultCache, ResultInput } from './resultCache';

export { MAX_LISTED_FILES, type LoadedWalkthrough } from './walkthroughIndex';
export { TEXT_CACHE_FILES } from './textStore';

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
  /**
   * `lazy` (default): a code file is parsed only when a step's result depends on the parse;
   * `eager`: every anchored step's file is parsed (the reference the lazy results are tested against).
   */
  parse?: 'lazy' | 'eager';
  /** Time limits of CodeTour `pattern` matches (default PATTERN_BUDGET_MS each, TOUR_PATTERN_BUDGET_MS per tour). */
  patternBudget?: Partial<PatternLimits>;
  /**
   * Results remembered across runs (core/resultCache.ts), for `walkthrough check`: a walkthrough
   * whose text and every input its resolution read are unchanged is restored, not parsed and
   * resolved. Restored walkthroughs hold what `check` reports, not the whole parsed spec.
   */
  results?: ResultCache;
}

/** Files read at once while loading (the disk answers faster with several requests in flight). */
export const READ_CONCURRENCY = 32;
/** Walkthroughs resolved at once by `loadAll`: enough to keep the reads busy while one resolves. */
const LOAD_CONCURRENCY = 8;

/**
 * One resolved step and what it was computed from: reused as long as the step's spec (the same
 * parsed object, i.e. the walkthrough text did not change), its context and every file it read
 * (at the version it read) are unchanged.
 */
interface StepRecord {
  context: string;
  step: ResolvedStep;
  diagnostics: Diagnostic[];
  /**
   * Each file the step read (code, memo, moved-file candidates) and its version at that time, as
   * path, version, path, version… (one small array per step: a Map per step cost ten times more
   * memory, at 10k steps megabytes).
   */
  reads: ReadonlyArray<string | number>;
  /** The tree version when the step listed folders (a moved-file search), else undefined. */
  scannedAt: number | undefined;
  /** With a result cache: a fingerprint of everything the step read (core/resultCache.ts). */
  inputs?: ResultInput[];
}

/** What a walkthrough's steps are resolved against: found once per load, shared by its steps. */
interface WalkthroughScope {
  file: string;
  folder: string;
  root: string;
  yamlDir: string;
  spec: WalkthroughSpec;
  /** The walkthrough file's text the spec was parsed from. */
  sourceText: string;
  memo?: Memo;
  memoFile?: string;
  /** The walkthrough memo as read (path and version): steps citing a section depend on it. */
  memoRead?: [string, number];
  /** Why the memo could not be read (`missing`, `too-large`…), or ''. */
  memoState: string;
  /** With a result cache: the walkthrough memo as read, fingerprinted. */
  memoInput?: ResultInput;
  /** Diagnostics of the walkthrough itself (format, root, memo); the steps' follow. */
  diagnostics: Diagnostic[];
  dependencies: Set<string>;
  /** What every step's record must have been resolved against to be reused. */
  context: string;
  mayRead(path: string): boolean;
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
   * Files to serve first (the open editors): in walkthroughs that are among them or whose text
   * names one of them, the steps in those files are resolved first, then `onFirst` is called,
   * then the rest load. In `onFirst`, the steps that name those files (stepsInFile, CodeLens)
   * are there (a step that found its code in a file of another name, or spells the path with YAML
   * escapes, may come later); such a walkthrough holds only those steps until it is loaded whole
   * (count steps by `spec.steps`), and cross-file diagnostics and `list()` are not complete until
   * `loadAll` resolves.
   * A function is asked once the walkthrough files are found (editors opened meanwhile count).
   */
  first?: readonly string[] | (() => readonly string[] | Promise<readonly string[]>);
  onFirst?: () => void | Promise<void>;
}

export class WalkthroughEngine {
  readonly symbols: SymbolIndex;
  private readonly fs: FileSystem;
  private folders: string[];
  /** Texts, memos and file versions (core/textStore.ts). */
  private readonly texts: TextStore;
  /** The loaded walkthroughs and their indexes (core/walkthroughIndex.ts). */
  private readonly index = new WalkthroughIndex();
  /** Parsed YAML by file, reused while the YAML text is unchanged (a code edit re-resolves only). */
  private readonly specCache = new Map<string, { text: string; spec: WalkthroughSpec }>();
  /** Resolved steps by their (parsed) spec; see StepRecord. Dies with the spec when the YAML changes. */
  private stepCache = new WeakMap<StepSpec, StepRecord>();
  /** What each walkthrough was last resolved against (folder, root, memo and its state). */
  private readonly loadKeys = new Map<string, string>();

  /** How many steps were resolved (not taken from the cache) since the engine was made; for tests and benchmarks. */
  resolvedSteps = 0;

  /** CodeTour history by tour file, when git is given. */
  private readonly tourHistory: TourHistoryCache | undefined;
  /** CodeTour patterns: matched off this thread, under a budget per tour (core/codetour/findPattern.ts). */
  private readonly patterns: PatternMatcher;
  /** Which files are walkthroughs: the one decision (core/walkthroughFiles.ts), shared with the client. */
  private files: WalkthroughFiles;
  private truncatedFolders: string[] = [];

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
    this.texts = new TextStore(options.fs);
    this.symbols = options.symbols ?? new SymbolIndex();
    this.tourHistory = options.git ? new TourHistoryCache(options.git, options.onTourHistory, this.symbols) : undefined;
    this.patterns = new PatternMatcher(options.patternBudget);
    this.files = new WalkthroughFiles({ folders: this.folders, globs: options.walkthroughGlobs });
  }

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
    for (const file of this.index.files()) this.index.set(file, undefined);
    // A full load reads the disk afresh (a missed watcher event must not survive a refresh); overlays stay.
    this.texts.reset();
    this.stepCache = new WeakMap();
    this.patterns.clear();
    this.tourHistory?.invalidate();
    const files = await this.findWalkthroughFiles();
    if (options.first === undefined) {
      await mapLimit(files, LOAD_CONCURRENCY, (file) => this.load(file));
      return;
    }
    const first = new Set(typeof options.first === 'function' ? await options.first() : options.first);
    const served = await this.servingFirst(files, first);
    const early = files.filter((_, i) => served[i]);
    // Only the steps in the first files at first: their results are kept, and the rest of each
    // walkthrough resolves after `onFirst` (the CodeLens there needs no other file's parse).
    await mapLimit(early, LOAD_CONCURRENCY, (file) => this.load(file, first.has(file) ? undefined : first));
    await options.onFirst?.();
    await mapLimit(early, LOAD_CONCURRENCY, (file) => this.load(file));
    await mapLimit(files.filter((_, i) => !served[i]), LOAD_CONCURRENCY, (file) => this.load(file));
  }

  /** The walkthrough files under every folder, noting the folders whose search stopped at the limit. */
  private async findWalkthroughFiles(): Promise<string[]> {
    this.truncatedFolders = [];
    const files: string[] = [];
    for (const folder of this.folders) {
      const scan = { truncated: false };
      files.push(...(await findFiles(this.fs, folder, (f) => this.files.is(f), this.scanLimit, scan)));
      if (scan.truncated) this.truncatedFolders.push(folder);
    }
    return files;
  }

  /**
   * Which of `files` may show something in the `first` files: those files themselves, and any
   * whose text names one of them (by file name: cheap, and never misses a plain path).
   */
  private servingFirst(files: readonly string[], first: ReadonlySet<string>): Promise<boolean[]> {
    const names = [...first].map((file) => basename(file)).filter((name) => name !== '');
    return mapLimit(files, READ_CONCURRENCY, async (file) => {
      if (first.has(file)) return true;
      const text = await this.readText(file);
      return text.kind === 'text' && names.some((name) => text.text.includes(name));
    });
  }

  /** Files looked at per folder by `loadAll`. */
  get scanLimit(): number {
    return this.options.maxScannedFiles ?? MAX_SCANNED_FILES;
  }

  /** Folders whose last `loadAll` stopped at the scan limit: walkthroughs there may be missing. */
  get truncatedScans(): readonly string[] {
    return this.truncatedFolders;
  }

  /**
   * Waits until the git history of a CodeTour tour is read (see `EngineOptions.git`) and
   * resolves the tour again with it; returns the walkthrough files that changed.
   */
  async historyRead(file: string): Promise<string[]> {
    if (!this.tourHistory || !this.index.has(file)) return [];
    await this.tourHistory.settled(file);
    return this.index.has(file) && (await this.load(file)) ? [file] : [];
  }

  /**
   * HEAD or a branch moved (a commit, a checkout): CodeTour tours read their history again, in
   * the background (`onTourHistory` tells what changed). Returns the walkthroughs that changed now.
   */
  async gitMoved(): Promise<string[]> {
    if (!this.tourHistory) return [];
    this.tourHistory.invalidate();
    const changed: string[] = [];
    for (const walkthrough of this.index.values()) if (walkthrough.spec.format === 'codetour' && (await this.load(walkthrough.file))) changed.push(walkthrough.file);
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
    this.texts.setOverlay(file, text);
    return this.changed(file, false);
  }

  closeOverlay(file: string): Promise<string[]> {
    this.texts.closeOverlay(file);
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
    this.texts.changed(file, onDisk);
    if (onDisk) this.patterns.forget(file);
    this.symbols.forget(file);
    const affected = new Set<string>();
    const walkthroughChanged = this.isWalkthrough(file) || this.index.has(file);
    // Only a walkthrough's own text can change cross-file diagnostics: remember them before.
    const crossBefore = walkthroughChanged ? this.index.allCrossDiagnostics() : undefined;
    const shapeBefore = shapeOf(this.index.get(file));
    if (walkthroughChanged && (await this.reloadWalkthrough(file))) affected.add(file);
    const toReload = new Set(this.index.readersOf(file));
    // A moved-file lookup may now succeed (a new file) or fail: walkthroughs whose steps searched the folder.
    if (onDisk) for (const w of this.index.scanning()) if (isInside(this.index.get(w)!.root, file)) toReload.add(w);
    toReload.delete(file);
    for (const w of toReload) if (this.index.has(w) && (await this.load(w))) affected.add(w);
    if (crossBefore && shapeBefore !== shapeOf(this.index.get(file))) {
      for (const [w, after] of this.index.allCrossDiagnostics()) {
        const was = crossBefore.get(w);
        if (!was || !sameDiagnostics(was, after)) affected.add(w);
      }
    }
    return [...affected];
  }

  /** A walkthrough file changed: loaded again, or removed when it is gone. Returns whether it is affected. */
  private async reloadWalkthrough(file: string): Promise<boolean> {
    const before = this.index.get(file);
    const text = await this.readText(file);
    if (text.kind === 'missing' || !this.ownerFolder(file)) {
      this.index.set(file, undefined);
      this.specCache.delete(file);
      this.tourHistory?.forget(file);
      return before !== undefined;
    }
    await this.load(file);
    return true;
  }

  list(): LoadedWalkthrough[] {
    return [...this.index.sortedList()];
  }

  get(file: string): LoadedWalkthrough | undefined {
    return this.index.get(file);
  }

  /** The walkthrough with this id (the first one, when ids collide; that is reported). */
  byId(id: string): LoadedWalkthrough | undefined {
    return this.index.byId(id);
  }

  /** Every resolved step whose range lies in `file`, sorted by line. */
  stepsInFile(file: string): ResolvedStep[] {
    return this.index.stepsInFile(file);
  }

  /** Steps whose memo section is in `memoFile`, sorted by walkthrough then step. */
  stepsCitingMemo(memoFile: string): ResolvedStep[] {
    return this.index.stepsCitingMemo(memoFile);
  }

  /** Walkthrough files whose results depend on `file` (a code file or memo they read), in `list()` order. */
  dependents(file: string): string[] {
    return this.index.dependents(file);
  }

  /** All diagnostics of a walkthrough file, including those that depend on other walkthroughs. */
  diagnostics(file: string): Diagnostic[] {
    return this.index.diagnostics(file);
  }

  /** The text the engine sees for a file: an overlay, else the disk. Cached until the file changes. */
  readText(file: string): Promise<TextResult> {
    return this.texts.read(file);
  }

  /** Whether the engine reads `file` from an open buffer whose text differs from the disk (unsaved changes). */
  isUnsaved(file: string): Promise<boolean> {
    return this.texts.isUnsaved(file);
  }

  /** The text a loaded walkthrough was parsed from (its positions refer to it), even if the file changed since. */
  sourceText(file: string): string | undefined {
    return this.index.has(file) ? this.specCache.get(file)?.text : undefined;
  }

  linesOf(text: string): { lines: string[]; normalized: string[] } {
    return this.texts.linesOf(text);
  }

  readMemo(file: string): Promise<Memo | TextResult> {
    return this.texts.readMemo(file);
  }

  /** Whether `path` is one of the workspace folders (not a folder inside one). */
  isWorkspaceFolder(path: string): boolean {
    return this.folders.includes(path);
  }

  private folderOf(file: string): string | undefined {
    return innermostFolder(this.folders, file);
  }

  /** The folder a walkthrough file belongs to: a workspace folder, else a bundled (extra readable) one. */
  private ownerFolder(file: string): string | undefined {
    return this.folderOf(file) ?? (this.options.extraReadableFolders ?? []).find((extra) => isInside(extra, file));
  }

  private mayRead(file: string, folder: string): boolean {
    return isInside(folder, file) || (this.options.extraReadableFolders ?? []).some((extra) => isInside(extra, file));
  }

  /**
   * (Re)loads one walkthrough. Steps whose spec, context and read files are unchanged keep their
   * results; the others are resolved again. Returns whether anything about the walkthrough changed.
   * `only`: resolve just the steps whose code file (as written) or cited memo is one of these, and
   * keep the walkthrough with those steps alone until it is loaded whole (the first files of `loadAll`).
   */
  private async load(file: string, only?: ReadonlySet<string>): Promise<boolean> {
    const folder = this.ownerFolder(file);
    if (!folder) return false;
    const results = only ? undefined : this.options.results;
    const resultKey = results && !isCodeTourFile(file) ? await this.resultKey(results, file) : undefined;
    if (resultKey !== undefined && (await this.reuseResult(results!, file, resultKey.key))) return true;
    const parsed = await this.parse(file);
    if (!('spec' in parsed)) {
      this.setUnreadable(file, folder, parsed);
      return true;
    }
    const scope = await this.scopeOf(file, folder, parsed.spec, parsed.text);
    const { records, resolved } = await this.stepRecords(scope, only);
    const key = `${scope.context}\0${scope.memoState}`;
    const before = this.index.get(file);
    if (before && resolved === 0 && before.spec === scope.spec && this.loadKeys.get(file) === key) return false;
    this.loadKeys.set(file, key);
    const scanning = this.commit(scope, records);
    // Remembered under the text the key was made of (a file rewritten meanwhile is not).
    if (resultKey !== undefined && resultKey.text === parsed.text && scope.spec.format !== 'codetour') this.rememberResult(results!, resultKey.key, file, scope, records, scanning);
    return true;
  }

  /** The result cache's entry name for a walkthrough file (undefined when it is not text). */
  private async resultKey(results: ResultCache, file: string): Promise<{ key: string; text: string } | undefined> {
    const text = await this.readText(file);
    if (text.kind !== 'text') return undefined;
    const o = this.options;
    const context = JSON.stringify([this.folders, o.rootOverride ?? null, o.extraReadableFolders ?? [], o.parse ?? 'lazy', getLocale(), this.ownerFolder(file)]);
    return { key: results.key(file, text.text, context), text: text.text };
  }

  /** Restores a remembered result when every input it read reads the same now. */
  private async reuseResult(results: ResultCache, file: string, key: string): Promise<boolean> {
    const entry = await results.get(key);
    if (!entry) return false;
    const now = await Promise.all(entry.inputs.map((input) => this.fingerprint(results, input[0], input[1])));
    if (entry.inputs.some((input, i) => input[2] !== now[i])) {
      results.noteChanged();
      return false;
    }
    results.noteHit();
    const { walkthrough, scanning } = entry.restore();
    this.specCache.delete(file);
    this.loadKeys.delete(file);
    this.index.set(file, walkthrough, scanning);
    return true;
  }

  /** Text fingerprints per file version: walkthroughs that read the same file digest it once. */
  private readonly textFingerprints = new Map<string, { version: number; fingerprint: Promise<string> }>();

  private textFingerprint(results: ResultCache, path: string): Promise<string> {
    const version = this.texts.versionOf(path);
    const known = this.textFingerprints.get(path);
    if (known?.version === version) return known.fingerprint;
    const fingerprint = this.texts.readTransient(path).then((text) => fingerprintText(results, text));
    this.textFingerprints.set(path, { version, fingerprint });
    return fingerprint;
  }

  /** What a resolution reading `path` this way would see now, fingerprinted. */
  private async fingerprint(results: ResultCache, kind: ResultInput[0], path: string): Promise<string> {
    switch (kind) {
      case 't':
        return this.textFingerprint(results, path);
      case 'm':
        return fingerprintMemo(results, await this.readMemo(path));
      case 'd':
        return results.digest(JSON.stringify(await this.fs.readDirectory(path)));
      case 'b':
        return fingerprintBytes(results, await this.fs.readFile(path));
    }
  }

  /**
   * A memo read, as an input: the text it was parsed from (parsing is a function of the file and
   * its text, so the same text is the same memo, and checking it needs no parse); else the memo.
   */
  private memoInput(results: ResultCache, path: string, memo: Memo | TextResult): ResultInput {
    const source = this.texts.memoSource(memo);
    return source ? ['t', path, fingerprintText(results, source)] : ['m', path, fingerprintMemo(results, memo)];
  }

  private rememberResult(results: ResultCache, key: string, file: string, scope: WalkthroughScope, records: ReadonlyArray<StepRecord | undefined>, scanning: boolean): void {
    const inputs = new Map<string, ResultInput>();
    // Two reads of one input that saw different things (a file changed during the run): nothing to vouch for.
    const add = (input: ResultInput): boolean => {
      const name = `${input[0]}\0${input[1]}`;
      const seen = inputs.get(name);
      if (seen && seen[2] !== input[2]) return false;
      inputs.set(name, input);
      return true;
    };
    if (scope.memoInput) add(scope.memoInput);
    for (const record of records) {
      // A step without fingerprints (resolved before the cache was given) cannot vouch for its result.
      if (!record?.inputs || !record.inputs.every(add)) return;
    }
    const walkthrough = this.index.get(file);
    if (walkthrough) results.put(key, walkthrough, scanning, [...inputs.values()]);
  }

  /** The walkthrough's spec, parsed again only when its text changed; the reason when it cannot be read. */
  private async parse(file: string): Promise<{ text: string; spec: WalkthroughSpec } | Exclude<TextResult, { kind: 'text' }>> {
    const text = await this.readText(file);
    if (text.kind !== 'text') return text;
    let cached = this.specCache.get(file);
    if (!cached || cached.text !== text.text) {
      cached = { text: text.text, spec: isCodeTourFile(file) ? parseTour(file, text.text) : parseWalkthrough(file, text.text) };
      this.specCache.set(file, cached);
    }
    return cached;
  }

  private setUnreadable(file: string, folder: string, text: Exclude<TextResult, { kind: 'text' }>): void {
    const spec = isCodeTourFile(file) ? parseTour(file, '') : parseWalkthrough(file, '');
    spec.diagnostics = [{ file, range: spec.range, severity: 'error', code: 'unreadable-file', message: t('This walkthrough file {0}.', describeUnreadable(text)) }];
    this.specCache.delete(file);
    this.loadKeys.delete(file);
    this.index.set(file, { spec, file, folder, root: folder, steps: [], ownDiagnostics: spec.diagnostics, dependencies: new Set() });
  }

  /** The walkthrough's root and memo, with the diagnostics about them. */
  private async scopeOf(file: string, folder: string, parsedSpec: WalkthroughSpec, sourceText: string): Promise<WalkthroughScope> {
    let spec = parsedSpec;
    const yamlDir = dirname(file);
    const mayRead = (path: string) => this.mayRead(path, folder) || (this.options.rootOverride !== undefined && isInside(this.options.rootOverride, path));
    const diagnostics: Diagnostic[] = [];
    let root = this.folderOf(file) === folder ? folder : yamlDir;
    if (this.options.rootOverride !== undefined) {
      root = this.options.rootOverride;
    } else if (spec.root !== undefined) {
      const candidate = resolvePath(yamlDir, spec.root);
      if (mayRead(candidate)) root = candidate;
      else diagnostics.push({ file, range: spec.spans.root!.value, severity: 'error', code: 'outside-workspace', message: t('`root: {0}` leaves the workspace folder; steps are resolved against the workspace folder instead.', spec.root) });
    }
    // A CodeTour tour's line steps, repaired from git history as far as it is known (never waits for git).
    if (this.tourHistory && spec.format === 'codetour') spec = this.tourHistory.specFor(file, sourceText, spec, folder, root);
    diagnostics.unshift(...spec.diagnostics);

    const scope: WalkthroughScope = { file, folder, root, yamlDir, spec, sourceText, memoState: '', diagnostics, dependencies: new Set(), context: '', mayRead };
    if (spec.memo !== undefined) await this.readWalkthroughMemo(scope, spec.memo);
    scope.context = `${folder}\0${root}\0${scope.memoFile ?? ''}\0${spec.memo !== undefined}`;
    return scope;
  }

  private async readWalkthroughMemo(scope: WalkthroughScope, memo: string): Promise<void> {
    const { file, spec } = scope;
    const candidate = resolvePath(scope.yamlDir, memo);
    if (!scope.mayRead(candidate)) {
      scope.diagnostics.push({ file, range: spec.spans.memo!.value, severity: 'error', code: 'outside-workspace', message: t('`memo: {0}` is outside the workspace folder; it was not read.', memo) });
      return;
    }
    scope.dependencies.add(candidate);
    scope.memoRead = [candidate, this.texts.versionOf(candidate)];
    const loaded = await this.readMemo(candidate);
    if (this.options.results) scope.memoInput = this.memoInput(this.options.results, candidate, loaded);
    if ('sections' in loaded) {
      scope.memo = loaded;
      scope.memoFile = candidate;
      return;
    }
    scope.memoState = loaded.kind;
    scope.diagnostics.push({ file, range: spec.spans.memo!.value, severity: 'error', code: 'memo-not-found', message: t('Memo `{0}` {1}.', memo, describeUnreadable(loaded as Exclude<TextResult, { kind: 'text' }>)) });
  }

  /** Every step's record: kept when still valid, else resolved (their files read concurrently first). */
  private async stepRecords(scope: WalkthroughScope, only?: ReadonlySet<string>): Promise<{ records: Array<StepRecord | undefined>; resolved: number }> {
    const { spec } = scope;
    const memoOf = (stepSpec: StepSpec) => (stepSpec.memo !== undefined ? resolvePath(scope.yamlDir, stepSpec.memo) : scope.memoFile);
    const wanted = (stepSpec: StepSpec): boolean => {
      if (!only) return true;
      if (stepSpec.file !== undefined && only.has(resolvePath(scope.root, stepSpec.file))) return true;
      const memo = stepSpec.section !== undefined ? memoOf(stepSpec) : undefined;
      return memo !== undefined && only.has(memo);
    };
    const kept = spec.steps.map((stepSpec) => {
      const record = this.stepCache.get(stepSpec);
      return record && this.stillValid(record, scope.context) ? record : undefined;
    });
    const toRead = new Set<string>();
    spec.steps.forEach((stepSpec, i) => {
      if (kept[i] || stepSpec.file === undefined || stepSpec.malformed || !wanted(stepSpec)) return;
      const path = resolvePath(scope.root, stepSpec.file);
      if (scope.mayRead(path)) toRead.add(path);
    });
    await mapLimit([...toRead], READ_CONCURRENCY, (path) => this.readText(path));
    // One matching budget for the tour's patterns, however many steps it has.
    const patternBudget = this.patterns.budget();
    let resolved = 0;
    const records: Array<StepRecord | undefined> = [];
    for (let i = 0; i < spec.steps.length; i++) {
      let record = kept[i];
      if (!record && wanted(spec.steps[i]!)) {
        record = await this.resolveRecord(spec.steps[i]!, scope, patternBudget);
        this.stepCache.set(spec.steps[i]!, record);
        resolved++;
      }
      records.push(record);
    }
    return { records, resolved };
  }

  /** Resolves one step, noting every file it read (at its version) and whether it listed folders. */
  private async resolveRecord(stepSpec: StepSpec, scope: WalkthroughScope, patternBudget: PatternBudget): Promise<StepRecord> {
    const reads: Array<string | number> = [];
    // Most steps read one or two files; a moved-file search may read many (then a set finds repeats).
    let seen: Set<string> | undefined;
    const note = (path: string, version = this.texts.versionOf(path)) => {
      if (seen ? seen.has(path) : reads.some((read, i) => i % 2 === 0 && read === path)) return;
      reads.push(path, version);
      if (seen) seen.add(path);
      else if (reads.length > 32) seen = new Set(reads.filter((_, i) => i % 2 === 0) as string[]);
    };
    if (stepSpec.section !== undefined && stepSpec.memo === undefined && scope.memoRead) note(scope.memoRead[0], scope.memoRead[1]);
    const tree = this.texts.treeVersion;
    let scanned = false;
    const diagnostics: Diagnostic[] = [];
    // With a result cache, what was read is fingerprinted as it was read (core/resultCache.ts).
    const results = this.options.results;
    const inputs: ResultInput[] | undefined = results ? [] : undefined;
    if (inputs && results && stepSpec.section !== undefined && stepSpec.memo === undefined && scope.memoInput) inputs.push(scope.memoInput);
    const fs: FileSystem = {
      readFile: async (path) => {
        const bytes = await this.fs.readFile(path);
        if (inputs && results) inputs.push(['b', path, fingerprintBytes(results, bytes)]);
        return bytes;
      },
      readDirectory: async (path) => {
        scanned = true;
        const entries = await this.fs.readDirectory(path);
        if (inputs && results) inputs.push(['d', path, results.digest(JSON.stringify(entries))]);
        return entries;
      },
    };
    this.resolvedSteps++;
    const step = await resolveStep(stepSpec, scope.file, {
      fs,
      symbols: this.symbols,
      folder: scope.folder,
      root: scope.root,
      yamlDir: scope.yamlDir,
      ...(scope.memo ? { memo: scope.memo } : {}),
      ...(scope.memoFile ? { memoFile: scope.memoFile } : {}),
      declaresMemo: scope.spec.memo !== undefined,
      readText: async (path) => {
        note(path);
        const text = await this.readText(path);
        if (inputs && results) inputs.push(['t', path, fingerprintText(results, text)]);
        return text;
      },
      linesOf: (text) => this.linesOf(text),
      readMemo: async (path) => {
        note(path);
        const memo = await this.readMemo(path);
        if (inputs && results) inputs.push(this.memoInput(results, path, memo));
        return memo;
      },
      mayRead: scope.mayRead,
      sourceText: scope.sourceText,
      findPattern: (path, text, pattern) => this.patterns.find(path, text, pattern, patternBudget),
      ...(this.options.parse ? { parse: this.options.parse } : {}),
    }, diagnostics);
    return { context: scope.context, step, diagnostics, reads, scannedAt: scanned ? tree : undefined, ...(inputs ? { inputs } : {}) };
  }

  /** The walkthrough with its steps, dependencies and diagnostics, into the index; returns whether a step searched folders. */
  private commit(scope: WalkthroughScope, records: ReadonlyArray<StepRecord | undefined>): boolean {
    const { spec, root, yamlDir } = scope;
    const dependencies = scope.dependencies;
    const diagnostics = scope.diagnostics;
    let scanning = false;
    records.forEach((record, i) => {
      if (!record) return;
      const stepSpec = spec.steps[i]!;
      const step = record.step;
      if (record.scannedAt !== undefined) scanning = true;
      if (stepSpec.file !== undefined) dependencies.add(resolvePath(root, stepSpec.file));
      if (step.file) dependencies.add(step.file);
      if (step.memoFile) dependencies.add(step.memoFile);
      // A step memo that is missing now must re-resolve the step when it is created.
      if (stepSpec.memo !== undefined) dependencies.add(resolvePath(yamlDir, stepSpec.memo));
      // Moved-file candidates too: a change there can move the step.
      for (let i = 0; i < record.reads.length; i += 2) dependencies.add(record.reads[i] as string);
      // "No symbols for `.kt` files" is said once per walkthrough, not on every step there.
      for (const diagnostic of record.diagnostics) {
        if (diagnostic.code === 'symbol-unsupported' && diagnostic.severity === 'info' && diagnostics.some((d) => d.code === diagnostic.code && d.message === diagnostic.message)) continue;
        diagnostics.push(diagnostic);
      }
    });
    const steps = records.flatMap((record) => (record ? [record.step] : []));
    this.index.set(scope.file, { spec, file: scope.file, folder: scope.folder, root, ...(scope.memoFile ? { memoFile: scope.memoFile } : {}), steps, ownDiagnostics: diagnostics, dependencies }, scanning);
    return scanning;
  }

  private stillValid(record: StepRecord, context: string): boolean {
    if (record.context !== context) return false;
    if (record.scannedAt !== undefined && record.scannedAt !== this.texts.treeVersion) return false;
    const { reads } = record;
    for (let i = 0; i < reads.length; i += 2) if (this.texts.versionOf(reads[i] as string) !== reads[i + 1]) return false;
    return true;
  }
}

/** Fingerprints of texts as read (one read is shared by every step of its file: digested once). */
const textFingerprints = new WeakMap<TextResult, string>();

/** A text as a resolution read it (or why it could not be read), fingerprinted. */
function fingerprintText(results: ResultCache, text: TextResult): string {
  let fingerprint = textFingerprints.get(text);
  if (fingerprint === undefined) {
    // The text alone is digested (no copy of it with a prefix); the prefix keeps the two kinds apart.
    fingerprint = text.kind === 'text' ? `text:${results.digest(text.text)}` : `unreadable:${JSON.stringify(text)}`;
    textFingerprints.set(text, fingerprint);
  }
  return fingerprint;
}

/** A memo as parsed (its sections are what resolution reads), or why it could not be read. */
function fingerprintMemo(results: ResultCache, memo: Memo | TextResult): string {
  return results.digest(JSON.stringify(memo));
}

function fingerprintBytes(results: ResultCache, bytes: Uint8Array | undefined): string {
  if (bytes === undefined) return 'missing';
  // Each byte one character: a text that two different byte strings cannot share.
  let text = 'bytes\0';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return results.digest(text);
}
