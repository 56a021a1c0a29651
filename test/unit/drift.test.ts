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

  it('the anchored code rewritten beyond recognition: stale, with an error', async () => {
    const edited = ORIGINAL.replace(/\t\tmutex := global\.Rs\.NewMutex\(fmt\.Sprintf\("goods_%d", goodsInfo\.GoodsId\)\)\n\t\tif err := mutex\.Lock\(\); err != nil \{/, '\t\tacquire(goodsInfo)\n\t\t{');
    const { byId, engine } = await resolve(edited);
    assert.equal(byId('lock').status, 'stale');
    assert.equal(byId('lock').span, undefined);
    const stale = engine.diagnostics(`${WS}/t.walkthrough.yaml`).find((d) => d.code === 'anchor-stale');
    assert.ok(stale);
    assert.equal(stale.severity, 'error');
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
