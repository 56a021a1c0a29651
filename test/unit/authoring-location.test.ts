/**
 * What a recorded step writes for a selection (lines, anchor, enclosing declaration), and the
 * Enter rule for `- key: value` lines in walkthrough YAML.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIST_ITEM_KEY_VALUE } from '../../client/src/authoring/yamlRules';
import { enclosingSymbol, MAX_ANCHOR_LINES, stepLocation } from '../../server/src/core/format/stepLocation';
import type { SymbolDecl } from '../../server/src/core/symbols/types';

const CODE = ['package p', '', 'type S struct{}', '', '// Sell sells.', 'func (s *S) Sell() {', '\tmu := lock()', '', '\tif err := mu.Lock(); err != nil {', '\t\treturn', '\t}', '\tf := func() {', '\t\tx()', '\t}', '}', ''];
const SYMBOLS: SymbolDecl[] = [
  { name: 'S', kind: 'type', span: { start: 2, end: 2 } },
  { name: 'S.Sell', kind: 'method', span: { start: 5, end: 14 } },
];
const at = (line: number, character = 0) => ({ line, character });

describe('stepLocation', () => {
  it('nothing selected: the cursor’s line, trimmed, with the enclosing method', () => {
    const result = stepLocation(CODE, { start: at(6, 3), end: at(6, 3) }, SYMBOLS);
    assert.deepEqual(result, { ok: true, location: { span: { start: 6, end: 6 }, lines: '7', anchor: 'mu := lock()', symbol: 'S.Sell' } });
  });

  it('a selection: blank lines at its ends and a last line at column 0 are left out; the anchor is its first lines', () => {
    const result = stepLocation(CODE, { start: at(3, 0), end: at(11, 0) }, SYMBOLS);
    assert.ok(result.ok);
    assert.deepEqual(result.location.span, { start: 4, end: 10 });
    assert.equal(result.location.lines, '5-11');
    assert.equal(result.location.anchor.split('\n').length, MAX_ANCHOR_LINES);
    assert.equal(result.location.anchor, '// Sell sells.\nfunc (s *S) Sell() {\nmu := lock()\n\nif err := mu.Lock(); err != nil {');
    // The doc comment is outside the declaration: the declaration starting inside the range counts.
    assert.equal(result.location.symbol, 'S.Sell');
  });

  it('the whole function selected gives its range and name', () => {
    const result = stepLocation(CODE, { start: at(5, 0), end: at(14, 1) }, SYMBOLS);
    assert.ok(result.ok);
    assert.deepEqual([result.location.lines, result.location.symbol], ['6-15', 'S.Sell']);
  });

  it('outside declarations there is no symbol; blank or out-of-range selections are refused', () => {
    const top = stepLocation(CODE, { start: at(0, 0), end: at(0, 0) }, SYMBOLS);
    assert.ok(top.ok && top.location.symbol === undefined);
    assert.equal(stepLocation(CODE, { start: at(1, 0), end: at(1, 0) }, SYMBOLS).ok, false);
    assert.equal(stepLocation(CODE, { start: at(99, 0), end: at(99, 0) }, SYMBOLS).ok, false);
  });

  it('picks the innermost declaration and skips names that are not unique', () => {
    const nested: SymbolDecl[] = [...SYMBOLS, { name: 'inner', kind: 'function', span: { start: 11, end: 13 } }];
    assert.equal(enclosingSymbol(nested, { start: 12, end: 12 })?.name, 'inner');
    const twice: SymbolDecl[] = [...SYMBOLS, { name: 'S.Sell', kind: 'method', span: { start: 20, end: 30 } }];
    assert.equal(enclosingSymbol(twice, { start: 6, end: 6 }), undefined);
  });
});

describe('Enter rule for `- key: value`', () => {
  it('matches list items that start a mapping with a value', () => {
    for (const line of ['  - file: handler/inventory.go', '- title: "Sell: 加锁" # c', "    - 'quoted key': 1", '  - lines: 74-78']) assert.match(line, LIST_ITEM_KEY_VALUE, line);
  });
  it('leaves keys without value, block scalars, plain list items and comments alone', () => {
    for (const line of ['  - steps:', '  - anchor: |', '  - points: >- # folded', '  - just text', '  # - file: x', '  file: a.go', '  - file: # comment only']) assert.doesNotMatch(line, LIST_ITEM_KEY_VALUE, line);
  });
});
