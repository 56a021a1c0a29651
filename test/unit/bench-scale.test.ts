/**
 * The scale series' pure parts: ratio and met logic, percentiles, the status-count check that
 * keeps a broken run from passing as a fast one, --sizes, and a deterministic workload whose
 * intended statuses match what it writes. The timings themselves are `npm run bench:scale`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseSizes } from '../../bench/scale';
import { countMismatches, formatTable, isMet, perThousand, ratio, row, spread } from '../../bench/scaleReport';
import { intendedStatuses, writeScaleWorkload } from '../../bench/scaleWorkload';

describe('scale series: ratios and targets', () => {
  it('a ratio needs a positive, finite floor', () => {
    assert.equal(ratio(300, 100), 3);
    assert.equal(ratio(300, 0), undefined);
    assert.equal(ratio(300, undefined), undefined);
    assert.equal(ratio(undefined, 100), undefined);
    assert.equal(ratio(300, Number.NaN), undefined);
  });

  it('a target is met at its limit and missed above it, on the value or on the ratio', () => {
    const onValue = { on: 'value' as const, limit: 20, label: '≤ 20 ms' };
    const onRatio = { on: 'ratio' as const, limit: 3, label: '≤ 3× floor' };
    assert.equal(isMet(onValue, 20, 100), true);
    assert.equal(isMet(onValue, 20.01, 0.1), false);
    assert.equal(isMet(onRatio, 1000, 3), true);
    assert.equal(isMet(onRatio, 1, 3.5), false);
    assert.equal(isMet(undefined, 1, 1), undefined);
    assert.equal(isMet(onRatio, 10, undefined), undefined, 'no floor: nothing to compare');
  });

  it('a row with a problem (timeout, wrong counts) never meets its target', () => {
    const target = { on: 'value' as const, limit: 20, label: '≤ 20 ms' };
    assert.equal(isMet(target, 5, undefined, 'timed out after 60 s'), false);
    const r = row({ size: 10_000, name: 'keystroke', unit: 'ms', value: 5, target, problem: 'status counts differ from the workload: ok 0 (intended 8800)' });
    assert.equal(r.met, false);
  });

  it('row() computes the ratio to its floor and leaves out a floor that was not measured', () => {
    const measured = row({ size: 10_000, name: 'check', unit: 'ms', value: 900, floor: { name: 'read floor', value: 300 }, target: { on: 'ratio', limit: 3, label: '≤ 3× floor' } });
    assert.equal(measured.ratio, 3);
    assert.equal(measured.met, true);
    const unmeasured = row({ size: 10_000, name: 'check', unit: 'ms', value: 900, floor: { name: 'read floor', value: undefined } });
    assert.equal(unmeasured.floor, undefined);
    assert.equal(unmeasured.ratio, undefined);
    assert.equal(unmeasured.met, undefined);
  });

  it('the cost per 1k steps scales the time by the step count', () => {
    assert.equal(perThousand(12_000, 10_000), 1200);
    assert.equal(perThousand(undefined, 10_000), undefined);
    assert.equal(perThousand(5, 0), undefined);
  });

  it('p50 and p99 of unsorted samples; with 50 samples p99 is the slowest', () => {
    const samples = Array.from({ length: 50 }, (_, i) => (i * 37) % 50); // 0..49, shuffled
    const s = spread(samples);
    assert.deepEqual(s, { n: 50, p50: 24, p99: 49, max: 49 });
    const hundred = spread(Array.from({ length: 100 }, (_, i) => 100 - i)); // 100..1
    assert.equal(hundred.p50, 50);
    assert.equal(hundred.p99, 99);
    assert.ok(Number.isNaN(spread([]).p50));
  });

  it('status counts that differ from the intended ones are named, missing statuses count as 0', () => {
    assert.deepEqual(countMismatches({ ok: 880, moved: 100, fuzzy: 20 }, { ok: 880, moved: 100, fuzzy: 20 }), []);
    assert.deepEqual(countMismatches({ ok: 880, moved: 100, missing: 20 }, { ok: 880, moved: 100, fuzzy: 20 }), ['fuzzy 0 (intended 20)', 'missing 20 (intended 0)']);
  });

  it('the table shows the problem instead of a number, and marks a missed target', () => {
    const lines = formatTable([
      row({ size: 50_000, name: 'check --json, wall time', unit: 'ms', problem: 'timed out after 300 s', target: { on: 'ratio', limit: 3, label: '≤ 3× floor' } }),
      row({ size: 10_000, name: 'keystroke p99', unit: 'ms', value: 42, target: { on: 'value', limit: 20, label: '≤ 20 ms' } }),
    ]);
    assert.match(lines[2]!, /^50k\s+check --json, wall time\s+timed out after 300 s\s+—\s+—\s+≤ 3× floor\s+MISSED/);
    assert.match(lines[3]!, /^10k\s+keystroke p99\s+42\.0 ms\s+—\s+—\s+≤ 20 ms\s+MISSED/);
  });
});

describe('scale series: --sizes', () => {
  it('defaults to 1k, 10k and 50k and accepts plain counts and a k suffix', () => {
    assert.deepEqual(parseSizes([]), [1_000, 10_000, 50_000]);
    assert.deepEqual(parseSizes(['--sizes=1000,10k']), [1_000, 10_000]);
  });

  it('rejects what is not a step count', () => {
    assert.throws(() => parseSizes(['--sizes=1000,abc']), /--sizes/);
    assert.throws(() => parseSizes(['--sizes=']), /--sizes/);
    assert.throws(() => parseSizes(['--sizes=2.5']), /--sizes/);
  });
});

describe('scale workload', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cw-scale-test-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('writes the same bytes for the same step count', () => {
    const a = writeScaleWorkload(fresh(), 250);
    const b = writeScaleWorkload(fresh(), 250);
    assert.equal(a.bytes, b.bytes);
    assert.deepEqual(
      a.allFiles.map((f) => path.relative(a.dir, f)),
      b.allFiles.map((f) => path.relative(b.dir, f)),
    );
    for (let i = 0; i < a.allFiles.length; i++) assert.equal(readFileSync(a.allFiles[i]!, 'utf8'), readFileSync(b.allFiles[i]!, 'utf8'), a.allFiles[i]);
  });

  it('intends 88% ok, 10% moved, 2% fuzzy, and the files say so', () => {
    assert.deepEqual(intendedStatuses(1000), { ok: 880, moved: 100, fuzzy: 20 });
    const w = writeScaleWorkload(fresh(), 1000);
    assert.deepEqual(w.intended, intendedStatuses(1000));
    const yaml = w.walkthroughFiles.map((f) => readFileSync(f, 'utf8')).join('\n');
    // Fuzzy steps carry the edited anchor; moved steps a `lines` hint 3 lines above their anchor.
    assert.equal(yaml.match(/anchor: "if s\.stock\[goods\] <= num/g)?.length, w.intended.fuzzy);
    const code = new Map(w.codeFiles.map((f) => [path.relative(w.dir, f), readFileSync(f, 'utf8').split('\n')]));
    let moved = 0;
    for (const step of yaml.split('  - id: ').slice(1)) {
      const file = /file: (\S+)/.exec(step)![1]!;
      const hint = Number(/lines: (\d+)-/.exec(step)![1]);
      const anchor = JSON.parse(/anchor: (".*")/.exec(step)![1]!) as string;
      if (anchor.includes('<=')) continue;
      if (code.get(file)![hint - 1]!.trim() !== anchor) moved++;
    }
    assert.equal(moved, w.intended.moved);
  });

  it('puts every step of the hot file in one walkthrough, with the anchors at hotAnchorLines', () => {
    const w = writeScaleWorkload(fresh(), 1000);
    const lines = w.hotText.split('\n');
    assert.equal(w.hotAnchorLines.length, 5);
    for (const line of w.hotAnchorLines) assert.match(lines[line]!, /if s\.stock\[goods\] < num \{ \/\/ check 0\./);
    const hot = path.relative(w.dir, w.hotFile);
    const holding = w.walkthroughFiles.filter((f) => readFileSync(f, 'utf8').includes(`file: ${hot}\n`));
    assert.equal(holding.length, 1);
  });
});
