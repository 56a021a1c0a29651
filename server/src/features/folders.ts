/**
 * The workspace folders and what lives in them: the full load, folder and glob changes, and
 * file-watcher events (a created or deleted folder stands for everything inside it). Reads go
 * through the injected FileSystem only.
 */
import { findFiles, IGNORED_FOLDERS } from '../core/discover';
import type { WalkthroughEngine } from '../core/engine';
import type { FileSystem } from '../core/fileSystem';
import { innermostFolder, isInside, relativePath } from '../../../common/src/paths';
import type { JobQueue } from './jobQueue';
import type { Logger } from './safe';

export type FileEventKind = 'created' | 'changed' | 'deleted';

/** The first load's early phase: the files it serves first, and when their walkthroughs are resolved. */
interface EarlyLoad {
  files: ReadonlySet<string>;
  ready: Promise<void>;
}

export class WorkspaceFolders {
  constructor(
    private readonly engine: WalkthroughEngine,
    private readonly fs: FileSystem,
    private readonly queue: JobQueue,
    private readonly logger: Logger,
  ) {}

  /**
   * Loads every walkthrough of the workspace folders. With `first` (the open editors' files, asked
   * once the walkthrough files are found), the walkthroughs that name them resolve before the
   * rest, and `servedEarly` can answer for those files while the rest loads.
   */
  load(first?: () => readonly string[] | Promise<readonly string[]>): Promise<void> {
    let done!: () => void;
    const early: EarlyLoad = { files: new Set(), ready: new Promise<void>((resolve) => (done = resolve)) };
    this.early = first ? early : undefined;
    return this.queue.run('load', async () => {
      try {
        await this.engine.loadAll(
          first
            ? {
                first: async () => {
                  const files = await first();
                  early.files = new Set(files);
                  return files;
                },
                onFirst: () => done(),
              }
            : {},
        );
      } finally {
        done();
        if (this.early === early) this.early = undefined;
      }
      for (const folder of this.engine.truncatedScans) {
        this.logger.error(`Stopped looking for walkthroughs in ${folder} after ${this.engine.scanLimit} files: walkthroughs further on are not shown.`);
      }
      return this.engine.list().map((w) => w.file);
    });
  }

  /**
   * While the first load runs: waits until the walkthroughs that name `file` are resolved and says
   * whether they were (the file was open when the load began). False once the load is over, or
   * for any other file: those requests wait for the load.
   */
  async servedEarly(file: string): Promise<boolean> {
    const early = this.early;
    if (!early) return false;
    await early.ready;
    return this.early === early && early.files.has(file);
  }

  private early: EarlyLoad | undefined;

  /** Which files are walkthroughs changed (setting `walkthroughs.files`): reload everything. */
  setWalkthroughGlobs(globs: string[] | undefined): Promise<void> {
    return this.reload('walkthrough globs', () => this.engine.setWalkthroughGlobs(globs));
  }

  setFolders(folders: string[]): Promise<void> {
    return this.reload('workspace folders', () => this.engine.setFolders(folders));
  }

  /** node_modules, .git, dist, … inside a workspace folder are never walkthrough material. */
  isIgnored(file: string): boolean {
    return isIgnoredIn(this.engine.getFolders(), file);
  }

  /** Files changed on disk (workspace/didChangeWatchedFiles). */
  filesChanged(events: Array<{ file: string; kind: FileEventKind }>): Promise<void> {
    return this.queue.run('watched files', async () => {
      const targets = new Set<string>();
      let gitMoved = false;
      for (const { file, kind } of events) {
        if (this.isIgnored(file)) {
          // A commit or checkout: CodeTour tours read their code's history again (cached per HEAD).
          if (/\/\.git\/(?:HEAD|packed-refs|refs\/.+)$/.test(file)) gitMoved = true;
          continue;
        }
        targets.add(file);
        if (kind === 'changed') continue;
        // A created or deleted folder stands for everything inside it that the engine knows or should know.
        for (const walkthrough of this.engine.list()) {
          if (isInside(file, walkthrough.file) && walkthrough.file !== file) targets.add(walkthrough.file);
          for (const dependency of walkthrough.dependencies) if (dependency !== file && isInside(file, dependency)) targets.add(dependency);
        }
        if (kind === 'created' && (await this.isDirectory(file))) {
          for (const found of await findFiles(this.fs, file, (f) => this.engine.isWalkthrough(f))) targets.add(found);
        }
      }
      const affected = new Set<string>();
      for (const target of targets) for (const w of await this.engine.fileChanged(target)) affected.add(w);
      if (gitMoved) for (const w of await this.engine.gitMoved()) affected.add(w);
      return [...affected];
    });
  }

  private async isDirectory(file: string): Promise<boolean> {
    if (this.fs.isDirectory) return this.fs.isDirectory(file);
    // A file system without the check: a folder is whatever lists entries.
    return (await this.fs.readDirectory(file)).length > 0;
  }

  private reload(what: string, change: () => void): Promise<void> {
    return this.queue.run(what, async () => {
      const before = this.engine.list().map((w) => w.file);
      change();
      await this.engine.loadAll();
      return [...new Set([...before, ...this.engine.list().map((w) => w.file)])];
    });
  }
}

export function isIgnoredIn(folders: readonly string[], file: string): boolean {
  const folder = innermostFolder(folders, file);
  if (folder === undefined) return false;
  return relativePath(folder, file)
    .split('/')
    .some((segment) => IGNORED_FOLDERS.has(segment));
}
