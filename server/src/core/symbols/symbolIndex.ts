/**
 * Parses code files on demand and caches their declarations: by file in memory, and by content
 * across runs when given a ParseCache (parseCache.ts). Parses run in this thread, or on a free
 * worker of a pool when one is given (never queued behind other parses: see `SymbolParser`).
 */
import { languageFor, type LanguageSpec } from './languages';
import type { ParseCache } from './parseCache';
import { parseFileSymbols, ParserSet } from './parseFile';
import type { FileSymbols, SymbolDecl } from './types';

export type SymbolLookup =
  | { kind: 'found'; symbol: SymbolDecl }
  | { kind: 'ambiguous'; symbols: SymbolDecl[] }
  | { kind: 'not-found'; available: string[] }
  | { kind: 'unsupported' };

/** Files whose declarations are kept (least recently used dropped): each entry holds the file's text. */
export const SYMBOL_CACHE_FILES = 1024;

/**
 * Parses off this thread (server/src/parsePool.ts: worker threads). `tryParse` gives undefined at
 * once when no worker is free: the caller then parses itself rather than wait in a queue, so a
 * request is never held behind a backlog of other files' parses.
 */
export interface SymbolParser {
  tryParse(language: LanguageSpec, text: string, facts: boolean, file?: string): Promise<FileSymbols | undefined | 'failed'> | undefined;
}

export interface SymbolIndexOptions {
  /** Parses remembered across runs; none by default. */
  cache?: ParseCache;
  /** Worker threads to parse on; none by default (everything parses in this thread). */
  parser?: SymbolParser;
}

export class SymbolIndex {
  private readonly cache = new Map<string, { text: string; result: FileSymbols }>();
  private readonly parsers = new ParserSet();
  private readonly stored: ParseCache | undefined;
  private readonly pool: SymbolParser | undefined;

  constructor(options: SymbolIndexOptions = {}) {
    this.stored = options.cache;
    this.pool = options.parser;
  }

  /** The parse cache's counters (hits, misses…), when there is one. */
  get cacheStats() {
    return this.stored?.stats;
  }

  supports(file: string): boolean {
    return languageFor(file) !== undefined;
  }

  /**
   * Declarations of `file` with content `text`; undefined for languages without a grammar. With
   * `facts`, also the parse-tree facts (facts.ts): computed with the parse, or by one more parse
   * when the cached result lacks them (most callers never need them: they cost half a parse).
   */
  async symbols(file: string, text: string, options: { facts?: boolean } = {}): Promise<FileSymbols | undefined> {
    const language = languageFor(file);
    if (!language) return undefined;
    const facts = options.facts === true;
    const cached = this.cache.get(file);
    if (cached && cached.text === text && (cached.result.facts || !facts)) {
      this.cache.delete(file);
      this.cache.set(file, cached);
      return cached.result;
    }
    // A file whose text changed since this index parsed it is being edited (typed in, or changed
    // under a running server): its next texts are no run's to see again, so the cache is neither
    // asked (a disk lookup per keystroke) nor filled (a file per keystroke).
    const stored = cached && cached.text !== text ? undefined : this.stored;
    const fromStore = stored ? await stored.get(language, text, facts) : undefined;
    const parsed = fromStore || (await this.parse(language, text, facts, file));
    if (!parsed) return undefined;
    const result = this.remember(file, text, parsed, facts);
    // What is kept for the next run is the remembered result, not this parse: two parses of one
    // file can be under way at once (one with facts, one without), and the one that finishes last
    // must not replace an entry with facts by one without.
    if (!fromStore && stored) void stored.put(language, text, result);
    return result;
  }

  private remember(file: string, text: string, parsed: FileSymbols, facts: boolean): FileSymbols {
    const current = this.cache.get(file);
    if (current && current.text === text) {
      if (facts && !current.result.facts && parsed.facts) {
        // The same result object, now with facts (lookups keyed by it stay valid).
        current.result.facts = parsed.facts;
      }
      if (current.result.facts || !facts) return current.result;
    }
    this.cache.delete(file);
    this.cache.set(file, { text, result: parsed });
    if (this.cache.size > SYMBOL_CACHE_FILES) this.cache.delete(this.cache.keys().next().value!);
    return parsed;
  }

  /** Parses on a free worker, else here. */
  private async parse(language: LanguageSpec, text: string, facts: boolean, file?: string): Promise<FileSymbols | undefined> {
    let result: FileSymbols | undefined;
    const offThread = this.pool?.tryParse(language, text, facts, file);
    const fromPool = offThread ? await offThread : 'failed';
    if (fromPool !== 'failed') result = fromPool;
    else {
      // A grammar that fails to load (a damaged install) leaves its language to text anchors.
      const parser = await this.parsers.get(language).catch(() => undefined);
      if (!parser) return undefined;
      result = parseFileSymbols(parser, language, text, facts);
    }
    return result;
  }

  async lookup(file: string, text: string, name: string): Promise<SymbolLookup> {
    const result = await this.symbols(file, text);
    if (!result) return { kind: 'unsupported' };
    const exact = byName(result).get(name) ?? [];
    // Without its enclosing namespaces or modules (`TourService.save` for `app.TourService.save`).
    const matches = exact.length > 0 ? exact : result.symbols.filter((symbol) => withoutNamespace(symbol, name));
    if (matches.length === 1) return { kind: 'found', symbol: matches[0]! };
    if (matches.length > 1) return { kind: 'ambiguous', symbols: matches };
    return { kind: 'not-found', available: result.symbols.map((symbol) => symbol.name) };
  }

  /** Methods named `.method` (any receiver), in declaration order: a renamed receiver is found by its method name. */
  async methodsNamed(file: string, text: string, method: string): Promise<SymbolDecl[]> {
    const result = await this.symbols(file, text);
    return result ? (byMethod(result).get(method) ?? []) : [];
  }

  forget(file: string): void {
    this.cache.delete(file);
  }

  /**
   * Waits for the parse cache's writes under way, then bounds its size when this run added to it
   * (the CLI calls this before it reports; the server after a load).
   */
  async flush(): Promise<void> {
    if (!this.stored) return;
    const writesBefore = this.trimmedAt;
    await this.stored.settle();
    this.trimmedAt = this.stored.stats.writes;
    if (this.stored.stats.writes > writesBefore) await this.stored.trim();
  }

  /** The cache's write count at the last trim. */
  private trimmedAt = 0;
}

/** `name` is the symbol's name without some of its leading namespaces (`Service.run` for `app.Service.run`). */
export function withoutNamespace(symbol: SymbolDecl, name: string): boolean {
  if (!symbol.namespace || !symbol.name.endsWith(`.${name}`)) return false;
  return symbol.name.length - name.length - 1 <= symbol.namespace.length;
}

/** Declarations by name (a Map, not a filter per lookup), built once per parse result. */
const byNameCache = new WeakMap<FileSymbols, Map<string, SymbolDecl[]>>();
const byMethodCache = new WeakMap<FileSymbols, Map<string, SymbolDecl[]>>();

function group(symbols: readonly SymbolDecl[], keyOf: (symbol: SymbolDecl) => string | undefined): Map<string, SymbolDecl[]> {
  const index = new Map<string, SymbolDecl[]>();
  for (const symbol of symbols) {
    const key = keyOf(symbol);
    if (key === undefined) continue;
    const same = index.get(key);
    if (same) same.push(symbol);
    else index.set(key, [symbol]);
  }
  return index;
}

function byName(result: FileSymbols): Map<string, SymbolDecl[]> {
  let index = byNameCache.get(result);
  if (!index) byNameCache.set(result, (index = group(result.symbols, (s) => s.name)));
  return index;
}

function byMethod(result: FileSymbols): Map<string, SymbolDecl[]> {
  let index = byMethodCache.get(result);
  if (!index) byMethodCache.set(result, (index = group(result.symbols, (s) => (s.kind === 'method' && s.name.includes('.') ? s.name.slice(s.name.lastIndexOf('.')) : undefined))));
  return index;
}
