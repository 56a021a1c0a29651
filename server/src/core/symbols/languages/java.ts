/**
 * Java declarations: classes, interfaces, enums, records and annotation types (nested ones as
 * `Outer.Inner`), methods and constructors (`Service.Service`: a constructor is named as its class).
 * Overloads share a name: `symbol-ambiguous` lists them and the step's anchor picks one.
 * Annotations are part of the declaration (its modifiers), so its span starts at the first `@`.
 */
import type { Node } from 'web-tree-sitter';
import { fieldText, type DeclarationRules, type Declared } from '../declarations';

function type(node: Node): Declared | undefined {
  const name = fieldText(node, 'name');
  return name ? { name, kind: 'type' } : undefined;
}

function method(node: Node): Declared | undefined {
  const name = fieldText(node, 'name');
  return name ? { name, kind: 'method' } : undefined;
}

export const javaRules: DeclarationRules = {
  nodes: {
    class_declaration: type,
    interface_declaration: type,
    enum_declaration: type,
    record_declaration: type,
    annotation_type_declaration: type,
    method_declaration: method,
    constructor_declaration: method,
    compact_constructor_declaration: method,
  },
};
