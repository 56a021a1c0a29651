/**
 * The landing aims on variant checkouts of the sample (test/fixtures/variants): at least 80% of
 * the bundled code steps in the right function, none placed silently wrong. Runs against whatever
 * walkthroughs/ holds; the figures table is `npm run bench:landing`.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { landingTable, measureVariant, readTruth, referencePlaces, variantNames } from '../../bench/landing';
import { SymbolIndex } from '../../server/src/core/symbols/symbolIndex';

describe('landing on variant checkouts', () => {
  const symbols = new SymbolIndex();
  let reference: Awaited<ReturnType<typeof referencePlaces>>;
  before(async () => {
    reference = await referencePlaces(symbols);
  });

  it('there are variants to measure, and every bundled code step has a place in the sample', () => {
    assert.ok(variantNames().length >= 3, variantNames().join(', '));
    assert.ok(reference.size > 50);
    for (const [key, place] of reference) assert.ok(place.status === 'ok' || place.status === 'moved', `${key} is ${place.status} on the sample itself`);
  });

  for (const name of variantNames()) {
    it(`${name}: ≥ 80% in the right function, 0 silently wrong`, async () => {
      const figures = await measureVariant(name, symbols, reference);
      const table = landingTable([figures], true).join('\n');
      assert.ok(figures.steps > 50, table);
      assert.ok(figures.right / figures.steps >= 0.8, table);
      assert.equal(figures.silentlyWrong, 0, table);
    });
  }

  it('the judge is not the engine: a wrong landing counts as silently wrong', async () => {
    // Without the author's note that Sell's deduction loop now lives in deduct(), steps that
    // (rightly) followed it there are judged against Sell and must count as wrong.
    const truth = readTruth('rewritten');
    assert.ok(truth.steps && Object.keys(truth.steps).length > 0);
    const figures = await measureVariant('rewritten', symbols, reference, { ...truth, steps: {} });
    assert.equal(figures.silentlyWrong, Object.keys(truth.steps).length, landingTable([figures], true).join('\n'));
  });

  it('code a checkout does not have has no right place: a step about it shown as found is silently wrong', async () => {
    const truth = readTruth('rewritten');
    const honest = await measureVariant('rewritten', symbols, reference, truth);
    assert.equal(honest.silentlyWrong, 0);
    // Pretend two steps that land exactly were about code this checkout never had.
    const exact = honest.verdicts.filter((v) => v.status === 'ok' && v.right);
    const [line, decl] = [exact[0]!, exact.find((v) => v.expected !== exact[0]!.expected)!];
    const pretend = { ...truth, absentCode: { ...truth.absentCode, [line.key]: 'pretend' }, absent: [...(truth.absent ?? []), decl.expected] };
    const figures = await measureVariant('rewritten', symbols, reference, pretend);
    const table = landingTable([figures], true).join('\n');
    assert.equal(figures.silentlyWrong, honest.silentlyWrong + 1 + exact.filter((v) => v.expected === decl.expected).length, table);
    assert.ok(figures.absent > honest.absent, table);
  });
});
