/**
 * Issue 19, item 12: every CLI report line goes through one terminal-safe function. Untrusted text
 * (memo references, file names, symbols) with control characters, line and paragraph separators,
 * or bidirectional marks and overrides is shown escaped, never sent to the terminal raw.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { terminalSafe } from '../../server/src/cliArgs';
import { runImportCodeTour } from '../../server/src/cliCodeTour';
import { reportLine } from '../../server/src/cliImport';

/** What must never reach a terminal raw: C0/C1 controls, LRM/RLM, bidi embeddings and isolates, LS/PS. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const HOSTILE = ['\u001b[2J', 'a\u2028b', 'a\u2029b', 'rtl\u200fmark', 'ltr\u200emark', '\u202egnp.exe', '\u2066iso\u2069', 'tab\there', 'cr\rhere', '\u0085nel'];

describe('terminal-safe CLI output', () => {
  it('terminalSafe escapes every unsafe character and keeps the rest', () => {
    for (const text of HOSTILE) {
      const safe = terminalSafe(text);
      assert.doesNotMatch(safe, UNSAFE, JSON.stringify(text));
      assert.match(safe, /\\u\{[0-9a-f]+\}/, `shown escaped: ${JSON.stringify(safe)}`);
    }
    assert.equal(terminalSafe('plain 中文 text'), 'plain 中文 text');
  });

  it('the import report cleans memo names, references, files, symbols, steps and reasons the same way', () => {
    for (const text of HOSTILE) {
      const placed = reportLine(`memo${text}.md`, { memoLine: 3, kind: 'name', reference: text, placed: true, how: 'declaration', file: `a${text}.go`, startLine: 1, endLine: 2, symbol: text, step: text, reason: text });
      const notPlaced = reportLine(`memo${text}.md`, { memoLine: 3, kind: 'path', reference: text, placed: false, reason: text });
      assert.doesNotMatch(placed, UNSAFE, JSON.stringify(placed));
      assert.doesNotMatch(notPlaced, UNSAFE, JSON.stringify(notPlaced));
    }
  });

  it('import-codetour messages quote the tour safely', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cw-terminal-'));
    try {
      mkdirSync(path.join(dir, '.tours'));
      writeFileSync(path.join(dir, '.tours', 't.tour'), JSON.stringify({ title: 'T', steps: HOSTILE.map((text) => ({ file: `gone${text}.go`, line: 1, description: 'd' })) }));
      const chunks: string[] = [];
      const sink = { write: (chunk: string) => chunks.push(chunk) };
      assert.equal(await runImportCodeTour([path.join(dir, '.tours', 't.tour')], sink, sink), 1);
      const text = chunks.join('');
      assert.match(text, /gone\\u\{1b\}\[2J\.go/, text);
      for (const line of text.split('\n')) assert.doesNotMatch(line, UNSAFE, JSON.stringify(line));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
