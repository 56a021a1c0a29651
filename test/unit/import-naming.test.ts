/**
 * Titles and questions of imported steps (server/src/core/memoImport/naming.ts), on the shapes seen
 * in real memos: "面试问题 1：…？ 回答：", list markers, quotes, blockquote arrows, bare file names.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanQuestion, cleanTitle, isBareName, titleBesideQuestion } from '../../server/src/core/memoImport/naming';

describe('questions of imported steps', () => {
  it('strip labels, numbering, list markers, quotes and the answer that follows', () => {
    assert.equal(cleanQuestion('1：修改 .proto 文件有什么禁忌？ 回答：'), '修改 .proto 文件有什么禁忌？');
    assert.equal(cleanQuestion('面试问题 1：修改 .proto 文件有什么禁忌？'), '修改 .proto 文件有什么禁忌？');
    assert.equal(cleanQuestion('- “如何保证高并发下不超卖？”'), '如何保证高并发下不超卖？');
    assert.equal(cleanQuestion('Q2: Why is the lock taken before the transaction? A: because…'), 'Why is the lock taken before the transaction?');
  });

  it('keep the question sentences, not the remark after them', () => {
    assert.equal(cleanQuestion('Redis 锁会过期吗？如果业务逻辑执行时间太长，锁自动过期了怎么办？'), 'Redis 锁会过期吗？如果业务逻辑执行时间太长，锁自动过期了怎么办？');
    assert.equal(cleanQuestion('锁释放了，MySQL 事务还没提交怎么办？ （用户担心：A 事务提交慢）'), '锁释放了，MySQL 事务还没提交怎么办？');
    assert.equal(cleanQuestion('刨根问底 (Why Half Message?)'), '刨根问底 (Why Half Message?)');
  });

  it('a sentence that asks nothing is no question', () => {
    assert.equal(cleanQuestion('下单？'), undefined);
    assert.equal(cleanQuestion('订单服务的实现'), undefined);
    assert.equal(cleanQuestion('回答：'), undefined);
    // A question without its mark still is one, and gets the mark.
    assert.equal(cleanQuestion('为什么先提交再解锁'), '为什么先提交再解锁？');
  });
});

describe('titles of imported steps', () => {
  it('no blockquote arrows, list markers or quotes; a bare file or folder name is no title', () => {
    assert.equal(cleanTitle('> Local Logic'), 'Local Logic');
    assert.equal(cleanTitle('----> 进入回调'), '进入回调');
    assert.equal(cleanTitle('- “扣减库存”'), '扣减库存');
    for (const name of ['order_srv', 'order.go', 'inventory_srv/handler/inventory.go', 'handler/']) {
      assert.equal(cleanTitle(name), undefined, name);
      assert.ok(isBareName(name), name);
    }
    assert.equal(isBareName('Sell'), false);
    assert.equal(isBareName('InventoryServer.Sell'), true);
  });

  it('a title that only repeats the question gives way to the declaration', () => {
    assert.equal(titleBesideQuestion('如何保证不超卖？', '如何保证不超卖', 'InventoryServer.Sell'), 'InventoryServer.Sell');
    assert.equal(titleBesideQuestion('加锁扣库存', '如何保证不超卖？', 'InventoryServer.Sell'), '加锁扣库存');
  });
});
