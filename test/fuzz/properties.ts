/**
 * Property tests over the engine and the server features (issue 11): random and mutated
 * walkthrough YAML, memos and code, in memory. Shared by `npm test` (test/unit/fuzz.test.ts, a
 * fixed number of cases) and `npm run fuzz -- --minutes N` (scripts/fuzz.ts, random seeds until
 * the time is up, failing cases saved under test/fuzz/regressions/).
 *
 * Invariants: nothing throws; every diagnostic's range lies inside its document and every placed
 * step inside its code file; results are deterministic, and an edit applied incrementally gives
 * what a fresh load of the edited files gives; nothing outside the workspace is read (a canary
 * file next to it never is); hovers contain no raw HTML, no images, and only http(s) links or
 * our own command links; every case finishes within a bound (a hang detector, not a speed target).
 * CodeTour tours (JSON, sometimes with comments) with random, recorded and hostile `pattern`s go
 * through the same; a pattern alone is matched against an oracle (`checkPatternCase`).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { runInNewContext } from 'node:vm';
import { findPattern } from '../../server/src/core/codetour/findPattern';
import { WalkthroughEngine } from '../../server/src/core/engine';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { parseWalkthrough } from '../../server/src/core/format/parseWalkthrough';
import { applyEdits, updateLinesEdit } from '../../server/src/core/format/stepEdits';
import { findSection, parseMemo } from '../../server/src/core/memo';
import { isInside } from '../../common/src/paths';
import { decodeText, lineStarts, splitLines } from '../../server/src/core/text';
import type { Range } from '../../server/src/core/types';
import { hover } from '../../server/src/features/hover';
import { summarizeWalkthrough } from '../../server/src/features/walkthroughList';
import { Workspace } from '../../server/src/features/workspace';
import { RecordingFileSystem } from '../unit/helpers';
import { isMap, isScalar, isSeq, parse, parseDocument, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { importMemo } from '../../server/src/core/memoImport/importMemo';
import { SymbolIndex } from '../../server/src/core/symbols/symbolIndex';
import { HOSTILE_PATTERNS } from '../unit/hostilePatterns';

export const WS = '/ws';
/** Files outside the workspace that a hostile walkthrough may name: they must never be read. */
export const CANARIES = ['/outside/secret.go', '/canary.md', '/ws-other/x.go'];

/** `npm test` replays one fixed seed (reproducible CI); `npm run fuzz` draws fresh ones. FUZZ_SEED overrides. */
export const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

/** A generous per-case bound: a case slower than this is a hang, whatever the machine. */
export const CASE_BOUND_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// Generators

const hostileText = fc.constantFrom(
  '<img src=x onerror=alert(1)>',
  '[x](command:workbench.action.terminal.new)',
  '``[x](command:walkthroughs.openStep?%5B%22a%22%5D)`',
  '[x](command\\:walkthroughs.start)',
  '![](https://tracker.example/p.png)',
  '<command:walkthroughs.openStep>',
  '&#99;ommand:x',
  '\u001b[31mred\u001b[0m',
  '\u202eevil\u202c',
  '秒杀 · 分布式锁',
  '😀 emoji',
  '# heading',
  '```go\nfunc x() {}\n```',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '\\',
  '',
  ' ',
  'a'.repeat(300),
);

const word = fc.oneof(fc.string({ maxLength: 12 }), hostileText);

const GO_LINES = [
  'package handler',
  '',
  'import "fmt"',
  'type Server struct{}',
  'func (s *Server) Sell(n int) error {',
  '\tlock := acquire(fmt.Sprintf("goods_%d", n))',
  '\tdefer lock.Release()',
  '\treturn nil',
  '}',
  'func Helper() {}',
  '// comment',
  '\t\t',
];

const codeLine = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...GO_LINES) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });

/** A code file: Go-like lines, sometimes odd bytes (binary, UTF-16, lone CR). */
export const codeFile = fc.oneof(
  { weight: 8, arbitrary: fc.array(codeLine, { maxLength: 40 }).map((lines) => lines.join('\n')) },
  { weight: 1, arbitrary: fc.array(codeLine, { maxLength: 20 }).map((lines) => lines.join('\r')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  { weight: 1, arbitrary: fc.array(codeLine, { maxLength: 10 }).map((lines) => new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(lines.join('\n'), 'utf16le'))])) },
);

/** Pieces of regular expressions: put together at random they make ordinary, broken and slow patterns. */
const PATTERN_PIECES = ['a', 'S', 'ell', 'func ', '(a|a)', '(a|aa)', '(\\w|\\d)', '+', '*', '?', '{2}', '{2,}', '.', '\\d', '\\s', '\\b', '^', '$', '[a-z]', '[^', '(?=l)', '(?<!x)', '(?:', '(', ')', '|', '\\1', '\\(', '\\', '\n'];
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A CodeTour `pattern`: recorded from a line (as CodeTour writes them), pieced together, or degenerate. */
export const patternValue = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...GO_LINES).map(escapeRegExp) },
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...PATTERN_PIECES), { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(1001), '(?<n>a)\\k<n>', '[\\s\\S]*$') },
);

/** Patterns that backtrack exponentially on their line (test/unit/hostilePatterns.ts). */
export const hostilePattern = fc.constantFrom(...HOSTILE_PATTERNS);

const tourStep = fc.record(
  {
    file: fc.constantFrom('a.go', 'sub/b.go', 'missing.go', '../outside/secret.go', 'a.go\u0000'),
    pattern: patternValue,
    line: fc.oneof(fc.nat(50), fc.constantFrom(-1, 1.5, '3')),
    title: word,
    description: word,
  },
  { requiredKeys: ['description'] },
);

const pathValue = fc.constantFrom('a.go', 'sub/b.go', 'missing.go', '../outside/secret.go', '/outside/secret.go', '../canary.md', '../ws-other/x.go', 'sub/../a.go', './a.go', 'a.go\u0000', 'C:\\a.go', 'file:///outside/secret.go', '', '.', 'sub');
const linesValue = fc.oneof(fc.nat(60), fc.constantFrom('1-2', '3-1', '0', '-1', '99999999999999999999', '2 - 5', 'x', '1.5', ''), fc.tuple(fc.nat(40), fc.nat(40)).map(([a, b]) => `${a}-${b}`));

const step = fc.record(
  {
    id: fc.oneof(fc.constantFrom('s1', 's2', 's1'), word),
    title: word,
    file: pathValue,
    lines: linesValue,
    anchor: fc.oneof(fc.constantFrom(...GO_LINES), fc.array(fc.constantFrom(...GO_LINES), { maxLength: 4 }).map((l) => l.join('\n')), word),
    symbol: fc.constantFrom('Server.Sell', 'Helper', 'Server', 'Nope', 'Sell', ''),
    section: fc.oneof(fc.constantFrom('Locks', '#locks', 'Redis 分布式锁', '#missing', 'locks  '), word),
    memo: fc.constantFrom('memo.md', '../canary.md', 'missing.md'),
    points: word,
    question: word,
  },
  { requiredKeys: [] },
);

const walkthroughValue = fc.record(
  {
    id: fc.oneof(fc.constantFrom('tour', 'other'), word),
    title: word,
    description: word,
    root: fc.constantFrom('.', 'sub', '..', '../outside', '/'),
    memo: fc.constantFrom('memo.md', '../canary.md', 'missing.md', 'a.go'),
    next: fc.constantFrom('tour', 'other', 'none'),
    primary: fc.boolean(),
    steps: fc.oneof({ weight: 6, arbitrary: fc.array(step, { maxLength: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(null, 'not a list', 7, [null], [['nested']]) }),
  },
  { requiredKeys: [] },
);

/** One edit to a text: delete, insert, duplicate or swap line endings, at a random place. */
const mutation = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'duplicate-line', 'cr', 'crlf', 'indent'),
  at: fc.nat(),
  length: fc.nat(20),
  text: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(':', '- ', '\n', '  ', '&a ', '*a', '|', '>', '"', "'", '{', '[', '#', '---\n', '\t', '%YAML 1.2\n', '!!binary ', '? ')),
});

export function mutate(text: string, edits: Array<{ kind: string; at: number; length: number; text: string }>): string {
  let out = text;
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % (out.length + 1);
    switch (edit.kind) {
      case 'delete':
        out = out.slice(0, at) + out.slice(at + edit.length);
        break;
      case 'insert':
        out = out.slice(0, at) + edit.text + out.slice(at);
        break;
      case 'duplicate-line': {
        const lines = out.split('\n');
        const i = edit.at % lines.length;
        lines.splice(i, 0, lines[i]!);
        out = lines.join('\n');
        break;
      }
      case 'cr':
        out = out.replace(/\n/g, '\r');
        break;
      case 'crlf':
        out = out.replace(/\n/g, '\r\n');
        break;
      case 'indent':
        out = out
          .split('\n')
          .map((line, i) => (i === edit.at % 7 ? ` ${line}` : line))
          .join('\n');
        break;
    }
  }
  return out;
}

/** Walkthrough YAML: rendered from a random structure, often mutated, sometimes pure noise. */
export const walkthroughYaml = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(walkthroughValue, fc.array(mutation, { maxLength: 3 })).map(([value, edits]) => mutate(renderYaml(value), edits)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '---', 'a: &x [*x]', '&a [*a, *a]', 'steps: &s\n  - *s', 'title: t\nsteps:\n  - file: a.go\n    lines: &L 2\n  - file: a.go\n    lines: *L\n', '\ufefftitle: t\nsteps: []\n', '{', 'title: [') },
);

export const memoText = fc.array(
  fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 7 }), fc.oneof(fc.constantFrom('Locks', 'Redis 分布式锁', 'locks', 'Locks'), word)).map(([level, text]) => `${'#'.repeat(level)} ${text}`),
    word,
    fc.constantFrom('---', '```', '- point', '', 'Setext\n===', '<details>', '[ref]: command:x'),
  ),
  { maxLength: 20 },
).map((lines) => lines.join('\n'));

function renderYaml(value: unknown): string {
  // JSON is YAML; a hand-rolled block style exercises spans, keys and scalars too.
  if (Math.abs(hash(JSON.stringify(value))) % 3 === 0) return JSON.stringify(value);
  return block(value, 0);
}

function block(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}[]\n`;
    return value.map((item) => (item !== null && typeof item === 'object' ? `${pad}-\n${block(item, indent + 2)}` : `${pad}- ${scalar(item)}\n`)).join('');
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([key, item]) => (item !== null && typeof item === 'object' ? `${pad}${key}:\n${block(item, indent + 2)}` : `${pad}${key}: ${scalar(item)}\n`))
      .join('');
  }
  return `${pad}${scalar(value)}\n`;
}

function scalar(value: unknown): string {
  if (typeof value === 'string') {
    // Plain when harmless, else JSON-quoted (valid YAML), sometimes a block scalar.
    if (value.includes('\n')) return `|\n${value.split('\n').map((l) => `      ${l}`).join('\n')}`;
    return /^[\w./-][\w ./-]*$/.test(value) ? value : JSON.stringify(value);
  }
  return JSON.stringify(value);
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

// ---------------------------------------------------------------------------------------------
// Invariants

/** A `.tour` file: JSON, sometimes with comments and trailing commas, sometimes mutated. */
export const tourText = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.array(tourStep, { maxLength: 4 }), fc.boolean(), word).map(([steps, comments, title]) => {
    const json = JSON.stringify({ title, steps }, null, 2);
    return comments ? `// a tour\n${json.replace(/\n/g, ' /* c */\n').replace(/"\n/g, '", // trailing\n')}` : json;
  }) },
  { weight: 1, arbitrary: fc.tuple(fc.array(tourStep, { maxLength: 3 }), fc.array(mutation, { maxLength: 3 })).map(([steps, edits]) => mutate(JSON.stringify({ title: 'T', steps }, null, 2), edits)) },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '// only a comment', '/* open', '{ "title": "T", "steps": [ { "file": "a.go", "pattern": "(a+)+$", } ], }') },
);

export interface WorkspaceCase {
  yaml: string;
  yaml2: string;
  memo: string;
  code: string | Uint8Array;
  sub: string | Uint8Array;
  edit: string;
  hoverLine: number;
  /** `.tours/t.tour`, when there is one (older saved regressions have none). */
  tour?: string;
}

export const workspaceCase: fc.Arbitrary<WorkspaceCase> = fc.record({
  yaml: walkthroughYaml,
  yaml2: walkthroughYaml,
  memo: memoText,
  code: codeFile,
  sub: codeFile,
  edit: walkthroughYaml,
  hoverLine: fc.nat(45),
  tour: fc.option(tourText, { nil: undefined, freq: 3 }),
});

function files(c: WorkspaceCase): Record<string, string | Uint8Array> {
  return {
    [`${WS}/t.walkthrough.yaml`]: c.yaml,
    [`${WS}/sub/two.walkthrough.yaml`]: c.yaml2,
    [`${WS}/memo.md`]: c.memo,
    [`${WS}/a.go`]: c.code,
    [`${WS}/sub/b.go`]: c.sub,
    ...(c.tour === undefined ? {} : { [`${WS}/.tours/t.tour`]: c.tour }),
    ...Object.fromEntries(CANARIES.map((file) => [file, 'package secret\n\nfunc Secret() {}\n# Locks\n'])),
  };
}

export interface CaseStats {
  slowestMs: number;
  slowest?: WorkspaceCase;
}

/** One case of the workspace property: throws (an assertion) when an invariant breaks. */
export async function checkWorkspaceCase(c: WorkspaceCase, stats?: CaseStats): Promise<void> {
  const started = performance.now();
  const memory = new MemoryFileSystem(files(c));
  const fs = new RecordingFileSystem(memory);
  const workspace = new Workspace(fs, [WS], { error: (message) => assert.fail(`the server logged an error: ${message}`) });
  await workspace.load();
  const engine = workspace.engine;
  const snapshot = async (e: WalkthroughEngine) => JSON.stringify(await Promise.all(e.list().map(async (w) => ({ summary: summarizeWalkthrough(w), diagnostics: e.diagnostics(w.file) }))));

  await assertInvariants(engine, memory);
  const first = await snapshot(engine);

  // Deterministic: a second engine over the same files says exactly the same.
  const again = new WalkthroughEngine({ fs: new MemoryFileSystem(files(c)), folders: [WS] });
  await again.loadAll();
  assert.equal(await snapshot(again), first, 'two loads of the same files differ');

  // Hovers on the code: safe markdown only.
  for (const file of [`${WS}/a.go`, `${WS}/sub/b.go`]) {
    const result = await hover(workspace, file, { line: c.hoverLine, character: 0 });
    if (result) assertSafeHover((result.contents as { value: string }).value);
  }

  // Incremental = from scratch: an editor buffer with other YAML gives what a fresh load gives.
  await engine.setOverlay(`${WS}/t.walkthrough.yaml`, c.edit);
  await assertInvariants(engine, memory, { [`${WS}/t.walkthrough.yaml`]: c.edit });
  // (As an overlay there too: a file on disk would hold the UTF-8 of the text, where lone surrogates become U+FFFD.)
  const fresh = new WalkthroughEngine({ fs: new MemoryFileSystem(files(c)), folders: [WS] });
  await fresh.setOverlay(`${WS}/t.walkthrough.yaml`, c.edit);
  await fresh.loadAll();
  assert.equal(await snapshot(engine), await snapshot(fresh), 'an incremental edit differs from a fresh load');

  // Confinement: nothing outside the workspace was read, through any path.
  for (const read of fs.reads) assert.ok(isInside(WS, read), `read outside the workspace: ${read}`);

  const elapsed = performance.now() - started;
  if (stats && elapsed > stats.slowestMs) {
    stats.slowestMs = elapsed;
    stats.slowest = c;
  }
  assert.ok(elapsed < CASE_BOUND_MS, `a case took ${Math.round(elapsed)} ms`);
}

async function assertInvariants(engine: WalkthroughEngine, memory: MemoryFileSystem, overlays: Record<string, string> = {}): Promise<void> {
  for (const walkthrough of engine.list()) {
    const text = overlays[walkthrough.file] ?? textOf(await memory.readFile(walkthrough.file));
    const lines = splitLines(text);
    for (const d of engine.diagnostics(walkthrough.file)) {
      assert.equal(d.file, walkthrough.file);
      assert.ok(typeof d.message === 'string' && d.message.length > 0 && d.message.length < 5000, `message: ${d.message}`);
      assertRangeInside(d.range, lines, `${d.code} ${d.message}`);
    }
    for (const s of walkthrough.steps) {
      assertRangeInside(s.spec.range, lines, `step ${s.spec.id}`);
      if (s.span && s.file) {
        const code = await engine.readText(s.file);
        if (code.kind !== 'text') continue;
        const count = splitLines(code.text).length;
        assert.ok(s.span.start >= 0 && s.span.start <= s.span.end && s.span.end < count, `step ${s.spec.id} at ${s.span.start}-${s.span.end} of ${count} lines`);
      }
    }
  }
}

function textOf(bytes: Uint8Array | undefined): string {
  const decoded = decodeText(bytes);
  return decoded.kind === 'text' ? decoded.text : '';
}

function assertRangeInside(range: Range, lines: string[], what: string): void {
  const inside = (p: Range['start']) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line]!.length;
  assert.ok(inside(range.start) && inside(range.end), `${what}: range ${JSON.stringify(range)} outside a document of ${lines.length} lines`);
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what}: reversed range ${JSON.stringify(range)}`);
}

const commonmark = new MarkdownIt('default', { html: true, linkify: true });
commonmark.validateLink = () => true;

export function assertSafeHover(markdown: string): void {
  const walk = (tokens: MarkdownIt.Token[]) => {
    for (const token of tokens) {
      assert.ok(token.type !== 'html_inline' && token.type !== 'html_block', `raw HTML in hover: ${token.content}`);
      assert.ok(token.type !== 'image', `image in hover: ${String(token.attrGet('src'))}`);
      if (token.type === 'link_open') {
        const href = String(token.attrGet('href'));
        assert.ok(/^https?:\/\//i.test(href) || /^command:walkthroughs\.openStep\?/.test(href), `link to ${href} in hover`);
      }
      if (token.children) walk(token.children);
    }
  };
  walk(commonmark.parse(markdown, {}));
}

// ---------------------------------------------------------------------------------------------
// Regression fixtures: a failing case, saved as JSON (bytes as base64) and replayed by npm test.

export interface Regression {
  property: 'workspace' | 'pattern';
  found: string;
  error: string;
  case: unknown;
}

export function encodeCase(c: WorkspaceCase): unknown {
  return Object.fromEntries(Object.entries(c).map(([key, value]) => [key, value instanceof Uint8Array ? { base64: Buffer.from(value).toString('base64') } : value]));
}

export function decodeCase(value: unknown): WorkspaceCase {
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, v]) => [key, v !== null && typeof v === 'object' && 'base64' in v ? new Uint8Array(Buffer.from(String((v as { base64: string }).base64), 'base64')) : v]),
  ) as unknown as WorkspaceCase;
}

// ---------------------------------------------------------------------------------------------
// Cheaper properties (parser, edits, memo): many more cases per second.

/** Parsing any YAML: no throw, ranges inside the text, deterministic; `lines` edits touch only their step. */
export function checkParseCase(yaml: string, newStart: number): void {
  const file = `${WS}/t.walkthrough.yaml`;
  const spec = parseWalkthrough(file, yaml);
  assert.equal(JSON.stringify(parseWalkthrough(file, yaml)), JSON.stringify(spec), 'two parses differ');
  const lines = splitLines(yaml);
  for (const d of spec.diagnostics) assertRangeInside(d.range, lines, `${d.code} ${d.message}`);
  for (const s of spec.steps) {
    assertRangeInside(s.range, lines, `step ${s.id}`);
    for (const [key, span] of Object.entries(s.spans)) {
      if (!span) continue;
      assertRangeInside(span.key, lines, `step ${s.id} key ${key}`);
      assertRangeInside(span.value, lines, `step ${s.id} value ${key}`);
    }
  }
  if (spec.diagnostics.some((d) => d.code === 'yaml-syntax')) return;
  // Rewriting one step's `lines` changes that step's hint and no other value of the file.
  spec.steps.forEach((s, index) => {
    if (!s.lines) return;
    const span = { start: newStart, end: newStart + (s.lines.end - s.lines.start) };
    const edit = updateLinesEdit(s, span);
    if (!edit) return;
    const after = parseWalkthrough(file, applyEdits(yaml, [edit]));
    assert.ok(!after.diagnostics.some((d) => d.code === 'yaml-syntax'), `the edit broke the YAML:\n${applyEdits(yaml, [edit])}`);
    assert.equal(after.steps.length, spec.steps.length);
    after.steps.forEach((t, j) => {
      if (j === index) assert.deepEqual(t.lines, span, 'the edited step has the new hint');
      else assert.deepEqual(t.lines, spec.steps[j]!.lines, `editing step ${index + 1} changed step ${j + 1}`);
      assert.equal(t.file, spec.steps[j]!.file);
      assert.equal(t.anchor, spec.steps[j]!.anchor);
    });
  });
}

/** Any memo: no throw, sections inside the text, every heading found by its own text and slug. */
export function checkMemoCase(text: string): void {
  const memo = parseMemo(`${WS}/memo.md`, text);
  assert.equal(JSON.stringify(parseMemo(`${WS}/memo.md`, text)), JSON.stringify(memo));
  const count = splitLines(text).length;
  for (const section of memo.sections) {
    assert.ok(section.line >= 0 && section.line < count && section.bodyStart <= section.bodyEnd && section.bodyEnd <= count, JSON.stringify(section));
    const bySlug = findSection(memo, `#${section.slug}`);
    assert.ok(bySlug.kind === 'found' && bySlug.section.slug === section.slug, `#${section.slug}`);
    // A reference that starts with `#` is a slug by definition; such headings are found by slug only.
    if (section.heading.trim() === '' || section.heading.trim().startsWith('#')) continue;
    const byHeading = findSection(memo, section.heading);
    const sections = byHeading.kind === 'found' ? [byHeading.section] : byHeading.kind === 'ambiguous' ? byHeading.sections : [];
    assert.ok(sections.some((s) => s.heading === section.heading), `heading ${JSON.stringify(section.heading)}: ${byHeading.kind}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Memo import (issue 19): hostile memos, then a re-import after the user's edits.

const memoPiece = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 6 }), fc.oneof(fc.constantFrom('Locks', 'Sell', '下单', 'Sell?', '面试官问：为什么？'), word)).map(([level, text]) => `${'#'.repeat(level)} ${text}`),
  fc.constantFrom('`a.go`', '`sub/b.go`', '[b](sub/b.go#L3)', '`a.go:Sell`', '涉及文件：`a.go`', 'see a.go and sub/b.go', '`missing.go`', '`a.go: Line 5`', '[x](file:///outside/secret.go)', '`../outside/secret.go`'),
  fc.constantFrom('`Sell` 方法', '`Helper`', '`Server.Sell`', '`acquire(fmt.Sprintf("goods_%d", n))`', 'Line 5: `lock.Release()`', '第 3 行', '`Server`', '`Nope`', '`defer lock.Release()`'),
  fc.array(fc.constantFrom(...GO_LINES), { minLength: 1, maxLength: 5 }).map((lines) => `\`\`\`go\n${lines.join('\n')}\n\`\`\``),
  word,
  fc.constantFrom('', '---', '- point', '```', '| `a.go` | `Sell` |\n|---|---|\n| x | y |'),
);

/** One user edit of an imported walkthrough, through the YAML document. */
const userEdit = fc.record({ kind: fc.constantFrom('delete', 'retitle', 'alias-file', 'move', 'strip-comments', 'question'), at: fc.nat(), to: fc.nat(), text: word });

export interface ImportCase {
  memo: string;
  a: string | Uint8Array;
  b: string | Uint8Array;
  edits: Array<{ kind: string; at: number; to: number; text: string }>;
}

export const importCase: fc.Arbitrary<ImportCase> = fc.record({
  memo: fc.array(memoPiece, { maxLength: 24 }).map((pieces) => pieces.join('\n\n')),
  a: codeFile,
  b: codeFile,
  edits: fc.array(userEdit, { maxLength: 4 }),
});

/**
 * Import, let the user edit, import again. Nothing throws or hangs; what is written parses and
 * loads without duplicate ids, and placed steps lie inside their files; nothing outside the root
 * is read; a step the user kept stays on its code (its lines do not move when the code did
 * not), a step the user deleted is not added back, and importing once more changes nothing.
 */
export async function checkImportCase(c: ImportCase, stats?: CaseStats): Promise<void> {
  const started = performance.now();
  const files: Record<string, string | Uint8Array> = { [`${WS}/a.go`]: c.a, [`${WS}/sub/b.go`]: c.b, [`${WS}/notes.md`]: c.memo };
  for (const canary of CANARIES) files[canary] = 'package secret\n\nfunc Sell() {}\n';
  const fs = new RecordingFileSystem(new MemoryFileSystem(files));
  const run = (existingYaml?: string) =>
    importMemo({ fs, memoFile: `${WS}/notes.md`, memoText: c.memo, root: WS, outFile: `${WS}/notes.walkthrough.yaml`, symbols: IMPORT_SYMBOLS, ...(existingYaml !== undefined ? { existingYaml } : {}) });
  const first = await run();
  assert.equal(first.error, undefined);
  const lengths = new Map<string, number>();
  for (const rel of ['a.go', 'sub/b.go']) {
    const text = decodeText(typeof files[`${WS}/${rel}`] === 'string' ? new TextEncoder().encode(files[`${WS}/${rel}`] as string) : (files[`${WS}/${rel}`] as Uint8Array));
    if (text.kind === 'text') lengths.set(rel, splitLines(text.text).length);
  }
  for (const step of first.steps) {
    if (step.span) assert.ok(step.span.start >= 0 && step.span.end < (lengths.get(step.file) ?? 0), `step ${step.id} inside ${step.file}`);
  }
  if (first.steps.length === 0) return;
  assertLoads(first.yaml);

  // The user's edits.
  const doc = parseDocument(first.yaml);
  const seq = doc.get('steps', true) as YAMLSeq<YAMLMap>;
  const deletedRefs: string[] = [];
  // Aliases last: a step moved above the anchor its alias names would not be YAML any more.
  for (const edit of [...c.edits].sort((x, y) => Number(x.kind === 'alias-file') - Number(y.kind === 'alias-file'))) {
    if (seq.items.length === 0) break;
    const i = edit.at % seq.items.length;
    const item = seq.items[i]!;
    if (edit.kind === 'delete') {
      const ref = refOnId(item);
      if (ref) deletedRefs.push(ref);
      seq.items.splice(i, 1);
    } else if (edit.kind === 'retitle') item.set('title', edit.text || 'mine');
    else if (edit.kind === 'question') item.set('question', edit.text || 'why?');
    else if (edit.kind === 'move') seq.items.splice(edit.to % seq.items.length, 0, ...seq.items.splice(i, 1));
    else if (edit.kind === 'alias-file') {
      const file = item.get('file', true);
      if (isScalar(file) && !file.anchor) {
        file.anchor = `f${i}`;
        // Aliases after the anchor only (YAML needs the anchor first).
        for (const other of seq.items.slice(i + 1)) if (isScalar(other.get('file', true)) && (other.get('file', true) as Scalar).value === file.value) other.set('file', doc.createAlias(file));
      }
    }
  }
  let edited = doc.toString({ lineWidth: 0 });
  if (c.edits.some((e) => e.kind === 'strip-comments')) edited = edited.replace(/^ *#[^\n]*\n/gm, '').replace(/ # memo-ref [0-9a-f]{12}/g, '');
  const keptLines = new Map<string, unknown>();
  for (const step of (parse(edited) as { steps?: Array<Record<string, unknown>> }).steps ?? []) {
    const ref = refOf(edited, String(step.id));
    if (ref && !c.edits.some((e) => e.kind === 'strip-comments')) keptLines.set(ref, step.lines);
  }

  const second = await run(edited);
  assert.equal(second.error, undefined, second.error);
  assertLoads(second.yaml);
  for (const [ref, lines] of keptLines) {
    const now = stepByRef(second.yaml, ref);
    assert.ok(now, `the step with memo-ref ${ref} is still there`);
    assert.deepEqual(now!.lines, lines, `the step with memo-ref ${ref} stays on its code`);
  }
  // Without the import's comments the file cannot tell a deleted step from a new one.
  if (!c.edits.some((e) => e.kind === 'strip-comments')) for (const ref of deletedRefs) assert.equal(stepByRef(second.yaml, ref), undefined, `deleted step ${ref} stays deleted`);
  const third = await run(second.yaml);
  assert.equal(third.yaml, second.yaml, 'importing once more changes nothing');
  for (const read of [...fs.fileReads, ...fs.directoryReads]) assert.ok(isInside(WS, read), `read outside the root: ${read}`);
  const ms = performance.now() - started;
  if (stats) stats.slowestMs = Math.max(stats.slowestMs, ms);
  assert.ok(ms < CASE_BOUND_MS, `import case took ${ms.toFixed(0)} ms`);
}

const IMPORT_SYMBOLS = new SymbolIndex();

function assertLoads(yaml: string): void {
  const spec = parseWalkthrough(`${WS}/notes.walkthrough.yaml`, yaml);
  const bad = spec.diagnostics.filter((d) => d.code === 'yaml-syntax' || d.code === 'duplicate-step-id' || d.code === 'invalid-type');
  assert.deepEqual(bad, [], yaml);
}

/** The step whose `memo-ref` comment is `ref`, as plain data. */
function stepByRef(yaml: string, ref: string): Record<string, unknown> | undefined {
  const doc = parseDocument(yaml);
  const seq = doc.get('steps', true);
  if (!isSeq(seq)) return undefined;
  for (const item of seq.items) {
    if (isMap(item) && refOnId(item) === ref) return doc.toJS().steps[seq.items.indexOf(item)] as Record<string, unknown>;
  }
  return undefined;
}

/** The key the import writes as a comment on a step's `id`. */
function refOnId(item: YAMLMap): string | undefined {
  const id = item.get('id', true);
  return isScalar(id) ? /memo-ref ([0-9a-f]{12})/.exec(id.comment ?? '')?.[1] : undefined;
}

function refOf(yaml: string, id: string): string | undefined {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`- id: ${escaped} # memo-ref ([0-9a-f]{12})`).exec(yaml)?.[1];
}

// ---------------------------------------------------------------------------------------------
// CodeTour patterns (issue 19): any pattern, however it backtracks, comes back within its budget,
// and what it finds is what JavaScript finds (CodeTour's own matching: flag `m`, first match).

export interface PatternCase {
  lines: string[];
  pattern: string;
}

export const patternCase: fc.Arbitrary<PatternCase> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ lines: fc.array(codeLine, { maxLength: 30 }), pattern: patternValue }) },
  { weight: 1, arbitrary: fc.tuple(fc.array(codeLine, { maxLength: 10 }), hostilePattern).map(([lines, h]) => ({ lines: [...lines, h.line, ...lines], pattern: h.pattern })) },
);

/** The line CodeTour would pick, found in a separate context under a generous timeout (undefined: it timed out). */
function oracle(text: string, pattern: string): { line: number } | { invalid: true } | undefined {
  try {
    new RegExp(pattern, 'm');
  } catch {
    return { invalid: true };
  }
  try {
    const index = runInNewContext('(() => { const m = new RegExp(p, "m").exec(t); return m ? m.index : -1; })()', { p: pattern, t: text }, { timeout: 2000 }) as number;
    // The line whose start is the last at or before the match (a match may start inside a CRLF).
    return { line: index < 0 ? -1 : lineStarts(text).filter((start) => start <= index).length - 1 };
  } catch {
    return undefined;
  }
}

export async function checkPatternCase(c: PatternCase): Promise<void> {
  const text = c.lines.join('\n');
  const started = performance.now();
  const result = await findPattern(text, c.pattern, 100);
  assert.ok(performance.now() - started < CASE_BOUND_MS, 'a pattern match hung');
  if (result.kind === 'too-slow') return;
  const expected = oracle(text, c.pattern);
  if (result.kind === 'invalid') {
    assert.ok(c.pattern.trim() === '' || c.pattern.length > 1000 || (expected && 'invalid' in expected), `rejected a valid pattern: ${result.message}`);
    return;
  }
  if (expected === undefined || 'invalid' in expected) assert.fail(`matched a pattern that ${expected ? 'is invalid' : 'takes over 2 s in JavaScript'}`);
  assert.equal(result.kind === 'found' ? result.line : -1, expected.line, `the line of the first match of ${JSON.stringify(c.pattern)}`);
}
