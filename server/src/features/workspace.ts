/**
 * The server's state around the engine: which folders are open, which editor buffers differ from
 * the disk (overlays), debounced re-resolution while the user types, and file-watcher events.
 * Every engine mutation runs through one queue, so requests never see a half-applied change;
 * a request first `flush()`es pending edits so that answers always match the buffer.
 */
import { promises as fsp } from 'node:fs';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findFiles, IGNORED_FOLDERS } from '../core/discover';
import { WalkthroughEngine, type LoadedWalkthrough } from '../core/engine';
import type { FileSystem } from '../core/fileSystem';
import { innermostFolder, isInside, relativePath } from '../core/paths';
import type { ResolvedStep } from '../core/resolveStep';
import type { CodeLensMode } from '../protocol';
import { describeError, type Logger } from './safe';
import { uriToPath } from './uri';

export interface Settings {
  codeLensEnabled: boolean;
  codeLensMode: CodeLensMode;
  hoverEnabled: boolean;
  /** Globs of walkthrough files (`walkthroughs.files`); undefined: the defaults. */
  files?: string[];
}

export type FileEventKind = 'created' | 'changed' | 'deleted';

/** Re-resolve this long after the last keystroke (a request on the server flushes earlier). */
export const CHANGE_DEBOUNCE_MS = 150;

export class Workspace {
  readonly engine: WalkthroughEngine;
  settings: Settings = { codeLensEnabled: true, codeLensMode: 'all', hoverEnabled: true };
  /** The walkthrough id of the tour running in the client (`walkthroughs/setActiveTour`). */
  activeTour: string | undefined;
  /** Use VS Code codicons (`$(book)`) in CodeLens titles; plain text for other clients. */
  codicons = true;

  private queue: Promise<void> = Promise.resolve();
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; document: TextDocument }>();
  private readonly overlaid = new Set<string>();
  private readonly listeners: Array<(affected: string[]) => void> = [];

  constructor(
    private readonly fs: FileSystem,
    folders: string[],
    private readonly logger: Logger,
    private readonly debounceMs = CHANGE_DEBOUNCE_MS,
  ) {
    this.engine = new WalkthroughEngine({ fs, folders });
  }

  /** Called after every change that may have changed walkthroughs (their YAML paths). */
  onDidUpdate(listener: (affected: string[]) => void): void {
    this.listeners.push(listener);
  }

  /** Loads every walkthrough of the workspace folders. */
  load(): Promise<void> {
    return this.enqueue('load', async () => {
      await this.engine.loadAll();
      for (const folder of this.engine.truncatedScans) {
        this.logger.error(`Stopped looking for walkthroughs in ${folder} after ${this.engine.scanLimit} files: walkthroughs further on are not shown.`);
      }
      return this.engine.list().map((w) => w.file);
    });
  }

  /** Which files are walkthroughs changed (setting `walkthroughs.files`): reload everything. */
  setWalkthroughGlobs(globs: string[] | undefined): Promise<void> {
    return this.enqueue('walkthrough globs', async () => {
      const before = this.engine.list().map((w) => w.file);
      this.engine.setWalkthroughGlobs(globs);
      await this.engine.loadAll();
      return [...new Set([...before, ...this.engine.list().map((w) => w.file)])];
    });
  }

  setFolders(folders: string[]): Promise<void> {
    return this.enqueue('workspace folders', async () => {
      const before = this.engine.list().map((w) => w.file);
      this.engine.setFolders(folders);
      await this.engine.loadAll();
      return [...new Set([...before, ...this.engine.list().map((w) => w.file)])];
    });
  }

  opened(document: TextDocument): void {
    const file = uriToPath(document.uri);
    if (!file || this.isIgnored(file)) return;
    void this.enqueue(`open ${file}`, async () => {
      // A file no walkthrough depends on needs an overlay only once it is edited.
      if (!this.isRelevant(file)) return [];
      // Most files open as they are on disk: no overlay, nothing to re-resolve.
      const onDisk = await this.engine.readText(file);
      if (onDisk.kind === 'text' && onDisk.text === document.getText() && !this.overlaid.has(file)) return [];
      this.overlaid.add(file);
      return this.engine.setOverlay(file, document.getText());
    });
  }

  changed(document: TextDocument): void {
    const file = uriToPath(document.uri);
    if (!file || this.isIgnored(file)) return;
    const previous = this.pending.get(file);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => this.applyPending(file), this.debounceMs);
    this.pending.set(file, { timer, document });
  }

  closed(document: TextDocument): void {
    const file = uriToPath(document.uri);
    if (!file) return;
    const previous = this.pending.get(file);
    if (previous) clearTimeout(previous.timer);
    this.pending.delete(file);
    if (!this.overlaid.has(file)) return;
    this.overlaid.delete(file);
    void this.enqueue(`close ${file}`, () => this.engine.closeOverlay(file));
  }

  /** Files changed on disk (workspace/didChangeWatchedFiles). */
  filesChanged(events: Array<{ file: string; kind: FileEventKind }>): Promise<void> {
    return this.enqueue('watched files', async () => {
      const targets = new Set<string>();
      for (const { file, kind } of events) {
        if (this.isIgnored(file)) continue;
        targets.add(file);
        if (kind === 'changed') continue;
        // A created or deleted folder stands for everything inside it that the engine knows or should know.
        for (const walkthrough of this.engine.list()) {
          if (isInside(file, walkthrough.file) && walkthrough.file !== file) targets.add(walkthrough.file);
          for (const dependency of walkthrough.dependencies) if (dependency !== file && isInside(file, dependency)) targets.add(dependency);
        }
        if (kind === 'created' && (await isDirectory(file))) {
          for (const found of await findFiles(this.fs, file, (f) => this.engine.isWalkthrough(f))) targets.add(found);
        }
      }
      const affected = new Set<string>();
      for (const target of targets) for (const w of await this.engine.fileChanged(target)) affected.add(w);
      return [...affected];
    });
  }

  /** Applies pending edits now and waits until the engine is idle. Requests call this first. */
  async flush(): Promise<void> {
    for (const file of [...this.pending.keys()]) this.applyPending(file);
    await this.queue;
  }

  /** Steps whose memo section is in `memoFile`, sorted by walkthrough then step. */
  stepsCitingMemo(memoFile: string): ResolvedStep[] {
    return this.engine.stepsCitingMemo(memoFile);
  }

  walkthroughOf(step: ResolvedStep): LoadedWalkthrough | undefined {
    return this.engine.get(step.walkthroughFile);
  }

  /** The step with this walkthrough id and step id. */
  findStep(walkthroughId: string, stepId: string): { walkthrough: LoadedWalkthrough; step: ResolvedStep } | undefined {
    const walkthrough = this.engine.byId(walkthroughId);
    const step = walkthrough?.steps.find((s) => s.spec.id === stepId);
    return walkthrough && step ? { walkthrough, step } : undefined;
  }

  /** A walkthrough, or a file some walkthrough reads (code, memo). */
  private isRelevant(file: string): boolean {
    return this.engine.isWalkthrough(file) || this.engine.dependents(file).length > 0;
  }

  private isIgnored(file: string): boolean {
    return isIgnoredIn(this.engine.getFolders(), file);
  }

  private applyPending(file: string): void {
    const entry = this.pending.get(file);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(file);
    void this.enqueue(`change ${file}`, () => {
      this.overlaid.add(file);
      return this.engine.setOverlay(file, entry.document.getText());
    });
  }

  private enqueue(what: string, task: () => Promise<string[] | void>): Promise<void> {
    const run = this.queue.then(async () => {
      try {
        const affected = (await task()) ?? [];
        if (affected.length === 0) return;
        for (const listener of this.listeners) listener(affected);
      } catch (error) {
        this.logger.error(`[${what}] ${describeError(error)}`);
      }
    });
    this.queue = run;
    return run;
  }
}

/** node_modules, .git, dist, … (inside a workspace folder) are never walkthrough material. */
export function isIgnoredIn(folders: readonly string[], file: string): boolean {
  const folder = innermostFolder(folders, file);
  if (folder === undefined) return false;
  return relativePath(folder, file)
    .split('/')
    .some((segment) => IGNORED_FOLDERS.has(segment));
}

async function isDirectory(file: string): Promise<boolean> {
  return fsp.stat(file).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
