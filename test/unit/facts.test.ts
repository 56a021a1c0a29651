/**
 * Parse-tree facts on Go (symbols/facts.ts): which lines are only comments or strings, the calls
 * with their receivers, the types constructed, the names bound to a type, and from them the
 * declarations a symbol reaches. Expected lines come from the source, never typed in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeFacts, factRulesFor, reachedDeclarations } from '../../server/src/core/symbols/facts';
import { createParser } from '../../server/src/core/symbols/parser';
import { SymbolIndex } from '../../server/src/core/symbols/symbolIndex';
import type { FileSymbols } from '../../server/src/core/symbols/types';

const SRC = `package handler

// Doc comment of Sell.
func (s *Server) Sell(ctx context.Context, req *SellInfo) error {
	tx := global.DB.Begin() // trailing comment: the line is code
	l := &Listener{req: req}
	var q Queue
	p := new(Pool)
	var items []Item = nil
	_ = []Item{{}}
	other := sql.Conn{}
	/*
	s.Old()
	*/
	msg := \`raw
	s.InString()
	\`
	/* 中文注释 */ /* 第二个 */
	x := 1 /* 中文注释 */
	tx.Rollback()
	s.Reback(req)
	(&Audit{}).Run()
	helper(req)
	redislock.Lock(req)
	T.Static()
	q.Push()
	other.Close()
	<-ctx.Done()
	return l.Execute(ctx)
}

func helper(req *SellInfo) {}
func Lock(req *SellInfo) {}
type Listener struct{ req *SellInfo }
func (l *Listener) Execute(ctx context.Context) error { return nil }
func (l *Listener) Check() {}
type Audit struct{}
func (a *Audit) Run() {}
type Pool struct{}
func (p *Pool) Get() {}
type Queue struct{}
func (q Queue) Push() {}
type Server struct{}
func (s *Server) Reback(req *SellInfo) {}
func (s *Server) Rollback() {}
func (s *Server) Sell2() {}
type T struct{}
func (T) Static() {}
type Unused struct{}
func (u *Unused) Execute() {}
`;

/** 0-based line of the first line holding `needle`. */
function at(needle: string): number {
  const index = SRC.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`"${needle}" not in source`);
  return index;
}

async function parse(text = SRC): Promise<FileSymbols> {
  const result = await new SymbolIndex().symbols('/ws/handler/server.go', text, { facts: true });
  assert.ok(result?.facts, 'facts are computed at parse time when asked for');
  return result;
}

describe('facts: comments and strings', () => {
  it('lines wholly inside comments or strings are inert; a line of code with a comment is not', async () => {
    const { facts } = await parse();
    const inert = new Set(facts!.inertLines);
    for (const line of ['// Doc comment of Sell.', '/*', 's.Old()', '\t*/', 's.InString()', '/* 中文注释 */ /* 第二个 */']) assert.ok(inert.has(at(line)), `inert: ${line}`);
    for (const line of ['tx := global.DB.Begin()', 'msg := `raw', 'x := 1 /* 中文注释 */', 'tx.Rollback()', 'func helper(']) assert.ok(!inert.has(at(line)), `live: ${line}`);
    assert.deepEqual(facts!.inertLines, [...facts!.inertLines].sort((a, b) => a - b));
  });

  it('starts: the inert lines on which a comment or string begins, not those inside one', async () => {
    const { facts } = await parse();
    const starts = new Set(facts!.inertStarts);
    for (const line of ['// Doc comment of Sell.', '/* 中文注释 */ /* 第二个 */']) assert.ok(starts.has(at(line)), `starts: ${line}`);
    assert.ok(starts.has(at('s.Old()') - 1), 'the `/*` line');
    for (const line of ['s.Old()', 's.InString()']) assert.ok(!starts.has(at(line)), `inside: ${line}`);
    assert.ok(facts!.inertStarts.every((line) => facts!.inertLines.includes(line)));
  });

  it('a grammar without a table still finds comments and strings by their node type names', async () => {
    const parser = await createParser('tree-sitter-go.wasm');
    const tree = parser.parse(SRC)!;
    try {
      const generic = computeFacts(tree.rootNode, SRC, factRulesFor('no-such-language'));
      assert.deepEqual(generic.inertLines, computeFacts(tree.rootNode, SRC, factRulesFor('go')).inertLines);
      assert.deepEqual(generic.calls, [], 'no call shapes without a table');
    } finally {
      tree.delete();
      parser.delete();
    }
    assert.equal(factRulesFor('javascript'), factRulesFor('typescript'), 'aliases share a table');
  });
});

describe('facts: when they are computed', () => {
  it('only when asked for; asked later, they join the cached result', async () => {
    const index = new SymbolIndex();
    const plain = await index.symbols('/ws/a.go', SRC);
    assert.equal(plain?.facts, undefined, 'declarations alone do not pay for facts');
    const withFacts = await index.symbols('/ws/a.go', SRC, { facts: true });
    assert.equal(withFacts, plain, 'the same cached result');
    assert.ok(withFacts?.facts && withFacts.facts.calls.length > 0);
    assert.equal(await index.symbols('/ws/a.go', SRC), plain);
    const edited = await index.symbols('/ws/a.go', `${SRC}\n// more`, { facts: true });
    assert.notEqual(edited, plain);
    assert.ok(edited?.facts?.inertLines.includes(SRC.split('\n').length));
  });
});

describe('facts: calls, constructions, typed names', () => {
  it('calls carry the receiver as written; a fresh value carries its type', async () => {
    const { facts } = await parse();
    const calls = facts!.calls.map((c) => `${c.receiver ?? ''}|${c.name}|${c.receiverType ?? ''}`);
    for (const call of ['global.DB|Begin|', 'tx|Rollback|', 's|Reback|', '(&Audit{})|Run|Audit', '|helper|', 'redislock|Lock|', 'T|Static|', 'l|Execute|']) {
      assert.ok(calls.includes(call), `${call} in ${calls.join(', ')}`);
    }
    assert.equal(facts!.calls.find((c) => c.name === 'Rollback')?.line, at('tx.Rollback()'));
  });

  it('constructions: T{…}, &T{…}, new(T), qualified types; a slice of T is not a T', async () => {
    const { facts } = await parse();
    const built = facts!.constructions.map((c) => `${c.qualifier ? `${c.qualifier}.` : ''}${c.type}@${c.line}`);
    assert.ok(built.includes(`Listener@${at('l := &Listener')}`));
    assert.ok(built.includes(`Pool@${at('new(Pool)')}`));
    assert.ok(built.includes(`sql.Conn@${at('sql.Conn{}')}`));
    assert.ok(built.includes(`Audit@${at('(&Audit{})')}`));
    assert.ok(!built.some((b) => b.startsWith('Item')), built.join(', '));
  });

  it('names bound to a type, when something is called on them: the receiver, parameters, typed and constructed variables', async () => {
    const { facts } = await parse();
    const bound = facts!.bindings.filter((b) => b.line <= at('return l.Execute')).map((b) => `${b.name}:${b.qualifier ? `${b.qualifier}.` : ''}${b.type}`);
    for (const binding of ['s:Server', 'ctx:context.Context', 'l:Listener', 'q:Queue', 'other:sql.Conn']) assert.ok(bound.includes(binding), `${binding} in ${bound.join(', ')}`);
    assert.ok(!bound.some((b) => b.startsWith('tx:')), 'no type for a library value');
    assert.ok(!bound.some((b) => b.startsWith('p:') || b.startsWith('req:')), 'nothing is called on p or req');
  });
});

describe('facts: the declarations a symbol reaches', () => {
  it('calls on known values and unqualified functions, methods of constructed types; never a library call or another package', async () => {
    const file = await parse();
    const sell = file.symbols.find((s) => s.name === 'Server.Sell')!;
    const reached = reachedDeclarations(file, sell.span, 'Server.Sell');
    const by = (via: string) => reached.filter((r) => r.via === via).map((r) => r.name).sort();
    assert.deepEqual(by('call'), ['Audit.Run', 'Listener.Execute', 'Queue.Push', 'Server.Reback', 'T.Static', 'helper']);
    // The other methods of the types Sell builds (Listener via &T{}, Pool via new(T)).
    assert.deepEqual(by('construct'), ['Listener.Check', 'Pool.Get']);
    const names = reached.map((r) => r.name);
    assert.ok(!names.includes('Server.Rollback'), 'tx.Rollback() is the transaction\'s, not the server\'s');
    assert.ok(!names.includes('Lock'), 'redislock.Lock is another package\'s');
    assert.ok(!names.includes('Unused.Execute'), 'a type Sell never builds');
    assert.ok(!names.includes('Server.Sell'), 'never itself');
    // Calls first: a helper the symbol names beats one it only reaches.
    assert.equal(reached.findIndex((r) => r.via === 'construct'), by('call').length);
  });

  it('a method value is a helper only on a receiver of its type', async () => {
    const anonymous = SRC.replace('func (s *Server) Sell(', 'func (*Server) Sell(');
    const file = await parse(anonymous);
    const sell = file.symbols.find((s) => s.name === 'Server.Sell')!;
    assert.ok(!reachedDeclarations(file, sell.span, 'Server.Sell').some((r) => r.name === 'Server.Reback'), 'no receiver name, so `s` is not the server');
  });

  it('without facts nothing is reached', () => {
    assert.deepEqual(reachedDeclarations({ symbols: [], hasErrors: false, errorLines: [] }, { start: 0, end: 10 }, 'X'), []);
  });
});
