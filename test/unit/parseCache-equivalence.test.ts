/**
 * Results are identical with and without the parse cache and the parse workers (issue 25): the
 * bundled walkthroughs checked against the sample code, and against a rewritten copy of it (code
 * moved, renamed and edited, so relocation, helpers and facts are exercised): no cache, a cold
 * cache, the warm cache, the CLI's blocking cache cold and warm, and on parse workers.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { checkWorkspace, type CheckReport } from '../../server/src/core/check';
import { NodeFileSystem } from '../../server/src/core/nodeFileSystem';
import { ParseCache } from '../../server/src/core/symbols/parseCache';
import { SymbolIndex } from '../../server/src/core/symbols/symbolIndex';
import { NodeParseCacheStore } from '../../server/src/parseCacheStore';
import { ParsePool } from '../../server/src/parsePool';

const REPO = path.resolve(__dirname, '..', '..');

function results(report: CheckReport) {
  return { walkthroughs: report.walkthroughs, diagnostics: report.diagnostics, statusCounts: report.statusCounts };
}

describe('parse cache and workers change no result', () => {
  const temps: string[] = [];
  const pools: ParsePool[] = [];
  after(async () => {
    await Promise.all(pools.map((pool) => pool.close()));
    temps.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  for (const [name, code] of [
    ['the sample', path.join(REPO, 'sample-repo')],
    ['a rewritten copy of the sample', path.join(REPO, 'test', 'fixtures', 'variants', 'rewritten', 'code')],
  ] as const) {
    it(`on ${name}`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cw-cache-equivalence-'));
      temps.push(dir);
      cpSync(path.join(REPO, 'walkthroughs'), path.join(dir, 'walkthroughs'), { recursive: true });
      cpSync(code, path.join(dir, 'sample-repo'), { recursive: true });
      const check = async (symbols: SymbolIndex) => {
        const report = results(await checkWorkspace(new NodeFileSystem({ confineTo: [dir] }), dir, { symbols }));
        await symbols.flush();
        return report;
      };
      const plain = await check(new SymbolIndex());
      assert.ok(plain.walkthroughs.reduce((n, w) => n + w.steps.length, 0) > 50, 'the walkthroughs were checked');
      const store = new NodeParseCacheStore(path.join(dir, 'cache'));
      const cold = new ParseCache(store);
      assert.deepEqual(await check(new SymbolIndex({ cache: cold })), plain, 'cold cache');
      assert.ok(cold.stats.writes > 10, `entries written: ${cold.stats.writes}`);
      // Each entry written once (not first without facts, then again with them).
      const entries = readdirSync(path.join(dir, 'cache'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
      assert.equal(cold.stats.writes, entries.length, JSON.stringify(cold.stats));
      const warm = new ParseCache(store);
      assert.deepEqual(await check(new SymbolIndex({ cache: warm })), plain, 'warm cache');
      // Every parse came from the cache and nothing needed writing again.
      assert.equal(warm.stats.misses, 0, JSON.stringify({ cold: cold.stats, warm: warm.stats }));
      assert.equal(warm.stats.writes, 0);
      assert.ok(warm.stats.hits > 10);
      // The CLI's way: blocking reads and a blocking store, cold then warm.
      const blocking = new NodeParseCacheStore(path.join(dir, 'cache-blocking'), { synchronous: true });
      const checkBlocking = async (symbols: SymbolIndex) => {
        const report = results(await checkWorkspace(new NodeFileSystem({ confineTo: [dir], synchronous: true }), dir, { symbols }));
        await symbols.flush();
        return report;
      };
      assert.deepEqual(await checkBlocking(new SymbolIndex({ cache: new ParseCache(blocking) })), plain, 'cold blocking cache');
      const blockingWarm = new ParseCache(blocking);
      assert.deepEqual(await checkBlocking(new SymbolIndex({ cache: blockingWarm })), plain, 'warm blocking cache');
      assert.equal(blockingWarm.stats.misses, 0, JSON.stringify(blockingWarm.stats));
      const pool = new ParsePool(1);
      pools.push(pool);
      assert.deepEqual(await check(new SymbolIndex({ parser: pool })), plain, 'parse workers');
      assert.ok(pool.counts.parsed > 0, 'the worker parsed');
      // Workers and a cold cache together: the same results, each entry written once.
      const both = new ParseCache(new NodeParseCacheStore(path.join(dir, 'cache-and-pool')));
      assert.deepEqual(await check(new SymbolIndex({ cache: both, parser: pool })), plain, 'parse workers and a cold cache');
      assert.equal(both.stats.writes, readdirSync(path.join(dir, 'cache-and-pool'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).length);
    });
  }
});
