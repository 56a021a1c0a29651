// A CodeTour tour converted to a walkthrough is usually kept for colleagues still on CodeTour;
// the walkthrough names it in `convertedFrom`. Such a tour is listed once — as the walkthrough —
// in the sidebar, quick picks and practice counts, unless the user asks to see both
// (`walkthroughs.codeTour.showConvertedTours`). Pure, unit-tested.
import type { WalkthroughSummary } from '../../common/src/protocol';

/** The same file's URI however it was spelled (percent-encoding, drive-letter case). */
function sameFile(uri: string): string {
  let decoded = uri;
  try {
    decoded = decodeURIComponent(uri);
  } catch {
    // Not percent-encoded text: compared as it is.
  }
  return decoded.replace(/^file:\/\/\/([A-Za-z]):/, (_m, drive: string) => `file:///${drive.toLowerCase()}:`);
}

/** The tours some other listed walkthrough was converted from. */
export function convertedSources(items: readonly WalkthroughSummary[]): Set<string> {
  const sources = new Set<string>();
  for (const item of items) if (item.convertedFrom && item.format !== 'codetour') sources.add(sameFile(item.convertedFrom));
  return sources;
}

/** `items` without the CodeTour tours that a listed walkthrough was converted from (all of them when `showBoth`). */
export function hideConvertedSources(items: readonly WalkthroughSummary[], showBoth: boolean): readonly WalkthroughSummary[] {
  if (showBoth) return items;
  const sources = convertedSources(items);
  if (sources.size === 0) return items;
  return items.filter((item) => item.format !== 'codetour' || !sources.has(sameFile(item.uri)));
}
