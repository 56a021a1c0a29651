/**
 * The walkthrough engine: finds every walkthrough in the workspace folders, resolves its steps,
 * and keeps the results current as files change. Open editor buffers are given as overlays, so
 * anchors follow the code while the user types. It keeps an index from code files to the steps
 * that point into them, so per-file questions (CodeLens, hover) never scan the workspace.
 */
import { isCodeTourFile, parseTour } from './codetour/parseTour';
import { findFiles, MAX_SCANNED_FILES } from './discover';
import type { FileSystem } from './fileSystem';
import { isWalkthroughFile, parseWalkthrough, type WalkthroughSpec } from './format/parseWalkthrough';
import { parseMemo, type Memo } from './memo';
import { dirname, innermostFolder, isInside, relativePath, resolvePath } from './paths';
import { resolveStep, type ResolvedStep } from './resolveStep';
import { SymbolIndex } from './symbols/symbolIndex';
import { decodeText, describeUnreadable, MAX_FILE_BYTES, normalizeLine, splitLines, type TextResult } from './text';
import type { Diagnostic } from './types';
import { walkthroughMatcher } from './walkthroughFiles';
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
}

export class WalkthroughEngine {
  readonly symbols: SymbolIndex;
  private readonly fs: FileSystem;
  private folders: string[];
  private readonly walkthroughs = new Map<string, LoadedWalkthrough>();
  private readonly overlays = new Map<string, string>();
  private readonly textCache = new Map<string, TextResult>();
  private readonly memoCache = new Map<string, Memo | TextResult>();
  private byCodeFile: Map<string, ResolvedStep[]> | undefined;
  private byMemoFile: Map<string, ResolvedStep[]> | undefined;
  /** Split lines of recently resolved texts; texts are compared by value, so edits miss the cache. */
  private readonly linesCache = new Map<string, { lines: string[]; normalized: string[] }>();
  /** Parsed YAML by file, reused while the YAML text is unchanged (a code edit re-resolves only). */
  private readonly specCache = new Map<string, { text: string; spec: WalkthroughSpec }>();

  constructor(private readonly options: EngineOptions) {
    this.fs = options.fs;
    this.folders = [...options.folders];
    this.symbols = options.symbols ?? new SymbolIndex();
    this.matchesGlobs = walkthroughMatcher(options.walkthroughGlobs);
  }

  private matchesGlobs: (relativePath: string) => boolean;

  /** Is this file a walkthrough? Inside a folder: by the globs; elsewhere (bundled): by its name. */
  isWalkthrough(file: string): boolean {
    const folder = this.folderOf(file);
    return folder ? this.matchesGlobs(relativePath(folder, file)) : isWalkthroughFile(file);
  }

  /** Changes which files are walkthroughs; call `loadAll` afterwards. */
  setWalkthroughGlobs(globs: readonly string[] | undefined): void {
    this.matchesGlobs = walkthroughMatcher(globs);
  }

  /** Finds and loads every walkthrough under the workspace folders (replacing what was loaded). */
  async loadAll(): Promise<void> {
    this.walkthroughs.clear();
    this.invalidate();
    // A full load reads the disk afresh (a missed watcher event must not survive a refresh); overlays stay.
    this.textCache.clear();
    this.memoCache.clear();
    this.truncatedFolders = [];
    for (const folder of this.folders) {
      const scan = { truncated: false };
      for (const file of await findFiles(this.fs, folder, (f) => this.matchesGlobs(relativePath(folder, f)), this.scanLimit, scan)) await this.load(file);
      if (scan.truncated) this.truncatedFolders.push(folder);
    }
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

  /** Loads walkthroughs from an explicit list of files (they may lie outside the folders). */
  async loadFiles(files: string[]): Promise<void> {
    for (const file of files) await this.load(file);
  }

  setFolders(folders: string[]): void {
    this.folders = [...folders];
  }

  getFolders(): readonly string[] {
    return this.folders;
  }

  /** An editor buffer's text replaces the file on disk until `closeOverlay`. Returns affected walkthroughs. */
  setOverlay(file: string, text: string): Promise<string[]> {
    this.overlays.set(file, text);
    return this.fileChanged(file);
  }

  closeOverlay(file: string): Promise<string[]> {
    this.overlays.delete(file);
    return this.fileChanged(file);
  }

  /**
   * A file was created, changed or deleted (on disk or in an overlay). Re-resolves what depends
   * on it and returns the walkthrough files whose results may have changed.
   */
  async fileChanged(file: string): Promise<string[]> {
    this.textCache.delete(file);
    this.memoCache.delete(file);
    this.symbols.forget(file);
    const affected = new Set<string>();
    if (this.isWalkthrough(file) || this.walkthroughs.has(file)) {
      const before = this.walkthroughs.get(file);
      const text = await this.readText(file);
      if (text.kind === 'missing' || !this.ownerFolder(file)) {
        if (before) affected.add(file);
        this.walkthroughs.delete(file);
        this.invalidate();
        this.specCache.delete(file);
      } else {
        await this.load(file);
        affected.add(file);
      }
    }
    for (const walkthrough of [...this.walkthroughs.values()]) {
      if (walkthrough.file === file || !walkthrough.dependencies.has(file)) continue;
      await this.load(walkthrough.file);
      affected.add(walkthrough.file);
    }
    // A moved-file lookup may now succeed (a new file) or fail: re-resolve steps whose file is missing.
    for (const walkthrough of [...this.walkthroughs.values()]) {
      if (affected.has(walkthrough.file)) continue;
      if (walkthrough.steps.some((s) => s.status === 'missing' && s.spec.symbol) && isInside(walkthrough.root, file)) {
        await this.load(walkthrough.file);
        affected.add(walkthrough.file);
      }
    }
    if (affected.size > 0) this.invalidate();
    return [...affected];
  }

  list(): LoadedWalkthrough[] {
    return [...this.sortedList()];
  }

  private sortedList(): readonly LoadedWalkthrough[] {
    this.sorted ??= [...this.walkthroughs.values()].sort((a, b) => Number(b.spec.primary) - Number(a.spec.primary) || a.file.localeCompare(b.file));
    return this.sorted;
  }

  /** Sorted list, id index and cross-file diagnostics: computed once per change, not per call. */
  private sorted: LoadedWalkthrough[] | undefined;
  private byIdIndex: Map<string, LoadedWalkthrough[]> | undefined;
  private readonly crossDiagnostics = new Map<string, Diagnostic[]>();

  private invalidate(): void {
    this.byCodeFile = undefined;
    this.byMemoFile = undefined;
    this.sorted = undefined;
    this.byIdIndex = undefined;
    this.crossDiagnostics.clear();
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
    if (!this.byCodeFile) {
      const index = new Map<string, ResolvedStep[]>();
      for (const walkthrough of this.list()) {
        for (const step of walkthrough.steps) {
          if (!step.file || !step.span) continue;
          const list = index.get(step.file) ?? [];
          list.push(step);
          index.set(step.file, list);
        }
      }
      for (const list of index.values()) list.sort((a, b) => a.span!.start - b.span!.start);
      this.byCodeFile = index;
    }
    return this.byCodeFile.get(file) ?? [];
  }

  /** Steps whose memo section is in `memoFile`, sorted by walkthrough then step. */
  stepsCitingMemo(memoFile: string): ResolvedStep[] {
    if (!this.byMemoFile) {
      const index = new Map<string, ResolvedStep[]>();
      for (const walkthrough of this.list()) {
        for (const step of walkthrough.steps) {
          if (!step.memoFile || !step.section) continue;
          const list = index.get(step.memoFile) ?? [];
          list.push(step);
          index.set(step.memoFile, list);
        }
      }
      this.byMemoFile = index;
    }
    return this.byMemoFile.get(memoFile) ?? [];
  }

  /** Walkthrough files whose results depend on `file` (a code file or memo they read). */
  dependents(file: string): string[] {
    return this.list()
      .filter((w) => w.dependencies.has(file))
      .map((w) => w.file);
  }

  /** All diagnostics of a walkthrough file, including those that depend on other walkthroughs. */
  diagnostics(file: string): Diagnostic[] {
    const walkthrough = this.walkthroughs.get(file);
    if (!walkthrough) return [];
    let cross = this.crossDiagnostics.get(file);
    if (!cross) {
      cross = this.crossFileDiagnostics(walkthrough);
      this.crossDiagnostics.set(file, cross);
    }
    return [...walkthrough.ownDiagnostics, ...cross];
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
    let cached = this.textCache.get(file);
    if (!cached) {
      // The size first: a huge file is reported as too large without being loaded.
      const size = await this.fs.size?.(file);
      cached = size !== undefined && size > MAX_FILE_BYTES ? { kind: 'too-large', bytes: size } : decodeText(await this.fs.readFile(file));
      this.textCache.set(file, cached);
    }
    return cached;
  }

  linesOf(text: string): { lines: string[]; normalized: string[] } {
    let entry = this.linesCache.get(text);
    if (!entry) {
      const lines = splitLines(text);
      entry = { lines, normalized: lines.map(normalizeLine) };
      if (this.linesCache.size >= 32) this.linesCache.delete(this.linesCache.keys().next().value!);
      this.linesCache.set(text, entry);
    }
    return entry;
  }

  async readMemo(file: string): Promise<Memo | TextResult> {
    let cached = this.memoCache.get(file);
    if (!cached) {
      const text = await this.readText(file);
      cached = text.kind === 'text' ? parseMemo(file, text.text) : text;
      this.memoCache.set(file, cached);
    }
    return cached;
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

  private async load(file: string): Promise<void> {
    this.invalidate();
    const folder = this.ownerFolder(file);
    if (!folder) return;
    const text = await this.readText(file);
    if (text.kind !== 'text') {
      const spec = isCodeTourFile(file) ? parseTour(file, '') : parseWalkthrough(file, '');
      spec.diagnostics = [{ file, range: spec.range, severity: 'error', code: 'unreadable-file', message: t('This walkthrough file {0}.', describeUnreadable(text)) }];
      this.walkthroughs.set(file, { spec, file, folder, root: folder, steps: [], ownDiagnostics: spec.diagnostics, dependencies: new Set() });
      this.invalidate();
      return;
    }
    let cachedSpec = this.specCache.get(file);
    if (!cachedSpec || cachedSpec.text !== text.text) {
      cachedSpec = { text: text.text, spec: isCodeTourFile(file) ? parseTour(file, text.text) : parseWalkthrough(file, text.text) };
      this.specCache.set(file, cachedSpec);
    }
    const spec = cachedSpec.spec;
    const diagnostics = [...spec.diagnostics];
    const yamlDir = dirname(file);
    const dependencies = new Set<string>();
    const mayRead = (path: string) => this.mayRead(path, folder) || (this.options.rootOverride !== undefined && isInside(this.options.rootOverride, path));

    let root = this.folderOf(file) === folder ? folder : yamlDir;
    if (this.options.rootOverride !== undefined) {
      root = this.options.rootOverride;
    } else if (spec.root !== undefined) {
      const candidate = resolvePath(yamlDir, spec.root);
      if (mayRead(candidate)) root = candidate;
      else diagnostics.push({ file, range: spec.spans.root!.value, severity: 'error', code: 'outside-workspace', message: t('`root: {0}` leaves the workspace folder; steps are resolved against the workspace folder instead.', spec.root) });
    }

    let memo: Memo | undefined;
    let memoFile: string | undefined;
    if (spec.memo !== undefined) {
      const candidate = resolvePath(yamlDir, spec.memo);
      if (!mayRead(candidate)) {
        diagnostics.push({ file, range: spec.spans.memo!.value, severity: 'error', code: 'outside-workspace', message: t('`memo: {0}` is outside the workspace folder; it was not read.', spec.memo) });
      } else {
        dependencies.add(candidate);
        const loaded = await this.readMemo(candidate);
        if ('sections' in loaded) {
          memo = loaded;
          memoFile = candidate;
        } else {
          diagnostics.push({ file, range: spec.spans.memo!.value, severity: 'error', code: 'memo-not-found', message: t('Memo `{0}` {1}.', spec.memo, describeUnreadable(loaded as Exclude<TextResult, { kind: 'text' }>)) });
        }
      }
    }

    const steps: ResolvedStep[] = [];
    for (const stepSpec of spec.steps) {
      const step = await resolveStep(stepSpec, file, {
        fs: this.fs,
        symbols: this.symbols,
        folder,
        root,
        yamlDir,
        ...(memo ? { memo } : {}),
        ...(memoFile ? { memoFile } : {}),
        declaresMemo: spec.memo !== undefined,
        readText: (path) => this.readText(path),
        linesOf: (text) => this.linesOf(text),
        readMemo: (path) => this.readMemo(path),
        mayRead,
      }, diagnostics);
      if (stepSpec.file !== undefined) dependencies.add(resolvePath(root, stepSpec.file));
      if (step.file) dependencies.add(step.file);
      if (step.memoFile) dependencies.add(step.memoFile);
      // A step memo that is missing now must re-resolve the step when it is created.
      if (stepSpec.memo !== undefined) dependencies.add(resolvePath(yamlDir, stepSpec.memo));
      steps.push(step);
    }
    this.walkthroughs.set(file, { spec, file, folder, root, ...(memoFile ? { memoFile } : {}), steps, ownDiagnostics: diagnostics, dependencies });
    // Again: a request answered while this file was loading must not leave a stale cache behind.
    this.invalidate();
  }
}
