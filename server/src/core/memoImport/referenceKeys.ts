/**
 * A stable key per memo reference, so that a re-import knows which steps it made before: the
 * reference's section, kind and text, and how many times the same reference came before it in
 * that section. Memo line numbers are left out (they move whenever the memo is edited), so a key
 * survives edits elsewhere in the memo, and the user's edits to the step itself.
 *
 * Keys are written into the walkthrough as comments (`# memo-ref <key>` on a step's `id`, and the
 * whole list, `# memo-refs …`, at the end of the file): they are not part of the format, and a
 * file without them is merged by location alone.
 */

/** `memo-ref 0123456789ab` in a comment on (or inside) a step. */
export const STEP_REF = /\bmemo-ref ([0-9a-f]{12})\b/;
/** `memo-refs k1 k2 …`: one line of the list of every reference imported last time. */
const RECORD_LINE = /^\s*memo-refs((?:\s+[0-9a-f]{12})*)\s*$/;
const PER_LINE = 8;

export class ReferenceKeys {
  private readonly seen = new Map<string, number>();

  /** The key of the next reference with this section, kind and text (memo order). */
  next(section: string | undefined, kind: string, reference: string): string {
    const base = `${section ?? ''}\u0000${kind}\u0000${reference}`;
    const count = this.seen.get(base) ?? 0;
    this.seen.set(base, count + 1);
    return hashKey(`${base}\u0000${count}`);
  }
}

/** 48 bits as 12 hex digits: two independent 32-bit FNV-1a lanes over the UTF-16 code units. */
export function hashKey(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c ^ (b >>> 15), 0x5bd1e995);
  }
  b ^= b >>> 13;
  return (a >>> 0).toString(16).padStart(8, '0') + ((b >>> 0) & 0xffff).toString(16).padStart(4, '0');
}

/** The keys listed in a document's closing comment, and the comment without those lines. */
export function readRecord(comment: string | null | undefined): { keys: Set<string>; rest: string[] } {
  const keys = new Set<string>();
  const rest: string[] = [];
  for (const line of (comment ?? '').split('\n')) {
    const m = RECORD_LINE.exec(line);
    if (!m) rest.push(line);
    else for (const key of m[1]!.trim().split(/\s+/)) if (key) keys.add(key);
  }
  while (rest.length > 0 && rest[rest.length - 1]!.trim() === '') rest.pop();
  return { keys, rest };
}

/** The closing comment: the user's own lines, then the keys, a few per line. */
export function writeRecord(rest: readonly string[], keys: Iterable<string>): string {
  const lines = [...rest];
  const all = [...new Set(keys)];
  for (let i = 0; i < all.length; i += PER_LINE) lines.push(` memo-refs ${all.slice(i, i + PER_LINE).join(' ')}`);
  return lines.join('\n');
}
