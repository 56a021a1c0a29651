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
