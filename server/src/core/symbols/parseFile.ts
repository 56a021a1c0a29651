/**
 * One parse of one file into the plain data resolution reads (declarations, syntax errors and,
 * when asked, the facts of facts.ts). Shared by the in-thread path (symbolIndex.ts) and the
 * parse workers (server/src/parseWorker.ts), so both give the same result by construction.
 */
import type { Node, Parser } from 'web-tree-sitter';
import { computeFacts, factRulesFor } from './facts';
import type { LanguageSpec } from './languages';
import { createParser } from './parser';
import type { FileSymbols } from './types';

/** Parses `text` with `parser` (set to `language`); undefined when tree-sitter gives no tree. */
export function parseFileSymbols(parser: Parser, language: LanguageSpec, text: string, facts: boolean): FileSymbols | undefined {
  const tree = parser.parse(text);
  if (!tree) return undefined;
  try {
    const computed = facts ? computeFacts(tree.rootNode, text, factRulesFor(language.id)) : undefined;
    const errorLines = tree.rootNode.hasError ? syntaxErrorLines(tree.rootNode, 5) : [];
    return {
      symbols: language.declarations(tree.rootNode),
      hasErrors: tree.rootNode.hasError,
      errorLines: errorLines.length ? errorLines : tree.rootNode.hasError ? [0] : [],
      ...(computed ? { facts: computed } : {}),
    };
  } finally {
    tree.delete();
  }
}

/** Parsers by language id, each made once (a grammar that fails to load is remembered as failed). */
export class ParserSet {
  private readonly parsers = new Map<string, Promise<Parser>>();

  get(language: LanguageSpec): Promise<Parser> {
    let parser = this.parsers.get(language.id);
    if (!parser) {
      parser = createParser(language.wasm, language.grammarPackage);
      this.parsers.set(language.id, parser);
    }
    return parser;
  }
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
