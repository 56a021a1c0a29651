/**
 * Claims checked against the user's code (core/claims.ts): what counts as a claim, how it is
 * compared with code, and the bundled walkthroughs on the sample (no warning) and on a checkout
 * whose `Sell` contradicts them (every contradicted point marked, nothing else).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkWorkspace } from '../../server/src/core/check';
import { findClaims, looksLikeCode, stripComments, unconfirmedClaims, type Claim } from '../../server/src/core/claims';
import { NodeFileSystem } from '../../server/src/core/nodeFileSystem';
import { parseWalkthrough } from '../../server/src/core/format/parseWalkthrough';
import { readdirSync } from 'node:fs';
import { stepCard } from '../../server/src/features/hover';
import { talkingPoints } from '../../server/src/core/steps';
import { loadWorkspace, stepsOf, WS } from './helpers';

const REPO = path.resolve(__dirname, '../..');

function unconfirmed(points: string, code: string, declaration?: [number, number]): string[] {
  const lines = code.split('\n').length;
  const scope = { text: code, range: { start: 0, end: lines - 1 }, ...(declaration ? { declaration: { start: declaration[0], end: declaration[1] } } : {}) };
  return unconfirmedClaims(points, scope).map(show);
}

function show(claim: Claim): string {
  return claim.kind === 'code' ? claim.code : `${claim.first} → ${claim.then}`;
}

describe('what a talking point claims', () => {
  it('code spans with code structure are claims; names, concepts, paths, numbers, commands are not', () => {
    for (const code of ['mutex.LockContext(ctx)', 'Lock()', 'tx.Commit()', 'stocks >= ?', 'tx := global.DB.Begin()', 'a[i] + 1', 'tx.Where(...).First(&inventory)']) {
      assert.ok(looksLikeCode(code), code);
    }
    for (const concept of ['库存', 'Sell', 'codes.ResourceExhausted', 'goods_{id}', 'goods_{商品ID}', 'order_srv/handler/order.go', 'init_srv_conn.go', '42', '50ms', 'SET NX PX', 'grpc-consul-resolver', 'tag=srv', 'go test -bench=. -benchmem', 'alloc_*', '&Order{...} escapes to heap', 'https://example.com/a(b)']) {
      assert.ok(!looksLikeCode(concept), concept);
    }
  });

  it('a call written in prose without backticks is a claim too; bare words are not', () => {
    assert.deepEqual(findClaims('Sell 在这里调用 Lock() 加锁，Redis 只做互斥').map(show), ['Lock()']);
  });

  it('a span in a clause that names the alternative is not a claim (而不是, instead of, if …)', () => {
    assert.deepEqual(findClaims('用的是 `mutex.LockContext(ctx)` 而不是 `mutex.Lock()`。').map(show), ['mutex.LockContext(ctx)']);
    assert.deepEqual(findClaims('Sell calls `m.LockContext(ctx)` instead of `m.Lock()`.').map(show), ['m.LockContext(ctx)']);
    assert.deepEqual(findClaims('如果写成 `global.DB.Begin()`，取消也照样执行').map(show), []);
    assert.deepEqual(findClaims('`a.Close()` is deferred; if `b.Flush()` fails, we retry').map(show), ['a.Close()']);
    // What the code used to do is not a claim about it now.
    assert.deepEqual(findClaims('以前下单接口手写 `gin.H{"order_sn": ...}`，现在走 `writeOrder(c, order)`').map(show), ['writeOrder(c, order)']);
    assert.deepEqual(findClaims('It previously called `db.Save(&x)`; now `db.Model(&x).Update(...)`.').map(show), ['db.Model(&x).Update(...)']);
  });

  it('a span in a question proposes, a place reference says where: neither is a claim', () => {
    assert.deepEqual(findClaims('既然用了 MySQL，直接 `SELECT ... FOR UPDATE` 锁行不就好了？为什么还要锁').map(show), []);
    assert.deepEqual(findClaims('Why not call `db.Lock()` here? Because `m.LockContext(ctx)` stops waiting.').map(show), ['m.LockContext(ctx)']);
    assert.deepEqual(findClaims('见 `order_srv/handler/order.go: Line 353`，以及 `order.go:303`').map(show), []);
  });

  it('orders: arrows, 先…再…, first…then, before', () => {
    assert.deepEqual(findClaims('- 顺序是 Commit → Unlock。').map(show), ['Commit → Unlock']);
    assert.deepEqual(findClaims('先 `LockContext(ctx)` 拿到所有锁，再 `Begin()` 开事务').map(show), ['LockContext(ctx)', 'LockContext(ctx) → Begin()', 'Begin()']);
    assert.deepEqual(findClaims('first `tx.Commit()`, then `unlock()` everything').map(show), ['tx.Commit()', 'tx.Commit() → unlock()', 'unlock()']);
    assert.deepEqual(findClaims('Flush before Close.').map(show), ['Flush → Close']);
    // Concept words around an arrow are not code the check can judge: they never match identifiers.
    assert.deepEqual(unconfirmed('锁 → 事务 → 查 → 扣', 'lock()\nbegin()'), []);
  });
});

describe('comparing claims with code', () => {
  const sell = [
    'func Sell(ctx context.Context) error {',
    '\tmutex := rs.NewMutex(name)',
    '\tif err := mutex.LockContext(',
    '\t\tctx,',
    '\t); err != nil { // mutex.Lock() would wait',
    '\t\treturn err',
    '\t}',
    '\ttx := db.Begin()',
    '\ttx.Exec("UPDATE t SET stocks = stocks - ? WHERE stocks >= ?")',
    '\tif err := tx.Commit().Error; err != nil {',
    '\t\treturn err',
    '\t}',
    '\tunlockAll(mutexes)',
    '\treturn nil',
    '}',
  ].join('\n');

  it('whitespace and line breaks do not matter; comments are not code', () => {
    assert.deepEqual(unconfirmed('- `mutex.LockContext(ctx)` stops waiting when the caller gives up', sell), []);
    assert.deepEqual(unconfirmed('- `mutex.LockContext( ctx )`', sell), []);
    // The comment mentions it, the code does not call it.
    assert.deepEqual(unconfirmed('- `mutex.Lock()` waits', sell), ['mutex.Lock()']);
    assert.deepEqual(unconfirmed('- `stocks - ?` with `stocks >= ?`; `stocks > 0`', sell), ['stocks > 0']);
    assert.deepEqual(unconfirmed('- `tx.Exec(...)` then nothing', sell), []);
  });

  it('the landed range and the declaration are looked in, nothing outside them', () => {
    const scope = { text: sell, range: { start: 9, end: 9 } };
    assert.deepEqual(unconfirmedClaims('- `tx.Commit()` then `db.Begin()`', scope).map(show), ['db.Begin()']);
    assert.deepEqual(unconfirmedClaims('- `tx.Commit()` then `db.Begin()`', { ...scope, declaration: { start: 0, end: 14 } }).map(show), []);
  });

  it('code moved into a helper the declaration calls is still the step\'s code', () => {
    const code = ['func Sell() {', '\tdeduct()', '}', 'func deduct() {', '\tx.Exec("stocks - ?")', '}'].join('\n');
    const scope = { text: code, range: { start: 1, end: 1 }, declaration: { start: 0, end: 2 } };
    assert.deepEqual(unconfirmedClaims('- `stocks - ?`', scope).map(show), ['stocks - ?']);
    assert.deepEqual(unconfirmedClaims('- `stocks - ?`', { ...scope, helpers: [{ start: 3, end: 5 }] }).map(show), []);
  });

  it('an order holds when some first comes before some then; it is flagged when the code does it the other way round', () => {
    assert.deepEqual(unconfirmed('顺序是 Commit → Unlock。', sell), []);
    const unlockFirst = sell.replace('\tunlockAll(mutexes)\n', '').replace('\tif err := tx.Commit()', '\tunlockAll(mutexes)\n\tif err := tx.Commit()');
    assert.deepEqual(unconfirmed('顺序是 Commit → Unlock。', unlockFirst), ['Commit → Unlock']);
    // A word the code never uses is a concept: nothing to judge.
    assert.deepEqual(unconfirmed('顺序是 Commit → Release。', unlockFirst), []);
  });

  it('comments are stripped, strings kept (a `//` in a URL is not a comment)', () => {
    assert.equal(stripComments('a := "http://x" // note\nb', false), 'a := "http://x" \nb');
    assert.equal(stripComments('x = 1  # note\ny = "#"', true), 'x = 1  \ny = "#"');
    assert.equal(stripComments('a /* b\nc */ d', false), 'a     \n     d');
  });
});

describe('the bundled walkthroughs', () => {
  it('make claims the check can judge, and none is contradicted by the sample itself', async () => {
    const dir = path.join(REPO, 'walkthroughs');
    let claims = 0;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.walkthrough.yaml'))) {
      const spec = parseWalkthrough(name, readFileSync(path.join(dir, name), 'utf8'));
      for (const step of spec.steps) claims += step.points ? findClaims(step.points).length : 0;
    }
    assert.ok(claims >= 15, `only ${claims} claims in the bundled points`);
    const report = await checkWorkspace(new NodeFileSystem(), REPO);
    const warnings = report.diagnostics.filter((d) => d.code === 'claim-not-in-code');
    assert.deepEqual(warnings.map((d) => `${d.file}:${d.line} ${d.message}`), []);
  });

  describe('on a checkout whose Sell contradicts them', () => {
    let tmp: string;
    const inventory = () => path.join(tmp, 'sample-repo/inventory_srv/handler/inventory.go');
    /** The variant: lock without ctx, the transaction opened before the lock, unlock before commit. */
    function contradict(text: string, changes: Array<'lock' | 'begin' | 'unlock'>): string {
      const start = text.indexOf('func (*InventoryServer) Sell(');
      const end = text.indexOf('\n}\n', start) + 3;
      let sell = text.slice(start, end);
      const before = sell;
      if (changes.includes('lock')) sell = sell.replace('mutex.LockContext(ctx)', 'mutex.Lock()');
      if (changes.includes('begin')) {
        sell = sell.replace('\ttx := global.DB.WithContext(ctx).Begin()\n', '');
        sell = sell.replace('\tmutexs := make(', '\ttx := global.DB.WithContext(ctx).Begin()\n\tmutexs := make(');
      }
      if (changes.includes('unlock')) {
        sell = sell.replace(/(\tif err := tx\.Commit\(\)\.Error; err != nil \{\n)\t\tunlockAll\(mutexs\)\n/, '\tunlockAll(mutexs)\n$1');
        sell = sell.replace(/(\t\}\n)\tunlockAll\(mutexs\)\n(\treturn &emptypb\.Empty\{\}, nil\n\}\n)$/, '$1$2');
      }
      assert.notEqual(sell, before, 'the variant must change Sell');
      return text.slice(0, start) + sell + text.slice(end);
    }
    async function flagged(changes: Array<'lock' | 'begin' | 'unlock'>) {
      writeFileSync(inventory(), contradict(readFileSync(path.join(REPO, 'sample-repo/inventory_srv/handler/inventory.go'), 'utf8'), changes));
      const report = await checkWorkspace(new NodeFileSystem(), tmp);
      const warnings = report.diagnostics.filter((d) => d.code === 'claim-not-in-code');
      const steps = new Set<string>();
      for (const warning of warnings) {
        const walkthrough = report.walkthroughs.find((w) => w.file === warning.file)!;
        const spec = parseWalkthrough(warning.file, readFileSync(path.join(tmp, warning.file), 'utf8'));
        const step = spec.steps.find((s) => s.range.start.line + 1 <= warning.line && s.range.end.line + 1 >= warning.line)!;
        steps.add(`${walkthrough.id}/${step.id}`);
        // The range is on the point: the line holds the claim's text.
        const line = readFileSync(path.join(tmp, warning.file), 'utf8').split('\n')[warning.line - 1]!;
        assert.ok(step.spans.points && warning.line - 1 >= step.spans.points.value.start.line, `${warning.file}:${warning.line} is not on the points`);
        assert.match(warning.message, /`/);
        assert.ok(line.length > 0);
      }
      return { steps: [...steps].sort(), warnings };
    }

    before(() => {
      tmp = mkdtempSync(path.join(tmpdir(), 'cw-claims-'));
      cpSync(path.join(REPO, 'walkthroughs'), path.join(tmp, 'walkthroughs'), { recursive: true });
      cpSync(path.join(REPO, 'sample-repo'), path.join(tmp, 'sample-repo'), { recursive: true });
    });
    after(() => rmSync(tmp, { recursive: true, force: true }));

    it('a lock without ctx: the points that say LockContext are marked', async () => {
      const { steps } = await flagged(['lock']);
      assert.deepEqual(steps, ['idempotency-timeouts/ctx-before-commit', 'interview-core/sell-begin', 'interview-core/sell-lock', 'overselling/lock-fail']);
    });

    it('the transaction opened before the lock: the point that says lock, then begin is marked', async () => {
      const { steps, warnings } = await flagged(['begin']);
      assert.deepEqual(steps, ['interview-core/sell-begin']);
      assert.match(warnings[0]!.message, /LockContext\(ctx\)` → `Begin\(\)/);
    });

    it('unlock before commit: the point that says Commit → Unlock is marked', async () => {
      const { steps } = await flagged(['unlock']);
      assert.deepEqual(steps, ['interview-core/sell-commit-unlock']);
    });

    it('all three at once, through the CLI in text and --json', async () => {
      const { steps, warnings } = await flagged(['lock', 'begin', 'unlock']);
      assert.deepEqual(steps, ['idempotency-timeouts/ctx-before-commit', 'interview-core/sell-begin', 'interview-core/sell-commit-unlock', 'interview-core/sell-lock', 'overselling/lock-fail']);
      const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'server/src/cli.ts'), 'check', tmp, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
      const json = JSON.parse(cli(['--json']).stdout) as { diagnostics: Array<{ code: string; severity: string; line: number }> };
      const fromCli = json.diagnostics.filter((d) => d.code === 'claim-not-in-code');
      assert.equal(fromCli.length, warnings.length);
      assert.ok(fromCli.every((d) => d.severity === 'warning'));
      const text = cli([]).stdout;
      assert.equal(text.split('\n').filter((l) => l.includes('[claim-not-in-code]')).length, warnings.length, text);
      assert.match(text, /Not in your code: `LockContext\(ctx\)`/);
    });
  });
});

describe('marked where the points are shown', () => {
  it('the hover card and the step content carry "not in your code" on the point, other points stay plain', async () => {
    const go = 'package p\n\nfunc Sell(m *Mutex) error {\n\tif err := m.Lock(); err != nil {\n\t\treturn err\n\t}\n\treturn nil\n}\n';
    const yaml = [
      'title: T',
      'steps:',
      '  - title: lock',
      '    file: a.go',
      '    anchor: "if err := m.Lock(); err != nil {"',
      '    symbol: Sell',
      '    points: |',
      '      - Sell calls `m.LockContext(ctx)` so it stops when the caller gives up.',
      '      - On failure it returns `err`: `return err`.',
    ].join('\n');
    const { engine } = await loadWorkspace({ 'a.go': go, 't.walkthrough.yaml': yaml });
    const [step] = stepsOf(engine);
    assert.deepEqual(step!.unconfirmed?.map((u) => u.text), ['`m.LockContext(ctx)`']);
    const points = talkingPoints(step!)!;
    const lines = points.split('\n');
    assert.match(lines[0]!, /gives up\. ⚠ \*not in your code: `m\.LockContext\(ctx\)`\*$/);
    assert.doesNotMatch(lines[1]!, /not in your code/);
    const card = stepCard(engine.get(`${WS}/t.walkthrough.yaml`)!, step!);
    assert.match(card, /not in your code: `m\.LockContext\(ctx\)`/);
    const diagnostic = engine.diagnostics(`${WS}/t.walkthrough.yaml`).find((d) => d.code === 'claim-not-in-code')!;
    assert.equal(diagnostic.severity, 'warning');
    // On the point's own line, at the claim.
    assert.deepEqual(diagnostic.range.start, { line: 7, character: yaml.split('\n')[7]!.indexOf('`m.LockContext') });
  });
});
