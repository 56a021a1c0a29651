/**
 * Walkthrough results remembered across runs of `walkthrough check` (issue 25): a second check in
 * CI reads an unchanged walkthrough's statuses and diagnostics instead of parsing its YAML and
 * resolving its steps again.
 *
 * An entry is found by a digest of everything a walkthrough's result can depend on before it is
 * resolved: its path and text, the engine's options (folders, root override, parse mode), the
 * message language and this program's version. It holds the result and, for each input its
 * resolution read, a fingerprint of exactly what was read: a code file's text (or why it could not
 * be read), a memo as parsed, a folder listing (a search for a moved or missing file), raw bytes.
 * The engine reuses the entry only when every one of those inputs reads the same now; else it
 * resolves the walkthrough and writes a new entry. So an entry can never be stale: a changed code
 * file, memo or walkthrough, a new file a search would now find, a deleted file, all change a
 * fingerprint or the key.
 *
 * An entry is never trusted: another format or version, a body of another length or digest than
 * its header says (truncated, corrupt), another key, or a body of the wrong shape is ignored
 * (counted as `rejected`) and written afresh. Writes are atomic (the store's); the folder is
 * bounded (`trim`, least recently used first). Storage goes through the same `CacheStore` as
 * parses (server/src/parseCacheStore.ts on disk), in a folder of its own.
 *
 * What is restored is what `walkthrough check` reports, not the whole parsed walkthrough: the
 * walkthrough's id, title, next, primary, practice and their ranges (cross-file diagnostics), each step's
 * id, index and file as written, and each resolved step's status, file, range and title. An
 * engine given a result cache serves `check` (and `--changed`), not editor features or `--fix`.
 */
import { version } from '../../../package.json';
import { openEntry, readStored, sealEntry, trimStore, type CacheStore } from './cacheEntry';
import type { LoadedWalkthrough } from './walkthroughIndex';
import type { ResolvedStep } from './resolveStep';
import type { StepSpec, WalkthroughSpec } from './format/parseWalkthrough';
import type { Diagnostic } from './types';

/** Bump when what an entry holds, or how results are computed from their inputs, changes. */
export const RESULT_CACHE_FORMAT = 3;
/** Default bound of a result cache folder. */
export const RESULT_CACHE_MAX_BYTES = 32 * 1024 * 1024;
const MAGIC = 'cw-result-cache';

/**
 * One input a resolution read: `t` a text (readText), `m` a parsed memo (readMemo), `d` a folder
 * listing, `b` raw bytes (fs.readFile); the path; the fingerprint of what was read.
 */
export type ResultInput = [kind: 't' | 'm' | 'd' | 'b', path: string, fingerprint: string];

export interface ResultCacheStats {
  /** Walkthroughs reused: their entry was found, trusted, and every input read the same. */
  hits: number;
  /** Walkthroughs resolved: no entry, an untrusted one, or an input changed. */
  misses: number;
  /** Entries found whose inputs changed since (resolved again, a new entry written). */
  changed: number;
  /** Entries found but not trusted (corrupt, truncated, another version): resolved again and rewritten. */
  rejected: number;
  writes: number;
  writeFailures: number;
  evicted: number;
  /** The folder's size after the last `trim` (undefined before one). */
  bytes?: number;
  maxBytes: number;
}

/** The stored walkthrough: what `check` reads of a LoadedWalkthrough (see the file comment). */
interface StoredWalkthrough {
  spec: {
    file: string;
    id: string;
    title: string;
    primary: boolean;
    practice: boolean;
    next?: string;
    range: WalkthroughSpec['range'];
    spans: Pick<WalkthroughSpec['spans'], 'id' | 'title' | 'next' | 'primary'>;
    steps: Array<Pick<StepSpec, 'index' | 'id' | 'file'>>;
  };
  folder: string;
  root: string;
  memoFile?: string;
  steps: Array<Pick<ResolvedStep, 'walkthroughFile' | 'status' | 'statusMessage' | 'file' | 'span' | 'title' | 'contentOnly' | 'memoFile'> & { specIndex: number }>;
  ownDiagnostics: Diagnostic[];
  dependencies: string[];
  scanning: boolean;
}

interface Body {
  inputs: ResultInput[];
  walkthrough: StoredWalkthrough;
}

/** A found entry: the walkthrough to restore once every input is seen to read the same. */
export interface ResultEntry {
  inputs: readonly ResultInput[];
  restore(): { walkthrough: LoadedWalkthrough; scanning: boolean };
}

export class ResultCache {
  readonly stats: ResultCacheStats;
  private readonly maxBytes: number;
  private readonly ourVersion: string;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: CacheStore,
    options: { maxBytes?: number; version?: string } = {},
  ) {
    this.maxBytes = options.maxBytes ?? RESULT_CACHE_MAX_BYTES;
    this.ourVersion = options.version ?? version;
    this.stats = { hits: 0, misses: 0, changed: 0, rejected: 0, writes: 0, writeFailures: 0, evicted: 0, maxBytes: this.maxBytes };
  }

  /** A digest of `text` (the store's: SHA-256 on Node). */
  digest(text: string): string {
    return this.store.digest(text);
  }

  /** The entry name of a walkthrough: everything its result depends on before it is resolved. */
  key(file: string, text: string, context: string): string {
    return this.store.digest(`${MAGIC}\u0000${RESULT_CACHE_FORMAT}\u0000${this.ourVersion}\u0000${context}\u0000${file}\u0000${text}`);
  }

  /** The trusted entry under `key`, or undefined (counted as a miss; the caller counts hits). */
  async get(key: string): Promise<ResultEntry | undefined> {
    const stored = await readStored(this.store, key);
    if (stored === undefined) {
      this.stats.misses++;
      return undefined;
    }
    const body = this.decode(stored, key);
    if (!body) {
      this.stats.rejected++;
      this.stats.misses++;
      return undefined;
    }
    return { inputs: body.inputs, restore: () => restore(body.walkthrough) };
  }

  /** The entry was found but an input reads differently now. */
  noteChanged(): void {
    this.stats.changed++;
    this.stats.misses++;
  }

  noteHit(): void {
    this.stats.hits++;
  }

  /** Remembers a walkthrough's result and the inputs it read; failures are counted, never thrown. */
  put(key: string, walkthrough: LoadedWalkthrough, scanning: boolean, inputs: ResultInput[]): void {
    const write = this.store.write(key, sealEntry(this.store, this.fields(key), { inputs, walkthrough: store(walkthrough, scanning) } satisfies Body)).then(
      () => void this.stats.writes++,
      () => void this.stats.writeFailures++,
    );
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  /** Waits for the writes under way, then bounds the folder. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    await this.trim();
  }

  /** Removes the least recently used entries until the store holds at most `maxBytes`. */
  async trim(): Promise<void> {
    await trimStore(this.store, this.maxBytes, this.stats);
  }

  /** What an entry's header must say to be used for `key` (core/cacheEntry.ts). */
  private fields(key: string): { magic: string; format: number; version: string; key: string } {
    return { magic: MAGIC, format: RESULT_CACHE_FORMAT, version: this.ourVersion, key };
  }

  private decode(stored: string, key: string): Body | undefined {
    const entry = openEntry(this.store, stored, this.fields(key));
    return entry && isBody(entry.value) ? entry.value : undefined;
  }
}

function store(w: LoadedWalkthrough, scanning: boolean): StoredWalkthrough {
  const { spec } = w;
  return {
    spec: {
      file: spec.file,
      id: spec.id,
      title: spec.title,
      primary: spec.primary,
      practice: spec.practice,
      ...(spec.next !== undefined ? { next: spec.next } : {}),
      range: spec.range,
      spans: { ...(spec.spans.id ? { id: spec.spans.id } : {}), ...(spec.spans.title ? { title: spec.spans.title } : {}), ...(spec.spans.next ? { next: spec.spans.next } : {}), ...(spec.spans.primary ? { primary: spec.spans.primary } : {}) },
      steps: spec.steps.map((s) => ({ index: s.index, id: s.id, ...(s.file !== undefined ? { file: s.file } : {}) })),
    },
    folder: w.folder,
    root: w.root,
    ...(w.memoFile !== undefined ? { memoFile: w.memoFile } : {}),
    steps: w.steps.map((s) => ({
      specIndex: spec.steps.indexOf(s.spec),
      walkthroughFile: s.walkthroughFile,
      status: s.status,
      ...(s.statusMessage !== undefined ? { statusMessage: s.statusMessage } : {}),
      ...(s.file !== undefined ? { file: s.file } : {}),
      ...(s.span !== undefined ? { span: s.span } : {}),
      title: s.title,
      contentOnly: s.contentOnly,
      ...(s.memoFile !== undefined ? { memoFile: s.memoFile } : {}),
    })),
    ownDiagnostics: w.ownDiagnostics,
    dependencies: [...w.dependencies],
    scanning,
  };
}

function restore(stored: StoredWalkthrough): { walkthrough: LoadedWalkthrough; scanning: boolean } {
  // What `check` reads of a spec (see the file comment); the rest of a parsed spec is not kept.
  const spec = { ...stored.spec, steps: stored.spec.steps.map((step) => ({ ...step, spans: {} })), diagnostics: [] } as unknown as WalkthroughSpec;
  const steps = stored.steps.map(({ specIndex, ...step }) => ({ ...step, spec: spec.steps[specIndex]! }) as ResolvedStep);
  return {
    walkthrough: { spec, file: stored.spec.file, folder: stored.folder, root: stored.root, ...(stored.memoFile !== undefined ? { memoFile: stored.memoFile } : {}), steps, ownDiagnostics: stored.ownDiagnostics, dependencies: new Set(stored.dependencies) },
    scanning: stored.scanning,
  };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The shape of a body, checked before use (the digest already vouches for the bytes). */
function isBody(value: unknown): value is Body {
  if (!isObject(value) || !Array.isArray(value.inputs) || !isObject(value.walkthrough)) return false;
  if (!value.inputs.every((i) => Array.isArray(i) && i.length === 3 && ['t', 'm', 'd', 'b'].includes(i[0] as string) && isString(i[1]) && isString(i[2]))) return false;
  const w = value.walkthrough;
  const spec = w.spec;
  if (!isObject(spec) || !isString(spec.file) || !isString(spec.id) || !isString(spec.title) || typeof spec.primary !== 'boolean' || typeof spec.practice !== 'boolean' || !isObject(spec.spans) || !isObject(spec.range) || !Array.isArray(spec.steps)) return false;
  if (!spec.steps.every((s) => isObject(s) && Number.isInteger(s.index) && isString(s.id) && (s.file === undefined || isString(s.file)))) return false;
  if (!isString(w.folder) || !isString(w.root) || typeof w.scanning !== 'boolean' || !Array.isArray(w.ownDiagnostics) || !Array.isArray(w.dependencies) || !w.dependencies.every(isString)) return false;
  if (!w.ownDiagnostics.every((d) => isObject(d) && isString(d.file) && isString(d.code) && isString(d.message) && isString(d.severity) && isObject(d.range))) return false;
  const count = spec.steps.length;
  return Array.isArray(w.steps) && w.steps.every((s) => isObject(s) && Number.isInteger(s.specIndex) && (s.specIndex as number) >= 0 && (s.specIndex as number) < count && isString(s.status) && isString(s.title) && isString(s.walkthroughFile));
}
