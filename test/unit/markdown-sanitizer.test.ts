/**
 * The hover sanitizer (issue 11, item 7) judged by a CommonMark parser, not by patterns: whatever
 * the input, the output parsed again has no raw HTML, no images, and links only to http(s) or to
 * what `rewriteLink` returned. Text survives.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SEED } from '../fuzz/properties';
import MarkdownIt from 'markdown-it';
import { untrustedMarkdown } from '../../server/src/features/markdown';

const commonmark = new MarkdownIt('default', { html: true, linkify: true });
commonmark.validateLink = () => true;

interface Found {
  links: string[];
  images: string[];
  html: string[];
  text: string;
}

function inspect(markdown: string): Found {
  const found: Found = { links: [], images: [], html: [], text: '' };
  const walk = (tokens: MarkdownIt.Token[]) => {
    for (const token of tokens) {
      if (token.type === 'link_open') found.links.push(String(token.attrGet('href')));
      if (token.type === 'image') found.images.push(String(token.attrGet('src')));
      if (token.type === 'html_inline' || token.type === 'html_block') found.html.push(token.content);
      if (token.type === 'text' || token.type === 'code_inline') found.text += token.content;
      if (token.children) walk(token.children);
    }
  };
  walk(commonmark.parse(markdown, {}));
  return found;
}

function assertSafe(output: string, allowed: (href: string) => boolean = (href) => /^https?:\/\//i.test(href)): void {
  const found = inspect(output);
  assert.deepEqual(found.html, [], `raw HTML in ${JSON.stringify(output)}`);
  assert.deepEqual(found.images, [], `an image in ${JSON.stringify(output)}`);
  for (const href of found.links) assert.ok(allowed(href), `link to ${href} in ${JSON.stringify(output)}`);
}

describe('markdown sanitizer', () => {
  it('the bypasses from the issue: a code span the backtick split misread, an escaped colon, entities, autolinks', () => {
    for (const attack of [
      '``[x](command:workbench.action.terminal.new)`',
      '[x](command\\:workbench.action.terminal.new)',
      '[x](command&#58;walkthroughs.openStep?%5B%22a%22%5D)',
      '[x](  command:walkthroughs.start  )',
      '<command:walkthroughs.openStep?["w","s"]>',
      '[x][ref]\n\n[ref]: command:walkthroughs.openStep',
      '[x](javascript:alert(1)) [y](data:text/html,hi) [z](file:///etc/passwd) [v](vscode://x)',
    ]) {
      const output = untrustedMarkdown(attack);
      assertSafe(output);
      assert.doesNotMatch(output, /\]\(command/i, output);
    }
  });

  it('remote images are never loaded: their alt text stays', () => {
    const output = untrustedMarkdown('see ![tracking pixel](https://tracker.example/p.png) and <img src="https://t.example/x.png">');
    assertSafe(output);
    assert.match(inspect(output).text, /see tracking pixel and <img src="https:\/\/t\.example\/x\.png">/);
  });

  it('keeps http(s) links, code, emphasis, lists, quotes, headings and tables', () => {
    const input = '# 秒杀\n\nSee [Go docs](https://go.dev/doc/) and `mu.Lock()` — **bold** *em*.\n\n- one\n- two\n  1. nested\n\n> quoted\n\n```go\nfunc main() {}\n```\n\n| a | b |\n|---|--:|\n| 1 | 2 |';
    const output = untrustedMarkdown(input);
    assertSafe(output);
    const tokens = commonmark.parse(output, {}).map((t) => t.type);
    for (const type of ['heading_open', 'link_open', 'strong_open', 'em_open', 'bullet_list_open', 'ordered_list_open', 'blockquote_open', 'fence', 'table_open']) {
      const all = [...tokens, ...commonmark.parse(output, {}).flatMap((t) => t.children?.map((c) => c.type) ?? [])];
      assert.ok(all.includes(type), `${type} lost in:\n${output}`);
    }
    assert.deepEqual(inspect(output).links, ['https://go.dev/doc/']);
    assert.equal(inspect(output).text, inspect(input).text);
  });

  it('rewriteLink decides about other links; its answer is the only non-http(s) target', () => {
    const rewriteLink = (href: string) => (href.startsWith('file:///Users/') ? 'command:walkthroughs.openFile?%5B%22x.go%22%5D' : undefined);
    const output = untrustedMarkdown('[code](file:///Users/me/x.go?line=56) [other](file:///etc/passwd) [cmd](command:walkthroughs.start)', { rewriteLink });
    assert.deepEqual(inspect(output).links, ['command:walkthroughs.openFile?%5B%22x.go%22%5D']);
    assert.match(inspect(output).text, /^code other cmd$/);
  });

  it('any input: the output is safe, and sanitizing it again changes nothing', () => {
    const piece = fc.oneof(
      fc.constantFrom('[', ']', '(', ')', '<', '>', '!', '`', '``', '*', '_', '\\', '&#58;', '&lt;', ':', 'command:', 'https://x.example/', 'walkthroughs.openStep', '\n', '\n\n', '- ', '1. ', '> ', '#', '|', '---', '```', '    ', '<img src=x>', '<a href="command:x">'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const output = untrustedMarkdown(pieces.join(''));
        assertSafe(output);
        assert.equal(untrustedMarkdown(output), output);
      }),
      { numRuns: 3000, seed: SEED },
    );
  });
});
