/**
 * Declarations from a parse tree, for any grammar, by one tree-sitter query per language.
 *
 * A language lists the node types that declare something and, for each, how to read its name
 * (`DeclarationRules`). The node types become one query (`[(class_declaration) …] @decl`), compiled
 * once per grammar: a node type the grammar no longer has makes the query fail to compile, so a
 * grammar upgrade that renames nodes breaks the language's fixture test instead of silently
 * finding nothing. The captures come in document order; a stack of the open declarations gives
 * each one its dotted path (`Class.method`, `outer.inner`, `Type.method` for a Rust impl).
 */
import { Query, type Language, type Node } from 'web-tree-sitter';
import type { SymbolDecl, SymbolKind } from './types';

/** What a declaration node declares. */
export interface Declared {
  /** Its name, without the containers (`save`), or dotted when the code writes it so (`Tour.save`). */
  name: string;
  kind: SymbolKind;
  /** Listed as a symbol (default true); false for a container alone, such as a Rust `impl` block. */
  emit?: boolean;
  /** Names the declarations inside it (default true). */
  container?: boolean;
  /** A namespace or module: named in paths, but the functions in it are functions, not methods. */
  namespace?: boolean;
  /** The node whose lines are the span, when larger than the declaration (decorators, `export`, `template<…>`). */
  spanNode?: Node;
}

/** Where a declaration node sits: the declarations around it, innermost last. */
export interface DeclarationContext {
  containers: ReadonlyArray<{ name: string; kind: SymbolKind; node: Node }>;
  /** Inside a function or method body (locals are not symbols there, named functions are). */
  inFunction: boolean;
  /** The innermost container is a type (class, struct, trait, impl…): functions there are methods. */
  inType: boolean;
}

export interface DeclarationRules {
  /** Node type → what it declares, or undefined when this one declares nothing worth naming. */
  nodes: Record<string, (node: Node, context: DeclarationContext) => Declared | undefined>;
  /**
   * Query patterns that narrow a node type to the nodes that can declare something (each
   * captures `@decl`): `(variable_declarator value: (arrow_function)) @decl` rather than every
   * local variable. Node types without one are captured whole: `(class_declaration) @decl`.
   */
  patterns?: Record<string, string[]>;
  /** Node types written before a declaration that belong to it (decorators, attributes). */
  leadingSiblings?: readonly string[];
  /** Parents that wrap a declaration without naming anything (`export`, `template<…>`, `@decorator`). */
  wrappers?: readonly string[];
}

const queries = new WeakMap<DeclarationRules, WeakMap<Language, Query>>();

/** The query of `rules` for `language`; throws when the grammar lacks one of the node types. */
export function declarationQuery(rules: DeclarationRules, language: Language): Query {
  let byLanguage = queries.get(rules);
  if (!byLanguage) queries.set(rules, (byLanguage = new WeakMap()));
  let query = byLanguage.get(language);
  if (!query) {
    const whole = Object.keys(rules.nodes).filter((type) => !rules.patterns?.[type]);
    const narrowed = Object.values(rules.patterns ?? {}).flat();
    query = new Query(language, [`[${whole.map((type) => `(${type})`).join(' ')}] @decl`, ...narrowed].join('\n'));
    byLanguage.set(language, query);
  }
  return query;
}

export function declarationsByRules(root: Node, rules: DeclarationRules): SymbolDecl[] {
  const language = root.tree.language;
  const seen = new Set<number>();
  const nodes = declarationQuery(rules, language)
    .captures(root)
    .map((capture) => capture.node)
    // A node two patterns match is one declaration.
    .filter((node) => !seen.has(node.id) && seen.add(node.id) !== undefined)
    .sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  const symbols: SymbolDecl[] = [];
  const open: Array<{ name: string; kind: SymbolKind; node: Node; container: boolean; function: boolean; namespace: boolean }> = [];
  for (const node of nodes) {
    while (open.length > 0 && open[open.length - 1]!.node.endIndex <= node.startIndex) open.pop();
    const containers = open.filter((entry) => entry.container);
    const innermost = containers[containers.length - 1];
    const context: DeclarationContext = {
      containers,
      inFunction: open.some((entry) => entry.function),
      inType: innermost !== undefined && innermost.kind === 'type' && !innermost.namespace,
    };
    const declared = rules.nodes[node.type]?.(node, context);
    if (!declared || !declared.name) continue;
    const name = [...containers.map((c) => c.name), declared.name].join('.');
    const isFunction = declared.kind === 'function' || declared.kind === 'method';
    open.push({ name: declared.name, kind: declared.kind, node, container: declared.container !== false, function: isFunction, namespace: declared.namespace === true });
    if (declared.emit === false) continue;
    const spanNode = widen(declared.spanNode ?? node, rules);
    const symbol: SymbolDecl = { name, kind: declared.kind, span: { start: leadingStart(spanNode, rules), end: spanNode.endPosition.row } };
    // The leading containers that are namespaces: a step may leave them out.
    const namespaces = containers.findIndex((c) => !c.namespace);
    const namespaceCount = namespaces === -1 ? containers.length : namespaces;
    if (namespaceCount > 0) symbol.namespace = containers.slice(0, namespaceCount).map((c) => c.name).join('.');
    symbols.push(symbol);
  }
  return symbols;
}

/** The wrappers around a declaration that hold nothing else (`export class`, `template<…> class`). */
function widen(node: Node, rules: DeclarationRules): Node {
  let current = node;
  while (current.parent && rules.wrappers?.includes(current.parent.type)) current = current.parent;
  return current;
}

/** The first line of the decorators or attributes written right before the node. */
function leadingStart(node: Node, rules: DeclarationRules): number {
  let start = node.startPosition.row;
  if (!rules.leadingSiblings?.length) return start;
  for (let sibling = node.previousNamedSibling; sibling && rules.leadingSiblings.includes(sibling.type); sibling = sibling.previousNamedSibling) {
    start = sibling.startPosition.row;
  }
  return start;
}

/* Small readers shared by the languages. */

/** The text of a field (`name`), or undefined. */
export function fieldText(node: Node, field: string): string | undefined {
  return node.childForFieldName(field)?.text;
}

/** A qualified name written with `::` or `\` (`Foo::Bar`, `App\Models`) as a dotted path. */
export function dotted(text: string): string {
  return text
    .replace(/\s+/g, '')
    .split(/::|\\|\./)
    .filter(Boolean)
    .join('.');
}

/** A function inside a type is a method; anywhere else, a function. */
export function functionKind(context: DeclarationContext): SymbolKind {
  return context.inType ? 'method' : 'function';
}
