/**
 * Parse workers (issue 25): what a worker parses equals what the main thread parses, for every
 * language fixture; a busy pool declines at once (the caller parses itself, never waits in a
 * queue); a pool whose workers cannot start leaves every result as without a pool.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { languageFor } from '../../server/src/core/symbols/languages';
import { SymbolIndex } from '../../server/src/core/symbols/symbolIndex';
import { defaultParseWorkers, ParsePool } from '../../server/src/parsePool';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'languages');
const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
  .map((name) => path.join(FIXTURES, name))
  .filter((file) => languageFor(file) !== undefined);

describe('parse pool', () => {
  const pools: ParsePool[] = [];
  after(() => Promise.all(pools.map((pool) => pool.close())));

  it('gives what the main thread gives, on every language fixture, with and without facts', async () => {
    assert.ok(files.length >= 8, `fixtures found: ${files.length}`);
    const pool = new ParsePool(2);
    pools.push(pool);
    const pooled = new SymbolIndex({ parser: pool });
    const local = new SymbolIndex();
    // All at once: both workers busy, the rest parsed by the caller; every result the same.
    const texts = files.map((file) => readFileSync(file, 'utf8'));
    const [fromPool, fromHere] = await Promise.all([
      Promise.all(files.map((file, i) => pooled.symbols(file, texts[i]!, { facts: i % 2 === 0 }))),
      Promise.all(files.map((file, i) => local.symbols(file, texts[i]!, { facts: i % 2 === 0 }))),
    ]);
    assert.deepEqual(fromPool, fromHere);
    assert.ok(pool.counts.parsed > 0, 'the workers parsed some');
    assert.ok(pool.counts.declined > 0, 'busy workers declined the rest');
    assert.equal(pool.counts.failed, 0);
  });

  it('declines at once when every worker is busy', async () => {
    const pool = new ParsePool(1);
    pools.push(pool);
    const go = languageFor('a.go')!;
    const first = pool.tryParse(go, 'package a\n\nfunc A() {}\n', false);
    assert.ok(first, 'an idle pool takes the parse');
    assert.equal(pool.tryParse(go, 'package b\n', false), undefined, 'a busy pool declines');
    const result = await first;
    assert.notEqual(result, 'failed');
    assert.deepEqual((result as { symbols: Array<{ name: string }> }).symbols.map((s) => s.name), ['A']);
    assert.ok(pool.tryParse(go, 'package c\n', false), 'idle again');
  });

  it('a worker that finished while this thread was busy takes the next parse (its reply is read at once, not at the next turn of the event loop)', async () => {
    const pool = new ParsePool(1);
    pools.push(pool);
    const go = languageFor('a.go')!;
    assert.notEqual(await pool.tryParse(go, 'package w\n', false), 'failed', 'the worker is up');
    const first = pool.tryParse(go, 'package a\n\nfunc A() {}\n', false);
    assert.ok(first);
    // This thread busy (steps resolving without a pause) long enough for the worker to be done.
    const until = Date.now() + 1000;
    while (Date.now() < until);
    const second = pool.tryParse(go, 'package b\n\nfunc B() {}\n', false);
    assert.ok(second, 'the done worker took the parse');
    assert.deepEqual(((await first) as { symbols: Array<{ name: string }> }).symbols.map((s) => s.name), ['A']);
    assert.deepEqual(((await second) as { symbols: Array<{ name: string }> }).symbols.map((s) => s.name), ['B']);
  });

  it('a worker that cannot start leaves the parse to the caller', async () => {
    const pool = new ParsePool(1, path.join(__dirname, 'no-such-worker.js'));
    pools.push(pool);
    const index = new SymbolIndex({ parser: pool });
    const text = 'package a\n\nfunc A() {}\n';
    assert.deepEqual(await index.symbols('/w/a.go', text), await new SymbolIndex().symbols('/w/a.go', text));
  });

  it('uses no workers on two cores or fewer, one per core beyond the first above', () => {
    assert.equal(defaultParseWorkers(1), 1);
    assert.equal(defaultParseWorkers(2), 1);
    assert.equal(defaultParseWorkers(4), 3);
  });
});

describe('parse pool: idle workers retire (the server keeps no parse thread once its load is done)', () => {
  const until = async (what: string, holds: () => boolean) => {
    for (let i = 0; i < 400 && !holds(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(holds(), what);
  };

  it('ends a worker idle for idleMs, starts one again on the next parse, and never counts a retirement as a death', async () => {
    const pool = new ParsePool(1, undefined, { idleMs: 30 });
    const go = languageFor('a.go')!;
    try {
      for (let round = 0; round < 4; round++) {
        const result = await pool.tryParse(go, `package r${round}\n\nfunc F${round}() {}\n`, false);
        assert.notEqual(result, 'failed');
        assert.deepEqual((result as { symbols: Array<{ name: string }> }).symbols.map((s) => s.name), [`F${round}`]);
        assert.equal(pool.workers, 1, `round ${round}: the worker is up after a parse`);
        await until(`round ${round}: the idle worker retired`, () => pool.workers === 0);
      }
      // Four retirements: a pool that took them for deaths would have closed after three.
      assert.ok(pool.tryParse(go, 'package z\n', false), 'the pool still takes parses');
      assert.equal(pool.counts.failed, 0);
    } finally {
      await pool.close();
    }
  });

  it('keeps a worker that is busy or used again within idleMs', async () => {
    const pool = new ParsePool(1, undefined, { idleMs: 200 });
    const go = languageFor('a.go')!;
    try {
      for (let i = 0; i < 5; i++) {
        assert.notEqual(await pool.tryParse(go, `package k${i}\n`, false), 'failed');
        await new Promise((r) => setTimeout(r, 20));
        assert.equal(pool.workers, 1, `parse ${i}: used within idleMs, still there`);
      }
    } finally {
      await pool.close();
    }
  });
});

describe('parse pool: workers start for a burst of parses, not for one', () => {
  it('declines (the caller parses) until `burst.parses` parses were asked within `burst.withinMs`, then starts a worker', async () => {
    const pool = new ParsePool(1, undefined, { burst: { parses: 3, withinMs: 60_000 } });
    const go = languageFor('a.go')!;
    try {
      assert.equal(pool.tryParse(go, 'package a\n', false), undefined, 'one parse: no worker started for it');
      assert.equal(pool.tryParse(go, 'package b\n', false), undefined, 'two parses: still none');
      assert.equal(pool.workers, 0);
      assert.equal(pool.tryParse(go, 'package c\n', false), undefined, 'the third parse within the window starts a worker but is parsed by the caller (nothing waits for a thread to boot)');
      assert.equal(pool.workers, 1);
      const fourth = pool.tryParse(go, 'package c\n\nfunc C() {}\n', false);
      assert.ok(fourth, 'the next parse goes to the worker');
      const result = await fourth;
      assert.deepEqual((result as { symbols: Array<{ name: string }> }).symbols.map((s) => s.name), ['C']);
    } finally {
      await pool.close();
    }
  });

  it('parses of one file (typing) never make a burst, however fast', async () => {
    const pool = new ParsePool(1, undefined, { burst: { parses: 3, withinMs: 60_000 } });
    const go = languageFor('a.go')!;
    try {
      for (let i = 0; i < 20; i++) assert.equal(pool.tryParse(go, `package t${i}\n`, false, '/w/typed.go'), undefined);
      assert.equal(pool.workers, 0);
      assert.equal(pool.tryParse(go, 'package x\n', false, '/w/x.go'), undefined);
      assert.equal(pool.tryParse(go, 'package y\n', false, '/w/y.go'), undefined, 'the third file starts a worker (and parses itself)');
      assert.equal(pool.workers, 1);
    } finally {
      await pool.close();
    }
  });

  it('parses spread wider than the window never start a worker', async () => {
    const pool = new ParsePool(1, undefined, { burst: { parses: 2, withinMs: 20 } });
    const go = languageFor('a.go')!;
    try {
      for (let i = 0; i < 4; i++) {
        assert.equal(pool.tryParse(go, `package s${i}\n`, false), undefined);
        await new Promise((r) => setTimeout(r, 40));
      }
      assert.equal(pool.workers, 0);
    } finally {
      await pool.close();
    }
  });
});
