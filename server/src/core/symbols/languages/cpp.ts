/**
 * C++ declarations: C's, plus namespaces (`app.detail`, also `namespace a::b`), classes, methods
 * defined in the class (`Service.run`) or outside it (`Service::run` → `Service.run`),
 * constructors (`Service.Service`), destructors (`Service.~Service`) and operators. A
 * `template<…>` line belongs to the declaration it introduces.
 */
import type { Node } from 'web-tree-sitter';
import { dotted, fieldText, type DeclarationRules, type Declared } from '../declarations';
import { functionDefinition, tagged, typeDefinition } from './c';

function namespace(node: Node): Declared | undefined {
  const name = fieldText(node, 'name');
  return name ? { name: dotted(name), kind: 'type', namespace: true } : undefined;
}

export const cppRules: DeclarationRules = {
  nodes: {
    namespace_definition: namespace,
    class_specifier: tagged,
    struct_specifier: tagged,
    union_specifier: tagged,
    enum_specifier: tagged,
    type_definition: typeDefinition,
    function_definition: functionDefinition,
  },
  wrappers: ['template_declaration'],
};
