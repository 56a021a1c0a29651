/**
 * JavaScript (and JSX) declarations: classes, functions, methods, constructors, nested functions,
 * functions bound to a name (`const handler = () => …`, `exports.f = function …`,
 * `Foo.prototype.bar = function …`, `{ save() {…}, load: () => … }`) and module-level variables.
 */
import type { Node } from 'web-tree-sitter';
import { fieldText, functionKind, type DeclarationContext, type DeclarationRules, type Declared } from '../declarations';

const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);
const CLASS_VALUES = new Set(['class']);

function declaredFunction(node: Node, context: DeclarationContext): Declared | undefined {
  const name = fieldText(node, 'name');
  return name ? { name, kind: functionKind(context) } : undefined;
}

/** `const x = …`: a function or class bound to a name anywhere; any other value at module level only. */
function variableDeclarator(node: Node, context: DeclarationContext): Declared | undefined {
  const nameNode = node.childForFieldName('name');
  if (nameNode?.type !== 'identifier') return undefined;
  const value = node.childForFieldName('value');
  const declaration = node.parent;
  // One declarator: the statement's lines (`export const x = …;`); several: the declarator's own.
  const spanNode = declaration && declaration.namedChildren.filter((child) => child?.type === 'variable_declarator').length === 1 ? declaration : node;
  if (value && FUNCTION_VALUES.has(value.type)) return { name: nameNode.text, kind: functionKind(context), spanNode };
  if (value && CLASS_VALUES.has(value.type)) return { name: nameNode.text, kind: 'type', spanNode };
  if (context.inFunction || context.containers.length > 0) return undefined;
  const constant = declaration?.firstChild?.type === 'const';
  // An object literal names the functions it holds (`api.save`).
  return { name: nameNode.text, kind: constant ? 'const' : 'var', spanNode, container: value?.type === 'object' };
}

/** `exports.f = function…`, `module.exports.f = …`, `Foo.prototype.bar = …`, `this.onSave = () => …`. */
function assignment(node: Node, context: DeclarationContext): Declared | undefined {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left?.type !== 'member_expression' || !right || !(FUNCTION_VALUES.has(right.type) || CLASS_VALUES.has(right.type))) return undefined;
  const property = fieldText(left, 'property');
  const object = left.childForFieldName('object')?.text.replace(/\s+/g, '');
  if (!property || object === undefined) return undefined;
  const kind = CLASS_VALUES.has(right.type) ? 'type' : functionKind(context);
  const spanNode = node.parent?.type === 'expression_statement' ? node.parent : node;
  if (object === 'exports' || object === 'module.exports' || object === 'this') return { name: property, kind, spanNode };
  const prototype = /^([A-Za-z_$][\w$]*)\.prototype$/.exec(object);
  if (prototype) return { name: `${prototype[1]}.${property}`, kind: kind === 'type' ? 'type' : 'method', spanNode };
  // `Foo.bar = function…` (a static member) or `app.handler = …`: named as written.
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(object) && !context.inFunction) return { name: `${object}.${property}`, kind, spanNode };
  return undefined;
}

/** `save: () => …` in an object literal that is itself named. */
function pair(node: Node, context: DeclarationContext): Declared | undefined {
  const value = node.childForFieldName('value');
  const key = node.childForFieldName('key');
  if (!value || !key || !FUNCTION_VALUES.has(value.type) || context.containers.length === 0) return undefined;
  if (key.type !== 'property_identifier' && key.type !== 'string' && key.type !== 'number') return undefined;
  return { name: key.text.replace(/^['"]|['"]$/g, ''), kind: 'method' };
}

/** A class field holding a function (`handler = () => …`): a method of the class. */
function field(node: Node, context: DeclarationContext): Declared | undefined {
  const value = node.childForFieldName('value');
  const name = fieldText(node, 'name') ?? fieldText(node, 'property');
  if (!name || !value || !FUNCTION_VALUES.has(value.type)) return undefined;
  return { name, kind: functionKind(context) };
}

function method(node: Node, context: DeclarationContext): Declared | undefined {
  const name = node.childForFieldName('name');
  if (!name || name.type === 'computed_property_name') return undefined;
  // Methods of an object literal are methods of the variable that holds it; of a nameless one, nothing.
  if (node.parent?.type === 'object' && context.containers.length === 0) return undefined;
  return { name: name.text.replace(/^['"]|['"]$/g, ''), kind: node.parent?.type === 'object' || context.inType ? 'method' : 'function' };
}

function classDeclaration(node: Node): Declared | undefined {
  const name = fieldText(node, 'name');
  return name ? { name, kind: 'type' } : undefined;
}

export const ECMASCRIPT_NODES: DeclarationRules['nodes'] = {
  class_declaration: classDeclaration,
  function_declaration: declaredFunction,
  generator_function_declaration: declaredFunction,
  method_definition: method,
  variable_declarator: variableDeclarator,
  assignment_expression: assignment,
  pair,
};

/**
 * Only the nodes that can declare: function or class values anywhere, any value at the top level
 * (`export const X = …` too), member assignments and object pairs of functions. Every local
 * variable, assignment and object pair of a file would otherwise be visited.
 */
const FUNCTION_NODES = '[(arrow_function) (function_expression) (generator_function) (class)]';
export const ECMASCRIPT_PATTERNS: Record<string, string[]> = {
  variable_declarator: [
    `(variable_declarator value: ${FUNCTION_NODES}) @decl`,
    ...['lexical_declaration', 'variable_declaration'].flatMap((statement) => [
      `(program (${statement} (variable_declarator) @decl))`,
      `(program (export_statement declaration: (${statement} (variable_declarator) @decl)))`,
    ]),
  ],
  assignment_expression: [`(assignment_expression left: (member_expression) right: ${FUNCTION_NODES}) @decl`],
  pair: ['(pair value: [(arrow_function) (function_expression) (generator_function)]) @decl'],
};

export const javascriptRules: DeclarationRules = {
  nodes: { ...ECMASCRIPT_NODES, field_definition: field },
  patterns: ECMASCRIPT_PATTERNS,
  leadingSiblings: ['decorator'],
  wrappers: ['export_statement'],
};
