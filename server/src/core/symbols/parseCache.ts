/**
 * Parses remembered across runs (issue 25): per file, what resolution reads from the parse tree
 * (a `FileSymbols`: declarations, syntax errors and, when computed, the facts of facts.ts), keyed
 * by the file's content, the grammar and this program's version. A second `walkthrough check` in
 * CI, or a second opening of a workspace, reads these instead of parsing again.
 *
 * Storage goes through `ParseCacheStore`, which the caller gives (the CLI a folder, the server the
 * extension's workspace storage; server/src/parseCacheStore.ts is the one on disk): nothing here
 * touches a file system, and without a store there is no cache (the browser build, in-process tests).
 *
 * An entry is never trusted: one whose header names another format, version or grammar, whose
 * body has another length or digest than the header says (truncated, corrupt), or whose content
 * key differs from the one asked for, is ignored (counted as `rejected`) and written afresh after
 * the parse. The store is bounded: `trim` removes the least recently used entries beyond `maxBytes`.
 *
 * Each entry is written at most once per run: an entry with facts as soon as it is made (nothing
 * can add to it), one without facts only when the run settles or nothing has asked for a while
 * (`holdMs`), since a later step often parses the same text with facts and would rewrite it.
 */
import { dependencies, version } from '../../../../package.json';
import { openEntry, readStored, sealEntry, trimStore, type CacheStore } from '../cacheEntry';
import type { LanguageSpec } from './languages';
import type { FileSymbols } from './types';

/** Bump when what an entry holds, or how declarations and facts are computed, changes. */
export const PARSE_CACHE_FORMAT = 1;
/** Default bound of a cache folder. */
export const PARSE_CACHE_MAX_BYTES = 64 * 1024 * 1024;
/** A long session (a server open for days, every edited version a new entry) trims itself after this many writes. */
export const TRIM_EVERY_WRITES = 4096;
/** An entry without facts waits this long after the last one put before the held entries are written. */
export const HOLD_MS = 2000;
/** At most this many entries without facts wait; beyond, the oldest is written. */
export const HOLD_MAX = 4096;
/** Keys remembered as written in this run (a long session forgets them all beyond this; at worst one more write). */
const WRITTEN_MAX = 65536;
const MAGIC = 'cw-parse-cache';

/** Where parse cache entries live (core/cacheEntry.ts). */
export type ParseCacheStore = CacheStore;

export interface ParseCacheStats {
  hits: number;
  misses: number;
  /** Entries found but not trusted (corrupt, truncated, another version or grammar): parsed again and rewritten. */
  rejected: number;
  writes: number;
  /** Writes that failed (the run goes on without them). */
  writeFailures: number;
  /** Entries removed by `trim` to stay within `maxBytes`. */
  evicted: number;
  /** The store's size after the last `trim` (undefined before one). */
  bytes?: number;
  maxBytes: number;
}

export class ParseCache {
  readonly stats: ParseCacheStats;
  private readonly maxBytes: number;
  private readonly ourVersion: string;
  private readonly trimEvery: number;
  private readonly pending = new Set<Promise<void>>();
  /** The last write of each key under way: the next write of that key waits for it. */
  private readonly writing = new Map<string, Promise<void>>();
  /** Keys written (or being written) in this run: true when with facts. */
  private readonly written = new Map<string, boolean>();
  /** Entries without facts not written yet, oldest first. */
  private readonly held = new Map<string, { language: LanguageSpec; result: FileSymbols }>();
  private holdTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly holdMs: number;
  /** The version string of each language's grammar, built once. */
  private readonly grammars = new Map<string, string>();

  constructor(
    private readonly store: ParseCacheStore,
    options: { maxBytes?: number; version?: string; trimEveryWrites?: number; holdMs?: number } = {},
  ) {
    this.holdMs = options.holdMs ?? HOLD_MS;
    this.maxBytes = options.maxBytes ?? PARSE_CACHE_MAX_BYTES;
    this.trimEvery = options.trimEveryWrites ?? TRIM_EVERY_WRITES;
    this.ourVersion = options.version ?? version;
    this.stats = { hits: 0, misses: 0, rejected: 0, writes: 0, writeFailures: 0, evicted: 0, maxBytes: this.maxBytes };
  }

  /** The remembered parse of `text` in `language` (with facts when `facts`), or undefined. */
  async get(language: LanguageSpec, text: string, facts: boolean): Promise<FileSymbols | undefined> {
    const key = this.key(language, text);
    const stored = await readStored(this.store, key);
    if (stored === undefined) {
      this.stats.misses++;
      return undefined;
    }
    const decoded = this.decode(stored, language, key);
    if (!decoded) {
      this.stats.rejected++;
      this.stats.misses++;
      return undefined;
    }
    // An entry without facts does not answer a question about them: parsed again, then rewritten with them.
    if (facts && !decoded.facts) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    return decoded;
  }

  /**
   * Remembers `result` as the parse of `text`; failures are counted, never thrown. Each key is
   * written at most once per run, with facts when any parse of it had them: an entry without facts
   * is held (see the header) and dropped when one with facts comes. Writes of one key happen in the
   * order asked, so an entry with facts is never replaced by one without.
   */
  put(language: LanguageSpec, text: string, result: FileSymbols): Promise<void> {
    const key = this.key(language, text);
    const written = this.written.get(key);
    if (written === true || (written === false && !result.facts)) return Promise.resolve();
    if (!result.facts) {
      if (!this.held.has(key)) this.held.set(key, { language, result });
      if (this.held.size > HOLD_MAX) this.release(this.held.keys().next().value!);
      this.armHold();
      return Promise.resolve();
    }
    this.held.delete(key);
    return this.write(key, language, result);
  }

  private write(key: string, language: LanguageSpec, result: FileSymbols): Promise<void> {
    if (this.written.size >= WRITTEN_MAX) this.written.clear();
    this.written.set(key, result.facts !== undefined);
    const encoded = this.encode(language, key, result);
    const previous = this.writing.get(key) ?? Promise.resolve();
    const write = previous.then(() => this.store.write(key, encoded)).then(
      () => {
        this.stats.writes++;
        if (this.stats.writes % this.trimEvery === 0) void this.trim();
      },
      () => void this.stats.writeFailures++,
    );
    this.writing.set(key, write);
    this.pending.add(write);
    return write.finally(() => {
      this.pending.delete(write);
      if (this.writing.get(key) === write) this.writing.delete(key);
    });
  }

  /** Writes the held entry of `key`. */
  private release(key: string): void {
    const entry = this.held.get(key);
    if (!entry) return;
    this.held.delete(key);
    void this.write(key, entry.language, entry.result);
  }

  /** Writes every held entry once no entry without facts has come for `holdMs`. */
  private armHold(): void {
    if (this.holdTimer !== undefined) clearTimeout(this.holdTimer);
    this.holdTimer = setTimeout(() => {
      this.holdTimer = undefined;
      this.releaseAll();
    }, this.holdMs);
    // Never keeps a process alive: the CLI settles before it exits.
    (this.holdTimer as { unref?: () => void }).unref?.();
  }

  private releaseAll(): void {
    if (this.holdTimer !== undefined) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    for (const key of [...this.held.keys()]) this.release(key);
  }

  /** Writes the held entries, then resolves once the writes under way are done. */
  async settle(): Promise<void> {
    this.releaseAll();
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Removes the least recently used entries until the store holds at most `maxBytes`. */
  async trim(): Promise<void> {
    await trimStore(this.store, this.maxBytes, this.stats);
  }

  /** The entry name: a digest of everything the parse depends on. */
  key(language: LanguageSpec, text: string): string {
    return this.store.digest(`${MAGIC}\u0000${PARSE_CACHE_FORMAT}\u0000${this.ourVersion}\u0000${this.grammarOf(language)}\u0000${text}`);
  }

  private grammarOf(language: LanguageSpec): string {
    let grammar = this.grammars.get(language.id);
    if (grammar === undefined) {
      const deps = dependencies as Record<string, string | undefined>;
      const grammarPackage = language.grammarPackage.split('/').slice(0, language.grammarPackage.startsWith('@') ? 2 : 1).join('/');
      grammar = `${language.id}:${language.wasm}:${grammarPackage}@${deps[grammarPackage] ?? '?'}:web-tree-sitter@${deps['web-tree-sitter'] ?? '?'}`;
      this.grammars.set(language.id, grammar);
    }
    return grammar;
  }

  /** What an entry's header must say to be used for `key` (core/cacheEntry.ts). */
  private fields(language: LanguageSpec, key: string): { magic: string; format: number; version: string; grammar: string; key: string } {
    return { magic: MAGIC, format: PARSE_CACHE_FORMAT, version: this.ourVersion, grammar: this.grammarOf(language), key };
  }

  private encode(language: LanguageSpec, key: string, result: FileSymbols): string {
    return sealEntry(this.store, { ...this.fields(language, key), facts: result.facts !== undefined }, result);
  }

  private decode(stored: string, language: LanguageSpec, key: string): FileSymbols | undefined {
    const entry = openEntry(this.store, stored, this.fields(language, key));
    return entry && isFileSymbols(entry.value) && (entry.value.facts !== undefined) === entry.header.facts ? entry.value : undefined;
  }
}

/** The shape of a FileSymbols, checked before use (the digest already vouches for the bytes). */
function isFileSymbols(value: unknown): value is FileSymbols {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<FileSymbols>;
  if (!Array.isArray(v.symbols) || typeof v.hasErrors !== 'boolean' || !Array.isArray(v.errorLines)) return false;
  if (!v.symbols.every((s) => typeof s === 'object' && s !== null && typeof s.name === 'string' && typeof s.kind === 'string' && typeof s.span?.start === 'number' && typeof s.span?.end === 'number')) return false;
  if (!v.errorLines.every((line) => Number.isInteger(line))) return false;
  if (v.facts !== undefined) {
    const f = v.facts;
    if (typeof f !== 'object' || f === null) return false;
    for (const list of [f.inertLines, f.inertStarts, f.calls, f.constructions, f.bindings, f.selfNames, f.ownModule]) if (!Array.isArray(list)) return false;
    if (typeof f.implicitSelf !== 'boolean') return false;
  }
  return true;
}
