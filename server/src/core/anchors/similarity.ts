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
