/**
 * Export: one document with the title, then per step the question, the talking points (or the memo
 * section) and the anchored code with file:line — as Markdown and as a self-contained HTML page
 * in which untrusted content cannot run, load or link to anything but http(s).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { exportCsp, gatherExport, renderExportHtml, renderExportMarkdown } from '../../server/src/features/exportWalkthrough';
import { lineOf, loadWorkspace, WS } from './helpers';

const CODE = `package handler

func Sell() {
\tmutex := global.Rs.NewMutex("goods")
\tif err := mutex.Lock(); err != nil {
\t\treturn
\t}
\ttx.Commit()
}
`;
const MEMO = `# 面试备忘

## 1. 核心难点

先提交事务，再释放锁。<img src="https://evil.example/x.png" onerror="alert(1)">

<script>alert('memo')</script>

[remote](https://example.com/docs) [bad](javascript:alert(1)) [cmd](command:workbench.action.terminal.new)

![tracker](https://evil.example/pixel.gif)
`;
const YAML = `title: 下单链路 <b>bold</b>
description: From **Sell** on
memo: memo.md
steps:
  - title: 加锁
    file: inv.go
    lines: ${lineOf(CODE, 'NewMutex')}-${lineOf(CODE, 'return')}
    anchor: mutex := global.Rs.NewMutex("goods")
    question: 如何保证不超卖？
    section: "1. 核心难点"
  - title: Gone
    file: inv.go
    anchor: this text is nowhere
    points: lost <i>step</i>
  - title: Wrap-up
    points: |
      - commit first
      - then unlock
`;

async function exported() {
  const { engine } = await loadWorkspace({ 't.walkthrough.yaml': YAML, 'inv.go': CODE, 'memo.md': MEMO });
  return gatherExport(engine, engine.get(`${WS}/t.walkthrough.yaml`)!);
}

describe('export: the document', () => {
  it('has per step the question, the points or memo section, and the code with file:line', async () => {
    const doc = await exported();
    assert.equal(doc.title, '下单链路 <b>bold</b>');
    assert.deepEqual(doc.steps.map((s) => s.position), [1, 2, 3]);
    const [lock, gone, wrap] = doc.steps;
    assert.equal(lock!.question, '如何保证不超卖？');
    assert.equal(lock!.section!.heading, '1. 核心难点');
    assert.equal(lock!.section!.memo, 'memo.md');
    assert.deepEqual([lock!.code!.file, lock!.code!.startLine, lock!.code!.endLine], ['inv.go', lineOf(CODE, 'NewMutex'), lineOf(CODE, 'return')]);
    assert.equal(lock!.code!.text.split('\n').length, lineOf(CODE, 'return') - lineOf(CODE, 'NewMutex') + 1);
    assert.equal(gone!.code, undefined);
    assert.equal(gone!.status, 'stale');
    assert.equal(wrap!.code, undefined);
    assert.match(wrap!.points!, /commit first/);
  });

  it('Markdown: headings, question, memo section, a fenced excerpt after its file:line; raw HTML escaped, foreign links inert', async () => {
    const md = renderExportMarkdown(await exported());
    assert.match(md, /^# 下单链路 &lt;b>bold&lt;\/b>\n/);
    assert.match(md, /## 1\. 加锁\n\n\*\*Question:\*\* 如何保证不超卖？/);
    assert.match(md, new RegExp(`\`inv.go:${lineOf(CODE, 'NewMutex')}-${lineOf(CODE, 'return')}\`\\n\\n\`\`\`go\\n\\tmutex := global`));
    assert.match(md, /## 2\. Gone[\s\S]*not found \(stale\)/);
    assert.ok(!/<script|<img|<i>/.test(md), 'no raw HTML survives');
    assert.ok(!md.includes('](javascript:'), 'javascript: links are inert');
    assert.ok(!md.includes('](command:'), 'command: links are inert');
    assert.ok(md.includes('](https://example.com/docs)'), 'http(s) links stay');
  });

  it('HTML: self-contained, a CSP that allows only its own style, responsive and print CSS, no scripts, no remote loads, links only to http(s)', async () => {
    const html = renderExportHtml(await exported());
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    assert.equal(csp, exportCsp(style));
    assert.ok(csp.includes(`'sha256-${createHash('sha256').update(style).digest('base64')}'`));
    assert.match(csp, /default-src 'none'/);
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.match(style, /@media print/);
    assert.match(style, /@media \(max-width: 480px\)/);
    assert.ok(!/<script/i.test(html), 'no script element');
    assert.ok(!/<img|<iframe|<link|<object|<embed/i.test(html), 'no element that loads anything');
    const tags = [...html.matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0]);
    assert.ok(tags.length > 20);
    assert.deepEqual(tags.filter((tag) => /\son[a-z]+=|\ssrc=|\sstyle=/i.test(tag)), [], 'no event handlers, sources or inline styles on any element');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(hrefs.includes('https://example.com/docs'));
    // Every link is http(s): the javascript: and command: ones are plain text, the image is only a link (never loaded).
    assert.deepEqual(hrefs.filter((href) => !/^https:\/\//.test(href!)), []);
    assert.ok(!html.includes('href="javascript') && !html.includes('href="command'));
    assert.match(html, /<h1>下单链路 &lt;b&gt;bold&lt;\/b&gt;<\/h1>/);
    assert.match(html, new RegExp(`<p class="where">inv.go:${lineOf(CODE, 'NewMutex')}-${lineOf(CODE, 'return')}</p>`));
    // The line's text, once the highlighter's token spans are taken out.
    const numbered = new RegExp(`<span class="ln" data-n="${lineOf(CODE, 'NewMutex')}">(.*?)</span>(?=<span class="ln"|</code>)`).exec(html)![1]!.replace(/<\/?span[^>]*>/g, '');
    assert.equal(numbered, '\tmutex := global.Rs.NewMutex(&quot;goods&quot;)');
    assert.match(html, /lost &lt;i&gt;step&lt;\/i&gt;/);
  });
});

describe('export: hostile strings in every field (issue 19, item 9)', () => {
  // Rendered as a Markdown viewer with HTML on would: no raw HTML token may come out of any field.
  const viewer = new MarkdownIt({ html: true });
  const htmlTokens = (md: string): string[] => {
    const found: string[] = [];
    const visit = (tokens: ReturnType<typeof viewer.parse>) => {
      for (const token of tokens) {
        if (token.type === 'html_block' || token.type === 'html_inline') found.push(token.content);
        if (token.children) visit(token.children);
      }
    };
    visit(viewer.parse(md, {}));
    return found;
  };
  const breaks = ['\n\n', '\r\r', '\r\n\r\n', '\u2028\u2028', '\u2029', '\n \n', '\n\t\n', '\u000b', '\f\f'];
  const payloads = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '<a href="javascript:alert(1)">x</a>'];
  const hostile = breaks.flatMap((gap) => payloads.map((payload) => `a${gap}${payload}${gap}`));

  it('a file name with blank lines and HTML cannot put a raw HTML block into the Markdown', () => {
    for (const evil of hostile) {
      const doc = {
        title: evil,
        description: evil,
        source: `${evil}.walkthrough.yaml`,
        steps: [
          { position: 1, title: evil, status: 'ok' as const, question: evil, points: evil, section: { heading: evil, memo: `${evil}.md`, body: evil },
            code: { file: `${evil}.go`, startLine: 3, endLine: 4, text: 'x := 1\n```\n</code>', language: `go${evil}`, omitted: 0 } },
          { position: 2, title: evil, status: 'stale' as const, statusMessage: evil },
        ],
      };
      const md = renderExportMarkdown(doc);
      assert.deepEqual(htmlTokens(md), [], `raw HTML from ${JSON.stringify(evil)}`);
      assert.ok(!/<(img|script|a)\b/i.test(viewer.render(md)), `no element from ${JSON.stringify(evil)}`);
    }
  });
});

describe('export: syntax highlighting in the HTML page (issue 26)', () => {
  it('colours the code by its language, line numbers kept, and nothing but class attributes added', async () => {
    const html = renderExportHtml(await exported());
    const excerpt = /<pre class="excerpt"><code>([\s\S]*?)<\/code><\/pre>/.exec(html)![1]!;
    const lines = [...excerpt.matchAll(/<span class="ln" data-n="(\d+)">/g)].map((m) => Number(m[1]));
    assert.deepEqual(lines, Array.from({ length: lines.length }, (_, i) => lineOf(CODE, 'NewMutex') + i), 'one numbered line each, in order');
    assert.match(excerpt, /<span class="hl-(keyword|string|built_in)">/, 'tokens are coloured');
    assert.match(excerpt, /<span class="hl-string">&quot;goods&quot;<\/span>/);
    const tags = [...excerpt.matchAll(/<span[^>]*>/g)].map((m) => m[0]);
    for (const tag of tags) assert.match(tag, /^<span class="(ln" data-n="\d+|hl-[a-z_-]+)">$/, tag);
    // Every line's spans are balanced: a token across lines is closed and reopened.
    for (const line of excerpt.split('<span class="ln"').slice(1)) {
      const opened = (line.match(/<span/g) ?? []).length + 1;
      const closed = (line.match(/<\/span>/g) ?? []).length;
      assert.equal(opened, closed, line);
    }
  });

  it('code that looks like HTML stays text; a multi-line comment is coloured on every line', () => {
    const html = renderExportHtml({
      title: 't',
      source: 't.walkthrough.yaml',
      steps: [{ position: 1, title: 's', status: 'ok', code: { file: 'x.ts', startLine: 1, endLine: 4, text: '/* a\n<script>alert(1)</script>\n*/\nconst x = "<img src=x>";', language: 'typescript', omitted: 0 } }],
    });
    assert.doesNotMatch(html, /<script>|<img/);
    const excerpt = /<pre class="excerpt"><code>([\s\S]*?)<\/code><\/pre>/.exec(html)![1]!;
    const numbered = excerpt.split('<span class="ln"').slice(1);
    assert.equal(numbered.length, 4);
    for (const line of numbered.slice(0, 3)) assert.match(line, /hl-comment/, line);
  });
});

describe('export: unsaved editor changes (issue 26)', () => {
  it('says which files\' excerpts come from an editor with unsaved changes; a saved open file is not listed', async () => {
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': YAML, 'inv.go': CODE, 'memo.md': MEMO });
    const file = `${WS}/t.walkthrough.yaml`;
    assert.equal((await gatherExport(engine, engine.get(file)!)).unsaved, undefined);
    await engine.setOverlay(`${WS}/inv.go`, CODE);
    assert.equal((await gatherExport(engine, engine.get(file)!)).unsaved, undefined, 'open but saved');
    await engine.setOverlay(`${WS}/inv.go`, CODE.replace('return', 'return // edited'));
    assert.deepEqual((await gatherExport(engine, engine.get(file)!)).unsaved, ['inv.go']);
  });
});
