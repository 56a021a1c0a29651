/**
 * Practice cards for Anki (issue 27): the deck file follows Anki's text-import rules (file headers,
 * tab-separated quoted fields, a GUID column) — checked by parsing it back the way Anki's importer
 * reads it — and exporting again keeps every note's GUID, so a re-import updates instead of
 * duplicating. Untrusted content cannot run or load anything.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gatherExport } from '../../server/src/features/exportWalkthrough';
import { ankiGuid, renderAnkiDeck } from '../../server/src/features/exportAnki';
import { lineOf, loadWorkspace, WS } from './helpers';

const CODE = `package handler

func Sell() {
\tmutex := global.Rs.NewMutex("goods")
\tif err := mutex.Lock(); err != nil {
\t\treturn
\t}
}
`;
const MEMO = `# 备忘

## 1. 核心难点

先提交事务，再释放锁。<img src="https://evil.example/x.png" onerror="alert(1)">
`;
const yaml = (points: string) => `title: 下单链路
memo: memo.md
steps:
  - id: lock
    title: 加锁
    file: inv.go
    lines: ${lineOf(CODE, 'NewMutex')}
    anchor: mutex := global.Rs.NewMutex("goods")
    question: "如何保证不超卖？\\t\\"quoted\\" <script>alert(1)</script>"
    points: ${JSON.stringify(points)}
  - id: memo
    section: "1. 核心难点"
  - title: No question
    points: "![pixel](https://tracker.example/p.gif) [x](javascript:alert(1)) [ok](https://example.com)"
`;

/** Reads a deck file as Anki's importer does: `#key:value` headers, then rows of separated, optionally quoted fields. */
function parseDeck(text: string): { headers: Map<string, string>; rows: string[][] } {
  const headers = new Map<string, string>();
  let i = 0;
  const lines = text.split('\n');
  while (i < lines.length && lines[i]!.startsWith('#')) {
    const line = lines[i++]!;
    const colon = line.indexOf(':');
    headers.set(line.slice(1, colon), line.slice(colon + 1));
  }
  assert.equal(headers.get('separator'), 'tab');
  const body = lines.slice(i).join('\n');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let p = 0;
  while (p < body.length) {
    const c = body[p]!;
    if (quoted) {
      if (c === '"' && body[p + 1] === '"') { cell += '"'; p += 2; continue; }
      if (c === '"') { quoted = false; p++; continue; }
      cell += c; p++; continue;
    }
    if (c === '"' && cell === '') { quoted = true; p++; continue; }
    if (c === '\t') { row.push(cell); cell = ''; p++; continue; }
    if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; p++; continue; }
    cell += c; p++;
  }
  assert.equal(quoted, false, 'every quote is closed');
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return { headers, rows };
}

async function deck(points = '- commit first\n- then unlock') {
  const { engine } = await loadWorkspace({ 't.walkthrough.yaml': yaml(points), 'inv.go': CODE, 'memo.md': MEMO });
  return renderAnkiDeck([await gatherExport(engine, engine.get(`${WS}/t.walkthrough.yaml`)!)]);
}

describe('export: Anki practice cards', () => {
  it('one note per step in Anki\'s text format: headers, four fields a row, GUID and tag columns', async () => {
    const { text, notes } = await deck();
    const { headers, rows } = parseDeck(text);
    assert.equal(headers.get('html'), 'true');
    assert.equal(headers.get('guid column'), '1');
    assert.equal(headers.get('tags column'), '4');
    assert.equal(headers.get('notetype'), 'Basic');
    assert.equal(headers.get('columns')!.split('\t').length, 4);
    assert.equal(notes, 3);
    assert.equal(rows.length, 3);
    for (const row of rows) assert.equal(row.length, 4, JSON.stringify(row));
    assert.deepEqual(rows.map((r) => r[0]), [ankiGuid('t', 'lock'), ankiGuid('t', 'memo'), ankiGuid('t', '3')]);
    assert.equal(new Set(rows.map((r) => r[0])).size, 3);
    assert.deepEqual(rows.map((r) => r[3]), ['walkthrough::t', 'walkthrough::t', 'walkthrough::t']);
    const [lock, memo, plain] = rows;
    assert.match(lock![1]!, /如何保证不超卖？/, 'Chinese survives');
    assert.match(lock![1]!, /&quot;quoted&quot;|"quoted"/);
    assert.match(lock![2]!, /commit first/);
    assert.match(lock![2]!, new RegExp(`<code>inv.go:${lineOf(CODE, 'NewMutex')}</code>`));
    assert.match(lock![2]!, /<pre><code>(&#9;)?mutex := global.Rs.NewMutex\(&quot;goods&quot;\)<\/code><\/pre>/);
    assert.match(memo![2]!, /先提交事务，再释放锁。/);
    assert.match(plain![1]!, /No question/, 'a step without a question asks its title');
  });

  it('nothing in a card can run or load: no script, image, event handler, style or foreign link', async () => {
    const { text } = await deck('<script>alert(2)</script> <iframe src="https://x"></iframe> ![i](https://t.example/i.png)');
    const { rows } = parseDeck(text);
    for (const row of rows) {
      for (const cell of row.slice(1, 3)) {
        const tags = [...cell.matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0]);
        assert.ok(tags.length > 0);
        for (const tag of tags) {
          assert.match(tag, /^<(p|b|i|a|ul|ol|li|code|pre|em|strong|br|h[1-6]|blockquote|hr|table|thead|tbody|tr|th|td|s)[\s>]/i, tag);
          assert.doesNotMatch(tag, /\son[a-z]+=|\ssrc=|\sstyle=/i, tag);
          if (tag.startsWith('<a ')) assert.match(tag, /^<a href="https:\/\/[^"]*" rel="noopener noreferrer nofollow">$/, tag);
        }
      }
    }
    assert.match(rows[2]![2]!, /href="https:\/\/example.com"/, 'http(s) links stay links');
  });

  it('exporting again keeps every GUID, even after the points change and a step is added', async () => {
    const first = parseDeck((await deck()).text).rows.map((r) => r[0]);
    const again = parseDeck((await deck('changed points')).text).rows.map((r) => r[0]);
    assert.deepEqual(again, first);
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': `${yaml('p')}  - id: extra\n    points: more\n`, 'inv.go': CODE, 'memo.md': MEMO });
    const grown = parseDeck(renderAnkiDeck([await gatherExport(engine, engine.get(`${WS}/t.walkthrough.yaml`)!)]).text).rows.map((r) => r[0]);
    assert.deepEqual(grown.slice(0, 3), first);
    assert.equal(grown.length, 4);
  });
});
