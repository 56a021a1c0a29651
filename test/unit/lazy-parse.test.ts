/**
 * Lazy parsing (issue 25, item 1): a code file is parsed only when a step's result depends on
 * the parse. Tests here show (1) which files are left unparsed, (2) that each case where a parse
 * changes a result is parsed (a match inside a comment, a renamed or missing symbol, a helper the
 * symbol calls), (3) that the table of comment and string openers holds for every grammar, and
 * (4) that lazy and eager resolution agree on random workspaces.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { mayBeInsideInert } from '../../server/src/core/anchors/multilineInert';
import { resolveAnchor } from '../../server/src/core/anchors/resolveAnchor';
import { WalkthroughEngine } from '../../server/src/core/engine';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { SymbolIndex } from '../../server/src/core/symbols/symbolIndex';
import { splitLines, normalizeLine } from '../../server/src/core/text';
import { lineOf, WS } from './helpers';

/** A SymbolIndex that counts the files it was asked to parse (declarations or facts). */
class CountingSymbols extends SymbolIndex {
  readonly asked = new Set<string>();
  override symbols(file: string, text: string, options: { facts?: boolean } = {}) {
    this.asked.add(file);
    return super.symbols(file, text, options);
  }
}

async function load(files: Record<string, string>, parse: 'lazy' | 'eager' = 'lazy') {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([name, text]) => [`${WS}/${name}`, text])));
  const symbols = new CountingSymbols();
  const engine = new WalkthroughEngine({ fs, folders: [WS], symbols, parse });
  await engine.loadAll();
  return { engine, symbols };
}

const SERVICE = [
  'package shop',
  '',
  'func Sell(n int) int {',
  '\tx := n + 1',
  '\ty := x * 2',
  '\treturn helper(y)',
  '}',
  '',
  'func helper(y int) int {',
  '\tz := y - 3',
  '\treturn z',
  '}',
  '',
].join('\n');

function yaml(steps: string[]): string {
  return `id: t\ntitle: t\nsteps:\n${steps.join('')}`;
}

function step(fields: Record<string, string | number>): string {
  return Object.entries(fields).map(([key, value], i) => `${i === 0 ? '  - ' : '    '}${key}: ${typeof value === 'number' ? value : JSON.stringify(value)}\n`).join('');
}

/** What a user sees of a walkthrough: each step's place and state, and every diagnostic. */
function observe(engine: WalkthroughEngine): unknown {
  return engine.list().map((w) => ({
    file: w.file,
    steps: w.steps.map((s) => ({
      status: s.status,
      message: s.statusMessage,
      file: s.file,
      span: s.span,
      found: s.foundText,
      closest: s.closestSpan,
      declaration: s.declarationSpan,
      declarationName: s.declarationName,
      title: s.title,
    })),
    diagnostics: engine.diagnostics(w.file).map((d) => [d.code, d.severity, d.message, d.range, d.stepIndex]),
  }));
}

describe('lazy parsing: files whose results cannot depend on the parse are not parsed', () => {
  it('steps without a symbol, found exactly at their hint (or anywhere, in a file no comment or string spans lines of), parse nothing', async () => {
    const steps = [
      step({ file: 'shop.go', lines: lineOf(SERVICE, 'x := n + 1'), anchor: 'x := n + 1' }),
      // The hint is out of date: the anchor is found elsewhere, and no line of the file can be in a comment.
      step({ file: 'shop.go', lines: 2, anchor: 'z := y - 3' }),
      step({ file: 'shop.go', lines: 1 }),
    ];
    const { engine, symbols } = await load({ 'shop.go': SERVICE, 'other.go': SERVICE, 't.walkthrough.yaml': yaml(steps) });
    assert.deepEqual(engine.get(`${WS}/t.walkthrough.yaml`)!.steps.map((s) => s.status), ['ok', 'moved', 'ok']);
    assert.deepEqual([...symbols.asked], [], 'no file was parsed');
    const eager = await load({ 'shop.go': SERVICE, 'other.go': SERVICE, 't.walkthrough.yaml': yaml(steps) }, 'eager');
    assert.deepEqual([...eager.symbols.asked], [`${WS}/shop.go`], 'the eager reference parses the file the steps search, and no other');
    assert.deepEqual(observe(engine), observe(eager.engine));
  });

  it('a step naming a symbol parses its file (its declaration is looked up)', async () => {
    const steps = [step({ file: 'shop.go', lines: lineOf(SERVICE, 'x := n + 1'), anchor: 'x := n + 1', symbol: 'Sell' })];
    const { engine, symbols } = await load({ 'shop.go': SERVICE, 't.walkthrough.yaml': yaml(steps) });
    assert.equal(engine.get(`${WS}/t.walkthrough.yaml`)!.steps[0]!.status, 'ok');
    assert.deepEqual([...symbols.asked], [`${WS}/shop.go`]);
  });
});

/** TypeScript with template literals (one with a substitution over several lines) and a regex above its code. */
const TEMPLATED = [
  "import { log } from './log';",
  '',
  'export function sell(n: number, sn: string): number {',
  '  const id = sn.replace(/[`\'"]/g, \'\') + `#${n / 2}`;',
  '  log(`selling ${id}: ${[',
  '    n,',
  '  ].join(\'/*\')}`);',
  '  const x = n + 1;',
  '  return x;',
  '}',
  '',
  'export const doc = `',
  '  const x = n + 1;',
  '`;',
  '',
].join('\n');

describe('lazy parsing: template literals and regex literals above an anchor do not force a parse', () => {
  it('an anchor below them, at its hint or moved (no exact match of it can be in a string), parses nothing', async () => {
    const steps = [
      step({ file: 'sell.ts', lines: lineOf(TEMPLATED, 'return x;'), anchor: 'return x;' }),
      step({ file: 'sell.ts', lines: 2, anchor: 'return x;' }),
    ];
    const files = { 'sell.ts': TEMPLATED, 't.walkthrough.yaml': yaml(steps) };
    const { engine, symbols } = await load(files);
    assert.deepEqual(engine.get(`${WS}/t.walkthrough.yaml`)!.steps.map((s) => s.status), ['ok', 'moved']);
    assert.deepEqual([...symbols.asked], [], 'no file was parsed');
    assert.deepEqual(observe(engine), observe((await load(files, 'eager')).engine));
  });

  it('an anchor whose copy lies in a template literal is parsed, and lands on the live code', async () => {
    const copy = TEMPLATED.split('\n').lastIndexOf('  const x = n + 1;') + 1;
    const files = { 'sell.ts': TEMPLATED, 't.walkthrough.yaml': yaml([step({ file: 'sell.ts', lines: copy, anchor: 'const x = n + 1;' })]) };
    const { engine, symbols } = await load(files);
    const resolved = engine.get(`${WS}/t.walkthrough.yaml`)!.steps[0]!;
    assert.equal(resolved.status, 'moved', 'the live code, not its copy in the template');
    assert.equal(resolved.span!.start + 1, lineOf(TEMPLATED, 'const x = n + 1;'));
    assert.deepEqual([...symbols.asked], [`${WS}/sell.ts`]);
    assert.deepEqual(observe(engine), observe((await load(files, 'eager')).engine));
  });
});

describe('lazy parsing: a file is parsed at most once per text', () => {
  it('steps naming symbols, one at its hint and one whose anchor moved (it needs the facts), parse their file once', async () => {
    const parses: boolean[] = [];
    // Every parse goes to the pool first: declining each one counts the parses without changing them.
    const counting = { tryParse: (_language: unknown, _text: string, facts: boolean) => void parses.push(facts) };
    const fs = new MemoryFileSystem({
      [`${WS}/shop.go`]: SERVICE,
      [`${WS}/t.walkthrough.yaml`]: yaml([
        step({ file: 'shop.go', lines: lineOf(SERVICE, 'x := n + 1'), anchor: 'x := n + 1', symbol: 'Sell' }),
        step({ file: 'shop.go', lines: 2, anchor: 'z := y - 3', symbol: 'helper' }),
      ]),
    });
    const engine = new WalkthroughEngine({ fs, folders: [WS], symbols: new SymbolIndex({ parser: counting }) });
    await engine.loadAll();
    assert.deepEqual(engine.get(`${WS}/t.walkthrough.yaml`)!.steps.map((s) => s.status), ['ok', 'moved']);
    assert.deepEqual(parses, [true], 'one parse, with the facts the second step reads');
  });
});

describe('lazy parsing: where a parse changes the result, the file is parsed', () => {
  it('an anchor at its hint inside a block comment (the code kept there) moves to the live code: without the parse it would stay', async () => {
    const code = ['package shop', '', '/*', 'old version:', '\tx := n + 1', '*/', '', 'func Sell(n int) int {', '\tx := n + 1', '\treturn x', '}', ''].join('\n');
    const hint = 5;
    const files = { 'shop.go': code, 't.walkthrough.yaml': yaml([step({ file: 'shop.go', lines: hint, anchor: 'x := n + 1' })]) };
    // Without the parse: found exactly at the hint, ok there.
    const lines = splitLines(code);
    const unparsed = resolveAnchor({ lines, normalized: lines.map(normalizeLine), hint: { start: hint - 1, end: hint - 1 }, anchor: 'x := n + 1' });
    assert.deepEqual(unparsed, { status: 'ok', span: { start: 4, end: 4 } });
    const { engine, symbols } = await load(files);
    const resolved = engine.get(`${WS}/t.walkthrough.yaml`)!.steps[0]!;
    assert.equal(resolved.status, 'moved', 'the live code, not its copy in the comment');
    assert.equal(resolved.span!.start, 8);
    assert.deepEqual([...symbols.asked], [`${WS}/shop.go`]);
    assert.deepEqual(observe(engine), observe((await load(files, 'eager')).engine));
  });

  it('a renamed symbol is reported, a missing one too (both need the declarations)', async () => {
    const renamed = SERVICE.replace('func Sell(', 'func SellGoods(');
    const steps = [
      step({ file: 'shop.go', lines: lineOf(renamed, 'x := n + 1'), anchor: 'x := n + 1', symbol: 'Sell' }),
      step({ file: 'shop.go', lines: lineOf(renamed, 'z := y - 3'), anchor: 'z := y - 3', symbol: 'helper' }),
    ];
    const { engine } = await load({ 'shop.go': renamed, 't.walkthrough.yaml': yaml(steps) });
    const codes = engine.diagnostics(`${WS}/t.walkthrough.yaml`).map((d) => d.code);
    assert.ok(codes.includes('symbol-not-found') || codes.includes('symbol-renamed'), JSON.stringify(codes));
    assert.deepEqual(observe(engine), observe((await load({ 'shop.go': renamed, 't.walkthrough.yaml': yaml(steps) }, 'eager')).engine));
  });

  it('code extracted into a helper the symbol calls is found there (the parse tells what Sell calls)', async () => {
    const extracted = ['package shop', '', 'func Sell(n int) int {', '\treturn check(n)', '}', '', 'func check(n int) int {', '\tx := n + 1', '\treturn x', '}', ''].join('\n');
    const files = { 'shop.go': extracted, 't.walkthrough.yaml': yaml([step({ file: 'shop.go', lines: 4, anchor: 'x := n + 1', symbol: 'Sell' })]) };
    const { engine } = await load(files);
    const resolved = engine.get(`${WS}/t.walkthrough.yaml`)!.steps[0]!;
    assert.equal(resolved.status, 'moved');
    assert.match(resolved.statusMessage ?? '', /check/);
    assert.deepEqual(observe(engine), observe((await load(files, 'eager')).engine));
  });
});

/** Hand-written texts per language with comments and strings on one line and over several. */
const TRICKY: Record<string, string> = {
  'a.go': 'package a\n// one line\nvar s = "x" // c\nvar r = `raw\nx := 1\n`\n/* block\nx := 1\n*/\nfunc F() {}\n',
  'a.ts': '// one\nconst s = "x"; // c\nconst t = `tpl\nx = 1\n`;\n/* block\nx = 1 */\nconst u = "a\\\nb";\nfunction f() {}\n',
  'a.js': "// one\nconst s = 'x';\n/** doc\n * x = 1\n */\nfunction f() {}\n",
  // Template literals whose substitutions span lines and hold templates, strings and braces of their own.
  'nested.ts': [
    'const a = `outer ${items.map((item) => {',
    '  const inner = `row ${item.name + `deep ${item.id}`} }`;',
    '  return { inner, x: "}`" };',
    '}).join("\\n")} tail',
    'x = 1',
    '`;',
    'const after = 1;',
    'const b = `${',
    '  `${`',
    'x = 2',
    '`}`',
    '}`;',
    'const c = `a\\`${"`"}',
    'x = 3 ${/`/.source}',
    '`;',
    '',
  ].join('\n'),
  // A template in a substitution opened on the same line: a lexer that ignores `${` reads two empty templates.
  'substitution.ts': 'const e = `${`\nx = 4\n`}`;\nconst f = 1;\n',
  // Regex literals holding backticks, quotes and comment openers; divisions next to strings.
  'regex.ts': [
    'const r1 = /`/;',
    'const r2 = /"/g, r3 = /\'/;',
    'const r4 = s.replace(/\\/\\*|[/`]/g, "");',
    'const half = total / 2 + "\'" + `x` / 3;',
    'if (ok) /`/.test(s);',
    'const t = `',
    'x = 1',
    '`;',
    'const q = (a) / 2 / (b) + "`";',
    'function f() {}',
    '/"/.test(s) && g(`',
    'x = 2',
    '`);',
    'const d = a++ / 2; const e = a! / 3; // it\'s `',
    'const u = typeof /`/ === "object";',
    'const v = `${x}` / 2 + `',
    'x = 3',
    '`;',
    '',
  ].join('\n'),
  // Comments holding backticks and quotes, strings holding comment openers, continued strings.
  'comments.js': [
    '// a `backtick and a \'quote',
    '/* a `backtick',
    ' * x = 1 " \'',
    ' */',
    'const s = "/* not a comment", t = \'`\';',
    "const q = '\\'' + `it's",
    'x = 4',
    '`;',
    'const u = "continued \\',
    'x = 1";',
    'const w = `${"/*"}',
    'x = 2',
    '`;',
    '/** `docs` */ const y = 1;',
    '',
  ].join('\n'),
  // Python: prefixes, escapes, f-string fields with specs, nested fields and strings, comments in fields (3.12).
  'tricky.py': [
    "x = 1  # a ''' in a comment",
    "s = 'it\\'s \"\"\" not a docstring'",
    "t = f\"{'{'} {x!r:>{width}} {{literal}} {x:'^10}\"",
    "u = rb'\\''",
    // A string in a field quoted like nothing around it (PEP 701): a lexer blind to fields opens a phantom docstring here.
    "w = f\"{'\"'}\" + '\"\"\"'",
    'def g():',
    '    \"\"\"Doc',
    '    x = 1',
    '    \"\"\"',
    'def f():',
    '    \"\"\"Doc with \'quotes\' and # hash',
    '    x = 1',
    '    \"\"\"',
    '    return f\"\"\"a {',
    '        x',
    '    } b',
    '    x = 2',
    '    \"\"\"',
    'v = \"continued \\',
    'x = 3\"',
    "w = f'{\"\"\"'''\"\"\"}'",
    'y = 2',
    '',
  ].join('\n'),
  // Java: a text block holding quotes and an escaped delimiter, strings and chars holding comment openers.
  'Tricky.java': [
    'class T {',
    '  String a = "/* not a comment \\" ";',
    "  char q = '\"';",
    '  String b = \"\"\"',
    '    x = 1; "quoted" \\\"\"\" still',
    '    \"\"\";',
    '  /** Javadoc */',
    '  int y = 2;',
    '  /* block',
    '  x = 1;',
    '  */',
    '  int z = 3;',
    '}',
    '',
  ].join('\n'),
  // C++: adjacent strings joined across lines, continued comments and strings, raw strings, digit separators.
  'tricky.cpp': "#include \"a/b.h\"\n#include <stdio.h>\n#define MAX(a, b) \\\n  ((a) > (b) ? (a) : (b))\nconst char *s = \"a\"\n  \"b\"\n  \"c\";\nint f = 1'000'000;\nchar q = '\"';\n// cont \\\nint g = 6;\nconst char *t = \"x\\\nint h = 7;\";\nauto r = R\"sql(\n  select \"x\" /* not a comment\n)sql\";\nint after = 1;\nconst char *u = \"x\" PRIu64\n  \"y\";\n/* block\n * x = 1;\n */\nint\nmain(void) {\n  return 0;\n}\n",
  // C: a `/*` in a #define opens a comment even inside quotes (the grammar does not read the body).
  'tricky.c': "int f(void);\nconst char *s = \"a\" /* c */\n  \"b\"\n  \"c\";\nchar q = '\\'';\nint after = 1;\n#define X \"/*\"\nint a = 1;\n/* */ int b = 2;\n",
  // C#: verbatim, raw and interpolated strings (holes with strings, formats, line breaks), a directive with a quote.
  'Tricky.cs': "#region it's a region\nclass T {\n  string a = \"/* not a comment \\\" {\";\n  char q = '\"';\n  string v = @\"verbatim \"\"quoted\"\"\n  x = 1;\n  \";\n  string i = $\"{a} {{literal}} {q,10:N2} {(a ? \"x\" : \"y\")}\";\n  string j = $@\"multi {a}\n  x = 2;\n  \";\n  string r = \"\"\"\n    x = 3; \"quoted\" \"\"still\"\"\n    \"\"\";\n  string k = $$\"\"\"\n    {x = 4;} {{a}}\n    \"\"\";\n  string h = $\"{\n    a\n  } tail\";\n  string w = \"\"\"\"\n    x = 6; \"\"\" inside\n    \"\"\"\";\n  /* block\n  x = 5;\n  */\n  int y = 2;\n  string s = $\"{a}\" + @\"\\\" + \"x\";\n  int z = 3;\n}\n#endregion\n",
  'raw.go': 'package a\n\nvar r = \'`\'\nvar s = "`/*"\n// `\nvar t = `a\nx := 1\n"`\n/* `\nx := 1\n*/\nvar q, v = \'\\\'\', `it\'s\nx := 2\n`\nvar u = \'\\\'\'\nfunc F() {}\n',
  'a.py': '# one\ns = "x"  # c\nt = """doc\nx = 1\n"""\nu = \'\'\'more\ny\'\'\'\ndef f():\n    """Doc."""\n    return 1\n',
  'A.java': 'class A {\n  // one\n  String s = "x"; /* c */\n  /* block\n  x = 1;\n  */\n  String t = """\n    x = 1\n    """;\n}\n',
  'a.rs': '// one\n/// doc\nfn f() {\n  let s = "multi\nline";\n  /* block\n  x */\n}\n',
  'A.cs': 'class A {\n  // one\n  string s = "x";\n  string v = @"verb\nx = 1";\n  /* block\n  */\n}\n',
  'a.c': '// one\nint x = 1; /* c */\n/* block\n x = 1\n*/\nconst char *s = "a"\n  "b";\n#define M(a) \\\n  (a)\n',
  'a.cpp': '// one\nauto s = R"(raw\nx)";\n/* block\n*/\nint f() { return 1; }\n',
  'a.rb': "# one\ns = 'x'\nt = <<~EOS\n  x = 1\nEOS\n=begin\nx = 1\n=end\ndef f\n  1\nend\n",
  'a.php': '<?php\n// one\n# two\n$s = "multi\nline";\n$t = <<<EOT\nx\nEOT;\n/* block\n*/\nfunction f() {}\n',
};

/** The lines the parse counts as inside a comment or string that began on an earlier line. */
async function insideLines(symbols: SymbolIndex, name: string, text: string): Promise<number[]> {
  const parsed = await symbols.symbols(`/x/${name}`, text, { facts: true });
  assert.ok(parsed?.facts, `${name} parses`);
  const starts = new Set(parsed.facts.inertStarts);
  return parsed.facts.inertLines.filter((line) => !starts.has(line));
}

/** The lines the lexer (or the opener table) calls "maybe". */
function maybeLines(name: string, text: string): number[] {
  const lines = splitLines(text);
  return lines.map((_, i) => i).filter((i) => mayBeInsideInert(`/x/${name}`, lines, i));
}

function assertSound(name: string, text: string, inside: readonly number[]): void {
  const maybe = new Set(maybeLines(name, text));
  const missed = inside.filter((line) => !maybe.has(line));
  const numbered = splitLines(text).map((l, i) => `${String(i + 1).padStart(3)} ${l}`).join('\n');
  assert.deepEqual(missed.map((l) => l + 1), [], `${name}: lines the parse puts inside a comment or string begun above, called safe:\n${numbered}`);
}

describe('lazy parsing: the line lexers and the opener table hold for every grammar', () => {
  const fixtures = path.join(__dirname, '../fixtures/languages');
  const texts: Array<[string, string]> = [...readdirSync(fixtures).map((name): [string, string] => [name, readFileSync(path.join(fixtures, name), 'utf8')]), ...Object.entries(TRICKY)];
  for (const [name, text] of texts) {
    it(`${name}: every line inside a comment or string that began above is a "maybe"`, async () => {
      assertSound(name, text, await insideLines(new SymbolIndex(), name, text));
    });
  }
  it('the lexers tell lines below a template, a regex or a comment for live code (what they are for)', () => {
    const safe = (name: string, wanted: string) => {
      const lines = splitLines(TRICKY[name]!);
      const at = lines.findIndex((l) => l.startsWith(wanted));
      assert.ok(at > 0, wanted);
      assert.equal(mayBeInsideInert(`/x/${name}`, lines, at), false, `${name}: ${wanted}`);
    };
    safe('nested.ts', 'const after = 1;');
    safe('nested.ts', 'const b = `${');
    safe('substitution.ts', 'const f = 1;');
    safe('regex.ts', 'if (ok)');
    safe('regex.ts', 'function f() {}');
    safe('regex.ts', 'const u = typeof');
    safe('comments.js', "const s = \"/* not");
    safe('comments.js', '/** `docs` */');
    safe('a.ts', 'function f() {}');
    safe('raw.go', 'func F() {}');
    safe('raw.go', '// `');
    safe('tricky.py', 'def f():');
    safe('tricky.py', 'v = "continued');
    safe('tricky.py', 'y = 2');
    safe('Tricky.java', '  int y = 2;');
    safe('Tricky.java', '  int z = 3;');
    safe('tricky.cpp', 'int f = 1');
    safe('tricky.cpp', 'int after = 1;');
    safe('tricky.cpp', '/* block');
    safe('tricky.c', 'int after = 1;');
    safe('Tricky.cs', '  int y = 2;');
    safe('Tricky.cs', '  int z = 3;');
  });
  it('the tricky texts do hold lines inside comments or strings (the check above is not vacuous)', async () => {
    const symbols = new SymbolIndex();
    for (const [name, text] of Object.entries(TRICKY)) {
      const facts = (await symbols.symbols(`/x/${name}`, text, { facts: true }))!.facts!;
      const starts = new Set(facts.inertStarts);
      assert.ok(facts.inertLines.some((line) => !starts.has(line)), name);
    }
  });
});

/**
 * Random JavaScript and TypeScript programs (valid syntax) made of the tokens a line lexer can
 * misread: strings holding quotes, backticks and comment openers; templates whose substitutions
 * span lines and nest; regex literals holding quotes and backticks; divisions; comments.
 */
function jsProgram(typescript: boolean): fc.Arbitrary<string> {
  const pick = <T>(...values: T[]) => fc.constantFrom(...values);
  const stringOf = (q: string, other: string) =>
    fc.array(pick('x', ' ', '`', '/*', '*/', '//', '${', '}', '/', '\\\\', `\\${q}`, other, '\\\n'), { maxLength: 4 }).map((parts) => `${q}${parts.join('')}${q}`);
  const regex = fc
    .tuple(fc.array(pick('a', '`', '"', "'", '\\/', '[/]', '[`"]', '{', '}', '(', ')', ' '), { minLength: 1, maxLength: 4 }), pick('', 'g'))
    .map(([parts, flags]) => `/${parts.join('')}/${flags}`);
  const { expr } = fc.letrec<{ expr: string; template: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      pick('a', 'n', '1', '2.5', 'this.x', 'a.return'),
      stringOf("'", '"'),
      stringOf('"', "'"),
      regex,
      tie('template'),
      fc.tuple(tie('expr'), pick(' + ', ' / ', '/ ', ' * ', ' - ', ' /\n  ', ' +\n  ', ' && ', ' % '), tie('expr')).map(([a, op, b]) => `${a}${op}${b}`),
      tie('expr').map((e) => `(${e})`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `f(${a}, ${b})`),
      tie('expr').map((e) => `typeof ${e}`),
      tie('expr').map((e) => `(x) => ${e}`),
      tie('expr').map((e) => `({ k: ${e} })`),
      tie('expr').map((e) => `a[${e}]`),
      pick(...(typescript ? ['a!', 'a++', '(a)!'] : ['a++', 'a--'])),
    ),
    template: fc
      .array(fc.oneof(pick('x', ' ', '\n', '"', "'", '/*', '//', '\\`', '$x', '{', '}', '/'), tie('expr').map((e) => `\${${e}}`), tie('expr').map((e) => `\${\n  ${e}\n}`)), { maxLength: 4 })
      .map((parts) => `\`${parts.join('')}\``),
  }));
  const comment = fc.array(pick('x', ' ', '`', '"', "'", '/* ', '${', '/ '), { maxLength: 4 }).map((parts) => parts.join(''));
  const statement = fc.oneof(
    expr.map((e) => `const v = ${e};`),
    expr.map((e) => `f(${e});`),
    fc.tuple(expr, expr).map(([a, b]) => `if (${a}) ${b};`),
    fc.tuple(expr, regex).map(([a, r]) => `if (${a}) ${r}.test(s);`),
    expr.map((e) => `function g() { return ${e}; }`),
    fc.tuple(regex, expr).map(([r, e]) => `function g() {}\n${r}.test(${e});`),
    expr.map((e) => `for (const v of ${e}) {}`),
    expr.map((e) => `x = a\n/ ${e};`),
    comment.map((c) => `// ${c}`),
    fc.tuple(comment, comment).map(([a, b]) => `/* ${a}\n${b} */`),
  );
  return fc.array(statement, { minLength: 1, maxLength: 8 }).map((statements) => `${statements.join('\n')}\n`);
}

describe('lazy parsing: the JavaScript/TypeScript lexer against the parse on random programs', () => {
  for (const [language, ext] of [['TypeScript', 'ts'], ['JavaScript', 'js']] as const) {
    it(`${language}: every line the parse puts inside a comment, string or template begun above is a "maybe"`, async () => {
      const symbols = new SymbolIndex();
      let inside = 0;
      let safeBelow = 0;
      await fc.assert(
        fc.asyncProperty(jsProgram(ext === 'ts'), async (text) => {
          const lines = await insideLines(symbols, `p.${ext}`, text);
          inside += lines.length;
          assertSound(`p.${ext}`, text, lines);
          // Not vacuous: below a line inside a literal, the lexer calls some line safe.
          const maybe = new Set(maybeLines(`p.${ext}`, text));
          const total = splitLines(text).length;
          if (lines.length > 0 && Array.from({ length: total - lines[0]! }, (_, i) => lines[0]! + i).some((line) => !maybe.has(line))) safeBelow++;
        }),
        { numRuns: 300 },
      );
      assert.ok(inside > 0, 'some programs hold lines inside literals');
      assert.ok(safeBelow > 0, 'the lexer calls some lines below a literal safe');
    });
  }
});

/**
 * Random Python programs: strings with prefixes, escapes and continued lines, triple-quoted
 * docstrings, f-strings whose fields hold strings, conversions, format specs with fields, and
 * line breaks; comments holding quotes.
 */
function pythonProgram(): fc.Arbitrary<string> {
  const pick = <T>(...values: T[]) => fc.constantFrom(...values);
  const other = (q: string) => (q === '"' ? "'" : '"');
  const { expr } = fc.letrec<{ expr: string; fstring: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      pick('a', '1', 'x.y', 'None'),
      fc
        .tuple(pick('', 'r', 'b', 'rb', 'u', 'R'), pick('"', "'"))
        .chain(([prefix, q]) => fc.array(pick('x', ' ', other(q), '#', '{', '}', '\\\\', `\\${q}`, '\\\n', other(q).repeat(3)), { maxLength: 4 }).map((parts) => `${prefix}${q}${parts.join('')}${q}`)),
      fc
        .tuple(pick('', 'r', 'b'), pick('"', "'"))
        .chain(([prefix, q]) => fc.array(pick('x', '\n', other(q), `\\${q}`, '#', '{', `${q}${q}x`), { maxLength: 5 }).map((parts) => `${prefix}${q.repeat(3)}${parts.join('')}${q.repeat(3)}`)),
      tie('fstring'),
      fc.tuple(tie('expr'), pick(' + ', ' * ', ' +\n    ', ' % '), tie('expr')).map(([a, op, b]) => `(${a}${op}${b})`),
      tie('expr').map((e) => `f(${e})`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `[${a},\n    ${b}]`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `{${a}: ${b}}`),
    ),
    fstring: fc.tuple(pick('f', 'rf', 'F', 'fr'), pick('"', "'"), fc.boolean()).chain(([prefix, q, triple]) =>
      fc
        .array(
          fc.oneof(
            pick('x', ' ', '{{', '}}', other(q), '#', ...(triple ? ['\n'] : [])),
            fc.tuple(tie('expr'), pick('', '!r', '!s'), pick('', ':>10', ':{w}', ":'^5", ':{w}.{p}'), pick('', '\n')).map(([e, conversion, spec, br]) => `{ ${e}${br}${conversion}${spec}}`),
          ),
          { maxLength: 4 },
        )
        .map((parts) => `${prefix}${triple ? q.repeat(3) : q}${parts.join('')}${triple ? q.repeat(3) : q}`),
    ),
  }));
  const comment = fc.array(pick('x', ' ', '"', "'", "'''", '"""', '{', '\\'), { maxLength: 4 }).map((parts) => parts.join(''));
  const statement = fc.oneof(
    expr.map((e) => `x = ${e}`),
    expr.map((e) => `f(${e})`),
    fc.tuple(expr, expr).map(([d, e]) => `def g():\n    ${d}\n    return ${e}`),
    expr.map((e) => `if a:\n    x = ${e}`),
    comment.map((c) => `# ${c}`),
    fc.tuple(expr, comment).map(([e, c]) => `y = ${e}  # ${c}`),
  );
  return fc.array(statement, { minLength: 1, maxLength: 8 }).map((statements) => `${statements.join('\n')}\n`);
}

describe('lazy parsing: the Python lexer against the parse on random programs', () => {
  it('every line the parse puts inside a string begun above is a "maybe"', async () => {
    const symbols = new SymbolIndex();
    let inside = 0;
    let safeBelow = 0;
    await fc.assert(
      fc.asyncProperty(pythonProgram(), async (text) => {
        const lines = await insideLines(symbols, 'p.py', text);
        inside += lines.length;
        assertSound('p.py', text, lines);
        const maybe = new Set(maybeLines('p.py', text));
        const total = splitLines(text).length;
        if (lines.length > 0 && Array.from({ length: total - lines[0]! }, (_, i) => lines[0]! + i).some((line) => !maybe.has(line))) safeBelow++;
      }),
      { numRuns: 300 },
    );
    assert.ok(inside > 0, 'some programs hold lines inside strings');
    assert.ok(safeBelow > 0, 'the lexer calls some lines below a string safe');
  });
});

/**
 * Random C and C++ programs: strings with prefixes, escapes and continued lines, adjacent strings
 * joined across lines (with comments and macro names between), character literals, digit
 * separators, raw strings, comments continued by a backslash, and preprocessor lines.
 */
function cProgram(cpp: boolean): fc.Arbitrary<string> {
  const pick = <T>(...values: T[]) => fc.constantFrom(...values);
  const string = fc
    .tuple(pick('', 'L', 'u8'), fc.array(pick('x', ' ', "'", '/*', '*/', '//', '\\"', '\\\\', '\\\n'), { maxLength: 4 }))
    .map(([prefix, parts]) => `${prefix}"${parts.join('')}"`);
  // `)"` ends a raw string only without a delimiter.
  const rawString = pick('', 'x').chain((delimiter) =>
    fc.array(pick('a', '\n', '"', '/*', "'", '\\', ...(delimiter ? [')"'] : [])), { maxLength: 4 }).map((parts) => `R"${delimiter}(${parts.join('')})${delimiter}"`),
  );
  const literal = cpp ? fc.oneof(string, rawString) : string;
  const { expr } = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      pick('a', '1', '0x1F', "'x'", "'\\''", "'\"'", ...(cpp ? ["1'000", "0x1'F"] : [])),
      literal,
      fc.tuple(literal, pick(' ', '\n  ', ' /* c */\n  ', ' PRIu64 ', '\n  PRIu64\n  '), literal).map(([a, sep, b]) => `${a}${sep}${b}`),
      fc.tuple(tie('expr'), pick(' + ', ' / ', ' * ', ' -\n    '), tie('expr')).map(([a, op, b]) => `(${a}${op}${b})`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `f(${a},\n    ${b})`),
    ),
  }));
  const comment = fc.array(pick('x', ' ', '"', "'", '/* ', '`'), { maxLength: 4 }).map((parts) => parts.join(''));
  const statement = fc.oneof(
    expr.map((e) => `  x = ${e};`),
    expr.map((e) => `  f(${e});`),
    comment.map((c) => `  // ${c}`),
    fc.tuple(comment, comment).map(([a, b]) => `  // ${a} \\\n  ${b}`),
    fc.tuple(comment, comment).map(([a, b]) => `  /* ${a}\n  ${b} */`),
    pick('#include "a/b.h"', '#include <stdio.h>', '#define M(a) \\\n  ((a) + 1)', '#if X\n  y = 1;\n#endif'),
  );
  return fc.array(statement, { minLength: 1, maxLength: 8 }).map((statements) => `void g(void) {\n${statements.join('\n')}\n}\n`);
}

describe('lazy parsing: the C and C++ lexer against the parse on random programs', () => {
  for (const [language, ext] of [['C', 'c'], ['C++', 'cpp']] as const) {
    it(`${language}: every line the parse puts inside a comment or string begun above is a "maybe"`, async () => {
      const symbols = new SymbolIndex();
      let inside = 0;
      let safeBelow = 0;
      await fc.assert(
        fc.asyncProperty(cProgram(ext === 'cpp'), async (text) => {
          const lines = await insideLines(symbols, `p.${ext}`, text);
          inside += lines.length;
          assertSound(`p.${ext}`, text, lines);
          const maybe = new Set(maybeLines(`p.${ext}`, text));
          const total = splitLines(text).length;
          if (lines.length > 0 && Array.from({ length: total - lines[0]! }, (_, i) => lines[0]! + i).some((line) => !maybe.has(line))) safeBelow++;
        }),
        { numRuns: 300 },
      );
      assert.ok(inside > 0, 'some programs hold lines inside literals');
      assert.ok(safeBelow > 0, 'the lexer calls some lines below a literal safe');
    });
  }
});

/**
 * Random C# programs: regular, verbatim and raw strings, interpolated ones whose holes hold
 * strings, formats and line breaks, character literals, comments, and directives.
 */
function csharpProgram(): fc.Arbitrary<string> {
  const pick = <T>(...values: T[]) => fc.constantFrom(...values);
  const { expr } = fc.letrec<{ expr: string; hole: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      pick('a', '1', "'x'", "'\\''", "'\"'"),
      fc.array(pick('x', ' ', "'", '/*', '//', '{', '}', '\\"', '\\\\'), { maxLength: 4 }).map((parts) => `"${parts.join('')}"`),
      fc.array(pick('x', '\n', "'", '/*', '{', '""', '\\'), { maxLength: 4 }).map((parts) => `@"${parts.join('')}"`),
      // Quote runs in a raw string stay shorter than its delimiter.
      fc.array(pick('x', '\n', '"x', '""x', '/*', '{', '\\'), { maxLength: 4 }).map((parts) => `"""\n${parts.join('')}\n"""`),
      fc.array(fc.oneof(pick('x', ' ', '{{', '}}', "'", '/*'), tie('hole')), { maxLength: 4 }).map((parts) => `$"${parts.join('')}"`),
      fc.array(fc.oneof(pick('x', '\n', '{{', '}}', '""', "'"), tie('hole')), { maxLength: 4 }).map((parts) => `$@"${parts.join('')}"`),
      fc.array(fc.oneof(pick('x', '\n', '{x', 'x}', '"x', "'"), tie('hole').map((h) => `{${h}}`)), { maxLength: 4 }).map((parts) => `$$"""\n${parts.join('')}\n"""`),
      fc.tuple(tie('expr'), pick(' + ', ' / ', ' +\n    '), tie('expr')).map(([a, op, b]) => `(${a}${op}${b})`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `F(${a},\n    ${b})`),
    ),
    hole: fc.tuple(tie('expr'), pick('', ',10', ':N2', ',-5:yyyy'), pick('', '\n')).map(([e, format, br]) => `{(${e})${br}${format}}`),
  }));
  const comment = fc.array(pick('x', ' ', '"', "'", '/* ', '{'), { maxLength: 4 }).map((parts) => parts.join(''));
  const statement = fc.oneof(
    expr.map((e) => `    x = ${e};`),
    expr.map((e) => `    F(${e});`),
    comment.map((c) => `    // ${c}`),
    fc.tuple(comment, comment).map(([a, b]) => `    /* ${a}\n    ${b} */`),
    pick("#region it's here", '#if DEBUG\n    y = 1;\n#endif'),
  );
  return fc.array(statement, { minLength: 1, maxLength: 8 }).map((statements) => `class C {\n  void G() {\n${statements.join('\n')}\n  }\n}\n`);
}

describe('lazy parsing: the C# lexer against the parse on random programs', () => {
  it('every line the parse puts inside a comment or string begun above is a "maybe"', async () => {
    const symbols = new SymbolIndex();
    let inside = 0;
    let safeBelow = 0;
    await fc.assert(
      fc.asyncProperty(csharpProgram(), async (text) => {
        const lines = await insideLines(symbols, 'P.cs', text);
        inside += lines.length;
        assertSound('P.cs', text, lines);
        const maybe = new Set(maybeLines('P.cs', text));
        const total = splitLines(text).length;
        if (lines.length > 0 && Array.from({ length: total - lines[0]! }, (_, i) => lines[0]! + i).some((line) => !maybe.has(line))) safeBelow++;
      }),
      { numRuns: 300 },
    );
    assert.ok(inside > 0, 'some programs hold lines inside literals');
    assert.ok(safeBelow > 0, 'the lexer calls some lines below a literal safe');
  });
});

/** Random Java programs: strings and characters with escapes, text blocks holding quotes, comments. */
function javaProgram(): fc.Arbitrary<string> {
  const pick = <T>(...values: T[]) => fc.constantFrom(...values);
  const { expr } = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      pick('a', '1', "'x'", "'\\''", "'\"'", "'\\\\'"),
      fc.array(pick('x', ' ', "'", '/*', '//', '\\"', '\\\\'), { maxLength: 4 }).map((parts) => `"${parts.join('')}"`),
      // Quote runs in a text block stay shorter than its delimiter, or are escaped.
      fc.array(pick('x', '\n', '"x', '""x', '\\"""x', '/*', "'", '\\\\'), { maxLength: 4 }).map((parts) => `"""\n${parts.join('')}"""`),
      fc.tuple(tie('expr'), pick(' + ', ' / ', ' +\n    '), tie('expr')).map(([a, op, b]) => `(${a}${op}${b})`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `f(${a},\n    ${b})`),
    ),
  }));
  const comment = fc.array(pick('x', ' ', '"', "'", '/* ', '"""'), { maxLength: 4 }).map((parts) => parts.join(''));
  const statement = fc.oneof(
    expr.map((e) => `    x = ${e};`),
    comment.map((c) => `    // ${c}`),
    fc.tuple(comment, comment).map(([a, b]) => `    /** ${a}\n     * ${b} */`),
  );
  return fc.array(statement, { minLength: 1, maxLength: 8 }).map((statements) => `class C {\n  void g() {\n${statements.join('\n')}\n  }\n}\n`);
}

describe('lazy parsing: the Java lexer against the parse on random programs', () => {
  it('every line the parse puts inside a comment or string begun above is a "maybe"', async () => {
    const symbols = new SymbolIndex();
    let inside = 0;
    let safeBelow = 0;
    await fc.assert(
      fc.asyncProperty(javaProgram(), async (text) => {
        const lines = await insideLines(symbols, 'C.java', text);
        inside += lines.length;
        assertSound('C.java', text, lines);
        const maybe = new Set(maybeLines('C.java', text));
        const total = splitLines(text).length;
        if (lines.length > 0 && Array.from({ length: total - lines[0]! }, (_, i) => lines[0]! + i).some((line) => !maybe.has(line))) safeBelow++;
      }),
      { numRuns: 200 },
    );
    assert.ok(inside > 0, 'some programs hold lines inside literals');
    assert.ok(safeBelow > 0, 'the lexer calls some lines below a literal safe');
  });
});

/** Random Go programs: raw strings holding quotes and comment openers, strings and runes with escapes, comments. */
function goProgram(): fc.Arbitrary<string> {
  const pick = <T>(...values: T[]) => fc.constantFrom(...values);
  const { expr } = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      pick('a', '1', "'x'", "'\\''", "'\"'", "'`'"),
      fc.array(pick('x', ' ', "'", '`', '/*', '//', '\\"', '\\\\'), { maxLength: 4 }).map((parts) => `"${parts.join('')}"`),
      fc.array(pick('x', '\n', '"', "'", '/*', '*/', '//', '\\'), { maxLength: 4 }).map((parts) => `\`${parts.join('')}\``),
      fc.tuple(tie('expr'), pick(' + ', ' / ', ' +\n\t\t'), tie('expr')).map(([a, op, b]) => `(${a}${op}${b})`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `f(${a},\n\t\t${b})`),
    ),
  }));
  const comment = fc.array(pick('x', ' ', '"', "'", '`', '/* '), { maxLength: 4 }).map((parts) => parts.join(''));
  const statement = fc.oneof(
    expr.map((e) => `\tx = ${e}`),
    comment.map((c) => `\t// ${c}`),
    fc.tuple(comment, comment).map(([a, b]) => `\t/* ${a}\n\t${b} */`),
  );
  return fc.array(statement, { minLength: 1, maxLength: 8 }).map((statements) => `package p\n\nfunc g() {\n${statements.join('\n')}\n}\n`);
}

describe('lazy parsing: the Go lexer against the parse on random programs', () => {
  it('every line the parse puts inside a comment or string begun above is a "maybe"', async () => {
    const symbols = new SymbolIndex();
    let inside = 0;
    let safeBelow = 0;
    await fc.assert(
      fc.asyncProperty(goProgram(), async (text) => {
        const lines = await insideLines(symbols, 'p.go', text);
        inside += lines.length;
        assertSound('p.go', text, lines);
        const maybe = new Set(maybeLines('p.go', text));
        const total = splitLines(text).length;
        if (lines.length > 0 && Array.from({ length: total - lines[0]! }, (_, i) => lines[0]! + i).some((line) => !maybe.has(line))) safeBelow++;
      }),
      { numRuns: 200 },
    );
    assert.ok(inside > 0, 'some programs hold lines inside literals');
    assert.ok(safeBelow > 0, 'the lexer calls some lines below a literal safe');
  });
});

/** Random source files: functions, with copies of their lines in comments and strings. */
const LANGUAGES = {
  go: {
    ext: 'go',
    header: ['package p', ''],
    fn: (name: string, body: string[]) => [`func ${name}(n int) int {`, ...body.map((l) => `\t${l}`), '\treturn n', '}', ''],
    statements: ['x := n + 1', 'y := x * 2', 'n = helper(n)', 'if n > 0 {', '}', 'n--', 'fmt.Println(n)'],
    blockComment: (body: string[]) => ['/*', ...body, '*/', ''],
    lineComment: (line: string) => [`// ${line}`],
    multilineString: (body: string[]) => ['var s = `', ...body, '`', ''],
  },
  python: {
    ext: 'py',
    header: ['import os', ''],
    fn: (name: string, body: string[]) => [`def ${name}(n):`, ...body.map((l) => `    ${l}`), '    return n', ''],
    statements: ['x = n + 1', 'y = x * 2', 'n = helper(n)', 'print(n)', 'n -= 1'],
    blockComment: (body: string[]) => ['"""', ...body, '"""', ''],
    lineComment: (line: string) => [`# ${line}`],
    multilineString: (body: string[]) => ["s = '''", ...body, "'''", ''],
  },
  typescript: {
    ext: 'ts',
    header: ['import { a } from "./a";', ''],
    fn: (name: string, body: string[]) => [`export function ${name}(n: number): number {`, ...body.map((l) => `  ${l}`), '  return n;', '}', ''],
    statements: ['const x = n + 1;', 'const y = x * 2;', 'n = helper(n);', 'console.log(n);', 'n--;'],
    blockComment: (body: string[]) => ['/*', ...body, '*/', ''],
    lineComment: (line: string) => [`// ${line}`],
    multilineString: (body: string[]) => ['const s = `', ...body, '`;', ''],
    // A template whose substitution spans lines and holds another template (copies of code in both).
    template: (body: string[]) => ['const t = `outer ${f(`', ...body, '`)} and ${[', '  n,', "].join('`')}`;", ''],
    // Regex literals holding a backtick or quotes, and a division next to a string: code, not literals.
    regex: (line: string) => [`const r = /[\`'"]/.test(${JSON.stringify(line)}) ? n / 2 + '\`' : 0; // ${line}`],
  },
  javascript: {
    ext: 'js',
    header: ["const { a } = require('./a');", ''],
    fn: (name: string, body: string[]) => [`function ${name}(n) {`, ...body.map((l) => `  ${l}`), '  return n;', '}', ''],
    statements: ['const x = n + 1;', 'const y = x * 2;', 'n = helper(n);', 'console.log(`n=${n}`);', 'n--;'],
    blockComment: (body: string[]) => ['/**', ...body.map((l) => ` * ${l}`), ' */', ''],
    lineComment: (line: string) => [`// ${line}`],
    multilineString: (body: string[]) => ['const s = `', ...body, '`;', ''],
    template: (body: string[]) => ['const t = `${`', ...body, '`}`;', ''],
    regex: (line: string) => [`if (n) /\`/.test(s); // ${line}`],
  },
} as const;

type Lang = keyof typeof LANGUAGES;

const chunk = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('fn' as const), body: fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('block' as const), body: fc.array(fc.nat(20), { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('line' as const), body: fc.array(fc.nat(20), { minLength: 1, maxLength: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('string' as const), body: fc.array(fc.nat(20), { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('template' as const), body: fc.array(fc.nat(20), { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('regex' as const), body: fc.array(fc.nat(20), { minLength: 1, maxLength: 1 }) }) },
);

const codeFile = fc.record({ language: fc.constantFrom<Lang>('go', 'python', 'typescript', 'javascript'), chunks: fc.array(chunk, { minLength: 1, maxLength: 6 }) });

function render(file: { language: Lang; chunks: ReadonlyArray<{ kind: 'fn' | 'block' | 'line' | 'string' | 'template' | 'regex'; body: readonly number[] }> }): { text: string; functions: string[] } {
  const language: (typeof LANGUAGES)[Lang] & { template?: (body: string[]) => string[]; regex?: (line: string) => string[] } = LANGUAGES[file.language];
  const out: string[] = [...language.header];
  const functions: string[] = [];
  file.chunks.forEach((c, i) => {
    const body = c.body.map((n) => language.statements[n % language.statements.length]!);
    if (c.kind === 'fn') {
      functions.push(`f${i}`);
      out.push(...language.fn(`f${i}`, body));
    } else if (c.kind === 'block') out.push(...language.blockComment(body));
    else if (c.kind === 'line') out.push(...language.lineComment(body[0]!));
    else if (c.kind === 'template') out.push(...(language.template ?? language.multilineString)(body));
    else if (c.kind === 'regex') out.push(...(language.regex ?? language.lineComment)(body[0]!));
    else out.push(...language.multilineString(body));
  });
  return { text: out.join('\n'), functions };
}

const stepArb = fc.record({
  file: fc.nat(),
  line: fc.nat(),
  hint: fc.constantFrom('exact', 'exact', 'off', 'none', 'far'),
  symbol: fc.constantFrom('none', 'none', 'some', 'gone'),
  symbolPick: fc.nat(),
  edit: fc.constantFrom(false, false, false, true),
  anchor: fc.constantFrom(true, true, true, false),
});

describe('lazy parsing: lazy and eager resolution agree', () => {
  it('on random workspaces (functions, and copies of their code in comments and strings): identical steps and diagnostics', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(codeFile, { minLength: 1, maxLength: 3 }), fc.array(stepArb, { minLength: 1, maxLength: 8 }), async (codeFiles, stepSpecs) => {
        const rendered = codeFiles.map((file, i) => ({ name: `c${i}.${LANGUAGES[file.language].ext}`, ...render(file) }));
        const steps = stepSpecs.map((s) => {
          const file = rendered[s.file % rendered.length]!;
          const lines = file.text.split('\n');
          const candidates = lines.map((l, i) => [l.trim(), i] as const).filter(([l]) => l !== '');
          const [text, at] = candidates[s.line % candidates.length]!;
          const fields: Record<string, string | number> = { file: file.name };
          if (s.hint === 'exact') fields.lines = at + 1;
          else if (s.hint === 'off') fields.lines = Math.max(1, at - 1);
          else if (s.hint === 'far') fields.lines = lines.length + 5;
          if (s.anchor) fields.anchor = s.edit ? text.replace(/[a-z]/, 'q') : text;
          if (s.symbol === 'some' && file.functions.length > 0) fields.symbol = file.functions[s.symbolPick % file.functions.length]!;
          else if (s.symbol === 'gone') fields.symbol = 'gone';
          if (Object.keys(fields).length === 1) fields.lines = at + 1;
          return step(fields);
        });
        const files: Record<string, string> = { 't.walkthrough.yaml': yaml(steps) };
        for (const file of rendered) files[file.name] = file.text;
        const lazy = await load(files, 'lazy');
        const eager = await load(files, 'eager');
        assert.deepEqual(observe(lazy.engine), observe(eager.engine));
        // Lazy never parses a file the eager engine did not.
        for (const file of lazy.symbols.asked) assert.ok(eager.symbols.asked.has(file), file);
      }),
      { numRuns: 60 },
    );
  });
});
