/**
 * Issue 19, item 8: open documents as arrays of lines (runtime/lineDocument.ts). They must mean
 * exactly what vscode-languageserver-textdocument means (the LSP reference): every sequence of
 * incremental and full changes gives the same text, positions, offsets and lines.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineDocument, splitKeepingBreaks } from '../../server/src/runtime/lineDocument';

const piece = fc.constantFrom('a', 'bc', '\n', '\r', '\r\n', '\t', 'é', '😀', '');
const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));
const position = fc.record({ line: fc.integer({ min: -1, max: 8 }), character: fc.integer({ min: -1, max: 8 }) });
const change = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text }) },
  { weight: 1, arbitrary: fc.record({ text }) },
);

/**
 * The text must equal the reference's after the same changes; positions are compared with a
 * reference document made afresh from that text (the reference's own line cache goes wrong after
 * an edit past the end: "" with an edit at 1:0–2:0 inserting CRLF reports 3 lines for "\r\n",
 * and the next edit then lands elsewhere).
 */
function same(actual: LineDocument, updated: TextDocument, context: string): void {
  assert.equal(actual.getText(), updated.getText(), context);
  const expected = TextDocument.create(updated.uri, updated.languageId, updated.version, updated.getText());
  assert.equal(actual.lineCount, expected.lineCount, context);
  for (let offset = -1; offset <= expected.getText().length + 1; offset++) assert.deepEqual(actual.positionAt(offset), expected.positionAt(offset), `${context} positionAt(${offset})`);
  for (let line = -1; line <= expected.lineCount; line++) {
    for (let character = -1; character <= 6; character++) assert.equal(actual.offsetAt({ line, character }), expected.offsetAt({ line, character }), `${context} offsetAt(${line}:${character})`);
    assert.deepEqual(actual.getLineRange(line), expected.getLineRange(line), `${context} getLineRange(${line})`);
    assert.equal(actual.getEOLCharacters(line), expected.getEOLCharacters(line), `${context} getEOLCharacters(${line})`);
  }
}

describe('LineDocument', () => {
  it('splits lines keeping each break, CRLF as one', () => {
    assert.deepEqual(splitKeepingBreaks('a\r\nb\rc\n\nd'), ['a\r\n', 'b\r', 'c\n', '\n', 'd']);
    assert.deepEqual(splitKeepingBreaks(''), ['']);
    assert.deepEqual(splitKeepingBreaks('x\n'), ['x\n', '']);
  });

  it('means what the LSP reference document means, after any sequence of changes (CR, LF, CRLF joined and split across edits)', () => {
    fc.assert(
      fc.property(text, fc.array(fc.array(change, { minLength: 1, maxLength: 4 }), { maxLength: 6 }), (initial, batches) => {
        const actual = new LineDocument('file:///a', 'go', 1, initial);
        let expected = TextDocument.create('file:///a', 'go', 1, initial);
        same(actual, expected, 'initial');
        batches.forEach((batch, i) => {
          actual.update(batch, i + 2);
          // One change at a time on a fresh reference (its line cache goes wrong after an edit past the end).
          for (const one of batch) expected = TextDocument.update(TextDocument.create('file:///a', 'go', i + 1, expected.getText()), [one], i + 2);
          assert.equal(actual.version, i + 2);
          same(actual, expected, `after batch ${i}: ${JSON.stringify(batch)}`);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('applies a Replace All of many edits (last edit first, as VS Code sends them) and typing line by line', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `\treturn call(${i})`);
    const doc = new LineDocument('file:///a', 'go', 1, lines.join('\r\n'));
    doc.update(Array.from({ length: 2000 }, (_, k) => ({ range: { start: { line: 1999 - k, character: 1 }, end: { line: 1999 - k, character: 7 } }, text: 'result' })), 2);
    assert.equal(doc.getText(), lines.map((l) => l.replace('return', 'result')).join('\r\n'));
    // Typing three lines above line 10, one keystroke per change.
    for (const [i, ch] of [...'ab\ncd\nef\n'].entries()) {
      const before = 'ab\ncd\nef\n'.slice(0, i);
      const line = 9 + (before.match(/\n/g)?.length ?? 0);
      const character = before.length - (before.lastIndexOf('\n') + 1);
      doc.update([{ range: { start: { line, character }, end: { line, character } }, text: ch }], 3 + i);
    }
    assert.deepEqual(doc.getText().split('\r\n').slice(8, 11), ['\tresult call(8)', 'ab\ncd\nef\n\tresult call(9)', '\tresult call(10)']);
    assert.equal(doc.lineCount, 2003);
  });
});
