/**
 * Structural views of the sample's Go code for content tests: the declaration a step or a claim is
 * about, found by the same tree-sitter Go grammar the engine uses, and the calls, string literals and
 * fields inside it. Checks look at syntax nodes, never at whole-file text.
 */
import { readFileSync } from 'node:fs';
import type { Node } from 'web-tree-sitter';
import { createParser } from '../../server/src/core/symbols/parser';

export interface GoCall {
  /** The called expression as written, e.g. `global.DB.WithContext(ctx).Begin`. */
  callee: string;
  /** The last name of the callee, e.g. `Begin`. */
  name: string;
  args: string[];
  node: Node;
}

export class GoFile {
  constructor(
    readonly file: string,
    readonly root: Node,
  ) {}

  /** A top-level func (`Name`) or method (`Type.Name`); throws when it is missing. */
  decl(name: string): Node {
    for (const node of this.root.namedChildren) {
      if (!node) continue;
      if (node.type === 'function_declaration' && node.childForFieldName('name')?.text === name) return node;
      if (node.type === 'method_declaration') {
        const receiver = node.childForFieldName('receiver')?.descendantsOfType('type_identifier')[0]?.text;
        if (`${receiver}.${node.childForFieldName('name')?.text}` === name) return node;
      }
    }
    throw new Error(`${this.file}: no declaration ${name}`);
  }

  /** A struct type's fields as [name, type, tag]. */
  structFields(typeName: string): Array<{ name: string; type: string; tag: string }> {
    const spec = this.root.descendantsOfType('type_spec').find((s) => s?.childForFieldName('name')?.text === typeName);
    if (!spec) throw new Error(`${this.file}: no type ${typeName}`);
    return spec.descendantsOfType('field_declaration').flatMap((field) => {
      if (!field) return [];
      const type = field.childForFieldName('type')?.text ?? '';
      const tag = field.childForFieldName('tag')?.text ?? '';
      const names = field.childrenForFieldName('name').map((n) => n?.text ?? '');
      return (names.length ? names : [type]).map((name) => ({ name, type, tag }));
    });
  }
}

export function calls(node: Node): GoCall[] {
  return node.descendantsOfType('call_expression').flatMap((call) => {
    const fn = call?.childForFieldName('function');
    if (!call || !fn) return [];
    const name = fn.type === 'selector_expression' ? (fn.childForFieldName('field')?.text ?? '') : fn.text;
    const args = call.childForFieldName('arguments')?.namedChildren.map((a) => a?.text ?? '') ?? [];
    return [{ callee: fn.text, name, args, node: call }];
  });
}

/** Go string literals inside `node`, unquoted. */
export function strings(node: Node): string[] {
  return node.descendantsOfType(['interpreted_string_literal', 'raw_string_literal']).map((s) => (s?.text ?? '').slice(1, -1));
}

/** The value of every `Key: value` element with this key inside `node`. */
export function keyedValues(node: Node, key: string): Node[] {
  return node.descendantsOfType('keyed_element').flatMap((element) => {
    const [k, v] = element?.namedChildren ?? [];
    return k && v && k.text === key ? [v] : [];
  });
}

let parser: ReturnType<typeof createParser> | undefined;

export async function parseGo(file: string): Promise<GoFile> {
  parser ??= createParser('tree-sitter-go.wasm');
  const tree = (await parser).parse(readFileSync(file, 'utf8'));
  if (!tree) throw new Error(`${file}: not parsed`);
  if (tree.rootNode.hasError) throw new Error(`${file}: syntax errors`);
  return new GoFile(file, tree.rootNode);
}
