/**
 * The bundled sample and walkthroughs are what a new user opens first: they must resolve cleanly,
 * parse with the same parser the engine uses, and the primary tour must walk the order flow.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkWorkspace } from '../../server/src/core/check';
import { findFiles } from '../../server/src/core/discover';
import { NodeFileSystem } from '../../server/src/core/nodeFileSystem';
import { SymbolIndex } from '../../server/src/core/symbols/symbolIndex';
import { anchorLines, normalizeLine, splitLines } from '../../server/src/core/text';

const REPO = path.resolve(__dirname, '../..');
const fs = new NodeFileSystem();

describe('bundled content', () => {
  it('walkthrough check reports no errors and no warnings, and every step resolves ok', async () => {
    const report = await checkWorkspace(fs, REPO);
    assert.ok(report.walkthroughs.length >= 9, `expected the primary tour, the timeline and 7 topic tours, found ${report.walkthroughs.length}`);
    const problems = report.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`);
    assert.deepEqual(problems, []);
    const notOk = report.walkthroughs.flatMap((w) => w.steps.filter((s) => s.status !== 'ok').map((s) => `${w.id}/${s.id}: ${s.status}`));
    assert.deepEqual(notOk, []);
    assert.equal(report.failed, false);
  });

  it('every code step carries an anchor, a section and a question; exactly one walkthrough is primary', async () => {
    const report = await checkWorkspace(fs, REPO);
    const walkthroughs = report.engine.list();
    assert.equal(walkthroughs.filter((w) => w.spec.primary).length, 1);
    for (const walkthrough of walkthroughs) {
      for (const step of walkthrough.steps) {
        const where = `${walkthrough.spec.id}/${step.spec.id}`;
        if (step.spec.file !== undefined) assert.ok(step.spec.anchor, `${where} has no anchor`);
        assert.ok(step.spec.section !== undefined || step.spec.points !== undefined, `${where} has no section or points`);
        assert.ok(step.spec.question, `${where} has no question`);
      }
    }
  });

  it('the primary tour visits Sell, then ExecuteLocalTransaction, then CheckLocalTransaction', async () => {
    const report = await checkWorkspace(fs, REPO);
    const primary = report.engine.list().find((w) => w.spec.primary)!;
    const symbols = new SymbolIndex();
    const enclosing: string[] = [];
    for (const step of primary.steps) {
      if (!step.file || !step.span) continue;
      const decls = (await symbols.symbols(step.file, readFileSync(step.file, 'utf8')))?.symbols ?? [];
      const decl = decls.find((d) => d.span.start <= step.span!.start && step.span!.end <= d.span.end);
      if (decl) enclosing.push(decl.name);
    }
    const order = ['InventoryServer.Sell', 'OrderListener.ExecuteLocalTransaction', 'OrderListener.CheckLocalTransaction'].map((name) => enclosing.indexOf(name));
    assert.ok(order.every((i) => i >= 0), `primary tour visits ${enclosing.join(' → ')}`);
    assert.ok(order[0]! < order[1]! && order[1]! < order[2]!, `out of order: ${enclosing.join(' → ')}`);
  });

  it('the memo and the walkthroughs no longer repeat claims the libraries\' sources contradict', async () => {
    // Each phrase was a talking point that an interviewer can refute (issue 14); the memo now says why.
    const refuted = [
      '收到半消息后回调', // the client calls ExecuteLocalTransaction itself, inside SendMessageInTransaction
      'Broker 回调本地事务',
      '任何在线的实例', // the client drops check-backs for a group it was not created with
      '事务生产者按请求创建', // a group registers once per client instance
      '最多重试 3 次', // grpc_retry.WithMax counts attempts
      '不健康 30 秒', // Consul raises DeregisterCriticalServiceAfter to one minute
      '排队发生在 Redis', // redsync retries after random sleeps: no queue
      '强一致（XA/Seata AT）', // Seata AT is not strongly consistent
      '事务消息防止**少扣**', // stock deducted without an order is over-deduction (undersold)
      'Unknow（稍后再问）',
      // issue 22
      '提交失败 → Commit', // a COMMIT error does not prove the rollback: UnknowState
      '数据库和服务之间照样用 `int64`', // SellInfo, the MQ bodies and the sell-detail table carry the string OrderSn
      'InnoDB 只在这条语句执行期间锁住这一行', // row locks last until COMMIT
      '依赖各节点时钟大致同步', // Redlock assumes bounded drift, not synchronised clocks
      '死信不会再自动投递，消息没丢', // dead letters live only for fileReservedTime (72 h)
      '没有流水（从没扣过）或已归还：直接跳过', // rebackOrder writes an empty returned row
      '在订单服务这边睡一会儿再试', // the lock wait sleeps in inventory_srv's Sell
    ];
    const report = await checkWorkspace(fs, REPO);
    const texts = [path.join(REPO, 'walkthroughs/memo/golang-interview.md'), ...report.walkthroughs.map((w) => path.join(REPO, w.file))];
    const found = texts.flatMap((file) => refuted.filter((phrase) => readFileSync(file, 'utf8').includes(phrase)).map((phrase) => `${path.relative(REPO, file)}: ${phrase}`));
    assert.deepEqual(found, []);
    // Step titles carry no numbers that clash with the memo's section numbers ("2.1 RPC 扣库存").
    const numbered = report.engine.list().flatMap((w) => w.steps.filter((s) => /^\d+\.\d+\s/.test(s.spec.title ?? '')).map((s) => `${w.spec.id}/${s.spec.id}: ${s.spec.title}`));
    assert.deepEqual(numbered, []);
  });

  it('every follow-up an interviewer asks has a memo section and a step with a question', async () => {
    const followUps = [
      '2.8 支付和超时关单同时到达',
      '2.9 归还比扣减先到：空回滚与防悬挂',
      '8.3 只用数据库：一条条件 UPDATE',
      '13.7 订单号为什么对外是字符串',
      '18.4 sysmon 与异步抢占',
      '23. Redlock 的争议与 fencing token',
      '24. 事务消息的回查时序与丢弃',
      '25. 消费重试用尽与死信队列',
      '26. 热点商品的吞吐',
      // issue 22
      '2.10 COMMIT 报错：订单到底在不在',
      '2.11 为什么半消息的含义是反的',
      '2.12 重复的支付回调与 29:59 的付款',
      '8.4 没有 Redis：1000 个请求等同一行',
      '11.5 重试的 Sell 回答了库存不足',
      '13.8 order_sn 还是 orderSn：两个订单接口的字段',
      '18.5 异步抢占停不下的地方，以及 1.14 之后的 EINTR',
      '24.1 所有 order_srv 都下线 15 分钟',
      '25.1 重放死信，以及谁来看关单消费者的死信',
    ];
    const report = await checkWorkspace(fs, REPO);
    const steps = report.engine.list().flatMap((w) => w.steps);
    for (const section of followUps) {
      const step = steps.find((s) => s.spec.section === section && s.spec.question && s.spec.file);
      assert.ok(step, `no code step with a question for "${section}"`);
    }
  });

  it('every step\'s anchor is unique in its file, or in its symbol\'s declaration (issue 22)', async () => {
    // An anchor that occurs twice lands on whichever copy is nearer the `lines` hint: the step can
    // show other code than it talks about (reback-add showed the ID collection, not `stocks + ?`).
    const report = await checkWorkspace(fs, REPO);
    const symbols = new SymbolIndex();
    const ambiguous: string[] = [];
    let anchored = 0;
    for (const walkthrough of report.engine.list()) {
      for (const step of walkthrough.steps) {
        if (!step.file || step.spec.anchor === undefined) continue;
        anchored++;
        const text = readFileSync(step.file, 'utf8');
        const starts = exactMatches(splitLines(text).map(normalizeLine), anchorLines(step.spec.anchor));
        if (starts.length === 1) continue;
        const decl = step.spec.symbol ? (await symbols.symbols(step.file, text))?.symbols.find((d) => d.name === step.spec.symbol) : undefined;
        const inDecl = decl ? starts.filter((line) => line >= decl.span.start && line <= decl.span.end) : [];
        if (inDecl.length === 1) continue;
        const where = decl ? `${inDecl.length} times in ${decl.name}` : `${starts.length} times in the file`;
        ambiguous.push(`${walkthrough.spec.id}/${step.spec.id}: anchor found ${where} (lines ${starts.map((l) => l + 1).join(', ')})`);
      }
    }
    assert.ok(anchored > 50, `only ${anchored} anchored steps`);
    assert.deepEqual(ambiguous, []);
  });

  it('every Go file in sample-repo parses without syntax errors', async () => {
    const files = await findFiles(fs, path.join(REPO, 'sample-repo'), (f) => f.endsWith('.go'));
    assert.ok(files.length >= 15, `only ${files.length} Go files`);
    const symbols = new SymbolIndex();
    const broken: string[] = [];
    for (const file of files) {
      const result = await symbols.symbols(file, readFileSync(file, 'utf8'));
      if (!result || result.hasErrors) broken.push(`${path.relative(REPO, file)} (lines ${result?.errorLines.map((l) => l + 1).join(', ')})`);
    }
    assert.deepEqual(broken, []);
  });
});

/** 0-based lines where the normalized anchor block starts in the normalized file lines. */
function exactMatches(lines: string[], anchor: string[]): number[] {
  const starts: number[] = [];
  if (anchor.length === 0) return starts;
  for (let i = 0; i + anchor.length <= lines.length; i++) {
    if (anchor.every((line, k) => lines[i + k] === line)) starts.push(i);
  }
  return starts;
}
