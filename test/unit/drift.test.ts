/**
 * The drift suite: real edits to a Go file, and every step must land on the right lines with the
 * right status. Line numbers in expectations are computed from the edited text, never typed in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineOf, lines, loadWorkspace, stepsOf, WS } from './helpers';

const HEAD = `package handler

import (
\t"context"
\t"fmt"
)

type InventoryServer struct{}
`;

const SET_INV = `
func (*InventoryServer) SetInv(ctx context.Context, req *GoodsInvInfo) (*Empty, error) {
\tvar inv Inventory
\tglobal.DB.Where(&Inventory{Goods: req.GoodsId}).First(&inv)
\tinv.Stocks = req.Num
\tglobal.DB.Save(&inv)
\treturn &Empty{}, nil
}
`;

const SELL = `
func (*InventoryServer) Sell(ctx context.Context, req *SellInfo) (*Empty, error) {
\ttx := global.DB.Begin()
\tvar mutexs []*redsync.Mutex
\tfor _, goodsInfo := range req.GoodsInfo {
\t\tmutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))
\t\tif err := mutex.Lock(); err != nil {
\t\t\treturn nil, status.Errorf(codes.Internal, "lock failed")
\t\t}
\t\tmutexs = append(mutexs, mutex)
\t}
\ttx.Commit()
\tfor _, mutex := range mutexs {
\t\tmutex.Unlock()
\t}
\treturn &Empty{}, nil
}
`;

const REBACK = `
func (*InventoryServer) Reback(ctx context.Context, req *SellInfo) (*Empty, error) {
\ttx := global.DB.Begin()
\ttx.Commit()
\treturn &Empty{}, nil
}
`;

const ORIGINAL = HEAD + SET_INV + SELL + REBACK;

function walkthroughFor(code: string): string {
  const lock = lineOf(code, 'mutex := global.Rs.NewMutex');
  const commit = commitLine(code);
  return `title: drift
steps:
  - id: lock
    file: handler/inventory.go
    lines: ${lock}-${lock + 3}
    symbol: InventoryServer.Sell
    anchor: |
      mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))
      if err := mutex.Lock(); err != nil {
  - id: commit
    file: handler/inventory.go
    lines: ${commit}-${commit + 3}
    anchor: |
      tx.Commit()
      for _, mutex := range mutexs {
  - id: reback
    file: handler/inventory.go
    symbol: InventoryServer.Reback
  - id: set-inv
    file: handler/inventory.go
    lines: ${lineOf(code, 'inv.Stocks = req.Num')}
    anchor: inv.Stocks = req.Num
`;
}

// `tx.Commit()` also opens Reback's body, so find the one followed by the unlock loop.
function commitLine(code: string): number {
  const lines = code.split('\n');
  return lines.findIndex((line, i) => line.trim() === 'tx.Commit()' && lines[i + 1]?.includes('range mutexs')) + 1;
}

async function resolve(editedCode: string, extraFiles: Record<string, string> = {}, codeFile: string | null = 'handler/inventory.go') {
  const files: Record<string, string> = { 't.walkthrough.yaml': walkthroughFor(ORIGINAL), ...extraFiles };
  if (codeFile) files[codeFile] = editedCode;
  const { engine } = await loadWorkspace(files);
  const steps = stepsOf(engine);
  return { engine, byId: (id: string) => steps.find((s) => s.spec.id === id)! };
}

function rebackSpan(code: string): [number, number] {
  const start = lineOf(code, ') Reback(');
  const lines = code.split('\n');
  let end = start;
  while (lines[end - 1] !== '}') end++;
  return [start, end];
}

describe('drift: anchors follow the code', () => {
  it('unchanged code: every step is ok where the hint says', async () => {
    const { byId } = await resolve(ORIGINAL);
    assert.equal(byId('lock').status, 'ok');
    const lock = lineOf(ORIGINAL, 'mutex := global.Rs.NewMutex');
    assert.deepEqual(lines(byId('lock')), [lock, lock + 3]);
    assert.equal(byId('commit').status, 'ok');
    assert.deepEqual(lines(byId('commit')), [commitLine(ORIGINAL), commitLine(ORIGINAL) + 3]);
    assert.equal(byId('reback').status, 'ok');
    assert.deepEqual(lines(byId('reback')), rebackSpan(ORIGINAL));
    assert.equal(byId('set-inv').status, 'ok');
  });

  it('lines inserted above: steps move down by the same amount', async () => {
    const edited = ORIGINAL.replace('type InventoryServer struct{}', '// A comment\n// over\n// three lines\ntype InventoryServer struct{}');
    const { byId } = await resolve(edited);
    const lock = lineOf(ORIGINAL, 'mutex := global.Rs.NewMutex');
    assert.equal(byId('lock').status, 'moved');
    assert.deepEqual(lines(byId('lock')), [lock + 3, lock + 6]);
    assert.equal(byId('commit').status, 'moved');
    assert.deepEqual(lines(byId('commit')), [commitLine(edited), commitLine(edited) + 3]);
    assert.equal(byId('reback').status, 'ok', 'a symbol-only step has no hint to be out of date');
    assert.deepEqual(lines(byId('reback')), rebackSpan(edited));
    assert.equal(byId('set-inv').status, 'moved');
    assert.deepEqual(lines(byId('set-inv')), [lineOf(edited, 'inv.Stocks = req.Num'), lineOf(edited, 'inv.Stocks = req.Num')]);
  });

  it('lines deleted above: steps move up', async () => {
    const edited = ORIGINAL.replace('import (\n\t"context"\n\t"fmt"\n)\n', '');
    const { byId } = await resolve(edited);
    const lock = lineOf(edited, 'mutex := global.Rs.NewMutex');
    assert.equal(byId('lock').status, 'moved');
    assert.deepEqual(lines(byId('lock')), [lock, lock + 3]);
    assert.equal(lines(byId('set-inv'))![0], lineOf(edited, 'inv.Stocks = req.Num'));
  });

  it('function moved to the end of the file: the step follows it', async () => {
    const edited = HEAD + SET_INV + REBACK + SELL;
    const { byId } = await resolve(edited);
    const lock = lineOf(edited, 'mutex := global.Rs.NewMutex');
    assert.ok(lock > lineOf(ORIGINAL, 'mutex := global.Rs.NewMutex'));
    assert.equal(byId('lock').status, 'moved');
    assert.deepEqual(lines(byId('lock')), [lock, lock + 3]);
    assert.deepEqual(lines(byId('commit')), [commitLine(edited), commitLine(edited) + 3]);
    assert.deepEqual(lines(byId('reback')), rebackSpan(edited));
    assert.equal(byId('set-inv').status, 'ok');
  });

  it('re-indented code (tabs to spaces): still ok, indentation is ignored', async () => {
    const edited = ORIGINAL.replace(/\t/g, '    ');
    const { byId } = await resolve(edited);
    assert.equal(byId('lock').status, 'ok');
    assert.equal(byId('commit').status, 'ok');
    assert.equal(byId('set-inv').status, 'ok');
  });

  it('a local variable renamed on the anchored line: fuzzy, on the right line', async () => {
    const edited = ORIGINAL.replace(/\bmutex\b/g, 'lock').replace('lock := global', 'lock := global');
    const { byId, engine } = await resolve(edited);
    const lock = lineOf(edited, 'lock := global.Rs.NewMutex');
    assert.equal(byId('lock').status, 'fuzzy');
    assert.deepEqual(lines(byId('lock')), [lock, lock + 3]);
    assert.match(byId('lock').foundText ?? '', /lock := global\.Rs\.NewMutex/);
    assert.equal(byId('commit').status, 'fuzzy');
    assert.equal(lines(byId('commit'))![0], lineOf(edited, 'for _, lock := range mutexs') - 1);
    assert.ok(engine.diagnostics(`${WS}/t.walkthrough.yaml`).some((d) => d.code === 'anchor-fuzzy' && d.severity === 'warning'));
  });

  it('the anchored code rewritten beyond recognition: approximate inside its symbol, stale without one', async () => {
    const edited = ORIGINAL.replace(/\t\tmutex := global\.Rs\.NewMutex\(fmt\.Sprintf\("goods_%d", goodsInfo\.GoodsId\)\)\n\t\tif err := mutex\.Lock\(\); err != nil \{/, '\t\tacquire(goodsInfo)\n\t\t{');
    const { byId, engine } = await resolve(edited);
    // `Sell` still exists: the step stays inside it, on its most similar lines, flagged as a guess.
    const lock = byId('lock');
    assert.equal(lock.status, 'approximate');
    const sell = [lineOf(edited, ') Sell('), lineOf(edited, ') Reback(') - 2];
    assert.ok(lock.span && lock.span.start + 1 >= sell[0]! && lock.span.end + 1 <= sell[1]!, `inside Sell: ${JSON.stringify(lock.span)}`);
    const approximate = engine.diagnostics(`${WS}/t.walkthrough.yaml`).find((d) => d.code === 'anchor-approximate');
    assert.equal(approximate?.severity, 'warning');
    // Without a symbol there is no declaration to stay in: stale, with an error.
    const noSymbol = edited.replace('inv.Stocks = req.Num', 'applyQuota(&inv, req)');
    const { byId: other, engine: otherEngine } = await resolve(noSymbol);
    assert.equal(other('set-inv').status, 'stale');
    assert.equal(other('set-inv').span, undefined);
    assert.equal(otherEngine.diagnostics(`${WS}/t.walkthrough.yaml`).find((d) => d.code === 'anchor-stale')?.severity, 'error');
  });

  it('an identical line in another function does not beat the step\'s own symbol', async () => {
    // Sell loses its commit-then-unlock lines; Reback gains the very same lock line.
    const edited = ORIGINAL.replace(/\t\tmutex := global\.Rs\.NewMutex\(fmt\.Sprintf\("goods_%d", goodsInfo\.GoodsId\)\)\n\t\tif err := mutex\.Lock\(\); err != nil \{/, '\t\tacquire(goodsInfo)\n\t\t{')
      .replace('func (*InventoryServer) Reback(ctx context.Context, req *SellInfo) (*Empty, error) {\n', 'func (*InventoryServer) Reback(ctx context.Context, req *SellInfo) (*Empty, error) {\n\tmutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))\n\tif err := mutex.Lock(); err != nil {\n\t}\n');
    const { byId } = await resolve(edited);
    assert.equal(byId('lock').status, 'approximate');
    assert.ok(byId('lock').span!.start + 1 < lineOf(edited, ') Reback('), 'stays in Sell, not on the copy in Reback');
  });

  it('code extracted into a helper the symbol calls: moved there, not approximate', async () => {
    const helper = `
func lockAll(items []*GoodsInvInfo) ([]*redsync.Mutex, error) {
\tvar mutexs []*redsync.Mutex
\tfor _, goodsInfo := range items {
\t\tmutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))
\t\tif err := mutex.Lock(); err != nil {
\t\t\treturn nil, err
\t\t}
\t\tmutexs = append(mutexs, mutex)
\t}
\treturn mutexs, nil
}
`;
    const sell = SELL.replace(/\tvar mutexs \[\]\*redsync\.Mutex\n\tfor _, goodsInfo := range req\.GoodsInfo \{\n[\s\S]*?\n\t\}\n\ttx\.Commit/, '\tmutexs, err := lockAll(req.GoodsInfo)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\ttx.Commit');
    assert.ok(!sell.includes('NewMutex'));
    const edited = HEAD + SET_INV + sell + helper + REBACK;
    const { byId } = await resolve(edited);
    assert.equal(byId('lock').status, 'moved');
    assert.equal(lines(byId('lock'))![0], lineOf(edited, 'mutex := global.Rs.NewMutex'));
    assert.match(byId('lock').statusMessage ?? '', /lockAll/);
  });

  it('a receiver type renamed: the method is found by its name', async () => {
    const edited = ORIGINAL.replace(/InventoryServer/g, 'StockService');
    const { byId, engine } = await resolve(edited);
    assert.equal(byId('lock').status, 'ok');
    assert.equal(byId('reback').status, 'ok');
    assert.deepEqual(lines(byId('reback')), rebackSpan(edited));
    assert.ok(engine.diagnostics(`${WS}/t.walkthrough.yaml`).some((d) => d.code === 'symbol-renamed' && /StockService\.Sell/.test(d.message)));
  });

  it('another folder layout: the file is followed by its path, the symbol by the closest path', async () => {
    const files = {
      'mxshop-srvs/handler/inventory/inventory.go': ORIGINAL,
      // Another package declares the same method: the path decides, it is not a tie.
      'mxshop-srvs/other/stock.go': HEAD + SELL,
    };
    const { byId } = await resolve('', files, null);
    assert.equal(byId('lock').status, 'moved');
    assert.equal(byId('lock').file, `${WS}/mxshop-srvs/handler/inventory/inventory.go`);
    // Without a symbol the path alone finds the file.
    assert.equal(byId('set-inv').file, `${WS}/mxshop-srvs/handler/inventory/inventory.go`);
    assert.equal(lines(byId('set-inv'))![0], lineOf(ORIGINAL, 'inv.Stocks = req.Num'));
  });

  it('a function deleted while an identical line remains elsewhere: never ok or moved', async () => {
    const edited = HEAD + SET_INV + REBACK;
    const { byId } = await resolve(edited);
    // `Reback` is still there; `Sell` and its lines are gone. The commit line exists in Reback.
    assert.equal(byId('lock').status, 'stale');
    assert.notEqual(byId('commit').status, 'ok');
  });

  it('function moved to another file (the old file remains): moved, with the new path', async () => {
    const edited = HEAD + SET_INV + REBACK;
    const { byId, engine } = await resolve(edited, { 'handler/sell.go': HEAD + SELL });
    assert.equal(byId('lock').status, 'moved');
    assert.equal(byId('lock').file, `${WS}/handler/sell.go`);
    const lock = lineOf(HEAD + SELL, 'mutex := global.Rs.NewMutex');
    assert.deepEqual(lines(byId('lock')), [lock, lock + 3]);
    assert.ok(engine.diagnostics(`${WS}/t.walkthrough.yaml`).some((d) => d.code === 'file-moved'));
    // A step without a symbol cannot know where its code went.
    assert.equal(byId('commit').status, 'stale');
  });

  it('file renamed: steps with a symbol find it; steps without one are missing', async () => {
    const { byId } = await resolve('', { 'handler/stock.go': ORIGINAL }, null);
    assert.equal(byId('lock').status, 'moved');
    assert.equal(byId('lock').file, `${WS}/handler/stock.go`);
    assert.deepEqual(lines(byId('lock'))![0], lineOf(ORIGINAL, 'mutex := global.Rs.NewMutex'));
    assert.equal(byId('reback').status, 'moved');
    assert.deepEqual(lines(byId('reback')), rebackSpan(ORIGINAL));
    assert.equal(byId('commit').status, 'missing');
    assert.equal(byId('set-inv').status, 'missing');
  });

  it('the symbol is declared in two other files: ambiguous, so missing rather than a guess', async () => {
    const { byId } = await resolve('', { 'a/x.go': ORIGINAL, 'b/y.go': ORIGINAL }, null);
    assert.equal(byId('lock').status, 'missing');
  });
});

/** The lock loop of SELL, as it reads in the function (two tabs in). */
const LOCK_LOOP = /\tvar mutexs \[\]\*redsync\.Mutex\n\tfor _, goodsInfo := range req\.GoodsInfo \{\n[\s\S]*?\n\t\}\n(?=\ttx\.Commit)/;

/** A helper holding the lock loop as live code. */
function lockHelper(name: string, receiver = ''): string {
  return `
func ${receiver}${name}(items []*GoodsInvInfo) ([]*redsync.Mutex, error) {
\tvar mutexs []*redsync.Mutex
\tfor _, goodsInfo := range items {
\t\tmutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))
\t\tif err := mutex.Lock(); err != nil {
\t\t\treturn nil, err
\t\t}
\t\tmutexs = append(mutexs, mutex)
\t}
\treturn mutexs, nil
}
`;
}

/** The 1-based line of `needle`'s first occurrence after the line holding `after`. */
function lineAfter(text: string, after: string, needle: string): number {
  const from = lineOf(text, after);
  const index = text.split('\n').findIndex((line, i) => i >= from && line.includes(needle));
  if (index === -1) throw new Error(`"${needle}" not after "${after}"`);
  return index + 1;
}

function commentedOut(code: string): string {
  return `\t/*\n${code}\t*/\n`;
}

describe('drift: comments, constructed values and library calls', () => {
  it('a commented-out copy in the symbol does not beat the live code in a helper it calls', async () => {
    const loop = SELL.match(LOCK_LOOP)![0];
    const sell = SELL.replace(LOCK_LOOP, `${commentedOut(loop)}\tmutexs, err := lockAll(req.GoodsInfo)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n`);
    const edited = HEAD + SET_INV + sell + lockHelper('lockAll') + REBACK;
    const { byId, engine } = await resolve(edited);
    const lock = byId('lock');
    assert.equal(lock.status, 'moved');
    assert.equal(lines(lock)![0], lineAfter(edited, 'func lockAll(', 'mutex := global.Rs.NewMutex'), 'on the live code, not the comment in Sell');
    assert.match(lock.statusMessage ?? '', /`lockAll`/);
    assert.ok(engine.diagnostics(`${WS}/t.walkthrough.yaml`).some((d) => d.code === 'anchor-moved' && /lockAll/.test(d.message)));
  });

  it('a commented-out copy in one helper does not beat live code in another', async () => {
    const legacy = `
func legacyLock(items []*GoodsInvInfo) {
\t// the old loop, kept for reference:
${commentedOut(SELL.match(LOCK_LOOP)![0])}}
`;
    const sell = SELL.replace(LOCK_LOOP, '\tlegacyLock(req.GoodsInfo)\n\tmutexs, _ := lockAll(req.GoodsInfo)\n');
    const edited = HEAD + SET_INV + sell + legacy + lockHelper('lockAll') + REBACK;
    const { byId } = await resolve(edited);
    assert.equal(byId('lock').status, 'moved');
    assert.equal(lines(byId('lock'))![0], lineAfter(edited, 'func lockAll(', 'mutex := global.Rs.NewMutex'));
  });

  it('a commented-out copy in the symbol does not beat its live code edited a little: fuzzy on the live code', async () => {
    const loop = SELL.match(LOCK_LOOP)![0];
    const live = loop.replace('mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))', 'mutex := global.Rs.NewMutex(fmt.Sprintf("stock_%d", goodsInfo.GoodsId))');
    const edited = HEAD + SET_INV + SELL.replace(LOCK_LOOP, commentedOut(loop) + live) + REBACK;
    const { byId } = await resolve(edited);
    assert.equal(byId('lock').status, 'fuzzy', 'the dead copy is not the code');
    assert.equal(lines(byId('lock'))![0], lineOf(edited, 'stock_%d'));
  });

  it('an anchor that is a comment mentioning code lands on the comment, not on the code it names', async () => {
    const note = '// tx.Commit()';
    const code = ORIGINAL.replace('\ttx.Commit()\n\tfor _, mutex', `\t${note}\n\ttx.Commit()\n\tfor _, mutex`);
    const yaml = `title: comments
steps:
  - id: note
    file: handler/inventory.go
    symbol: InventoryServer.Sell
    lines: ${lineOf(code, note)}
    anchor: "${note}"
`;
    const edited = code.replace('type InventoryServer struct{}', '// A line above\ntype InventoryServer struct{}');
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': yaml, 'handler/inventory.go': edited });
    const step = stepsOf(engine)[0]!;
    assert.equal(step.status, 'moved');
    assert.deepEqual(lines(step), [lineOf(edited, note), lineOf(edited, note)]);
  });

  it('a copy inside a string literal does not beat the live line, even nearer the hint', async () => {
    // A raw string quoting the line, inserted where the line used to be.
    const setInv = SET_INV.replace('\tinv.Stocks = req.Num\n', '\tconst doc = `\n\tinv.Stocks = req.Num\n\t`\n\t_ = doc\n\tglobal.Log(doc)\n\tinv.Stocks = req.Num\n');
    const edited = HEAD + setInv + SELL + REBACK;
    const { byId } = await resolve(edited);
    assert.equal(byId('set-inv').status, 'moved');
    assert.equal(lines(byId('set-inv'))![0], lineAfter(edited, 'global.Log(doc)', 'inv.Stocks = req.Num'));
  });

  it('an anchor that is comment text still lands on its comment', async () => {
    const note = '// 按商品加锁，防止超卖';
    const code = ORIGINAL.replace('\t\tmutex := global.Rs.NewMutex', `\t\t${note}\n\t\tmutex := global.Rs.NewMutex`);
    const yaml = `title: comments
steps:
  - id: note
    file: handler/inventory.go
    symbol: InventoryServer.Sell
    lines: ${lineOf(code, note)}
    anchor: "${note}"
`;
    // The lock code also moved into a helper that Sell calls, with the same comment over it.
    const edited = code.replace('\tvar mutexs []*redsync.Mutex\n', '\tvar mutexs []*redsync.Mutex\n\t_, _ = lockAll(req.GoodsInfo)\n') + lockHelper('lockAll').replace('\t\tmutex :=', `\t\t${note}\n\t\tmutex :=`);
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': yaml, 'handler/inventory.go': edited });
    const step = stepsOf(engine)[0]!;
    assert.equal(step.status, 'moved');
    assert.equal(lines(step)![0], lineOf(edited, note), 'the comment in Sell, not the one in the helper');
  });

  for (const [form, build] of [
    ['&T{…}', '&sellListener{req: req}'],
    ['T{…}', 'sellListener{req: req}'],
    ['new(T)', 'new(sellListener)'],
  ] as const) {
    it(`code moved into a method of a value the function constructs (${form}): moved there, reached from the symbol`, async () => {
      const sell = `
func (*InventoryServer) Sell(ctx context.Context, req *SellInfo) (*Empty, error) {
\tlistener := ${build}
\treturn &Empty{}, global.Queue.SendInTransaction(ctx, listener)
}
`;
      // An unrelated type with the very same method body, declared first: never constructed by Sell.
      const listener = (type: string) => `
type ${type} struct{ req *SellInfo }

func (l *${type}) Execute(ctx context.Context) error {
\tvar mutexs []*redsync.Mutex
\tfor _, goodsInfo := range l.req.GoodsInfo {
\t\tmutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))
\t\tif err := mutex.Lock(); err != nil {
\t\t\treturn err
\t\t}
\t\tmutexs = append(mutexs, mutex)
\t}
\treturn nil
}
`;
      const edited = HEAD + SET_INV + listener('auditListener') + sell + listener('sellListener') + REBACK;
      const { byId, engine } = await resolve(edited);
      const lock = byId('lock');
      assert.equal(lock.status, 'moved', lock.statusMessage);
      assert.equal(lines(lock)![0], lineAfter(edited, 'func (l *sellListener) Execute', 'mutex := global.Rs.NewMutex'));
      assert.match(lock.statusMessage ?? '', /`sellListener\.Execute`/);
      const moved = engine.diagnostics(`${WS}/t.walkthrough.yaml`).find((d) => d.code === 'anchor-moved');
      assert.match(moved?.message ?? '', /moved into `sellListener\.Execute` \(reached from `InventoryServer\.Sell`\)/);
    });
  }

  it('a method of a value the function constructs does not beat the symbol\'s own line', async () => {
    const sell = SELL.replace('\ttx.Commit()\n', '\ttx.Commit()\n\t_ = &sellListener{}\n');
    const listener = `
type sellListener struct{}

func (l *sellListener) Execute(goodsInfo *GoodsInvInfo) {
\tmutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))
\tif err := mutex.Lock(); err != nil {
\t}
}
`;
    const edited = HEAD + SET_INV + listener + sell + REBACK;
    const { byId } = await resolve(edited);
    assert.equal(lines(byId('lock'))![0], lineAfter(edited, ') Sell(', 'mutex := global.Rs.NewMutex'));
  });

  it('a library call is not a helper: `tx.Rollback()` is not the project\'s `InventoryServer.Rollback`', async () => {
    const sell = SELL.replace(/\t\tmutex := global\.Rs\.NewMutex\(fmt\.Sprintf\("goods_%d", goodsInfo\.GoodsId\)\)\n\t\tif err := mutex\.Lock\(\); err != nil \{/, '\t\tacquire(goodsInfo)\n\t\t{\n\t\t\ttx.Rollback()')
      .replace('func (*InventoryServer) Sell', 'func (s *InventoryServer) Sell');
    // The project's own Rollback starts with the very lines the step is about.
    const rollback = lockHelper('Rollback', '(s *InventoryServer) ');
    const edited = HEAD + SET_INV + sell + rollback + REBACK;
    const { byId } = await resolve(edited);
    assert.equal(byId('lock').status, 'approximate', byId('lock').statusMessage);
    assert.ok(lines(byId('lock'))![0] < lineOf(edited, ') Rollback('), 'stays in Sell');

    // Called on the step's own receiver, the same method is a helper.
    const { byId: own } = await resolve(edited.replace('\t\t\ttx.Rollback()', '\t\t\ts.Rollback(req.GoodsInfo)'));
    assert.equal(own('lock').status, 'moved');
    assert.match(own('lock').statusMessage ?? '', /InventoryServer\.Rollback/);
  });

  it('a function called through another package is not the project\'s function of that name', async () => {
    const sell = SELL.replace(LOCK_LOOP, '\tmutexs, _ := redislock.LockAll(req.GoodsInfo)\n');
    const edited = HEAD + SET_INV + sell + lockHelper('LockAll') + REBACK;
    const { byId } = await resolve(edited);
    assert.equal(byId('lock').status, 'approximate', byId('lock').statusMessage);
    // Called unqualified, it is this package's function: a helper.
    const { byId: own } = await resolve(edited.replace('redislock.LockAll(', 'LockAll('));
    assert.equal(own('lock').status, 'moved');
  });
});
