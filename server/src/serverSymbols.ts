/**
 * The language server's symbol layer on Node (server.ts injects it into startServer): parses kept
 * between sessions in the folder the client gives (VS Code: the extension's workspace storage),
 * and parse workers (parsePool.ts: one per core beyond the first, at least one) that start for a
 * burst of parses (a load, a checkout: not the one parse after a keystroke, which the server does
 * faster itself) and end when idle, so the server keeps no parse thread and its grammar memory
 * once a load is done.
 */
import * as path from 'node:path';
import { ParseCache } from './core/symbols/parseCache';
import { SymbolIndex } from './core/symbols/symbolIndex';
import { NodeParseCacheStore } from './parseCacheStore';
import { defaultParseWorkers, ParsePool } from './parsePool';

/**
 * Workers start when parses of this many files are asked within a second (a load of a few hundred
 * files does; typing, which reparses the one file typed in, never does)...
 */
export const SERVER_PARSE_BURST = { parses: 32, withinMs: 1_000 };
/** ...and end after this long without one. */
export const SERVER_PARSE_IDLE_MS = 10_000;

/** A cache folder must be absolute: a relative one would depend on where the server was started. */
export function serverSymbols(cacheDir: string | undefined, workers = defaultParseWorkers()): SymbolIndex {
  const cache = cacheDir !== undefined && path.isAbsolute(cacheDir) ? new ParseCache(new NodeParseCacheStore(path.join(cacheDir, 'parses'))) : undefined;
  return new SymbolIndex({ ...(cache ? { cache } : {}), ...(workers > 0 ? { parser: new ParsePool(workers, undefined, { idleMs: SERVER_PARSE_IDLE_MS, burst: SERVER_PARSE_BURST }) } : {}) });
}
