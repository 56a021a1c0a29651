/** The client's list refetch: one round at a time, and a change that arrives while a round ends is never lost. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rerun } from '../../client/src/rerun';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Rerun', () => {
  it('runs again when asked during the last await of a round (the list kept a stale step: issue 20 e2e)', async () => {
    // A round: fetch, then an await after its own check for more work (as setContext was).
    const tails: Array<{ promise: Promise<void>; resolve: () => void }> = [];
    let rounds = 0;
    const rerun = new Rerun(async () => {
      rounds++;
      const tail = deferred();
      tails.push(tail);
      await tail.promise;
    });
    const first = rerun.request();
    await Promise.resolve();
    assert.equal(rounds, 1);
    // A change arrives while the round awaits its tail.
    const second = rerun.request();
    tails[0]!.resolve();
    await new Promise((r) => setImmediate(r));
    assert.equal(rounds, 2, 'the change made during the tail starts one more round');
    tails[1]!.resolve();
    await Promise.all([first, second]);
    assert.equal(rounds, 2);
  });

  it('coalesces requests made during one round into one more round, and callers wait for it', async () => {
    let rounds = 0;
    const gates: Array<() => void> = [];
    const rerun = new Rerun(async () => {
      rounds++;
      await new Promise<void>((r) => gates.push(r));
    });
    let settled = false;
    const a = rerun.request();
    const b = rerun.request();
    const c = rerun.request().then(() => (settled = true));
    gates.shift()!();
    await new Promise((r) => setImmediate(r));
    assert.equal(rounds, 2);
    assert.equal(settled, false, 'a caller that asked during round 1 waits for round 2');
    gates.shift()!();
    await Promise.all([a, b, c]);
    assert.equal(rounds, 2);
    assert.equal(settled, true);
  });

  it('starts afresh after a round that threw, and hands the error to its callers', async () => {
    let calls = 0;
    const rerun = new Rerun(async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
    });
    await assert.rejects(rerun.request(), /boom/);
    await rerun.request();
    assert.equal(calls, 2);
  });
});

describe('Rerun.settled', () => {
  it('waits for the round under way without asking for another, and starts one when none runs', async () => {
    let rounds = 0;
    const gates: Array<() => void> = [];
    const rerun = new Rerun(async () => {
      rounds++;
      await new Promise<void>((r) => gates.push(r));
    });
    const first = rerun.request();
    const waiting = rerun.settled();
    gates.shift()!();
    await Promise.all([first, waiting]);
    assert.equal(rounds, 1);
    const fresh = rerun.settled();
    assert.equal(rounds, 2);
    gates.shift()!();
    await fresh;
  });
});
