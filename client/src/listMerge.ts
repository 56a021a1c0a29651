// Applying a `walkthroughs/didChange` delta to the client's list (pure: no vscode).
import type { WalkthroughSummary } from '../../common/src/protocol';

/**
 * Replaces the refetched walkthroughs where they were and drops the removed ones (and those
 * asked for but no longer there). New ones, which the server announces as a full change, go last.
 */
export function merge(items: readonly WalkthroughSummary[], fetched: readonly WalkthroughSummary[], asked: readonly string[], removed: ReadonlySet<string>): WalkthroughSummary[] {
  const byUri = new Map(fetched.map((w) => [w.uri, w]));
  const gone = new Set([...removed, ...asked.filter((uri) => !byUri.has(uri))]);
  const result: WalkthroughSummary[] = [];
  for (const item of items) {
    if (gone.has(item.uri)) continue;
    const fresh = byUri.get(item.uri);
    result.push(fresh ?? item);
    byUri.delete(item.uri);
  }
  return [...result, ...byUri.values()];
}
