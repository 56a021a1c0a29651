/**
 * Code-level facts the memo and the walkthroughs teach about the sample repository. A candidate
 * repeats them in an interview, so each one is checked on the parsed Go (declarations, calls,
 * literals), not on comments or whole-file text.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findFiles } from '../../server/src/core/discover';
import { NodeFileSystem } from '../../server/src/core/nodeFileSystem';
import type { Node } from 'web-tree-sitter';
import { calls, keyedValues, parseGo, strings } from './goSource';

const SAMPLE = path.resolve(__dirname, '../../sample-repo');
const at = (file: string) => path.join(SAMPLE, file);
const ORDER = at('order_srv/handler/order.go');
const INVENTORY = at('inventory_srv/handler/inventory.go');

/** Every use of `global.DB` in a function must go through `.WithContext(ctx)`. */
function dbUsesWithoutCtx(fn: Parameters<typeof calls>[0]): string[] {
  return fn
    .descendantsOfType('selector_expression')
    .filter((s) => s?.text === 'global.DB')
    .filter((s) => {
      const parent = s!.parent;
      const method = parent?.type === 'selector_expression' ? parent.childForFieldName('field')?.text : undefined;
      const call = parent?.parent;
      return !(method === 'WithContext' && call?.type === 'call_expression' && call.childForFieldName('arguments')?.namedChildren[0]?.text === 'ctx');
    })
    .map((s) => `${s!.parent?.parent?.text.split('\n')[0]} (line ${s!.startPosition.row + 1})`);
}

/** The `pkg.Name` selector expressions inside `node`. */
function selectors(node: Node, text: string): Node[] {
  return node.descendantsOfType('selector_expression').filter((s): s is Node => s?.text === text);
}

/** The nearest ancestor of `node` of this type. */
function enclosing(node: Node, type: string): Node | undefined {
  let at = node.parent;
  while (at && at.type !== type) at = at.parent;
  return at ?? undefined;
}

/** `&name` (or `name`) where `name` is declared in `fn` from a `model.StockSellDetail{...}` literal. */
function insertsSellDetail(fn: Node, arg: string): boolean {
  const name = arg.replace(/^&/, '');
  return fn.descendantsOfType('short_var_declaration').some((d) => d?.childForFieldName('left')?.text === name && d.childForFieldName('right')?.descendantsOfType('composite_literal').some((c) => c?.childForFieldName('type')?.text === 'model.StockSellDetail'));
}

async function goFiles(): Promise<string[]> {
  return findFiles(new NodeFileSystem(), SAMPLE, (f) => f.endsWith('.go') && !f.endsWith('.pb.go'));
}

describe('sample code: the transaction producer', () => {
  it('CreateOrder creates, starts and shuts down no producer; it sends the half message with its own ctx', async () => {
    const createOrder = (await parseGo(ORDER)).decl('OrderServer.CreateOrder');
    const names = calls(createOrder).map((c) => c.name);
    for (const forbidden of ['NewTransactionProducer', 'NewProducer', 'Start', 'Shutdown']) {
      assert.ok(!names.includes(forbidden), `CreateOrder calls ${forbidden}: ${names.join(', ')}`);
    }
    const send = calls(createOrder).filter((c) => c.name === 'SendMessageInTransaction');
    assert.equal(send.length, 1);
    assert.equal(send[0]!.callee, 'global.TxProducer.SendMessageInTransaction');
    assert.equal(send[0]!.args[0], 'ctx', 'the half message is sent with the request ctx, not context.Background()');
    assert.ok(calls(createOrder).some((c) => c.callee === 'context.WithTimeout' && c.args[1] === 'localTxBudget'), 'CreateOrder caps the local transaction with localTxBudget');
  });

  it('the one transaction producer is created at startup, with its own group and instance name, and no retries', async () => {
    const creators: string[] = [];
    for (const file of await goFiles()) {
      const go = await parseGo(file);
      for (const call of calls(go.root).filter((c) => c.name === 'NewTransactionProducer')) {
        let fn = call.node.parent;
        while (fn && fn.type !== 'function_declaration' && fn.type !== 'method_declaration') fn = fn.parent;
        creators.push(`${path.relative(SAMPLE, file)}:${fn?.childForFieldName('name')?.text}`);
        const options = calls(call.node).map((c) => `${c.callee}(${c.args.join(', ')})`);
        assert.ok(options.includes('producer.WithInstanceName(txProducerGroup)'), `own client instance: ${options.join(', ')}`);
        assert.ok(options.includes('producer.WithGroupName(txProducerGroup)'), `own group: ${options.join(', ')}`);
        assert.ok(options.includes('producer.WithRetry(0)'), `no send retries past the check-back: ${options.join(', ')}`);
      }
    }
    assert.deepEqual(creators, ['order_srv/initialize/mq.go:InitProducer']);
    const mq = await parseGo(at('order_srv/initialize/mq.go'));
    const consts = mq.root.descendantsOfType('const_spec').map((c) => [c?.childForFieldName('name')?.text, c?.childForFieldName('value')?.text]);
    const group = Object.fromEntries(consts);
    assert.ok(group.producerGroup && group.txProducerGroup && group.producerGroup !== group.txProducerGroup, `groups: ${JSON.stringify(group)}`);
  });

  it('ExecuteLocalTransaction finds its request by OrderSn and keeps the database, RPCs and sends on its ctx', async () => {
    const exec = (await parseGo(ORDER)).decl('OrderListener.ExecuteLocalTransaction');
    assert.ok(calls(exec).some((c) => c.callee === 'o.pending.Load' && c.args[0] === 'orderMsg.OrderSn'));
    assert.deepEqual(dbUsesWithoutCtx(exec), []);
    assert.ok(!calls(exec).some((c) => c.callee === 'context.Background'), 'no context.Background() in the local transaction');
    for (const rpc of calls(exec).filter((c) => /^global\.(GoodsSrvClient|InventorySrvClient|Producer)\./.test(c.callee))) {
      assert.equal(rpc.args[0], 'ctx', `${rpc.callee} uses the budgeted ctx`);
    }
    // The order's primary key is the snowflake ID, not an auto-increment column.
    const order = exec.descendantsOfType('composite_literal').find((c) => c?.childForFieldName('type')?.text === 'model.OrderInfo');
    assert.ok(order && keyedValues(order, 'ID')[0]?.text === 'orderID');
  });
});

describe('sample code: service discovery and shutdown', () => {
  it('every consul:// target asks for healthy instances only', async () => {
    const targets: string[] = [];
    for (const file of await goFiles()) {
      for (const literal of strings((await parseGo(file)).root).filter((s) => s.startsWith('consul://'))) targets.push(literal);
    }
    assert.ok(targets.length >= 2, `order_srv and order_web dial through Consul: ${targets.join(', ')}`);
    for (const target of targets) {
      const query = new URLSearchParams(target.split('?')[1] ?? '');
      assert.equal(query.get('healthy'), 'true', target);
      assert.equal(query.get('tag'), 'srv', target);
    }
  });

  it('DeregisterCriticalServiceAfter is at least Consul\'s one-minute minimum, and services deregister before they stop serving', async () => {
    const mains = ['order_srv/main.go', 'inventory_srv/main.go'];
    for (const main of mains) {
      const go = await parseGo(at(main));
      const values = keyedValues(go.root, 'DeregisterCriticalServiceAfter').map((v) => v.text.slice(1, -1));
      assert.equal(values.length, 1, main);
      const m = /^(\d+)(s|m|h)$/.exec(values[0]!);
      assert.ok(m, `${main}: ${values[0]}`);
      const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'];
      assert.ok(seconds >= 60, `${main}: ${values[0]} is raised to 1m by Consul`);

      const body = calls(go.decl('main'));
      const deregister = body.find((c) => c.name === 'ServiceDeregister');
      const stop = body.find((c) => c.name === 'GracefulStop');
      assert.ok(deregister && stop, main);
      assert.ok(deregister.node.startIndex < stop.node.startIndex, `${main}: deregister from Consul before GracefulStop`);
    }
  });
});

describe('sample code: Sell and the stock return', () => {
  it('Sell waits for its locks and runs its transaction on the caller\'s ctx', async () => {
    const go = await parseGo(INVENTORY);
    const sell = go.decl('InventoryServer.Sell');
    const locks = calls(sell).filter((c) => /^(Lock|LockContext|TryLock)$/.test(c.name));
    assert.deepEqual(
      locks.map((c) => `${c.name}(${c.args.join(', ')})`),
      ['LockContext(ctx)'],
    );
    const begin = calls(sell).filter((c) => c.name === 'Begin');
    assert.deepEqual(
      begin.map((c) => c.callee),
      ['global.DB.WithContext(ctx).Begin'],
    );
    assert.deepEqual(dbUsesWithoutCtx(sell), []);
    // The other lock takers share the ctx rule.
    assert.ok(!calls(go.root).some((c) => c.callee.endsWith('.Lock') && c.args.length === 0), 'no mutex.Lock() without ctx in the inventory handler');
  });

  it('Sell rejects a non-positive Num before merging lines, and deducts with a guarded UPDATE', async () => {
    const sell = (await parseGo(INVENTORY)).decl('InventoryServer.Sell');
    const guard = sell
      .descendantsOfType('binary_expression')
      .find((b) => b?.childForFieldName('left')?.text.endsWith('.Num') && b.childForFieldName('operator')?.text === '<=' && b.childForFieldName('right')?.text === '0');
    assert.ok(guard, 'Sell checks Num <= 0');
    const merge = calls(sell).find((c) => c.name === 'mergeAndSort');
    assert.ok(merge && guard.startIndex < merge.node.startIndex, 'the check runs before mergeAndSort (5 and -3 would merge into 2)');
    assert.ok(strings(sell).some((s) => /stocks\s*>=\s*\?/.test(s)), 'the UPDATE only matches rows with enough stock');
  });

  it('a stock return that comes before the deduction leaves a returned record, and a later Sell for that order is refused', async () => {
    const go = await parseGo(INVENTORY);
    const empty = go.decl('recordEmptyReturn');
    const record = empty.descendantsOfType('composite_literal').find((c) => c?.childForFieldName('type')?.text === 'model.StockSellDetail');
    assert.equal(record && keyedValues(record, 'Status')[0]?.text, 'model.SellStatusReturned');
    assert.ok(calls(go.decl('rebackOrder')).some((c) => c.name === 'recordEmptyReturn'));
    assert.ok(calls(go.decl('InventoryServer.Sell')).some((c) => c.name === 'sellAgain'), 'a duplicate OrderSn goes through sellAgain');
    assert.ok(
      go.decl('sellAgain').descendantsOfType('selector_expression').some((s) => s?.text === 'codes.Aborted'),
      'sellAgain refuses an order that was already returned',
    );
  });

  it('Sell settles a retried order number from its sell-detail row before it looks at stock (issue 22)', async () => {
    // A first attempt can commit after the caller's per-attempt deadline; the retry must then answer
    // from that attempt's row, not from the stock it already took ("库存不足" would roll the half
    // message back and nothing would return the stock).
    const go = await parseGo(INVENTORY);
    const sell = go.decl('InventoryServer.Sell');
    const exhausted = selectors(sell, 'codes.ResourceExhausted');
    assert.ok(exhausted.length > 0, 'Sell answers ResourceExhausted when stock is short');
    const firstRejection = Math.min(...exhausted.map((n) => n.startIndex));
    const firstStockRead = Math.min(...sell.descendantsOfType('composite_literal').filter((c) => c?.childForFieldName('type')?.text === 'model.Inventory').map((c) => c!.startIndex));

    // 1. The order number is looked up before the locks and the stock.
    const lookup = calls(sell).find((c) => c.args.includes('req.OrderSn') && c.node.startIndex < firstStockRead && !/Errorf$/.test(c.callee));
    assert.ok(lookup, 'Sell looks the order number up before it reads stock');
    // 2. Inside the transaction, the sell-detail row is inserted before any stock check, so a
    //    concurrent attempt meets the unique index first.
    const insert = calls(sell).find((c) => /^tx\.Create$/.test(c.callee) && insertsSellDetail(sell, c.args[0] ?? ''));
    assert.ok(insert, 'Sell inserts the model.StockSellDetail row in its transaction');
    assert.ok(insert.node.startIndex < firstStockRead && insert.node.startIndex < firstRejection, 'the row is inserted before the stock is read or judged short');
    // 3. A duplicate key is answered from the existing row (sellAgain), also before any rejection.
    const duplicate = selectors(sell, 'gorm.ErrDuplicatedKey');
    assert.ok(duplicate.length > 0 && duplicate.every((d) => d.startIndex < firstRejection), 'the duplicate-key branch comes before any ResourceExhausted');
    for (const d of duplicate) {
      const branch = enclosing(d, 'if_statement')?.childForFieldName('consequence');
      assert.ok(branch && calls(branch).some((c) => c.name === 'sellAgain'), 'a duplicate order number is answered by sellAgain');
    }
    // sellAgain answers from the row's status only: it never reads stock.
    const again = go.decl('sellAgain');
    assert.ok(!again.descendantsOfType('composite_literal').some((c) => c?.childForFieldName('type')?.text === 'model.Inventory'));
    assert.ok(selectors(again, 'model.SellStatusReturned').length > 0 && selectors(again, 'codes.Aborted').length > 0);
  });

  it('a COMMIT error of the order transaction is not taken for a rollback: UnknowState, and the check-back decides (issue 22)', async () => {
    const exec = (await parseGo(ORDER)).decl('OrderListener.ExecuteLocalTransaction');
    const commitChecks = exec.descendantsOfType('if_statement').filter((s) => s && calls(s.childForFieldName('initializer') ?? s.childForFieldName('condition')!).some((c) => c.name === 'Commit'));
    assert.ok(commitChecks.length > 0, 'ExecuteLocalTransaction checks the error of its Commit');
    for (const check of commitChecks) {
      const returns = check!.childForFieldName('consequence')!.descendantsOfType('return_statement').map((r) => r!.namedChildren[0]?.text);
      assert.deepEqual(returns, ['primitive.UnknowState'], `on a COMMIT error: ${check!.text.split('\n')[0]}`);
    }
    // Every other failure after the stock was taken rolls its transaction back first: only then is
    // "the order is not there" certain and CommitMessageState right.
    for (const branch of exec.descendantsOfType('if_statement')) {
      const body = branch?.childForFieldName('consequence');
      if (!body || commitChecks.includes(branch)) continue;
      const committed = body.descendantsOfType('return_statement').some((r) => r?.namedChildren[0]?.text === 'primitive.CommitMessageState');
      if (committed && calls(body).some((c) => c.callee === 'tx.Rollback')) continue;
      if (committed) assert.ok(enclosing(branch!, 'expression_switch_statement') || calls(branch!.childForFieldName('initializer') ?? branch!).some((c) => c.name === 'Sell'), `CommitMessageState without a rollback: ${branch!.text.split('\n')[0]}`);
    }
    // The check-back reads the order table and says Unknown when the database does not answer.
    const check = (await parseGo(ORDER)).decl('OrderListener.CheckLocalTransaction');
    const states = check.descendantsOfType('return_statement').map((r) => r?.namedChildren[0]?.text);
    for (const state of ['primitive.RollbackMessageState', 'primitive.CommitMessageState', 'primitive.UnknowState']) assert.ok(states.includes(state), state);
  });

  it('the half message widens the broker\'s check-back immunity beyond the clock skew it measures with', async () => {
    const createOrder = (await parseGo(ORDER)).decl('OrderServer.CreateOrder');
    const property = calls(createOrder).find((c) => c.name === 'WithProperty' && c.args[0] === 'primitive.PropertyCheckImmunityTimeInSeconds');
    const send = calls(createOrder).find((c) => c.name === 'SendMessageInTransaction');
    assert.ok(property && send && property.node.startIndex < send.node.startIndex, 'CHECK_IMMUNITY_TIME_IN_SECONDS is set before the half message is sent');
  });

  it('a duplicate payment notice is told apart from one for a closed order (refund)', async () => {
    const markPaid = (await parseGo(ORDER)).decl('MarkPaid');
    const returns = markPaid.descendantsOfType('return_statement').map((r) => { const values = r?.namedChildren[0]; return (values?.type === 'expression_list' ? values.namedChildren[0] : values)?.text; });
    for (const result of ['PayAccepted', 'PayDuplicate', 'PayRefund']) assert.ok(returns.includes(result), `MarkPaid can answer ${result}: ${returns.join(', ')}`);
    const duplicate = markPaid.descendantsOfType('if_statement').find((s) => s?.childForFieldName('consequence')?.text.includes('PayDuplicate'));
    assert.ok(duplicate && /TradeNo\s*==\s*tradeNo/.test(duplicate.childForFieldName('condition')!.text), 'a duplicate is the same trade number on a paid order');
  });

  it('both order APIs write the order the same way: one JSON naming, zero fields included', async () => {
    const api = await parseGo(at('order_web/api/order.go'));
    for (const handler of ['New', 'Detail']) {
      assert.ok(calls(api.decl(handler)).some((c) => c.name === 'writeOrder' && c.args[1] === 'rsp'), `${handler} writes through writeOrder`);
      assert.deepEqual(api.decl(handler).descendantsOfType('literal_element').filter((e) => /^"[a-z]+_[a-z_]+"$/.test(e?.text ?? '')).map((e) => e!.text), [], `${handler} writes no hand-made snake_case keys`);
    }
    assert.ok(keyedValues(api.root, 'EmitUnpopulated').some((v) => v.text === 'true'), 'protojson writes zero-valued fields');
  });

  it('orders keep money in integer cents and use the snowflake ID as primary key', async () => {
    const model = await parseGo(at('order_srv/model/order.go'));
    for (const type of ['OrderInfo', 'OrderGoods']) {
      const floats = model.structFields(type).filter((f) => /float/.test(f.type));
      assert.deepEqual(floats, [], `${type} has float money fields`);
    }
    const id = model.structFields('OrderInfo').find((f) => f.name === 'ID');
    assert.equal(id?.type, 'int64');
    assert.match(id!.tag, /autoIncrement:false/);
  });
});
