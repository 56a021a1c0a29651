/**
 * The server's state around the engine, composed of parts with one job each: the folders and
 * watcher events (`folders.ts`), open buffers and debounced edits (`openDocuments.ts`), the
 * queue every engine change runs through (`jobQueue.ts`), who hears about changes
 * (`updates.ts`) and finding steps (`stepLookup.ts`). A request first `flush()`es pending edits so
 * that answers always match the buffer.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { WalkthroughEngine, type LoadedWalkthrough } from '../core/engine';
import type { GitHistory } from '../core/codetour/tourHistory';
import { CodeFileListings } from '../core/codePaths';
import type { FileSystem, FileSystemFactory } from '../core/fileSystem';
import type { SymbolIndex } from '../core/symbols/symbolIndex';
import { convertedTourFiles } from '../core/codetour/convertedTours';
import type { ResolvedStep } from '../core/resolveStep';
import type { CodeLensMode } from '../../../common/src/protocol';
import { WorkspaceFolders, type FileEventKind } from './folders';
import { JobQueue, type Cancellation } from './jobQueue';
import { OpenDocuments, systemTimers, type Timers } from './openDocuments';
import type { Logger } from './log';
import { StepLookup } from './stepLookup';
import { UpdateListeners, type UpdateListener } from './updates';
import { isInside } from '../../../common/src/paths';
import { uriToPath } from './uri';

export type { FileEventKind } from './folders';
export { isIgnoredIn } from './folders';

export interface Settings {
  codeLensEnabled: boolean;
  codeLensMode: CodeLensMode;
  hoverEnabled: boolean;
  /** A CodeTour tour that a walkthrough was converted from (`convertedFrom`) is shown beside it. */
  showConvertedTours?: boolean;
  /** Globs of walkthrough files (`walkthroughs.files`); undefined: the defaults. */
  files?: string[];
}

/** Re-resolve this long after the last keystroke (a request on the server flushes earlier). */
export const CHANGE_DEBOUNCE_MS = 150;

export class Workspace {
  readonly engine: WalkthroughEngine;
  settings: Settings = { codeLensEnabled: true, codeLensMode: 'all', hoverEnabled: true };
  /** The walkthrough id of the tour running in the client (`walkthroughs/setActiveTour`). */
  activeTour: string | undefined;
  /** Use VS Code codicons (`$(book)`) in CodeLens titles; plain text for other clients. */
  codicons = true;

  /** The file system the engine reads (confined to the workspace folders by real path). */
  readonly fs: FileSystem;
  /** The code files under a root, for links in talking points (listed through `fs`, reused a while). */
  readonly codeFiles: CodeFileListings;
  /** A file system confined to other folders (the import's root, a folder to apply walkthroughs from). */
  readonly fileSystem: FileSystemFactory;

  private readonly updates: UpdateListeners;
  private readonly queue: JobQueue;
  private readonly folders: WorkspaceFolders;
  private readonly documents: OpenDocuments;
  private readonly steps: StepLookup;

  /**
   * `fileSystem`: file systems confined to the given folders (see FileSystemFactory), or one file
   * system for every use (tests' memory files).
   */
  constructor(fileSystem: FileSystem | FileSystemFactory, folders: string[], logger: Logger, debounceMs = CHANGE_DEBOUNCE_MS, timers: Timers = systemTimers, git?: GitHistory, symbols?: SymbolIndex) {
    this.fileSystem = typeof fileSystem === 'function' ? fileSystem : () => fileSystem;
    // Nothing outside the workspace folders is read, even through symbolic links.
    const fs = (this.fs = this.fileSystem(() => this.engine.getFolders()));
    this.codeFiles = new CodeFileListings(fs, () => timers.now?.() ?? Date.now());
    // CodeTour line steps are repaired from git history in the background; when a tour's history
    // is read, the tour resolves again through the queue like any change.
    this.engine = new WalkthroughEngine({
      fs,
      folders,
      ...(symbols ? { symbols } : {}),
      ...(git ? { git, onTourHistory: (file: string) => void this.queue.run(`history ${file}`, () => this.engine.historyRead(file)) } : {}),
    });
    this.updates = new UpdateListeners(logger);
    this.queue = new JobQueue(logger, (affected) => this.updates.fire(affected));
    this.folders = new WorkspaceFolders(this.engine, fs, this.queue, logger);
    this.documents = new OpenDocuments(this.engine, this.queue, debounceMs, timers);
    this.steps = new StepLookup(this.engine);
  }

  /**
   * May the client be told to write a file here? Inside a workspace folder by path, and by real
   * path (no link in its folders leads out of the workspace), and not itself a link.
   */
  async mayWrite(file: string): Promise<boolean> {
    if (!this.engine.getFolders().some((folder) => isInside(folder, file))) return false;
    return (await this.fs.mayWrite?.(file)) ?? true;
  }

    /** Called after every change that may have changed walkthroughs (their YAML paths). */
  onDidUpdate(listener: UpdateListener): { dispose(): void } {
    return this.updates.add(listener);
  }

  /** Loads every walkthrough; `first`: the open editors' files, served before the rest (see `servedEarly`). */
  load(first?: () => readonly string[] | Promise<readonly string[]>): Promise<void> {
    return this.folders.load(first);
  }

  /**
   * During the first load: can a request about `file`, whose buffer reads `text`, be answered
   * before the whole workspace is loaded? Yes once the walkthroughs that name it are resolved,
   * when no edit is waiting and the buffer is what the engine read (no overlay still queued).
   */
  async servedEarly(file: string, text: string): Promise<boolean> {
    if (this.documents.hasPending || !(await this.folders.servedEarly(file))) return false;
    const seen = await this.engine.readText(file);
    return seen.kind === 'text' && seen.text === text && !this.documents.hasPending;
  }

  setWalkthroughGlobs(globs: string[] | undefined): Promise<void> {
    return this.folders.setWalkthroughGlobs(globs);
  }

  setFolders(folders: string[]): Promise<void> {
    return this.folders.setFolders(folders);
  }

  filesChanged(events: Array<{ file: string; kind: FileEventKind }>): Promise<void> {
    return this.folders.filesChanged(events);
  }

  opened(document: TextDocument): void {
    const file = this.fileOf(document);
    if (file) this.documents.opened(file, document);
  }

  changed(document: TextDocument): void {
    const file = this.fileOf(document);
    if (file) this.documents.changed(file, document);
  }

  closed(document: TextDocument): void {
    const file = uriToPath(document.uri);
    if (file) this.documents.closed(file);
  }

  /**
   * Applies pending edits now and waits until the engine is idle. Requests call this first; a
   * cancelled request stops waiting (CancelledError) while the queued work goes on.
   */
  flush(token?: Cancellation): Promise<void> {
    this.documents.applyPending();
    return this.queue.idle(token);
  }

  /** Waits until a CodeTour tour's git history is read and the tour resolved with it (see core/codetour/tourHistory.ts). */
  async tourHistory(file: string, token?: Cancellation): Promise<void> {
    await this.flush(token);
    await this.queue.run(`history ${file}`, () => this.engine.historyRead(file));
    await this.queue.idle(token);
  }

  /** Waits until the engine is idle, leaving pending edits to their debounce. */
  idle(token?: Cancellation): Promise<void> {
    return this.queue.idle(token);
  }

  stepsCitingMemo(memoFile: string): ResolvedStep[] {
    return this.steps.stepsCitingMemo(memoFile);
  }

  walkthroughOf(step: ResolvedStep): LoadedWalkthrough | undefined {
    return this.steps.walkthroughOf(step);
  }

  /** Tours left out of CodeLens and hovers: converted to a walkthrough that is listed instead (core/codetour/convertedTours.ts). */
  hiddenTours(): ReadonlySet<string> {
    return this.settings.showConvertedTours ? new Set() : convertedTourFiles(this.engine.list());
  }

  findStep(walkthroughId: string, stepId: string): { walkthrough: LoadedWalkthrough; step: ResolvedStep } | undefined {
    return this.steps.findStep(walkthroughId, stepId);
  }

  /** The engine path of a buffer that may matter (not under node_modules, .git, …). */
  private fileOf(document: TextDocument): string | undefined {
    const file = uriToPath(document.uri);
    return file && !this.folders.isIgnored(file) ? file : undefined;
  }
}
