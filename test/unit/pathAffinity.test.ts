import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathAffinity, uniqueBest } from '../../server/src/core/relocate/pathAffinity';

describe('path affinity (following code into another layout)', () => {
  it('another folder layout keeps every segment: complete', () => {
    assert.equal(pathAffinity('order_web/api/order.go', 'mxshop-api/order-web/api/order/order.go').complete, true);
    assert.equal(pathAffinity('inventory_srv/handler/inventory.go', 'mxshop_srvs/inventory_srv/handler/inventory.go').complete, true);
    assert.equal(pathAffinity('order_web/api/order.go', 'order_srv/api/order.go').complete, false, 'another service');
    assert.equal(pathAffinity('order_web/api/order.go', 'api/order_web/order.go').complete, false, 'segments out of order');
  });

  it('the same package beats a file of the same name in another service', () => {
    const wanted = 'order_srv/initialize/srv_conn.go';
    const sameService = pathAffinity(wanted, 'order_srv/initialize/grpc_clients.go').score;
    const otherService = pathAffinity(wanted, 'order_web/initialize/srv_conn.go').score;
    assert.ok(sameService > otherService, `${sameService} > ${otherService}`);
  });

  it('a tie is not guessed', () => {
    assert.equal(uniqueBest(['a/x.go', 'b/y.go'], (c) => pathAffinity('handler/inventory.go', c).score), undefined);
    assert.equal(uniqueBest(['a/x.go', 'handler/y.go'], (c) => pathAffinity('handler/inventory.go', c).score), 'handler/y.go');
    assert.equal(uniqueBest(['only.go'], () => 0), 'only.go');
    assert.equal(uniqueBest([], () => 0), undefined);
  });
});
