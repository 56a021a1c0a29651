/**
 * How well a file's path fits the path a step was written for, on a checkout with another layout:
 * `mxshop-api/order-web/api/order/order.go` for `order_web/api/order.go`. Pure: no I/O.
 *
 * Paths are compared by segments, case-insensitively and ignoring `-` and `_`; the step's
 * segments are matched from the end, in order, each one anywhere further up the candidate's path
 * (extra folders in between are fine). A matching folder weighs more than a matching file name:
 * a declaration that moved to another file of the same package stays closer than a file of the
 * same name in another service.
 */

const FOLDER_WEIGHT = 2;
const FILE_WEIGHT = 1;

function segments(relative: string): string[] {
  return relative
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .map((s) => s.toLowerCase().replace(/[-_]/g, ''));
}

export interface Affinity {
  score: number;
  /** Every segment of the wanted path was found, file name included. */
  complete: boolean;
}

/** `wanted` and `candidate` are relative to the same root. */
export function pathAffinity(wanted: string, candidate: string): Affinity {
  const want = segments(wanted);
  const have = segments(candidate);
  let score = 0;
  let matched = 0;
  let j = have.length - 1;
  for (let i = want.length - 1; i >= 0; i--) {
    const isFile = i === want.length - 1;
    if (isFile) {
      // The file name only matches the candidate's own file name.
      if (have[j] === want[i]) {
        score += FILE_WEIGHT;
        matched++;
      }
      j--;
      continue;
    }
    let k = j;
    while (k >= 0 && have[k] !== want[i]) k--;
    if (k >= 0) {
      score += FOLDER_WEIGHT;
      matched++;
      j = k - 1;
    }
  }
  return { score, complete: want.length > 0 && matched === want.length };
}

/** The single candidate with the highest score, or undefined when none scores or the best is tied. */
export function uniqueBest<T>(candidates: readonly T[], score: (candidate: T) => number): T | undefined {
  let best: T | undefined;
  let bestScore = -Infinity;
  let tied = false;
  for (const candidate of candidates) {
    const s = score(candidate);
    if (s > bestScore) {
      best = candidate;
      bestScore = s;
      tied = false;
    } else if (s === bestScore) {
      tied = true;
    }
  }
  return tied ? undefined : best;
}
