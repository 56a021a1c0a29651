/**
 * PHP declarations: classes, interfaces, traits and enums (`Ctl.make`), functions and methods.
 * `namespace App\Http;` is the file's package and not part of names; a namespace with a body
 * (`namespace App { … }`) is (`App.helper`). Attributes (`#[Route]`) are part of the span.
 */
import type { Node } from 'web-tree-sitter';
import { dotted, fieldText, functionKind, type DeclarationContext, type DeclarationRules, type Declared } from '../declarations';

function type(node: Node): Declared | undefined {
  const name = fieldText(node, 'name');
  return name ? { name, kind: 'type' } : undefined;
}

function callable(node: Node, context: DeclarationContext): Declared | undefined {
  const name = fieldText(node, 'name');
  return name ? { name, kind: functionKind(context) } : undefined;
}

export const phpRules: DeclarationRules = {
  nodes: {
    namespace_definition: (node) => {
      const name = fieldText(node, 'name');
      return name && node.childForFieldName('body') ? { name: dotted(name), kind: 'type', namespace: true } : undefined;
    },
    class_declaration: type,
    interface_declaration: type,
    trait_declaration: type,
    enum_declaration: type,
    function_definition: callable,
    method_declaration: callable,
  },
};
