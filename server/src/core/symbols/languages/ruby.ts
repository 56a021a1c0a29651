/**
 * Ruby declarations: modules and classes (`Shop::Order` → `Shop.Order`), methods (`Cart.add`),
 * singleton methods (`def self.build` → `Cart.build`, also inside `class << self`).
 */
import type { Node } from 'web-tree-sitter';
import { dotted, fieldText, functionKind, type DeclarationContext, type DeclarationRules, type Declared } from '../declarations';

function type(node: Node): Declared | undefined {
  const name = fieldText(node, 'name');
  return name ? { name: dotted(name), kind: 'type' } : undefined;
}

function method(node: Node, context: DeclarationContext): Declared | undefined {
  const name = fieldText(node, 'name');
  return name ? { name, kind: functionKind(context) } : undefined;
}

export const rubyRules: DeclarationRules = {
  nodes: {
    module: (node) => {
      const declared = type(node);
      return declared && { ...declared, namespace: true };
    },
    class: type,
    method,
    singleton_method: method,
  },
};
