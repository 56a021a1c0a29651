/**
 * The language server's symbol layer on Node (server.ts injects it into startServer): parses kept
 * between sessions in the folder the client gives (VS Code: the extension's workspace storage),
 * and parse workers (parsePool.ts: one per core beyond the first, at least one).
 */
import * as path from 'node:path';
import { ParseCache } from './core/symbols/parseCache';
import { SymbolIndex } from './core/symbols/symbolIndex';
import { NodeParseCacheStore } from './parseCacheStore';
import { defaultParseWorkers, ParsePool } from './parsePool';

/** A cache folder must be absolute: a relative one would depend on where the server was started. */
export function serverSymbols(cacheDir: string | undefined, workers = defaultParseWorkers()): SymbolIndex {
  const cache = cacheDir !== undefined && path.isAbsolute(cacheDir) ? new ParseCache(new NodeParseCacheStore(path.join(cacheDir, 'parses'))) : undefined;
  return new SymbolIndex({ ...(cache ? { cache } : {}), ...(workers > 0 ? { parser: new ParsePool(workers) } : {}) });
}
