/**
 * resolveAnchor, the pure rules: given the file's lines, the `lines` hint, the anchor text and the
 * symbol's span, where is the step now and what is its status? Spans are 0-based inclusive.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FUZZY_THRESHOLD, resolveAnchor, type AnchorQuery, type AnchorResult } from '../../server/src/core/anchors/resolveAnchor';
import { similarity, wordSimilarity } from '../../server/src/core/anchors/similarity';
import { anchorLines, normalizeLine } from '../../server/src/core/text';
import type { LineSpan } from '../../server/src/core/types';

const span = (start: number, end = start): LineSpan => ({ start, end });

function resolve(lines: string[], query: Omit<AnchorQuery, 'lines'>): AnchorResult {
  const result = resolveAnchor({ lines, ...query });
  // Precomputed normalized lines must give the same answer as computing them.
  assert.deepEqual(resolveAnchor({ lines, normalized: lines.map(normalizeLine), ...query }), result);
  return result;
}

/** A file of `n` filler lines, each different and unlike any anchor used here. */
function filler(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `// filler ${i} ${'z'.repeat(i % 7)}`);
}

/** `filler(n)` with `text` placed at the given 0-based lines. */
function fileWith(n: number, placements: Record<number, string | string[]>): string[] {
  const lines = filler(n);
  for (const [at, text] of Object.entries(placements)) {
    const block = Array.isArray(text) ? text : [text];
    block.forEach((line, i) => (lines[Number(at) + i] = line));
  }
  return lines;
}

const LOCK = 'mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))';

describe('anchors: exact matches', () => {
  it('exact at the hint → ok, with the hint as range', () => {
    const lines = fileWith(30, { 10: `\t\t${LOCK}` });
    assert.deepEqual(resolve(lines, { hint: span(10, 13), anchor: LOCK }), { status: 'ok', span: span(10, 13) });
  });

  it('not at the hint, one match elsewhere → moved, keeping the hint length, with `from`', () => {
    const lines = fileWith(30, { 17: LOCK });
    assert.deepEqual(resolve(lines, { hint: span(10, 13), anchor: LOCK }), { status: 'moved', span: span(17, 20), from: span(10, 13) });
  });

  it('several matches → the one nearest the hint (above or below)', () => {
    const lines = fileWith(60, { 5: LOCK, 22: LOCK, 45: LOCK });
    assert.deepEqual(resolve(lines, { hint: span(19, 20), anchor: LOCK }), { status: 'moved', span: span(22, 23), from: span(19, 20) });
    assert.deepEqual(resolve(lines, { hint: span(10), anchor: LOCK }), { status: 'moved', span: span(5), from: span(10) });
    assert.deepEqual(resolve(lines, { hint: span(40), anchor: LOCK }), { status: 'moved', span: span(45), from: span(40) });
  });

  it('a match inside the symbol wins over a nearer one outside it', () => {
    const lines = fileWith(60, { 11: LOCK, 40: LOCK });
    const result = resolve(lines, { hint: span(10, 12), anchor: LOCK, symbolSpan: span(35, 50) });
    assert.deepEqual(result, { status: 'moved', span: span(40, 42), from: span(10, 12) });
    // With nothing like it inside the symbol, an identical line elsewhere is another function's
    // code: the step stays in its symbol, flagged approximate, never `moved` to the other place.
    const outside = resolve(lines, { hint: span(10, 12), anchor: LOCK, symbolSpan: span(52, 58) });
    assert.equal(outside.status, 'approximate');
    assert.ok('span' in outside && outside.span.start >= 52 && outside.span.end <= 58, JSON.stringify(outside));
  });

  it('without a hint an exact match is simply ok (nothing is out of date)', () => {
    const lines = fileWith(30, { 12: LOCK });
    assert.deepEqual(resolve(lines, { anchor: LOCK }), { status: 'ok', span: span(12) });
    // A multi-line anchor without a hint spans the anchor's lines.
    const block = fileWith(30, { 12: [LOCK, 'if err := mutex.Lock(); err != nil {'] });
    assert.deepEqual(resolve(block, { anchor: `${LOCK}\nif err := mutex.Lock(); err != nil {` }), { status: 'ok', span: span(12, 13) });
  });

  it('without a hint, the match nearest the start of the symbol', () => {
    const lines = fileWith(60, { 3: LOCK, 30: LOCK, 50: LOCK });
    assert.deepEqual(resolve(lines, { anchor: LOCK, symbolSpan: span(25, 55) }), { status: 'ok', span: span(30) });
  });

  it('the range is clamped at the end of the file', () => {
    const lines = fileWith(20, { 18: LOCK });
    assert.deepEqual(resolve(lines, { hint: span(2, 6), anchor: LOCK }), { status: 'moved', span: span(18, 19), from: span(2, 6) });
    const last = fileWith(20, { 19: LOCK });
    assert.deepEqual(resolve(last, { hint: span(19, 23), anchor: LOCK }), { status: 'ok', span: span(19, 19) });
  });

  it('a hint past the end of the file with the anchor elsewhere → moved', () => {
    const lines = fileWith(20, { 4: LOCK });
    assert.deepEqual(resolve(lines, { hint: span(99, 100), anchor: LOCK }), { status: 'moved', span: span(4, 5), from: span(99, 100) });
  });
});

describe('anchors: how text is compared', () => {
  it('indentation and trailing spaces are ignored, on both sides', () => {
    const lines = fileWith(20, { 7: `\t\t  ${LOCK}   \t` });
    assert.equal(resolve(lines, { hint: span(7), anchor: `    ${LOCK}  ` }).status, 'ok');
  });

  it('spaces inside a line are not ignored: that is a fuzzy match, not an exact one', () => {
    const lines = fileWith(20, { 7: LOCK.replace(':=', '=') });
    assert.equal(resolve(lines, { hint: span(7), anchor: LOCK }).status, 'fuzzy');
  });

  it('blank lines before and after the anchor block are ignored', () => {
    assert.deepEqual(anchorLines(`\n\n  ${LOCK}\n   \n\n`), [LOCK]);
    const lines = fileWith(20, { 9: LOCK });
    assert.deepEqual(resolve(lines, { hint: span(9, 10), anchor: `\n\n${LOCK}\n\n` }), { status: 'ok', span: span(9, 10) });
  });

  it('CRLF in the anchor is the same as LF', () => {
    const lines = fileWith(20, { 9: [LOCK, 'defer mutex.Unlock()'] });
    assert.equal(resolve(lines, { hint: span(9, 10), anchor: `${LOCK}\r\ndefer mutex.Unlock()\r\n` }).status, 'ok');
  });

  it('a multi-line anchor must match every line, in order', () => {
    const block = [LOCK, 'if err := mutex.Lock(); err != nil {', '\treturn nil, err'];
    const anchor = block.join('\n');
    // The first line alone appears earlier; only the full block at 30 matches.
    const lines = fileWith(50, { 12: LOCK, 30: block.map((l) => `\t${l}`) });
    assert.deepEqual(resolve(lines, { hint: span(12, 14), anchor }), { status: 'moved', span: span(30, 32), from: span(12, 14) });
    assert.deepEqual(resolve(lines, { hint: span(30, 33), anchor }), { status: 'ok', span: span(30, 33) });
  });

  it('a blank line inside a multi-line anchor must be blank in the code too', () => {
    const lines = fileWith(30, { 10: ['a := 1', '', 'b := 2'], 20: ['a := 1', 'b := 2'] });
    assert.deepEqual(resolve(lines, { anchor: 'a := 1\n\nb := 2' }), { status: 'ok', span: span(10, 12) });
    assert.deepEqual(resolve(lines, { anchor: 'a := 1\nb := 2' }), { status: 'ok', span: span(20, 21) });
  });

  it('an anchor that is only white space counts as no anchor', () => {
    const lines = filler(10);
    assert.deepEqual(resolve(lines, { hint: span(3), anchor: '  \n\n' }), { status: 'ok', span: span(3) });
  });
});

describe('anchors: fuzzy and stale', () => {
  /** The anchor with its last k characters replaced: similarity falls as k grows. */
  const mutate = (k: number) => LOCK.slice(0, LOCK.length - k) + '§'.repeat(k);
  const scores = Array.from({ length: LOCK.length }, (_, k) => ({ k, score: similarity(LOCK, mutate(k)) }));
  const above = scores.filter((s) => s.score >= FUZZY_THRESHOLD).sort((a, b) => a.score - b.score)[0]!;
  const below = scores.filter((s) => s.score < FUZZY_THRESHOLD).sort((a, b) => b.score - a.score)[0]!;

  it('the fixtures straddle the threshold closely', () => {
    assert.ok(FUZZY_THRESHOLD > 0.3 && FUZZY_THRESHOLD < 0.95);
    assert.ok(above.score - FUZZY_THRESHOLD < 0.03, `above: ${above.score}`);
    assert.ok(FUZZY_THRESHOLD - below.score < 0.03, `below: ${below.score}`);
  });

  it('just above the threshold → fuzzy, on the line, with the found text and similarity', () => {
    const lines = ['package p', '', ...filler(8), `\t${mutate(above.k)}`, ...filler(5)];
    const result = resolve(lines, { hint: span(3, 5), anchor: LOCK });
    assert.equal(result.status, 'fuzzy');
    assert.deepEqual((result as { span: LineSpan }).span, span(10, 12), 'the range keeps the hint length');
    assert.equal((result as { found: string }).found, mutate(above.k));
    assert.ok(Math.abs((result as { similarity: number }).similarity - above.score) < 1e-9);
  });

  it('just below the threshold → stale, naming the closest line', () => {
    const lines = ['package p', '', ...filler(8), `\t${mutate(below.k)}`, ...filler(5)];
    const result = resolve(lines, { hint: span(3, 5), anchor: LOCK });
    assert.equal(result.status, 'stale');
    assert.match((result as { reason: string }).reason, /line 11, \d+% similar/);
  });

  it('fuzzy prefers the most similar window, then the one nearest the hint', () => {
    const close = mutate(3);
    const far = mutate(12);
    const lines = fileWith(60, { 5: far, 40: close });
    assert.deepEqual((resolve(lines, { hint: span(6), anchor: LOCK }) as { span: LineSpan }).span, span(40));
    const twins = fileWith(60, { 5: close, 40: close });
    assert.deepEqual((resolve(twins, { hint: span(30), anchor: LOCK }) as { span: LineSpan }).span, span(40));
    assert.deepEqual((resolve(twins, { hint: span(10), anchor: LOCK }) as { span: LineSpan }).span, span(5));
  });

  it('with a symbol, fuzzy looks only inside it', () => {
    const lines = fileWith(60, { 5: mutate(3), 40: mutate(8) });
    const result = resolve(lines, { hint: span(6), anchor: LOCK, symbolSpan: span(35, 50) });
    assert.equal(result.status, 'fuzzy');
    assert.deepEqual((result as { span: LineSpan }).span, span(40));
  });

  it('a boilerplate look-alike is not a fuzzy match: the words must match too', () => {
    const commit = 'if err := tx.Commit().Error; err != nil {';
    const lock = 'if err := mutex.Lock(); err != nil {';
    assert.ok(similarity(commit, lock) >= FUZZY_THRESHOLD, 'alike by characters');
    const lines = fileWith(40, { 12: lock });
    // Without a symbol: not the step's code → stale, never fuzzy on the lock line.
    assert.equal(resolve(lines, { hint: span(20), anchor: commit }).status, 'stale');
    // With a symbol: a guess inside it, flagged approximate, not ≈ fuzzy.
    assert.equal(resolve(lines, { hint: span(20), anchor: commit, symbolSpan: span(5, 30) }).status, 'approximate');
    // A real edit of the same line still is fuzzy.
    const edited = fileWith(40, { 12: 'if err := tx.Commit().Error(); err != nil {' });
    assert.equal(resolve(edited, { hint: span(20), anchor: commit, symbolSpan: span(5, 30) }).status, 'fuzzy');
    assert.equal(wordSimilarity(commit, lock), 0);
    assert.equal(wordSimilarity('}', 'anything'), 1, 'an anchor without content words is judged by characters alone');
  });

  it('nothing like it anywhere → stale', () => {
    const result = resolve(filler(40), { hint: span(6), anchor: LOCK });
    assert.equal(result.status, 'stale');
  });

  it('an anchor longer than the file → stale, not a crash', () => {
    const result = resolve(['x'], { hint: span(0), anchor: 'a\nb\nc' });
    assert.equal(result.status, 'stale');
    assert.equal(resolve([], { anchor: LOCK }).status, 'stale');
  });
});

describe('anchors: helpers the symbol calls', () => {
  // A Sell-like symbol (lines 5-20) that calls a deduct-like helper (lines 30-40).
  const symbolSpan = span(5, 20);
  const helpers = [{ name: 'deduct', span: span(30, 40) }];

  it('the exact text in a helper → moved there, naming the helper', () => {
    const lines = fileWith(50, { 8: 'for _, goodsInfo := range goodsList {', 33: `\t${LOCK}` });
    const result = resolve(lines, { hint: span(9), anchor: LOCK, symbolSpan, helpers });
    assert.equal(result.status, 'moved');
    assert.deepEqual((result as { span: LineSpan }).span, span(33));
    assert.equal((result as { helper?: string }).helper, 'deduct');
  });

  it('a merely similar text in a helper is not the step\'s code: approximate inside the symbol', () => {
    // The check `Num <= 0` does not exist in this checkout; the helper's stock check only looks like it.
    const anchor = 'if goodsInfo.Num <= 0 {';
    const lookAlike = 'if inventory.Stocks < goodsInfo.Num {';
    assert.ok(similarity(anchor, lookAlike) >= FUZZY_THRESHOLD && wordSimilarity(anchor, lookAlike) >= 0.5, 'similar enough for a fuzzy match');
    const lines = fileWith(50, { 8: 'for _, goodsInfo := range goodsList {', 34: lookAlike });
    const result = resolve(lines, { hint: span(9), anchor, symbolSpan, helpers });
    assert.equal(result.status, 'approximate');
    const at = (result as { span: LineSpan }).span;
    assert.ok(at.start >= symbolSpan.start && at.end <= symbolSpan.end, `inside the symbol: ${JSON.stringify(at)}`);
    // The same look-alike inside the symbol itself stays an ordinary fuzzy match.
    const inside = fileWith(50, { 12: lookAlike });
    assert.equal(resolve(inside, { hint: span(9), anchor, symbolSpan, helpers }).status, 'fuzzy');
  });

  it('a near-exact text in a helper (one word edited) → fuzzy there, naming the helper', () => {
    const anchor = 'if err := tx.Create(&order).Error; err != nil {';
    const edited = 'if err := tx.Save(&order).Error; err != nil {';
    const lines = fileWith(50, { 8: 'if err := tx.Commit().Error; err != nil {', 36: edited });
    const result = resolve(lines, { hint: span(9), anchor, symbolSpan, helpers });
    assert.equal(result.status, 'fuzzy');
    assert.deepEqual((result as { span: LineSpan }).span, span(36));
    assert.equal((result as { helper?: string }).helper, 'deduct');
  });
});

describe('anchors: comments and strings rank below live code', () => {
  // Lines 10-14 are a block comment (`/*` on 10) holding an old copy of the lock line (12).
  const inert = { lines: new Set([10, 11, 12, 13, 14]), starts: new Set([10]) };
  const symbolSpan = span(5, 20);
  const helpers = [{ name: 'lockAll', span: span(30, 40), via: 'call' as const }];
  const at = (result: AnchorResult) => (result as { span: LineSpan }).span;

  it('an exact match in live code beats one in a comment, even at the hint', () => {
    const lines = fileWith(50, { 10: '/*', 12: `	${LOCK}`, 14: '*/', 25: LOCK });
    const result = resolve(lines, { hint: span(12), anchor: LOCK, inert });
    assert.equal(result.status, 'moved');
    assert.deepEqual(at(result), span(25));
    assert.equal((result as { inert?: true }).inert, undefined);
  });

  it('only a copy in a comment: taken, and flagged inert', () => {
    const lines = fileWith(50, { 10: '/*', 12: LOCK, 14: '*/' });
    const result = resolve(lines, { hint: span(12), anchor: LOCK, inert });
    assert.equal(result.status, 'ok');
    assert.equal((result as { inert?: true }).inert, true);
  });

  it('in the symbol only a commented copy: the helper\'s live code first, exact or near-exact', () => {
    const exact = fileWith(50, { 10: '/*', 12: LOCK, 14: '*/', 33: LOCK });
    const moved = resolve(exact, { hint: span(12), anchor: LOCK, symbolSpan, helpers, inert });
    assert.deepEqual([moved.status, at(moved), (moved as { helper?: string }).helper, (moved as { via?: string }).via], ['moved', span(33), 'lockAll', 'call']);
    const edited = fileWith(50, { 10: '/*', 12: LOCK, 14: '*/', 33: LOCK.replace('goods_', 'stock_') });
    const fuzzy = resolve(edited, { hint: span(12), anchor: LOCK, symbolSpan, helpers, inert });
    assert.deepEqual([fuzzy.status, at(fuzzy)], ['fuzzy', span(33)]);
    // Without live code anywhere the commented copy is still found (moved, not approximate).
    const alone = resolve(fileWith(50, { 10: '/*', 12: LOCK, 14: '*/' }), { hint: span(9), anchor: LOCK, symbolSpan, helpers, inert });
    assert.deepEqual([alone.status, at(alone)], ['moved', span(12)]);
  });

  it('live code edited a little in the symbol beats an exact copy in a comment', () => {
    const lines = fileWith(50, { 10: '/*', 12: LOCK, 14: '*/', 16: LOCK.replace('goods_', 'stock_') });
    const result = resolve(lines, { hint: span(12), anchor: LOCK, symbolSpan, inert });
    assert.deepEqual([result.status, at(result)], ['fuzzy', span(16)]);
  });

  it('a match that begins where its comment begins is the comment itself: an anchor of comment text', () => {
    const note = '// mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))';
    const lines = fileWith(50, { 8: note, 9: LOCK });
    const result = resolve(lines, { hint: span(7), anchor: note, symbolSpan, inert: { lines: new Set([8]), starts: new Set([8]) } });
    assert.deepEqual([result.status, at(result)], ['moved', span(8)]);
    assert.equal((result as { inert?: true }).inert, undefined);
  });
});

describe('anchors: symbol only', () => {
  const lines = filler(80);
  const decl = span(20, 35);

  it('no hint → the declaration, ok', () => {
    assert.deepEqual(resolve(lines, { symbolSpan: decl }), { status: 'ok', span: decl });
  });

  it('a hint inside the declaration → ok, the hint is kept (a part of the function)', () => {
    assert.deepEqual(resolve(lines, { hint: span(24, 27), symbolSpan: decl }), { status: 'ok', span: span(24, 27) });
    assert.deepEqual(resolve(lines, { hint: decl, symbolSpan: decl }), { status: 'ok', span: decl });
  });

  it('a hint outside or straddling the declaration → moved to the declaration', () => {
    assert.deepEqual(resolve(lines, { hint: span(2, 5), symbolSpan: decl }), { status: 'moved', span: decl, from: span(2, 5) });
    assert.deepEqual(resolve(lines, { hint: span(30, 40), symbolSpan: decl }), { status: 'moved', span: decl, from: span(30, 40) });
    assert.deepEqual(resolve(lines, { hint: span(19, 22), symbolSpan: decl }), { status: 'moved', span: decl, from: span(19, 22) });
  });
});

describe('anchors: lines only', () => {
  const lines = filler(10);

  it('taken as written → ok', () => {
    assert.deepEqual(resolve(lines, { hint: span(3, 6) }), { status: 'ok', span: span(3, 6) });
    assert.deepEqual(resolve(lines, { hint: span(9) }), { status: 'ok', span: span(9) });
  });

  it('past the end of the file → out-of-range with the line count', () => {
    assert.deepEqual(resolve(lines, { hint: span(8, 10) }), { status: 'out-of-range', lineCount: 10 });
    assert.deepEqual(resolve(lines, { hint: span(10) }), { status: 'out-of-range', lineCount: 10 });
  });

  it('nothing but the file → ok at the first line (the step is about the whole file)', () => {
    assert.deepEqual(resolve(lines, {}), { status: 'ok', span: { start: 0, end: 0 } });
  });
});
