/**
 * TypeScript and TSX declarations: JavaScript's, plus interfaces, type aliases, enums, abstract
 * classes, namespaces (`namespace A.B`) and ambient modules. Overload signatures are not
 * declarations of their own (the implementation is): `over(a: string): void;` then `over(a) {…}`
 * is one `over`. Interface members are (`Store.load`).
 */
import type { Node } from 'web-tree-sitter';
import { dotted, fieldText, type DeclarationContext, type DeclarationRules, type Declared } from '../declarations';
import { ECMASCRIPT_NODES, ECMASCRIPT_PATTERNS } from './javascript';

function typeDeclaration(node: Node): Declared | undefined {
  const name = fieldText(node, 'name');
  return name ? { name, kind: 'type' } : undefined;
}

/** `namespace A.B {…}`, `module Foo {…}`, `declare module 'x' {…}`. */
function namespace(node: Node): Declared | undefined {
  const name = fieldText(node, 'name');
  return name ? { name: dotted(name.replace(/^['"]|['"]$/g, '')), kind: 'type', namespace: true } : undefined;
}

/** Members of an interface (`Store.load`); a class's own signatures are overloads, not declarations. */
function signature(node: Node, context: DeclarationContext): Declared | undefined {
  const name = fieldText(node, 'name');
  const inInterface = node.parent?.type === 'interface_body' || node.parent?.type === 'object_type';
  if (!name || !inInterface || !context.inType) return undefined;
  return { name, kind: 'method', container: false };
}

/** `handler = () => …` in a class: a method. */
function field(node: Node, context: DeclarationContext): Declared | undefined {
  const value = node.childForFieldName('value');
  const name = fieldText(node, 'name');
  if (!name || !value || !['arrow_function', 'function_expression'].includes(value.type)) return undefined;
  return { name, kind: context.inType ? 'method' : 'function' };
}

export const typescriptRules: DeclarationRules = {
  nodes: {
    ...ECMASCRIPT_NODES,
    abstract_class_declaration: typeDeclaration,
    interface_declaration: typeDeclaration,
    type_alias_declaration: (node) => {
      const declared = typeDeclaration(node);
      return declared && { ...declared, container: false };
    },
    enum_declaration: typeDeclaration,
    internal_module: namespace,
    module: namespace,
    public_field_definition: field,
    method_signature: signature,
    abstract_method_signature: (node, context) => {
      const name = fieldText(node, 'name');
      return name && context.inType ? { name, kind: 'method', container: false } : undefined;
    },
  },
  patterns: ECMASCRIPT_PATTERNS,
  leadingSiblings: ['decorator'],
  wrappers: ['export_statement', 'ambient_declaration'],
};
