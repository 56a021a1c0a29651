/** Parses code files on demand and caches their declarations by content. */
import type { Node, Parser } from 'web-tree-sitter';
import { languageFor, type LanguageSpec } from './languages';
import { computeFacts, factRulesFor } from './facts';
import { createParser } from './parser';
import type { FileSymbols, SymbolDecl } from './types';

export type SymbolLookup =
  | { kind: 'found'; symbol: SymbolDecl }
  | { kind: 'ambiguous'; symbols: SymbolDecl[] }
  | { kind: 'not-found'; available: string[] }
  | { kind: 'unsupported' };

/** Files whose declarations are kept (least recently used dropped): each entry holds the file's text. */
export const SYMBOL_CACHE_FILES = 1024;

export class SymbolIndex {
  private readonly cache = new Map<string, { text: string; result: FileSymbols }>();
  private readonly parsers = new Map<string, Promise<Parser>>();

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
    const cached = this.cache.get(file);
    if (cached && cached.text === text && (cached.result.facts || !options.facts)) {
      this.cache.delete(file);
      this.cache.set(file, cached);
      return cached.result;
    }
    const parser = await this.parserFor(language);
    const tree = parser.parse(text);
    if (!tree) return undefined;
    try {
      const facts = options.facts ? computeFacts(tree.rootNode, text, factRulesFor(language.id)) : undefined;
      if (cached && cached.text === text) {
        // The same result object, now with facts (lookups keyed by it stay valid).
        cached.result.facts = facts;
        return cached.result;
      }
      const errorLines = tree.rootNode.hasError ? syntaxErrorLines(tree.rootNode, 5) : [];
      const result: FileSymbols = {
        symbols: language.declarations(tree.rootNode),
        hasErrors: tree.rootNode.hasError,
        errorLines: errorLines.length ? errorLines : tree.rootNode.hasError ? [0] : [],
        ...(facts ? { facts } : {}),
      };
      this.cache.delete(file);
      this.cache.set(file, { text, result });
      if (this.cache.size > SYMBOL_CACHE_FILES) this.cache.delete(this.cache.keys().next().value!);
      return result;
    } finally {
      tree.delete();
    }
  }

  async lookup(file: string, text: string, name: string): Promise<SymbolLookup> {
    const result = await this.symbols(file, text);
    if (!result) return { kind: 'unsupported' };
    const matches = byName(result).get(name) ?? [];
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

  private parserFor(language: LanguageSpec): Promise<Parser> {
    let parser = this.parsers.get(language.id);
    if (!parser) {
      parser = createParser(language.wasm);
      this.parsers.set(language.id, parser);
    }
    return parser;
  }
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

/**
 * 0-based lines of the first `limit` syntax errors: ERROR nodes and the MISSING nodes the parser
 * inserted to recover (an unclosed `(` has no ERROR node at all), in document order.
 */
function syntaxErrorLines(root: Node, limit: number): number[] {
  const lines: number[] = [];
  const visit = (node: Node): void => {
    if (lines.length >= limit) return;
    if (node.type === 'ERROR' || node.isMissing) {
      lines.push(node.startPosition.row);
      return;
    }
    for (const child of node.children) if (child && (child.hasError || child.isMissing)) visit(child);
  };
  visit(root);
  return lines;
}
