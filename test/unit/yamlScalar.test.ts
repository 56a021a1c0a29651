/**
 * yamlScalar: any string becomes one scalar on one line that reads back as the same string, in
 * every place the extension writes one (after `key: ` at any indentation, after `- `), for YAML
 * 1.2 (how walkthroughs are read) and YAML 1.1 readers (`yes`, `on`, `0777` mean other things there).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { yamlQuotedScalar, yamlScalar } from '../../server/src/core/format/yamlScalar';

/** Pieces YAML gives a meaning to, at the start, in the middle or alone. */
const TRICKY = [
  ': ', ':', '#', ' #', '# ', '"', "'", '-', '- ', '--- ', '...', '?', '? ', '*', '&', '!', '!!str ', '%', '@', '`', '|', '>', '{', '}', '[', ']', ',',
  '\n', '\r\n', '\r', '\t', ' ', '  ', '\\', '\u0000', '\u007f', '\u0085', '\u2028', '\ufeff', '订单', '库存扣减', '🙂',
  'yes', 'no', 'Yes', 'NO', 'on', 'off', 'y', 'n', 'true', 'False', '~', 'null', 'Null', '12', '-3', '0777', '0x1f', '0o17', '1_000', '1e3', '.5', '.inf', '-.Inf', '.nan',
  '2001-12-14', '12:30:45', '<<', '=',
];

const tricky = fc.constantFrom(...TRICKY);
const text = fc.oneof(
  tricky,
  fc.string({ unit: 'binary' }),
  fc.array(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 4 }), fc.string({ maxLength: 6 })), { maxLength: 8 }).map((parts) => parts.join('')),
);

const CONTEXTS: Array<[string, (scalar: string) => string, (doc: unknown) => unknown]> = [
  ['top-level key', (s) => `title: ${s}\n`, (d) => (d as { title: unknown }).title],
  ['step key under a list item', (s) => `steps:\n  - file: a.go\n    anchor: ${s}\n    points: x\n`, (d) => (d as { steps: Array<{ anchor: unknown }> }).steps[0]!.anchor],
  ['list item', (s) => `tags:\n  - ${s}\n  - next\n`, (d) => (d as { tags: unknown[] }).tags[0]],
  ['before a comment', (s) => `title: ${s} # a comment\n`, (d) => (d as { title: unknown }).title],
];

describe('yamlScalar', () => {
  it('reads back as the same string, on one line, wherever it is written (property)', () => {
    fc.assert(
      fc.property(text, (value) => {
        const scalar = yamlScalar(value);
        assert.doesNotMatch(scalar, /[\n\r]/, `one line for ${JSON.stringify(value)}: ${scalar}`);
        for (const [where, wrap, pick] of CONTEXTS) {
          for (const version of ['1.2', '1.1'] as const) {
            assert.equal(pick(parse(wrap(scalar), { version })), value, `${where}, YAML ${version}: ${JSON.stringify(value)} written as ${scalar}`);
          }
        }
      }),
      { numRuns: 1000, seed: 15 },
    );
  });

  it('in the quotes the user typed, too (completion after `section: "`) (property)', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('"' as const, "'" as const), (value, quote) => {
        const scalar = yamlQuotedScalar(value, quote);
        assert.doesNotMatch(scalar, /[\n\r]/);
        assert.match(scalar, /^["']/);
        for (const [where, wrap, pick] of CONTEXTS) assert.equal(pick(parse(wrap(scalar))), value, `${where}: ${JSON.stringify(value)} written as ${scalar}`);
      }),
      { numRuns: 500, seed: 15 },
    );
    assert.equal(yamlQuotedScalar("it's", "'"), "'it''s'");
  });

  it('keeps plain text plain, quotes what YAML would reinterpret', () => {
    assert.equal(yamlScalar('mutex.Lock()'), 'mutex.Lock()');
    assert.equal(yamlScalar('1.3 锁内开启本地事务'), '1.3 锁内开启本地事务');
    for (const value of ['yes', 'no', '~', '12', 'null', 'on', '- x', 'a: b', '#x', 'a\nb']) assert.notEqual(yamlScalar(value), value, value);
  });
});
