/**
 * Facts about a code file taken from its parse tree, for anchor resolution: which lines are only
 * comments or string literals (a commented-out copy of code is not the code), which names are
 * called and on what, which types are constructed, and which local names hold a value of which
 * type. Written once over node types: each language is a small table (FACT_RULES) of its
 * grammar's node types and fields, and a grammar without a table still gets its comments and
 * strings from the node type names.
 */
import type { Language, Node } from 'web-tree-sitter';
import type { LineSpan } from '../types';
import type { FileSymbols, SymbolDecl } from './types';

/** A call in the code: `tx.Rollback()` → name `Rollback`, receiver `tx`. */
export interface CallFact {
  /** 0-based line of the call. */
  line: number;
  /** The called name, without its qualifier. */
  name: string;
  /** The qualifier or receiver expression as written (white space removed); absent for an unqualified call. */
  receiver?: string;
  /** The type the receiver is a fresh value of (`(&T{}).Run()`, `new T().run()`). */
  receiverType?: string;
}

/** A reference to a type: `T`, or `pkg.T` (qualifier `pkg`). */
export interface TypeRef {
  type: string;
  qualifier?: string;
}

/** A value of a type built in the code: `T{…}`, `&T{…}`, `new(T)`, `new T(…)`, `T.new`. */
export interface ConstructionFact extends TypeRef {
  line: number;
}

/**
 * A local name that holds a value of a type: a parameter, a receiver, a typed or constructed
 * variable. Only names that something is called on are recorded.
 */
export interface BindingFact extends TypeRef {
  line: number;
  name: string;
}

export interface CodeFacts {
  /** 0-based lines, ascending, whose every non-blank character lies in a comment or a string literal. */
  inertLines: number[];
  /** Those of `inertLines`, ascending, on which a comment or string begins with nothing before it. */
  inertStarts: number[];
  calls: CallFact[];
  constructions: ConstructionFact[];
  bindings: BindingFact[];
  /** Names that mean the current object in a method (`this`, `self`): values of the method's own type. */
  selfNames: readonly string[];
  /** An unqualified call inside a method may call a method of the same type (Java, C#, C++, Ruby). */
  implicitSelf: boolean;
  /** Qualifiers that name the file's own module (`self::f()`, `crate::f()` in Rust). */
  ownModule: readonly string[];
}

/** How a call node names its callee: one field holding the callee expression, or receiver and name fields. */
interface CallShape {
  callee?: string;
  receiver?: string;
  name?: string;
}

/** How a binding node names its variables and their type or value: fields, or else the node types of its children. */
interface BindingShape {
  names: string;
  type?: string;
  value?: string;
}

export interface FactRules {
  comments: readonly string[];
  strings: readonly string[];
  calls: Readonly<Record<string, CallShape>>;
  /** Member access in a callee (`a.b`, `a->b`, `A::b`): the fields of the object and of the member's name. */
  members: Readonly<Record<string, { object: string; name: string }>>;
  /** Construction nodes → the field holding the type (null: the first named child that names a type). */
  constructions: Readonly<Record<string, string | null>>;
  /** Builtins whose first argument is the type they construct (Go's `new(T)`). */
  constructorFunctions?: readonly string[];
  /** Methods called on a type that construct it (Ruby's `T.new`, Rust's `T::new()`). */
  constructorMethods?: readonly string[];
  bindings: Readonly<Record<string, BindingShape>>;
  selfNames?: readonly string[];
  implicitSelf?: boolean;
  ownModule?: readonly string[];
}

const C_LIKE_MEMBERS = { field_expression: { object: 'argument', name: 'field' } };
const C_LIKE_BINDINGS = {
  parameter_declaration: { names: 'declarator', type: 'type' },
  declaration: { names: 'declarator', type: 'type' },
  init_declarator: { names: 'declarator', value: 'value' },
};

/**
 * Per grammar (by language id). Node types and fields were checked against each grammar's
 * node-types.json and by parsing samples (tree-sitter-go 0.25, -typescript 0.23, -javascript 0.25,
 * -python 0.25, -java 0.23, -rust 0.24, -c-sharp 0.23, -c 0.24, -cpp 0.23, -ruby 0.23, -php 0.24).
 */
export const FACT_RULES: Readonly<Record<string, FactRules>> = {
  go: {
    comments: ['comment'],
    strings: ['interpreted_string_literal', 'raw_string_literal'],
    calls: { call_expression: { callee: 'function' } },
    members: { selector_expression: { object: 'operand', name: 'field' } },
    constructions: { composite_literal: 'type' },
    constructorFunctions: ['new'],
    bindings: {
      parameter_declaration: { names: 'name', type: 'type' },
      var_spec: { names: 'name', type: 'type', value: 'value' },
      short_var_declaration: { names: 'left', value: 'right' },
    },
  },
  typescript: {
    comments: ['comment'],
    strings: ['string', 'template_string'],
    calls: { call_expression: { callee: 'function' } },
    members: { member_expression: { object: 'object', name: 'property' } },
    constructions: { new_expression: 'constructor' },
    bindings: {
      variable_declarator: { names: 'name', type: 'type', value: 'value' },
      required_parameter: { names: 'pattern', type: 'type' },
      optional_parameter: { names: 'pattern', type: 'type' },
    },
    selfNames: ['this'],
  },
  python: {
    comments: ['comment'],
    strings: ['string'],
    calls: { call: { callee: 'function' } },
    members: { attribute: { object: 'object', name: 'attribute' } },
    constructions: {},
    bindings: { assignment: { names: 'left', type: 'type', value: 'right' } },
    selfNames: ['self', 'cls'],
  },
  java: {
    comments: ['line_comment', 'block_comment'],
    strings: ['string_literal'],
    calls: { method_invocation: { receiver: 'object', name: 'name' } },
    members: { field_access: { object: 'object', name: 'field' } },
    constructions: { object_creation_expression: 'type' },
    bindings: {
      formal_parameter: { names: 'name', type: 'type' },
      local_variable_declaration: { names: 'declarator', type: 'type' },
      variable_declarator: { names: 'name', value: 'value' },
    },
    selfNames: ['this'],
    implicitSelf: true,
  },
  rust: {
    comments: ['line_comment', 'block_comment'],
    strings: ['string_literal', 'raw_string_literal'],
    calls: { call_expression: { callee: 'function' } },
    members: { field_expression: { object: 'value', name: 'field' }, scoped_identifier: { object: 'path', name: 'name' } },
    constructions: { struct_expression: 'name' },
    constructorMethods: ['new', 'default'],
    bindings: { let_declaration: { names: 'pattern', type: 'type', value: 'value' }, parameter: { names: 'pattern', type: 'type' } },
    selfNames: ['self', 'Self'],
    ownModule: ['self', 'crate', 'super'],
  },
  csharp: {
    comments: ['comment'],
    strings: ['string_literal', 'verbatim_string_literal', 'raw_string_literal', 'interpolated_string_expression'],
    calls: { invocation_expression: { callee: 'function' } },
    members: { member_access_expression: { object: 'expression', name: 'name' } },
    constructions: { object_creation_expression: 'type' },
    bindings: {
      parameter: { names: 'name', type: 'type' },
      variable_declaration: { names: 'variable_declarator', type: 'type' },
      variable_declarator: { names: 'name', value: 'object_creation_expression' },
    },
    selfNames: ['this'],
    implicitSelf: true,
  },
  c: {
    comments: ['comment'],
    strings: ['string_literal', 'concatenated_string'],
    calls: { call_expression: { callee: 'function' } },
    members: C_LIKE_MEMBERS,
    constructions: { compound_literal_expression: 'type' },
    bindings: C_LIKE_BINDINGS,
  },
  cpp: {
    comments: ['comment'],
    strings: ['string_literal', 'raw_string_literal', 'concatenated_string'],
    calls: { call_expression: { callee: 'function' } },
    members: { ...C_LIKE_MEMBERS, qualified_identifier: { object: 'scope', name: 'name' } },
    constructions: { new_expression: 'type', compound_literal_expression: 'type' },
    bindings: C_LIKE_BINDINGS,
    selfNames: ['this'],
    implicitSelf: true,
  },
  ruby: {
    comments: ['comment'],
    strings: ['string', 'heredoc_body'],
    calls: { call: { receiver: 'receiver', name: 'method' } },
    members: { scope_resolution: { object: 'scope', name: 'name' } },
    constructions: {},
    constructorMethods: ['new'],
    bindings: { assignment: { names: 'left', value: 'right' } },
    selfNames: ['self'],
    implicitSelf: true,
  },
  php: {
    comments: ['comment'],
    strings: ['string', 'encapsed_string', 'heredoc', 'nowdoc'],
    calls: {
      function_call_expression: { callee: 'function' },
      member_call_expression: { receiver: 'object', name: 'name' },
      nullsafe_member_call_expression: { receiver: 'object', name: 'name' },
      scoped_call_expression: { receiver: 'scope', name: 'name' },
    },
    members: {},
    constructions: { object_creation_expression: null },
    bindings: { simple_parameter: { names: 'name', type: 'type' }, assignment_expression: { names: 'left', value: 'right' } },
    selfNames: ['$this', 'self', 'static'],
  },
};

const ALIASES: Readonly<Record<string, string>> = { javascript: 'typescript', tsx: 'typescript', jsx: 'typescript', c_sharp: 'csharp', 'c-sharp': 'csharp', cs: 'csharp', 'c++': 'cpp' };

/** A grammar without a table: comments and strings recognised by their node type names alone. */
const FALLBACK: FactRules = { comments: [], strings: [], calls: {}, members: {}, constructions: {}, bindings: {} };

export function factRulesFor(languageId: string): FactRules {
  return FACT_RULES[languageId] ?? FACT_RULES[ALIASES[languageId] ?? ''] ?? FALLBACK;
}

const IDENTIFIER = /^(identifier|type_identifier|field_identifier|property_identifier|package_identifier|namespace_identifier|constant|name|variable_name|simple_identifier|this|self|super|crate)$/;
/** Node types named like a comment or a string literal, for grammars without a table. */
const COMMENT_LIKE = /comment$/;
const STRING_LIKE = /(^|_)(string|string_literal|heredoc|nowdoc)$/;
/** Type syntax that holds a type without being one: a slice, map or function of T is not a T. */
const NOT_A_VALUE_OF = /slice|array|map|channel|chan|tuple|function|func|union|dictionary/;

/** The facts of a parsed file. `text` is the parsed text (to tell blank from code on a line). */
export function computeFacts(root: Node, text: string, rules: FactRules): CodeFacts {
  const facts: CodeFacts = {
    inertLines: [],
    inertStarts: [],
    calls: [],
    constructions: [],
    bindings: [],
    selfNames: rules.selfNames ?? [],
    implicitSelf: rules.implicitSelf ?? false,
    ownModule: rules.ownModule ?? [],
  };
  const inert: InertRange[] = [];
  const bindingNodes: Node[] = [];
  const { inertTypes, types } = nodeTypesFor(root.tree.language, rules);
  // The grammar's own code collects the nodes of interest, in document order: walking every node
  // from JavaScript cost more than the parse itself.
  for (const node of types.length ? root.descendantsOfType(types) : []) {
    if (!node) continue;
    const type = node.type;
    if (inertTypes.has(type)) inert.push({ from: node.startIndex, to: node.endIndex, startRow: node.startPosition.row, endRow: node.endPosition.row });
    else if (type in rules.calls) addCall(node, rules.calls[type]!, rules, facts);
    else if (type in rules.constructions) addConstruction(node, rules.constructions[type]!, facts);
    if (type in rules.bindings) bindingNodes.push(node);
  }
  // A name's type matters only when something is called on it: bind only those.
  const receivers = new Set(facts.calls.map((call) => call.receiver));
  for (const node of bindingNodes) addBindings(node, rules.bindings[node.type]!, rules, facts, receivers);
  Object.assign(facts, inertLinesOf(inert, text));
  return facts;
}

/** The node types of `rules` that the grammar has (a table may list a dialect's), per grammar. */
const nodeTypes = new WeakMap<Language, Map<FactRules, { inertTypes: Set<string>; types: string[] }>>();

function nodeTypesFor(language: Language, rules: FactRules): { inertTypes: Set<string>; types: string[] } {
  let byRules = nodeTypes.get(language);
  if (!byRules) nodeTypes.set(language, (byRules = new Map()));
  let found = byRules.get(rules);
  if (!found) {
    const has = (type: string) => (language.idForNodeType(type, true) ?? 0) > 0;
    let inertTypes = [...rules.comments, ...rules.strings].filter(has);
    if (rules === FALLBACK) {
      // No table: comments and strings by their node type names.
      inertTypes = [];
      for (let id = 1; id < language.nodeTypeCount; id++) {
        const type = language.nodeTypeForId(id);
        if (type && language.nodeTypeIsNamed(id) && (COMMENT_LIKE.test(type) || STRING_LIKE.test(type))) inertTypes.push(type);
      }
    }
    const others = [...Object.keys(rules.calls), ...Object.keys(rules.constructions), ...Object.keys(rules.bindings)].filter(has);
    found = { inertTypes: new Set(inertTypes), types: [...new Set([...inertTypes, ...others])] };
    byRules.set(rules, found);
  }
  return found;
}

/** The callee of a call node: the name called and the expression it is called on. */
function calleeOf(node: Node, shape: CallShape, rules: FactRules): { name: Node | null; receiver: Node | null } {
  const field = (name: string | undefined) => (name ? node.childForFieldName(name) : null);
  const callee = field(shape.callee);
  if (callee) {
    const member = rules.members[callee.type];
    return member ? { name: callee.childForFieldName(member.name), receiver: callee.childForFieldName(member.object) } : { name: callee, receiver: null };
  }
  // Receiver and name fields (also Ruby-like grammars that have both shapes under one node type).
  return { name: field(shape.name), receiver: field(shape.receiver) };
}

function addCall(node: Node, shape: CallShape, rules: FactRules, facts: CodeFacts): void {
  const line = node.startPosition.row;
  const callee = calleeOf(node, shape, rules);
  const name = callee.name && identifierText(callee.name);
  if (!name) return;
  const built = builtType(node, name, callee.receiver, rules);
  if (built) facts.constructions.push({ line, ...built });
  const fresh = callee.receiver ? valueType(callee.receiver, rules) : undefined;
  facts.calls.push({ line, name, ...(callee.receiver ? { receiver: compact(callee.receiver.text) } : {}), ...(fresh ? { receiverType: fresh.type } : {}) });
}

/** The type a call constructs: `new(T)` (a constructor builtin), `T.new`, `T::new()` (a constructor method). */
function builtType(node: Node, name: string, receiver: Node | null, rules: FactRules): TypeRef | undefined {
  if (receiver === null && rules.constructorFunctions?.includes(name)) {
    const argument = node.childForFieldName('arguments')?.namedChildren[0];
    return argument ? typeRef(argument) : undefined;
  }
  if (receiver !== null && rules.constructorMethods?.includes(name)) return typeRef(receiver);
  return undefined;
}

/**
 * The type of the value an expression gives, when the syntax says it: a construction (`&T{}`,
 * `(new T())`, looking through parentheses and address-of) or a call of a constructor or of a bare
 * name (`T(…)`, which is a T when T is a type: the caller checks that against the declarations).
 */
function valueType(node: Node, rules: FactRules): TypeRef | undefined {
  let current: Node | null = node;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current.type in rules.constructions) return constructionType(current, rules.constructions[current.type]!);
    const shape = rules.calls[current.type];
    if (shape) {
      const callee = calleeOf(current, shape, rules);
      const name = callee.name && identifierText(callee.name);
      if (!name) return undefined;
      return builtType(current, name, callee.receiver, rules) ?? (callee.receiver ? undefined : { type: name });
    }
    if (current.namedChildCount !== 1) return undefined;
    current = current.namedChild(0);
  }
  return undefined;
}

function addConstruction(node: Node, field: string | null, facts: CodeFacts): void {
  const type = constructionType(node, field);
  if (type) facts.constructions.push({ line: node.startPosition.row, ...type });
}

function constructionType(node: Node, field: string | null): TypeRef | undefined {
  if (field !== null) {
    const typeNode = node.childForFieldName(field);
    return typeNode ? typeRef(typeNode) : undefined;
  }
  for (const child of node.namedChildren) {
    const type = child && typeRef(child);
    if (type) return type;
  }
  return undefined;
}

function addBindings(node: Node, shape: BindingShape, rules: FactRules, facts: CodeFacts, receivers: ReadonlySet<string | undefined>): void {
  // Most bindings hold no such name: tell that from the text before asking the tree.
  if (!mentionsAny(node.text, receivers)) return;
  const names = fieldOrChildren(node, shape.names).flatMap(namesIn);
  if (!names.some((name) => receivers.has(name))) return;
  const line = node.startPosition.row;
  const typeNode = shape.type ? node.childForFieldName(shape.type) : null;
  const declared = typeNode ? typeRef(typeNode) : undefined;
  const values = shape.value ? fieldOrChildren(node, shape.value).flatMap(listItems) : [];
  names.forEach((name, i) => {
    if (!receivers.has(name)) return;
    const value = values.length === names.length ? values[i] : values.length === 1 && names.length === 1 ? values[0] : undefined;
    const type = declared ?? (value ? valueType(value, rules) : undefined);
    if (type) facts.bindings.push({ line, name, ...type });
  });
}

function mentionsAny(text: string, names: ReadonlySet<string | undefined>): boolean {
  for (const [word] of text.matchAll(/[$\p{L}_][\p{L}\p{N}_]*/gu)) if (names.has(word)) return true;
  return false;
}

function fieldOrChildren(node: Node, name: string): Node[] {
  const byField = node.childrenForFieldName(name).filter((child): child is Node => child !== null);
  return byField.length > 0 ? byField : node.namedChildren.filter((child): child is Node => child?.type === name);
}

/** The variable names a binding's name part declares: `a`, `a, b`, `*p`, `x = 1` (a declarator). */
function namesIn(node: Node): string[] {
  if (IDENTIFIER.test(node.type)) return [node.text];
  const inner = node.childForFieldName('name') ?? node.childForFieldName('declarator') ?? node.childForFieldName('pattern');
  if (inner) return namesIn(inner);
  // `a, b` (a list), `&x` (a C++ reference declarator whose name has no field).
  if (/list$|declarator$/.test(node.type)) return node.namedChildren.flatMap((child) => (child ? namesIn(child) : []));
  return [];
}

function listItems(node: Node): Node[] {
  return /list$/.test(node.type) ? node.namedChildren.filter((child): child is Node => child !== null) : [node];
}

/**
 * The type a type expression names: `T`, `*T`, `T[int]`, `pkg.T` (qualifier `pkg`); undefined for
 * a slice, map or function type, which holds a T without being one.
 */
export function typeRef(node: Node): TypeRef | undefined {
  let current: Node | null = node;
  for (let depth = 0; current && depth < 6; depth++) {
    if (IDENTIFIER.test(current.type)) return { type: current.text };
    if (NOT_A_VALUE_OF.test(current.type)) return undefined;
    const name = current.childForFieldName('name') ?? current.childForFieldName('property');
    if (name && IDENTIFIER.test(name.type)) {
      const qualifier = current.childForFieldName('package') ?? current.childForFieldName('scope') ?? current.childForFieldName('path') ?? current.childForFieldName('qualifier') ?? current.childForFieldName('module') ?? current.childForFieldName('object');
      return qualifier ? { type: name.text, qualifier: compact(qualifier.text) } : { type: name.text };
    }
    current = current.childForFieldName('type') ?? current.childForFieldName('constructor') ?? current.namedChildren.find((child) => child !== null && (IDENTIFIER.test(child.type) || /type/.test(child.type))) ?? null;
  }
  return undefined;
}

function identifierText(node: Node): string | undefined {
  if (IDENTIFIER.test(node.type)) return node.text;
  // A generic callee (`Foo<T>(…)`, `Foo[T](…)`): its first identifier.
  const first = node.namedChildren.find((child) => child !== null && IDENTIFIER.test(child.type));
  return first?.text;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** A comment or string literal: its offsets in the text (UTF-16 units, as the strings count) and its rows. */
interface InertRange {
  from: number;
  to: number;
  startRow: number;
  endRow: number;
}

/**
 * Lines whose every non-blank character is inside one of the ranges (in document order): ranges
 * apart by white space alone are merged first (`/* a *\/ /* b *\/`), then a range's inner rows
 * are inert, and its first and last rows when only white space lies beside it on them. A first
 * row so cleared is also a start: the comment or string begins there.
 */
function inertLinesOf(ranges: readonly InertRange[], text: string): { inertLines: number[]; inertStarts: number[] } {
  const lines: number[] = [];
  const starts: number[] = [];
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 13) return false;
    }
    return true;
  };
  for (let i = 0; i < ranges.length; i++) {
    const first = ranges[i]!;
    let last = first;
    while (i + 1 < ranges.length && ranges[i + 1]!.from >= last.to && blank(last.to, ranges[i + 1]!.from)) last = ranges[++i]!;
    // A string inside another range (an interpolation's string in a template) adds nothing.
    while (i + 1 < ranges.length && ranges[i + 1]!.to <= last.to) i++;
    const lineStart = text.lastIndexOf('\n', first.from - 1) + 1;
    let lineEnd = text.indexOf('\n', last.to);
    if (lineEnd === -1) lineEnd = text.length;
    const startClean = blank(lineStart, first.from);
    const endClean = blank(last.to, lineEnd);
    const oneRow = first.startRow === last.endRow;
    if (startClean && (endClean || !oneRow)) {
      lines.push(first.startRow);
      starts.push(first.startRow);
    }
    if (oneRow) continue;
    for (let row = first.startRow + 1; row < last.endRow; row++) lines.push(row);
    if (endClean) lines.push(last.endRow);
  }
  // Ranges are in document order, so rows only repeat when ranges share a row.
  const ascending = (rows: number[]) => rows.filter((row, index) => index === 0 || row > rows[index - 1]!);
  return { inertLines: ascending(lines), inertStarts: ascending(starts) };
}

/** A declaration that a symbol's code may have moved into, and how the symbol reaches it. */
export interface ReachedDecl {
  name: string;
  span: LineSpan;
  /** `call`: the symbol calls it; `construct`: a method of a type the symbol constructs. */
  via: 'call' | 'construct';
}

/**
 * The declarations of the file that the symbol `self` (at `span`) reaches: the functions it calls
 * unqualified (or through its own module), the methods it calls on a value whose type it knows —
 * its receiver, a parameter or variable of a type, a value it builds — and the methods of the
 * types it constructs. A method called on a value of unknown type (`tx.Rollback()` on a library's
 * transaction) is not the project's method of the same name.
 */
export function reachedDeclarations(file: FileSymbols, span: LineSpan, self: string): ReachedDecl[] {
  const facts = file.facts;
  if (!facts) return [];
  const inSpan = (line: number) => line >= span.start && line <= span.end;
  const ownType = self.includes('.') ? self.slice(0, self.lastIndexOf('.')) : undefined;
  const functions = new Map<string, SymbolDecl>();
  const methods = new Map<string, SymbolDecl>();
  const types = new Set<string>();
  for (const decl of file.symbols) {
    if (decl.kind === 'type') types.add(decl.name);
    else if (decl.kind === 'method') methods.set(decl.name, decl);
    else if (decl.kind === 'function') (decl.name.includes('.') ? methods : functions).set(decl.name, decl);
  }
  const localType = (ref: { type: string; qualifier?: string }) => ref.qualifier === undefined || facts.ownModule.includes(ref.qualifier);

  // Names in the symbol that hold a value of a known type.
  const typesOfName = new Map<string, Set<string>>();
  const bind = (name: string, type: string) => {
    const known = typesOfName.get(name);
    if (known) known.add(type);
    else typesOfName.set(name, new Set([type]));
  };
  for (const binding of facts.bindings) if (inSpan(binding.line) && localType(binding)) bind(binding.name, binding.type);
  if (ownType) for (const name of facts.selfNames) bind(name, ownType);

  const called = new Set<SymbolDecl>();
  const constructed = new Set<string>();
  for (const call of facts.calls) {
    if (!inSpan(call.line)) continue;
    if (call.receiver === undefined) {
      const fn = functions.get(call.name);
      if (fn) called.add(fn);
      if (facts.implicitSelf && ownType) {
        const method = methods.get(`${ownType}.${call.name}`);
        if (method) called.add(method);
      }
      // `T(…)` on a type of this file builds (or converts to) a T.
      if (types.has(call.name)) constructed.add(call.name);
      continue;
    }
    if (facts.ownModule.includes(call.receiver)) {
      const fn = functions.get(call.name);
      if (fn) called.add(fn);
    }
    const receiverTypes = new Set(typesOfName.get(call.receiver) ?? []);
    if (call.receiverType) receiverTypes.add(call.receiverType);
    // `T.m()`, `T::m()`: a type's own (static) method.
    if (types.has(call.receiver) || call.receiver === ownType) receiverTypes.add(call.receiver);
    for (const type of receiverTypes) {
      const method = methods.get(`${type}.${call.name}`);
      if (method) called.add(method);
    }
  }
  for (const construction of facts.constructions) if (inSpan(construction.line) && localType(construction)) constructed.add(construction.type);

  const reached: ReachedDecl[] = [];
  for (const decl of file.symbols) {
    if (decl.name === self || !(decl.kind === 'function' || decl.kind === 'method')) continue;
    if (called.has(decl)) reached.push({ name: decl.name, span: decl.span, via: 'call' });
  }
  for (const decl of file.symbols) {
    if (decl.name === self || called.has(decl) || !(decl.kind === 'function' || decl.kind === 'method') || !decl.name.includes('.')) continue;
    if (constructed.has(decl.name.slice(0, decl.name.lastIndexOf('.')))) reached.push({ name: decl.name, span: decl.span, via: 'construct' });
  }
  return reached;
}
