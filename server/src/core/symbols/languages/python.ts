/**
 * Python declarations: classes, functions, methods (`Class.method`, `__init__` included), nested
 * functions (`outer.inner`), and module-level assignments (`TIMEOUT = 5`, `handler = lambda …`).
 * Decorators belong to what they decorate: the span starts at the first `@`.
 */
import type { Node } from 'web-tree-sitter';
import { fieldText, functionKind, type DeclarationContext, type DeclarationRules, type Declared } from '../declarations';

function decorated(node: Node): Node | undefined {
  return node.parent?.type === 'decorated_definition' ? node.parent : undefined;
}

function assignment(node: Node, context: DeclarationContext): Declared | undefined {
  const left = node.childForFieldName('left');
  const statement = node.parent;
  // Module level (or a class body: `handler = staticmethod(…)` is rare), plain names only.
  if (left?.type !== 'identifier' || statement?.type !== 'expression_statement' || context.inFunction || context.inType) return undefined;
  const right = node.childForFieldName('right');
  const kind = right?.type === 'lambda' ? 'function' : /^[A-Z][A-Z0-9_]*$/.test(left.text) ? 'const' : 'var';
  return { name: left.text, kind, container: false, spanNode: statement };
}

export const pythonRules: DeclarationRules = {
  nodes: {
    class_definition: (node) => {
      const name = fieldText(node, 'name');
      return name ? { name, kind: 'type', spanNode: decorated(node) } : undefined;
    },
    function_definition: (node, context) => {
      const name = fieldText(node, 'name');
      return name ? { name, kind: functionKind(context), spanNode: decorated(node) } : undefined;
    },
    assignment,
  },
  // Module-level assignments only, not every assignment of every function.
  patterns: { assignment: ['(module (expression_statement (assignment) @decl))'] },
};
