/**
 * The symbol layer on Go (tree-sitter): which declarations it lists, their names as steps write
 * them, and their spans (0-based, inclusive, doc comments excluded). Expected lines come from the
 * source through `at()`, never typed in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SymbolIndex } from '../../server/src/core/symbols/symbolIndex';
import type { SymbolDecl } from '../../server/src/core/symbols/types';

const SRC = `package store

import "sync"

// Server serves.
// Two lines of doc.
type Server struct {
	mu sync.Mutex
	n  int
}

type (
	ID    int64
	Alias = string
	List[T any] []T
)

type Map[K comparable, V any] struct{ m map[K]V }

func Top() {}

func (s *Server) Ptr() {
	s.n++
}

func (s Server) Val() int { return s.n }

func (*Server) Anonymous() {}

func (l *List[T]) Len() int { return len(l) }

func (List[T]) Cap() int { return 0 }

func (m *Map[K, V]) Get(k K) V {
	return m.m[k]
}

func Generic[T any](x T) T {
	var local T = x
	return local
}

var Single = 1

var (
	Y, Z int
	W    = "w"
)

var handler = func() {
	var inner int
	_ = inner
}

const C = 3

const (
	D = iota
	E
)

func init() {}

func init() {
	Top()
}
`;

/** 0-based line of the first line containing needle. */
function at(needle: string, text = SRC): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`"${needle}" not in source`);
  return index;
}

/** 0-based line of the first line equal to `}` (or `)`) at or after `from`. */
function closing(from: number, close = '}', text = SRC): number {
  const lines = text.split('\n');
  for (let i = from; i < lines.length; i++) if (lines[i] === close) return i;
  throw new Error('no closing line');
}

const index = new SymbolIndex();

async function symbolsOf(text = SRC, file = '/ws/store.go'): Promise<SymbolDecl[]> {
  const result = await index.symbols(file, text);
  assert.ok(result);
  return result.symbols;
}

async function spanOf(name: string): Promise<[number, number]> {
  const found = (await symbolsOf()).filter((s) => s.name === name);
  assert.equal(found.length, 1, `${name} once, got ${found.length}`);
  return [found[0]!.span.start, found[0]!.span.end];
}

describe('symbols: Go declarations', () => {
  it('lists exactly the package-level declarations, with their kinds', async () => {
    const symbols = await symbolsOf();
    assert.deepEqual(
      symbols.map((s) => `${s.kind} ${s.name}`),
      [
        'type Server',
        'type ID',
        'type Alias',
        'type List',
        'type Map',
        'function Top',
        'method Server.Ptr',
        'method Server.Val',
        'method Server.Anonymous',
        'method List.Len',
        'method List.Cap',
        'method Map.Get',
        'function Generic',
        'var Single',
        'var Y',
        'var Z',
        'var W',
        'var handler',
        'const C',
        'const D',
        'const E',
        'function init',
        'function init',
      ],
    );
    // Locals (inside a func, inside a func literal) are not package-level symbols.
    assert.ok(!symbols.some((s) => s.name === 'local' || s.name === 'inner'));
  });

  it('funcs: from `func` to the closing brace', async () => {
    assert.deepEqual(await spanOf('Top'), [at('func Top()'), at('func Top()')]);
    const generic = at('func Generic[');
    assert.deepEqual(await spanOf('Generic'), [generic, closing(generic)]);
  });

  it('methods: pointer and value receivers, named or not', async () => {
    const ptr = at('func (s *Server) Ptr()');
    assert.deepEqual(await spanOf('Server.Ptr'), [ptr, closing(ptr)]);
    assert.deepEqual(await spanOf('Server.Val'), [at('func (s Server) Val()'), at('func (s Server) Val()')]);
    assert.deepEqual(await spanOf('Server.Anonymous'), [at('func (*Server) Anonymous'), at('func (*Server) Anonymous')]);
    // The bare method name is not how steps name a method.
    assert.ok(!(await symbolsOf()).some((s) => s.name === 'Ptr'));
  });

  it('methods on generic types: the receiver type without its type parameters', async () => {
    assert.deepEqual(await spanOf('List.Len'), [at('func (l *List[T]) Len'), at('func (l *List[T]) Len')]);
    assert.deepEqual(await spanOf('List.Cap'), [at('func (List[T]) Cap'), at('func (List[T]) Cap')]);
    const get = at('func (m *Map[K, V]) Get');
    assert.deepEqual(await spanOf('Map.Get'), [get, closing(get)]);
  });

  it('types: a single declaration spans `type` to the closing brace, without its doc comment', async () => {
    const server = at('type Server struct');
    assert.deepEqual(await spanOf('Server'), [server, closing(server)]);
    assert.ok(at('// Server serves.') < server);
    assert.deepEqual(await spanOf('Map'), [at('type Map['), at('type Map[')]);
  });

  it('types: each spec of a group spans its own line(s)', async () => {
    assert.deepEqual(await spanOf('ID'), [at('ID    int64'), at('ID    int64')]);
    assert.deepEqual(await spanOf('Alias'), [at('Alias = string'), at('Alias = string')]);
    assert.deepEqual(await spanOf('List'), [at('List[T any] []T'), at('List[T any] []T')]);
  });

  it('var and const: a single one spans the declaration; grouped ones their spec', async () => {
    assert.deepEqual(await spanOf('Single'), [at('var Single'), at('var Single')]);
    const handler = at('var handler');
    assert.deepEqual(await spanOf('handler'), [handler, closing(handler)]);
    assert.deepEqual(await spanOf('Y'), [at('Y, Z int'), at('Y, Z int')]);
    assert.deepEqual(await spanOf('Z'), [at('Y, Z int'), at('Y, Z int')]);
    assert.deepEqual(await spanOf('W'), [at('W    = "w"'), at('W    = "w"')]);
    assert.deepEqual(await spanOf('C'), [at('const C'), at('const C')]);
    assert.deepEqual(await spanOf('D'), [at('D = iota'), at('D = iota')]);
    assert.deepEqual(await spanOf('E'), [at('\tE'), at('\tE')]);
  });

  it('a grouped declaration with one spec spans the whole group', async () => {
    const src = 'package p\n\nvar (\n\tonly = 1\n)\n\ntype (\n\tT int\n)\n';
    const symbols = await symbolsOf(src, '/ws/one.go');
    assert.deepEqual(
      symbols.map((s) => [s.name, s.span.start, s.span.end]),
      [
        ['only', 2, 4],
        ['T', 6, 8],
      ],
    );
  });

  it('comments inside a group do not change what a lone spec covers', async () => {
    const src = 'package p\n\ntype (\n\t// doc\n\tT int\n)\n\nvar (\n\t// doc\n\tV = 1\n)\n';
    const symbols = await symbolsOf(src, '/ws/commented.go');
    assert.deepEqual(
      symbols.map((s) => [s.name, s.span.start, s.span.end]),
      [
        ['T', 2, 5],
        ['V', 7, 10],
      ],
    );
  });

  it('a clean file has no errors', async () => {
    const result = await index.symbols('/ws/store.go', SRC);
    assert.equal(result?.hasErrors, false);
    assert.deepEqual(result?.errorLines, []);
  });
});

describe('symbols: lookup', () => {
  it('found, ambiguous (two `init`s), not found with the available names', async () => {
    const found = await index.lookup('/ws/store.go', SRC, 'Server.Ptr');
    assert.equal(found.kind, 'found');
    const ambiguous = await index.lookup('/ws/store.go', SRC, 'init');
    assert.equal(ambiguous.kind, 'ambiguous');
    assert.equal((ambiguous as { symbols: SymbolDecl[] }).symbols.length, 2);
    const missing = await index.lookup('/ws/store.go', SRC, 'Server.Nope');
    assert.equal(missing.kind, 'not-found');
    assert.ok((missing as { available: string[] }).available.includes('Server.Ptr'));
    // Names are exact: the receiver is required and case matters.
    assert.equal((await index.lookup('/ws/store.go', SRC, 'Ptr')).kind, 'not-found');
    assert.equal((await index.lookup('/ws/store.go', SRC, 'top')).kind, 'not-found');
  });

  it('an unsupported extension: undefined symbols, `unsupported` lookup', async () => {
    assert.equal(await index.symbols('/ws/a.kt', 'fun top() {}\n'), undefined);
    assert.equal(await index.symbols('/ws/Makefile', 'all:\n'), undefined);
    assert.equal((await index.lookup('/ws/a.kt', 'fun top() {}\n', 'top')).kind, 'unsupported');
    assert.equal(index.supports('/ws/a.kt'), false);
    assert.equal(index.supports('/ws/A.GO'), true, 'extensions compare in lower case');
  });
});

describe('symbols: syntax errors', () => {
  const BROKEN = `package p

func Ok() {}

func Broken( {
	x :=
}

func After() {}
`;

  it('are reported with the lines they are on, and the declarations around them are still found', async () => {
    const result = await index.symbols('/ws/broken.go', BROKEN);
    assert.ok(result);
    assert.equal(result.hasErrors, true);
    assert.ok(result.errorLines.length >= 1);
    const broken = at('func Broken(', BROKEN);
    for (const line of result.errorLines) assert.ok(line >= broken && line <= broken + 2, `error line ${line}`);
    const names = result.symbols.map((s) => s.name);
    assert.ok(names.includes('Ok'));
    assert.ok(names.includes('After'));
  });

  it('an ERROR node (stray tokens) is reported on its line', async () => {
    const text = 'package p\n\nfunc A() {}\n\n)))\n\nfunc B() {}\n';
    const result = await index.symbols('/ws/stray.go', text);
    assert.equal(result?.hasErrors, true);
    assert.equal(result?.errorLines[0], 4);
  });
});

describe('symbols: cache', () => {
  it('same text → the cached result; changed text → a new parse; back again → the original answer', async () => {
    const own = new SymbolIndex();
    const file = '/ws/cache.go';
    const v1 = 'package p\n\nfunc A() {}\n';
    const v2 = 'package p\n\n// moved down\n\nfunc A() {}\n\nfunc B() {}\n';
    const first = await own.symbols(file, v1);
    assert.equal(await own.symbols(file, v1), first, 'unchanged text is not parsed again');
    const second = await own.symbols(file, v2);
    assert.notEqual(second, first);
    assert.deepEqual(
      second!.symbols.map((s) => [s.name, s.span.start]),
      [
        ['A', 4],
        ['B', 6],
      ],
    );
    const again = await own.symbols(file, v1);
    assert.deepEqual(
      again!.symbols.map((s) => [s.name, s.span.start]),
      [['A', 2]],
    );
    // The same text under another name is its own entry.
    const other = await own.symbols('/ws/other.go', v2);
    assert.deepEqual(other, second);
    // forget() drops the entry; the next call parses again but answers the same.
    own.forget(file);
    const afterForget = await own.symbols(file, v1);
    assert.notEqual(afterForget, again);
    assert.deepEqual(afterForget, again);
  });
});
