/**
 * C declarations: function definitions (prototypes are not: a header's `int f(int);` and its
 * definition would make every function ambiguous), structs, unions and enums with a body, and
 * typedefs. Shared with C++ (cpp.ts), whose grammar extends C's.
 */
import type { Node } from 'web-tree-sitter';
import { dotted, fieldText, type DeclarationContext, type DeclarationRules, type Declared } from '../declarations';

/** The declared name inside a declarator: `*make(int n)` → `make`, `Service::run()` → `Service.run`. */
export function declaratorName(node: Node | null): string | undefined {
  for (let current = node; current; ) {
    switch (current.type) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
      case 'operator_name':
        return current.text.replace(/\s+/g, '');
      case 'destructor_name':
        return current.text.replace(/\s+/g, '');
      case 'qualified_identifier':
        return dotted(current.text.replace(/<[^<>]*>/g, ''));
      case 'template_function':
        return declaratorName(current.childForFieldName('name'));
      default:
        current = current.childForFieldName('declarator');
    }
  }
  return undefined;
}

export function functionDefinition(node: Node, context: DeclarationContext): Declared | undefined {
  const name = declaratorName(node.childForFieldName('declarator'));
  if (!name) return undefined;
  return { name, kind: context.inType || name.includes('.') ? 'method' : 'function' };
}

/** `struct node {…}`: only with a body (a bare `struct node *p` uses the type, it does not declare it). */
export function tagged(node: Node): Declared | undefined {
  const name = fieldText(node, 'name');
  if (!name || !node.childForFieldName('body')) return undefined;
  return { name: dotted(name), kind: 'type' };
}

export function typeDefinition(node: Node): Declared | undefined {
  const name = declaratorName(node.childForFieldName('declarator'));
  return name ? { name, kind: 'type', container: false } : undefined;
}

export const cRules: DeclarationRules = {
  nodes: {
    function_definition: functionDefinition,
    struct_specifier: tagged,
    union_specifier: tagged,
    enum_specifier: tagged,
    type_definition: typeDefinition,
  },
};
