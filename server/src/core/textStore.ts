/**
 * The texts the engine reads, and their versions: open-editor overlays over the disk, a bounded
 * cache of disk texts (least recently used dropped), reads under way shared by every step that
 * asks for the same file, parsed memos, and split lines of recently resolved texts.
 *
 * A file's version changes whenever it is reported changed (`changed`) and, for every file, at
 * `reset` (a full load reads the disk afresh). Steps remember the versions they read, so a step
 * is resolved again only when something it read changed. The tree version changes whenever a
 * file may have been created or deleted on disk (folder listings differ).
 */
import type { FileSystem } from './fileSystem';
import { parseMemo, type Memo } from './memo';
import { decodeText, MAX_FILE_BYTES, normalizeLine, splitLines, type TextResult } from './text';

/** Split texts kept (a file's lines, normalized lines and line index): the files being worked on, not all. */
const LINES_CACHE_SIZE = 64;
/**
 * Disk texts kept (least recently used dropped): steps keep their results by file version, not
 * by text, so a text is needed again only when its file changes or a feature asks (then re-read).
 */
export const TEXT_CACHE_FILES = 1024;

export interface SplitText {
  lines: string[];
  normalized: string[];
}

export class TextStore {
  private readonly overlays = new Map<string, string>();
  private readonly texts = new Map<string, TextResult>();
  /** Reads under way, so that steps asking for the same file at once share one read. */
  private readonly reading = new Map<string, Promise<TextResult>>();
  private readonly memos = new Map<string, Memo | TextResult>();
  /** The text each memo was parsed from (a memo is a function of its file and text). */
  private readonly memoSources = new WeakMap<Memo, TextResult>();
  /** Split lines of recently resolved texts, by text (an edit is a new text, so it misses). */
  private readonly split = new Map<string, SplitText>();

  private clock = 1;
  private baseVersion = 1;
  private readonly versions = new Map<string, number>();
  private tree = 1;

  constructor(private readonly fs: FileSystem) {}

  /** The file's version: changes whenever the file is reported changed and at `reset`. */
  versionOf(file: string): number {
    return this.versions.get(file) ?? this.baseVersion;
  }

  /** Changes whenever a file may have been created or deleted on disk. */
  get treeVersion(): number {
    return this.tree;
  }

  /** Forgets every disk text and memo and gives every file a new version (overlays stay). */
  reset(): void {
    this.texts.clear();
    this.reading.clear();
    this.memos.clear();
    this.versions.clear();
    this.baseVersion = ++this.clock;
    this.tree = ++this.clock;
    this.fs.invalidate?.();
  }

  /** A file changed (on disk when `onDisk`, else in an overlay): a new version, its texts forgotten. */
  changed(file: string, onDisk: boolean): void {
    this.versions.set(file, ++this.clock);
    if (onDisk) {
      // Disk events may create or delete files (and folders may turn into links): listings and real paths may differ.
      this.tree = ++this.clock;
      this.fs.invalidate?.(file);
    }
    this.texts.delete(file);
    this.reading.delete(file);
    this.memos.delete(file);
  }

  /** An editor buffer's text replaces the file on disk until `closeOverlay` (call `changed` too). */
  setOverlay(file: string, text: string): void {
    this.overlays.set(file, text);
  }

  closeOverlay(file: string): void {
    this.overlays.delete(file);
  }

  /** The text the engine sees for a file: an overlay, else the disk. Cached until the file changes. */
  read(file: string): Promise<TextResult> {
    const overlay = this.overlays.get(file);
    if (overlay !== undefined) return Promise.resolve({ kind: 'text', text: overlay });
    const cached = this.texts.get(file);
    if (cached) {
      // Most recently used last: the first entries are the ones to drop.
      this.texts.delete(file);
      this.texts.set(file, cached);
      return Promise.resolve(cached);
    }
    const pending = this.reading.get(file);
    if (pending) return pending;
    const version = this.versionOf(file);
    const read: Promise<TextResult> = this.readDisk(file).then((result) => {
      if (this.reading.get(file) === read) {
        this.reading.delete(file);
        // A change reported while the read was under way makes it stale: use it once, do not keep it.
        if (this.versionOf(file) === version) {
          this.texts.set(file, result);
          if (this.texts.size > TEXT_CACHE_FILES) this.texts.delete(this.texts.keys().next().value!);
        }
      }
      return result;
    });
    this.reading.set(file, read);
    return read;
  }

  /**
   * The text `read` would give, without keeping it when it is not kept already: for a caller that
   * only digests it (the result cache's check of a walkthrough's inputs). Thousands of code texts
   * kept only to be hashed once survived young-generation collections and cost more GC than reading.
   */
  readTransient(file: string): Promise<TextResult> {
    const overlay = this.overlays.get(file);
    if (overlay !== undefined) return Promise.resolve({ kind: 'text', text: overlay });
    const cached = this.texts.get(file);
    if (cached) return Promise.resolve(cached);
    return this.reading.get(file) ?? this.readDisk(file);
  }

  /** Whether `file` is read from an open buffer whose text differs from the disk (unsaved changes). */
  async isUnsaved(file: string): Promise<boolean> {
    const overlay = this.overlays.get(file);
    if (overlay === undefined) return false;
    const disk = await this.readDisk(file);
    return disk.kind !== 'text' || disk.text !== overlay;
  }

  /** The memo in `file`, parsed once per version. */
  async readMemo(file: string): Promise<Memo | TextResult> {
    let cached = this.memos.get(file);
    if (!cached) {
      const version = this.versionOf(file);
      const text = await this.read(file);
      const memo = text.kind === 'text' ? parseMemo(file, text.text) : text;
      if ('sections' in memo) this.memoSources.set(memo, text);
      if (this.versionOf(file) !== version) return memo;
      cached = this.memos.get(file) ?? memo;
      this.memos.set(file, cached);
    }
    return cached;
  }

  /** The text a memo from `readMemo` was parsed from (for a file that could not be read: why). */
  memoSource(memo: Memo | TextResult): TextResult | undefined {
    return 'sections' in memo ? this.memoSources.get(memo) : memo;
  }

  /** The text split into lines, raw and normalized; cached per text so 200 steps split once. */
  linesOf(text: string): SplitText {
    let entry = this.split.get(text);
    if (!entry) {
      const lines = splitLines(text);
      entry = { lines, normalized: lines.map(normalizeLine) };
      if (this.split.size >= LINES_CACHE_SIZE) this.split.delete(this.split.keys().next().value!);
      this.split.set(text, entry);
    }
    return entry;
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
}
