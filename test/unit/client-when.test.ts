/** Waiting for a state (a walkthrough the server lists, copies it picked up): events, not sleeps. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { when, type Timers } from '../../client/src/when';

class Emitter {
  private readonly listeners = new Set<() => void>();
  readonly event = (listener: () => void) => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };
  fire(): void {
    for (const listener of [...this.listeners]) listener();
  }
  get count(): number {
    return this.listeners.size;
  }
}

class ManualTimers implements Timers {
  private readonly waiting = new Map<number, () => void>();
  private next = 0;
  setTimeout(callback: () => void): unknown {
    this.waiting.set(++this.next, callback);
    return this.next;
  }
  clearTimeout(handle: unknown): void {
    this.waiting.delete(handle as number);
  }
  get pending(): number {
    return this.waiting.size;
  }
  fireAll(): void {
    const callbacks = [...this.waiting.values()];
    this.waiting.clear();
    for (const callback of callbacks) callback();
  }
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
};

describe('when', () => {
  it('is true at once when the state already holds, without listening or a timer', async () => {
    const changes = new Emitter();
    const timers = new ManualTimers();
    assert.equal(await when(() => true, changes.event, 10_000, timers), true);
    assert.equal(changes.count + timers.pending, 0);
  });

  it('resolves on the change that makes it hold, not before, and then stops listening', async () => {
    const changes = new Emitter();
    const timers = new ManualTimers();
    let listed = false;
    const waiting = when(() => listed, changes.event, 10_000, timers);
    changes.fire();
    assert.equal(await settled(waiting), false, 'a change that does not make it hold does not end the wait');
    listed = true;
    changes.fire();
    assert.equal(await waiting, true);
    assert.equal(changes.count, 0, 'the listener is disposed');
    assert.equal(timers.pending, 0, 'the deadline is cleared');
  });

  it('gives up at the deadline with a last check', async () => {
    const changes = new Emitter();
    const timers = new ManualTimers();
    const waiting = when(() => false, changes.event, 10_000, timers);
    assert.equal(await settled(waiting), false);
    timers.fireAll();
    assert.equal(await waiting, false);
    assert.equal(changes.count, 0);
    let late = false;
    const lastCheck = when(() => late, changes.event, 10_000, timers);
    late = true; // true without an event: the deadline's check sees it
    timers.fireAll();
    assert.equal(await lastCheck, true);
  });

  it('a check that throws is "not yet"', async () => {
    const changes = new Emitter();
    const timers = new ManualTimers();
    let calls = 0;
    const waiting = when(() => {
      if (++calls < 3) throw new Error('not loaded');
      return true;
    }, changes.event, 10_000, timers);
    changes.fire();
    changes.fire();
    assert.equal(await waiting, true);
  });
});
