/** Memo links that point at code resolve to the workspace's copy of the file; the rest become text. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFile, resolveCodeLink } from '../../server/src/core/codePaths';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { linkTargets, rewriteLinks } from '../../server/src/features/codeLinks';
import { untrustedMarkdown } from '../../server/src/features/markdown';

const fs = new MemoryFileSystem({
  '/ws/inventory_srv/handler/inventory.go': 'package handler\n',
  '/ws/inventory_srv/model/inventory.go': 'package model\n',
  '/ws/docs/memo.md': '# memo\n',
  '/outside/secret.go': 'package secret\n',
});

describe('resolving code links', () => {
  it('a path from another machine, by its longest existing suffix, with the line', async () => {
    assert.deepEqual(await resolveCodeLink(fs, 'file:///Users/me/mxshop_srvs/inventory_srv/handler/inventory.go?line=56', ['/ws/docs'], ['/ws']), { file: '/ws/inventory_srv/handler/inventory.go', line: 56 });
    assert.deepEqual(await resolveCodeLink(fs, 'vscode://file/Users/me/x/inventory_srv/model/inventory.go:12:3', ['/ws/docs'], ['/ws']), { file: '/ws/inventory_srv/model/inventory.go', line: 12 });
  });

  it('a suffix that starts below the root, through the listing (code in a subfolder of the workspace)', async () => {
    const nested = new MemoryFileSystem({ '/ws/sample-repo/inventory_srv/handler/inventory.go': 'package handler\n' });
    const href = 'file:///Users/me/mxshop_srvs/inventory_srv/handler/inventory.go?line=56';
    assert.equal(await resolveCodeLink(nested, href, ['/ws/notes'], ['/ws']), undefined, 'probing alone does not see it');
    const list = async () => ['sample-repo/inventory_srv/handler/inventory.go', 'other/inventory.go'];
    assert.deepEqual(await resolveCodeLink(nested, href, ['/ws/notes'], ['/ws'], list), { file: '/ws/sample-repo/inventory_srv/handler/inventory.go', line: 56 });
  });

  it('relative links against the memo folder first, with #L ranges', async () => {
    assert.deepEqual(await resolveCodeLink(fs, '../inventory_srv/model/inventory.go#L3-L9', ['/ws/docs'], ['/ws']), { file: '/ws/inventory_srv/model/inventory.go', line: 3, endLine: 9 });
  });

  it('nothing outside the roots, nothing that does not exist, no web links', async () => {
    assert.equal(await resolveCodeLink(fs, 'file:///outside/secret.go', ['/ws/docs'], ['/ws']), undefined);
    assert.equal(await resolveCodeLink(fs, '../../outside/secret.go', ['/ws/docs'], ['/ws']), undefined);
    assert.equal(await resolveCodeLink(fs, 'file:///Users/me/nowhere/gone.go?line=3', ['/ws/docs'], ['/ws']), undefined);
    assert.equal(await resolveCodeLink(fs, 'https://example.com/inventory.go', ['/ws/docs'], ['/ws']), undefined);
    assert.equal(await isFile(fs, '/ws/inventory_srv'), false);
  });
});

describe('rewriting links in markdown', () => {
  const text = [
    '请打开 [inventory.go](file:///Users/me/inventory_srv/handler/inventory.go?line=56) 查看。',
    'Gone: [old.go](file:///Users/me/old.go). Web: [docs](https://go.dev).',
    '`[not a link](file:///x.go)` and',
    '```',
    '[in a fence](file:///y.go)',
    '```',
  ].join('\n');

  it('finds link targets outside code only', () => {
    assert.deepEqual(linkTargets(text), ['file:///Users/me/inventory_srv/handler/inventory.go?line=56', 'file:///Users/me/old.go', 'https://go.dev']);
  });

  it('new target, plain label, or untouched', () => {
    const rewrite = (href: string) => (href.includes('inventory') ? 'file:///ws/inventory_srv/handler/inventory.go#L56' : href.includes('old.go') ? null : undefined);
    const out = rewriteLinks(text, rewrite);
    assert.match(out, /\[inventory\.go\]\(file:\/\/\/ws\/inventory_srv\/handler\/inventory\.go#L56\)/);
    assert.match(out, /Gone: old\.go\. Web: \[docs\]\(https:\/\/go\.dev\)\./);
    assert.match(out, /`\[not a link\]\(file:\/\/\/x\.go\)`/);
    assert.match(out, /\[in a fence\]\(file:\/\/\/y\.go\)/);
  });

  it('the targets it finds are the ones the sanitizer asks about (a path with spaces or CJK characters too)', () => {
    const memo = '见 [订单处理](<file:///Users/me/订单 服务/order.go?line=3>) 和 [库存](inventory_srv/库存.go#L9)';
    const found = linkTargets(memo);
    assert.equal(found.length, 2, JSON.stringify(found));
    const targets = new Map(found.map((href, i) => [href, `file:///ws/target-${i}.go`]));
    const asked: string[] = [];
    const out = untrustedMarkdown(memo, { rewriteLink: (href) => (asked.push(href), targets.get(href)) });
    assert.deepEqual(asked.sort(), [...found].sort(), 'the sanitizer looks up exactly the collected targets');
    assert.match(out, /\[订单处理\]\(file:\/\/\/ws\/target-0\.go\)/);
    assert.match(out, /\[库存\]\(file:\/\/\/ws\/target-1\.go\)/);
  });

  it('the hover sanitizer applies the same rewrite and still escapes HTML and command links', () => {
    const out = untrustedMarkdown('<b>x</b> [a](file:///Users/me/old.go) [n](file:///Users/me/new.go) [c](command:evil)', {
      rewriteLink: (href) => (href.includes('new.go') ? 'file:///ws/new.go#L3' : undefined),
    });
    assert.equal(out.includes('<b>'), false);
    assert.equal(out.includes('command:'), false, 'a command link is shown as its text');
    assert.equal(out.includes('old.go'), false, 'an unresolved code link is shown as its label');
    assert.match(out, /\[n\]\(file:\/\/\/ws\/new\.go#L3\)/);
  });
});
