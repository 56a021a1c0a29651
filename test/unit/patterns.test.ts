/**
 * Issue 19, items 1–2: a CodeTour `pattern` of any shape runs under a time budget, one budget per
 * tour, off the thread that serves requests; a pattern that ran out is not tried again on every
 * keystroke. Each scenario runs in a child process with a deadline (test/unit/patternScenarios.ts):
 * before the fix they hung forever, and a hang must fail the test, not stall the suite.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { HOSTILE_PATTERNS } from './hostilePatterns';

const SCRIPT = path.join(__dirname, 'patternScenarios.ts');
/** A deadline for hangs only (the speed is the benchmark's business): generous for a loaded machine. */
const DEADLINE_MS = 90_000;

function scenario<T>(name: string): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', SCRIPT, name], { encoding: 'utf8', timeout: DEADLINE_MS, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`scenario ${name} ${error.killed ? `hung (killed after ${DEADLINE_MS} ms)` : `failed: ${error.message}`}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as T);
    });
  });
}

const PER_TEST = { timeout: 2 * DEADLINE_MS + 30_000 };

describe('hostile CodeTour patterns (issue 19, items 1–2)', () => {
  it('every hostile shape, with or without a quantifier, is abandoned as too slow; a good pattern still matches', PER_TEST, async () => {
    const result = await scenario<{ kinds: Record<string, string>; good: unknown }>('find');
    assert.deepEqual(result.kinds, Object.fromEntries(HOSTILE_PATTERNS.map((h) => [h.name, 'too-slow'])));
    assert.deepEqual(result.good, { kind: 'found', line: 2 });
  });

  it('`check` finishes on a tour of 200 hostile patterns and places the good step', PER_TEST, async () => {
    const result = await scenario<{ statuses: string[]; codes: string[]; good: number }>('check');
    assert.equal(result.statuses.length, 201);
    assert.equal(result.statuses[0], 'ok');
    assert.deepEqual([...new Set(result.statuses.slice(1))], ['invalid']);
    assert.equal(result.good, 3);
    assert.equal(result.codes.filter((c) => c === 'invalid-pattern').length, 200);
  });

  it('`import-codetour` and `export` finish on the same tour', PER_TEST, async () => {
    // Import refuses a tour whose steps it cannot place, and says why, step by step.
    const imported = await scenario<{ code: number; err: string }>('import');
    assert.equal(imported.code, 1, imported.err);
    assert.match(imported.err, /Step 2 \(evil0\.txt\): The pattern took too long to match/);
    const exported = await scenario<{ code: number; good: boolean }>('export');
    assert.equal(exported.code, 0);
    assert.ok(exported.good, 'the good step is exported');
  });

  it('the engine spends one budget per tour, off its thread, and a keystroke does not run the patterns that ran out again', PER_TEST, async () => {
    const result = await scenario<{ late: number; runs: number; afterLoad: number; afterKeystroke: number; statuses: string[]; good: number; goodAfterKeystroke: number; messages: string[] }>('engine');
    // 200 steps, 9 (file, pattern) pairs: each pair ran out once, the other steps knew it already.
    assert.equal(result.afterLoad, HOSTILE_PATTERNS.length);
    assert.equal(result.runs, HOSTILE_PATTERNS.length + 2, 'each pair once, the good pattern twice (load, then its file changed)');
    assert.equal(result.afterKeystroke, result.afterLoad, 'no pattern ran out again after the keystroke');
    assert.deepEqual(result.statuses, ['invalid']);
    assert.equal(result.good, 2);
    assert.equal(result.goodAfterKeystroke, 3, 'the good step follows the line typed above it');
    // A 20 ms timer set before a load that spends 1.5 s in each of its first matches fired long before that.
    assert.ok(result.late >= 0 && result.late < 1000, `the timer fired ${result.late} ms late`);
    assert.ok(result.messages.length >= 1);
  });

  it('a tour of many distinct hostile patterns stops trying once its time is spent and a few more ran out (each costs a new worker)', PER_TEST, async () => {
    const result = await scenario<{ timeouts: number; good: number; invalid: number; skipped: number }>('cap');
    assert.equal(result.good, 2, 'the good pattern before them is placed');
    assert.equal(result.invalid, 40);
    assert.ok(result.timeouts >= 3 && result.timeouts <= 4, `timeouts: ${result.timeouts}`);
    assert.equal(result.skipped, 40 - result.timeouts, 'the others are reported as not tried');
  });
});
