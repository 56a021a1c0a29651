/**
 * Rust declarations: functions, structs, enums, unions, traits (their methods as `Trait.method`),
 * type aliases, consts, statics, macros, modules (`m.f`) and `impl` blocks, which name their
 * methods after the type (`Type.method`, trait impls too: `impl Display for Tour` gives
 * `Tour.fmt`) and are not symbols themselves (a type has many). Attributes (`#[test]`) written
 * before an item belong to its span.
 */
import type { Node } from 'web-tree-sitter';
import { fieldText, functionKind, type DeclarationRules, type Declared } from '../declarations';

function named(kind: Declared['kind'], container = true) {
  return (node: Node): Declared | undefined => {
    const name = fieldText(node, 'name');
    return name ? { name, kind, container } : undefined;
  };
}

/** `S`, `S<T>`, `crate::a::S`, `&'a S`: the type's own name. */
function typeName(node: Node | null): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'type_identifier':
    case 'primitive_type':
      return node.text;
    case 'generic_type':
      return typeName(node.childForFieldName('type'));
    case 'scoped_type_identifier':
      return typeName(node.childForFieldName('name'));
    case 'reference_type':
    case 'pointer_type':
      return typeName(node.childForFieldName('type'));
    default:
      return node.descendantsOfType('type_identifier')[0]?.text;
  }
}

export const rustRules: DeclarationRules = {
  nodes: {
    mod_item: (node) => {
      const name = fieldText(node, 'name');
      return name ? { name, kind: 'type', namespace: true } : undefined;
    },
    struct_item: named('type'),
    enum_item: named('type'),
    union_item: named('type'),
    trait_item: named('type'),
    type_item: named('type', false),
    const_item: named('const', false),
    static_item: named('var', false),
    macro_definition: named('function'),
    impl_item: (node) => {
      const name = typeName(node.childForFieldName('type'));
      return name ? { name, kind: 'type', emit: false } : undefined;
    },
    function_item: (node, context) => {
      const name = fieldText(node, 'name');
      return name ? { name, kind: functionKind(context) } : undefined;
    },
    function_signature_item: (node, context) => {
      const name = fieldText(node, 'name');
      return name ? { name, kind: functionKind(context), container: false } : undefined;
    },
  },
  leadingSiblings: ['attribute_item'],
};
