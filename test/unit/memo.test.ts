/**
 * Memo sections: a heading and its content up to the next heading of the same or a higher level,
 * addressed by heading text or GitHub-style slug. Line numbers come from the text via lineOf.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { findSection, parseMemo, slugify, type Memo, type MemoSection } from '../../server/src/core/memo';
import { lineOf } from './helpers';

const MEMO = `---
title: interview memo
tags: [go, redis]
---
# 面试笔记

intro text

## 1. 核心难点

难点 body

### 1.1 Sub part

sub body

\`\`\`go
# not a heading inside a fence
\`\`\`

## 2. What's *new* in \`Go\` 1.22?

first copy

## 2. What's *new* in \`Go\` 1.22?

second copy

# Redis

top level two

Setext Heading
--------------

setext body
`;

const memo = parseMemo('/ws/memo.md', MEMO);
const byHeading = (heading: string): MemoSection => {
  const found = memo.sections.filter((s) => s.heading === heading);
  assert.equal(found.length, 1, `one section "${heading}"`);
  return found[0]!;
};
/** 0-based line of the first line containing needle. */
const line0 = (needle: string, text = MEMO) => lineOf(text, needle) - 1;

describe('memo: sections', () => {
  it('finds every heading, in order, with its level; fenced code and front matter are not headings', () => {
    assert.deepEqual(
      memo.sections.map((s) => [s.heading, s.level]),
      [
        ['面试笔记', 1],
        ['1. 核心难点', 2],
        ['1.1 Sub part', 3],
        ["2. What's new in Go 1.22?", 2],
        ["2. What's new in Go 1.22?", 2],
        ['Redis', 1],
        ['Setext Heading', 2],
      ],
    );
  });

  it('front matter is ignored but line numbers stay those of the file', () => {
    assert.equal(memo.sections[0]!.line, line0('# 面试笔记'));
    assert.equal(memo.sections[0]!.line, 4);
    assert.equal(byHeading('Redis').line, line0('# Redis'));
    // Without the blanking, `tags: [go, redis]` over `---` would read as a setext heading.
    assert.ok(!memo.sections.some((s) => /tags|title/.test(s.heading)));
  });

  it('a section runs to the next heading of the same or a higher level', () => {
    const core = byHeading('1. 核心难点');
    assert.equal(core.bodyStart, core.line + 1);
    assert.equal(core.bodyEnd, line0("## 2. What's"));
    const sub = byHeading('1.1 Sub part');
    assert.equal(sub.bodyEnd, line0("## 2. What's"), 'a level-3 section also ends at the next level-2 heading');
    const [first, second] = memo.sections.filter((s) => s.heading.startsWith('2.'));
    assert.equal(first!.bodyEnd, second!.line);
    assert.equal(second!.bodyEnd, line0('# Redis'), 'a level-2 section ends at a level-1 heading');
  });

  it('nested subsections belong to the parent body', () => {
    const top = memo.sections[0]!;
    assert.equal(top.bodyEnd, line0('# Redis'));
    assert.match(top.body, /^intro text/);
    assert.match(top.body, /### 1\.1 Sub part/);
    assert.match(top.body, /second copy$/);
    const core = byHeading('1. 核心难点');
    assert.match(core.body, /^难点 body\n\n### 1\.1 Sub part\n\nsub body/);
    assert.match(core.body, /# not a heading inside a fence/);
    assert.equal(byHeading('1.1 Sub part').body, 'sub body\n\n```go\n# not a heading inside a fence\n```');
  });

  it('the last section runs to the end of the file; bodies are trimmed', () => {
    const setext = byHeading('Setext Heading');
    assert.equal(setext.line, line0('Setext Heading'));
    assert.equal(setext.bodyStart, line0('-----') + 1, 'the body starts after the underline');
    assert.equal(setext.body, 'setext body');
    assert.equal(setext.bodyEnd, MEMO.split('\n').length);
    assert.equal(byHeading('Redis').body, 'top level two\n\nSetext Heading\n--------------\n\nsetext body');
  });

  it('a heading with an empty body, and a memo without headings', () => {
    const m = parseMemo('/m.md', '# A\n## B\n# C\n');
    assert.deepEqual(
      m.sections.map((s) => [s.heading, s.bodyStart, s.bodyEnd, s.body]),
      [
        ['A', 1, 2, '## B'],
        ['B', 2, 2, ''],
        ['C', 3, 4, ''],
      ],
    );
    assert.deepEqual(parseMemo('/m.md', 'just text\n\nmore\n').sections, []);
    assert.deepEqual(parseMemo('/m.md', '').sections, []);
  });

  it('a paragraph line right before a setext underline joins the heading with a space', () => {
    const m = parseMemo('/m.md', 'first\nsecond\n---\nbody\n');
    assert.equal(m.sections[0]!.heading, 'first second');
    assert.equal(m.sections[0]!.slug, 'first-second');
    assert.equal(m.sections[0]!.body, 'body');
  });

  it('an unclosed front matter is left alone (it is not front matter)', () => {
    const m = parseMemo('/m.md', '---\n# Heading\nbody\n');
    assert.deepEqual(
      m.sections.map((s) => s.heading),
      ['Heading'],
    );
  });

  it('CRLF line endings give the same lines', () => {
    const crlf = parseMemo('/m.md', MEMO.replace(/\n/g, '\r\n'));
    assert.deepEqual(
      crlf.sections.map((s) => [s.line, s.bodyStart, s.bodyEnd, s.slug]),
      memo.sections.map((s) => [s.line, s.bodyStart, s.bodyEnd, s.slug]),
    );
  });
});

describe('memo: GitHub-style slugs', () => {
  it('lower case, punctuation dropped, spaces to hyphens, Chinese kept', () => {
    assert.equal(slugify('Hello World'), 'hello-world');
    assert.equal(slugify("2. What's new in Go 1.22?"), '2-whats-new-in-go-122');
    assert.equal(slugify('1. 核心难点'), '1-核心难点');
    assert.equal(slugify('为什么用 Redis？（分布式锁）'), '为什么用-redis分布式锁');
    assert.equal(slugify('C++ & Go'), 'c--go');
    assert.equal(slugify('snake_case and-dash'), 'snake_case-and-dash');
    assert.equal(slugify('Ünïcode Ça'), 'ünïcode-ça');
  });

  it('duplicates get -1, -2 in document order', () => {
    const m = parseMemo('/m.md', '# Intro\n## Intro\n### Intro\n# Other\n');
    assert.deepEqual(
      m.sections.map((s) => s.slug),
      ['intro', 'intro-1', 'intro-2', 'other'],
    );
    const dup = memo.sections.filter((s) => s.heading.startsWith('2.')).map((s) => s.slug);
    assert.deepEqual(dup, ['2-whats-new-in-go-122', '2-whats-new-in-go-122-1']);
  });

  it('a duplicate skips a suffix that another heading already has (as github-slugger)', () => {
    const slugs = (text: string) => parseMemo('/m.md', text).sections.map((s) => s.slug);
    assert.deepEqual(slugs('# Intro\n# Intro-1\n# Intro\n'), ['intro', 'intro-1', 'intro-2']);
    assert.deepEqual(slugs('# Intro\n# Intro\n# Intro-1\n'), ['intro', 'intro-1', 'intro-1-1']);
    const m = parseMemo('/m.md', '# Intro\n# Intro-1\n# Intro\n');
    const third = findSection(m, '#intro-2');
    assert.equal(third.kind === 'found' && third.section.line, 2, 'every heading is reachable by its slug');
  });

  it('markdown inside a heading is reduced to its text before slugging', () => {
    const m = parseMemo('/m.md', '## Use `sync.Mutex` with **care** and [docs](https://go.dev)\n');
    assert.equal(m.sections[0]!.heading, 'Use sync.Mutex with care and docs');
    assert.equal(m.sections[0]!.slug, 'use-syncmutex-with-care-and-docs');
  });
});

describe('memo: findSection', () => {
  const found = (ref: string, m: Memo = memo): MemoSection => {
    const result = findSection(m, ref);
    assert.equal(result.kind, 'found', `${ref}: ${result.kind}`);
    return (result as { section: MemoSection }).section;
  };

  it('by exact heading text', () => {
    assert.equal(found('1. 核心难点').line, line0('## 1. 核心难点'));
    assert.equal(found('Redis').line, line0('# Redis'));
  });

  it('by #slug, including the -1 of a duplicate', () => {
    assert.equal(found('#1-核心难点').heading, '1. 核心难点');
    assert.equal(found('#2-whats-new-in-go-122').line, line0('first copy') - 2);
    assert.equal(found('#2-whats-new-in-go-122-1').line, line0('second copy') - 2);
    assert.equal(found('#REDIS').heading, 'Redis', 'slugs are compared in lower case');
  });

  it('loosely: case and runs of white space do not matter', () => {
    assert.equal(found('redis').heading, 'Redis');
    assert.equal(found('  1.1   sub PART ').heading, '1.1 Sub part');
  });

  it('a reference copied from the markdown source, with backticks and emphasis', () => {
    assert.equal(found("2. What's *new* in `Go` 1.22?", parseMemo('/m.md', "## 2. What's *new* in `Go` 1.22?\n")).line, 0);
    const m = parseMemo('/m.md', '# Intro\n## `sync.Mutex` vs **RWMutex**\nbody\n');
    assert.equal(found('`sync.Mutex` vs **RWMutex**', m).heading, 'sync.Mutex vs RWMutex');
    assert.equal(found('sync.Mutex vs RWMutex', m).line, 1);
  });

  it('an exact match wins over loose ones', () => {
    const m = parseMemo('/m.md', '# Intro\n# intro\n');
    assert.equal(found('intro', m).line, 1);
    assert.equal(found('Intro', m).line, 0);
    const loose = findSection(m, 'INTRO');
    assert.equal(loose.kind, 'ambiguous');
  });

  it('the same heading twice is ambiguous and lists both', () => {
    const result = findSection(memo, "2. What's new in Go 1.22?");
    assert.equal(result.kind, 'ambiguous');
    assert.deepEqual(
      (result as { sections: MemoSection[] }).sections.map((s) => s.slug),
      ['2-whats-new-in-go-122', '2-whats-new-in-go-122-1'],
    );
  });

  it('not found: suggests a close heading when there is one', () => {
    const near = findSection(memo, 'Redis 分布式锁');
    assert.equal(near.kind, 'not-found');
    assert.equal((near as { suggestion?: MemoSection }).suggestion?.heading, 'Redis');
    const prefix = findSection(memo, '1. 核心');
    assert.equal((prefix as { suggestion?: MemoSection }).suggestion?.heading, '1. 核心难点');
    const slug = findSection(memo, '#redis-locks');
    assert.equal(slug.kind, 'not-found');
    const none = findSection(memo, 'Kafka consumer groups');
    assert.equal(none.kind, 'not-found');
    assert.equal((none as { suggestion?: MemoSection }).suggestion, undefined);
  });
});

/** What a full markdown-it parse (block and inline) says the headings are: the reference for parseMemo. */
function headingsByFullParse(text: string): Array<{ heading: string; line: number }> {
  const full = new MarkdownIt({ html: false });
  const lines = text.split(/\r\n|\r|\n/);
  // Front matter is blanked first (it would read as a setext heading), as parseMemo does.
  const close = lines[0]?.trim() === '---' ? lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...')) : -1;
  const source = lines.map((l, i) => (i <= close ? '' : l)).join('\n');
  const tokens = full.parse(source, {});
  const out: Array<{ heading: string; line: number }> = [];
  tokens.forEach((token, i) => {
    if (token.type !== 'heading_open' || !token.map) return;
    const children = tokens[i + 1]?.children ?? [];
    const text = children.map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : '')).join('');
    out.push({ heading: text.trim(), line: token.map[0] });
  });
  return out;
}

describe('memo headings without inline parsing of the body', () => {
  it('are the headings of a full parse, on the bundled memo and the seed memo', () => {
    for (const file of [path.join(__dirname, '../../walkthroughs/memo/golang-interview.md'), '/work/shared/seed/golang-interview-memo.md']) {
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8');
      const expected = headingsByFullParse(text);
      assert.ok(expected.length > 10, file);
      assert.deepEqual(parseMemo(file, text).sections.map((s) => ({ heading: s.heading, line: s.line })), expected);
    }
  });

  it('are the headings of a full parse for arbitrary markdown (markup, reference links, setext, code)', () => {
    const piece = fc.constantFrom('# ', '## ', '### ', '', '**b**', '`c`', '[x][r]', '[y](http://a)', '*e*', '\\#', '<b>', '&amp;', '中文', 'text', ' ', '\n', '\n\n', '===\n', '---\n', '```\n', '    code\n', '[r]: http://r\n', '> ', '- ', '1. ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        assert.deepEqual(parseMemo('/m.md', text).sections.map((s) => ({ heading: s.heading, line: s.line })), headingsByFullParse(text));
      }),
      { numRuns: 500, seed: 15 },
    );
  });
});
