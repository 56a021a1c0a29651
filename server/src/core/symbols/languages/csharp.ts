/**
 * C# declarations: namespaces with a body (`namespace A.B { … }`; a file-scoped `namespace A.B;`
 * is the file's package, like Java's, and not part of names), classes, structs, interfaces, enums,
 * records, methods, constructors (`Service.Service`), destructors (`Service.~Service`), properties,
 * and local functions (`Run.Local`). Attributes are part of the declaration's span.
 * Overloads share a name: `symbol-ambiguous` lists them and the step's anchor picks one.
 */
import type { Node } from 'web-tree-sitter';
import { dotted, fieldText, type DeclarationRules, type Declared } from '../declarations';

function type(node: Node): Declared | undefined {
  const name = fieldText(node, 'name');
  return name ? { name, kind: 'type' } : undefined;
}

function method(node: Node): Declared | undefined {
  const name = fieldText(node, 'name');
  return name ? { name: node.type === 'destructor_declaration' ? `~${name}` : name, kind: 'method' } : undefined;
}

export const csharpRules: DeclarationRules = {
  nodes: {
    namespace_declaration: (node) => {
      const name = fieldText(node, 'name');
      return name ? { name: dotted(name), kind: 'type', namespace: true } : undefined;
    },
    class_declaration: type,
    struct_declaration: type,
    interface_declaration: type,
    enum_declaration: type,
    record_declaration: type,
    method_declaration: method,
    constructor_declaration: method,
    destructor_declaration: method,
    property_declaration: (node) => {
      const name = fieldText(node, 'name');
      return name ? { name, kind: 'method' } : undefined;
    },
    local_function_statement: (node) => {
      const name = fieldText(node, 'name');
      return name ? { name, kind: 'function' } : undefined;
    },
  },
};
