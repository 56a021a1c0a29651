/**
 * What the parse cache (symbols/parseCache.ts) and the result cache (resultCache.ts) share: the
 * store they write through, its bound, and the envelope of an entry.
 *
 * An entry is one line of header (JSON) and a body (JSON). The header names what the entry is
 * for (a magic, a format, this program's version, the key it was asked under, and whatever else
 * the cache keys on) and vouches for the body by its length and digest. `openEntry` trusts an
 * entry only when every expected header field matches and the body is intact: a truncated,
 * corrupt, foreign or other-version entry reads as no entry, and the cache writes it afresh.
 */

/** Where entries live. Every method may fail (a full disk, a read-only folder): the cache then does without. */
export interface CacheStore {
  /** The entry's text, or undefined when there is none. A hit may count as a use (for `trim`). */
  read(name: string): Promise<string | undefined>;
  /** Creates or replaces the entry atomically: a reader sees the old text or the new, never a part. */
  write(name: string, text: string): Promise<void>;
  /** Every entry, with its size in bytes and when it was last written or read (ms since the epoch). */
  list(): Promise<Array<{ name: string; bytes: number; usedAt: number }>>;
  remove(name: string): Promise<void>;
  /** A hex digest of `text` that collisions cannot be made for in practice (SHA-256 on Node). */
  digest(text: string): string;
}

/** The stored text of entry `name`, or undefined when there is none or the store fails to read it. */
export async function readStored(store: Pick<CacheStore, 'read'>, name: string): Promise<string | undefined> {
  try {
    return await store.read(name);
  } catch {
    return undefined;
  }
}

/** Header fields an entry is keyed and checked on (besides the body's length and digest). */
export type EntryFields = Readonly<Record<string, string | number | boolean>>;

/** The text of an entry holding `value` (as JSON) under a header of `fields`. */
export function sealEntry(store: Pick<CacheStore, 'digest'>, fields: EntryFields, value: unknown): string {
  const body = JSON.stringify(value);
  return `${JSON.stringify({ ...fields, bodyLength: body.length, bodyDigest: store.digest(body) })}\n${body}`;
}

/**
 * The header and the parsed body of a stored entry, when its header has every field of `expected`
 * with the same value and its body has the length and digest the header says; else undefined.
 * The body's shape is the caller's to check (the digest vouches for the bytes, not for the program
 * that wrote them).
 */
export function openEntry(store: Pick<CacheStore, 'digest'>, stored: string, expected: EntryFields): { header: Record<string, unknown>; value: unknown } | undefined {
  const newline = stored.indexOf('\n');
  if (newline === -1) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(stored.slice(0, newline));
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return undefined;
  const fields = header as Record<string, unknown>;
  for (const [name, value] of Object.entries(expected)) if (fields[name] !== value) return undefined;
  const body = stored.slice(newline + 1);
  if (body.length !== fields.bodyLength || store.digest(body) !== fields.bodyDigest) return undefined;
  try {
    return { header: fields, value: JSON.parse(body) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * Removes a store's least recently used entries until it holds at most `maxBytes` (the parse
 * cache's and the result cache's bound); counts them in `stats.evicted` and leaves the size in
 * `stats.bytes`. A store that cannot be listed is left as it is.
 */
export async function trimStore(store: CacheStore, maxBytes: number, stats: { evicted: number; bytes?: number }): Promise<void> {
  let entries: Array<{ name: string; bytes: number; usedAt: number }>;
  try {
    entries = await store.list();
  } catch {
    return;
  }
  let total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  if (total > maxBytes) {
    entries.sort((a, b) => a.usedAt - b.usedAt || a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (total <= maxBytes) break;
      try {
        await store.remove(entry.name);
        total -= entry.bytes;
        stats.evicted++;
      } catch {
        // Removed meanwhile by another run, or not removable: the next trim tries again.
      }
    }
  }
  stats.bytes = total;
}
