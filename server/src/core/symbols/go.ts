/** Go declarations from the tree-sitter Go grammar: funcs, methods (`Type.Method`), types, vars, consts. */
import type { Node } from 'web-tree-sitter';
import type { SymbolDecl } from './types';

export function goDeclarations(root: Node): SymbolDecl[] {
  const symbols: SymbolDecl[] = [];
  const span = (node: Node) => ({ start: node.startPosition.row, end: node.endPosition.row });
  for (const node of root.namedChildren) {
    if (!node) continue;
    switch (node.type) {
      case 'function_declaration': {
        const name = node.childForFieldName('name');
        if (name) symbols.push({ name: name.text, kind: 'function', span: span(node) });
        break;
      }
      case 'method_declaration': {
        const name = node.childForFieldName('name');
        const receiver = receiverType(node.childForFieldName('receiver'));
        if (name) symbols.push({ name: receiver ? `${receiver}.${name.text}` : name.text, kind: 'method', span: span(node) });
        break;
      }
      case 'type_declaration': {
        // Comments are named children too: count the specs alone.
        const specs = node.namedChildren.filter((spec): spec is Node => spec?.type === 'type_spec' || spec?.type === 'type_alias');
        for (const spec of specs) {
          const name = spec.childForFieldName('name');
          // A lone `type X struct{…}` covers the `type` keyword too; grouped specs cover themselves.
          const target = specs.length === 1 ? node : spec;
          if (name) symbols.push({ name: name.text, kind: 'type', span: span(target) });
        }
        break;
      }
      case 'var_declaration':
      case 'const_declaration': {
        const kind = node.type === 'var_declaration' ? 'var' : 'const';
        const specType = kind === 'var' ? 'var_spec' : 'const_spec';
        // Only the declaration's own specs (`var (…)` wraps them in a var_spec_list): a func
        // literal in a value can hold local `var`s, which are not package-level symbols.
        const specs = node.namedChildren
          .flatMap((child) => (child?.type === 'var_spec_list' ? child.namedChildren : [child]))
          .filter((spec): spec is Node => spec?.type === specType);
        for (const spec of specs) {
          const target = specs.length === 1 ? node : spec;
          for (const name of spec.childrenForFieldName('name')) {
            if (name) symbols.push({ name: name.text, kind, span: span(target) });
          }
        }
        break;
      }
    }
  }
  return symbols;
}

/** The receiver's type name, without pointer or type parameters: `(s *Server[T])` → `Server`. */
function receiverType(receiver: Node | null): string | undefined {
  if (!receiver) return undefined;
  return receiver.descendantsOfType('type_identifier')[0]?.text;
}
