/** Text similarity for fuzzy anchors: the Dice coefficient of character bigrams (0 … 1). */

export function bigrams(text: string): Map<string, number> {
  const compact = text.replace(/\s+/g, ' ');
  const counts = new Map<string, number>();
  for (let i = 0; i < compact.length - 1; i++) {
    const gram = compact.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

export function diceFromBigrams(a: Map<string, number>, b: Map<string, number>): number {
  let sizeA = 0;
  let sizeB = 0;
  let shared = 0;
  for (const count of a.values()) sizeA += count;
  for (const [gram, count] of b) {
    sizeB += count;
    const other = a.get(gram);
    if (other) shared += Math.min(other, count);
  }
  if (sizeA + sizeB === 0) return 1;
  return (2 * shared) / (sizeA + sizeB);
}

export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  return diceFromBigrams(bigrams(a), bigrams(b));
}

/**
 * Words that say nothing about which code a line is (Go's keywords and error-handling idiom, and
 * the commonest builtin types): `if err := tx.Commit().Error; err != nil {` and
 * `if err := mutex.Lock(); err != nil {` are 64 % alike by characters but share no other word.
 */
const BOILERPLATE = new Set([
  'if', 'else', 'for', 'range', 'return', 'func', 'var', 'const', 'type', 'struct', 'interface', 'map', 'chan', 'go',
  'defer', 'select', 'case', 'switch', 'default', 'break', 'continue', 'goto', 'fallthrough', 'package', 'import',
  'err', 'nil', 'ok', 'true', 'false', 'error', 'string', 'int', 'int32', 'int64', 'uint', 'uint32', 'uint64',
  'bool', 'byte', 'float32', 'float64', 'any', 'make', 'len', 'append', 'new',
]);

/** The words (identifiers, lower case) of a text that can tell one piece of code from another. */
export function contentWords(text: string): Map<string, number> {
  const words = new Map<string, number>();
  for (const match of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    const word = match[0].toLowerCase();
    if (BOILERPLATE.has(word) || word === '_') continue;
    words.set(word, (words.get(word) ?? 0) + 1);
  }
  return words;
}

/**
 * Dice coefficient of the content words of two texts (0 … 1); 1 when the anchor has none (a
 * line of punctuation or boilerplate only cannot be judged by its words).
 */
export function wordSimilarity(anchor: string, candidate: string): number {
  const a = contentWords(anchor);
  if (a.size === 0) return 1;
  const b = contentWords(candidate);
  let sizeA = 0;
  let sizeB = 0;
  let shared = 0;
  for (const count of a.values()) sizeA += count;
  for (const [word, count] of b) {
    sizeB += count;
    shared += Math.min(a.get(word) ?? 0, count);
  }
  return (2 * shared) / (sizeA + sizeB);
}
