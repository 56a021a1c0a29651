/**
 * `walkthrough import`: finding a memo's code references, resolving them against the current code
 * (path suffix, declaration, snippet), emitting a walkthrough that `check` accepts, and updating it
 * in place on re-import. The seed memo on the bundled sample is the model input; the other memos
 * here cite code in other styles.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkWorkspace } from '../../server/src/core/check';
import { matchPathSuffix, parseCodeLink, parseWebCodeLink, looksLikeCodePath } from '../../server/src/core/codePaths';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { importMemo, type ImportResult } from '../../server/src/core/memoImport/importMemo';
import { hasCodeReferences, lineMentions, scanMemo } from '../../server/src/core/memoImport/references';
import { SymbolIndex } from '../../server/src/core/symbols/symbolIndex';
import { parseWalkthrough } from '../../server/src/core/format/parseWalkthrough';
import { parse, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { lineOf } from './helpers';

const REPO = path.resolve(__dirname, '../..');
const SEED = '/work/shared/seed/golang-interview-memo.md';
const symbols = new SymbolIndex();

/** The bundled sample repo's files under `/ws`, in memory. */
function sampleFiles(prefix = '/ws'): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${rel}/${name}`);
      else files[`${prefix}${rel}/${name}`] = readFileSync(full, 'utf8');
    }
  };
  walk(path.join(REPO, 'sample-repo'), '');
  return files;
}

function seedMemo(): string {
  // The seed lives in the shared folder; the bundled memo is a copy of the same text.
  try {
    return readFileSync(SEED, 'utf8');
  } catch {
    return readFileSync(path.join(REPO, 'walkthroughs/memo/golang-interview.md'), 'utf8');
  }
}

async function run(fs: MemoryFileSystem, memoFile: string, root = '/ws', outFile = memoFile.replace(/\.md$/, '.walkthrough.yaml')): Promise<ImportResult> {
  const memoText = new TextDecoder().decode(await fs.readFile(memoFile));
  const existing = await fs.readFile(outFile);
  return importMemo({ fs, memoFile, memoText, root, outFile, symbols, ...(existing ? { existingYaml: new TextDecoder().decode(existing) } : {}) });
}

/** Imports, writes the result into the file system, and checks the workspace as `walkthrough check` would. */
async function importAndCheck(fs: MemoryFileSystem, memoFile: string, root = '/ws') {
  const result = await run(fs, memoFile, root);
  const outFile = memoFile.replace(/\.md$/, '.walkthrough.yaml');
  fs.write(outFile, result.yaml);
  const report = await checkWorkspace(fs, root);
  const walkthrough = report.engine.get(outFile);
  assert.ok(walkthrough, `the imported walkthrough loads:\n${result.yaml}`);
  return { result, report, walkthrough, outFile };
}

describe('code links as memos write them', () => {
  it('reads file://, vscode://file, relative paths, ?line=, #L10-L20 and :N', () => {
    assert.deepEqual(parseCodeLink('file:///Users/a/mxshop_srvs/inventory_srv/handler/inventory.go?line=56'), { path: '/Users/a/mxshop_srvs/inventory_srv/handler/inventory.go', line: 56 });
    assert.deepEqual(parseCodeLink('vscode://file/Users/a/x/order.go:120:5'), { path: '/Users/a/x/order.go', line: 120 });
    assert.deepEqual(parseCodeLink('../order_srv/handler/order.go#L10-L20'), { path: '../order_srv/handler/order.go', line: 10, endLine: 20 });
    assert.deepEqual(parseCodeLink('./a/b.go#L7'), { path: 'a/b.go', line: 7 });
    assert.deepEqual(parseCodeLink('order_srv/handler/order.go:353'), { path: 'order_srv/handler/order.go', line: 353 });
    assert.deepEqual(parseCodeLink('file:///C:/Users/a/x%20y/b.go'), { path: '/C:/Users/a/x y/b.go' });
    assert.equal(parseCodeLink('https://example.com/a.go'), undefined);
    assert.equal(parseCodeLink('#section'), undefined);
    assert.equal(parseCodeLink('command:walkthroughs.start'), undefined);
  });

  it('reads code-host links (GitHub, GitLab, raw) as paths inside the repository, for import', () => {
    assert.deepEqual(parseWebCodeLink('https://github.com/org/mxshop_srvs/blob/main/order_srv/handler/order.go#L10-L20'), { path: 'order_srv/handler/order.go', line: 10, endLine: 20 });
    assert.deepEqual(parseWebCodeLink('https://gitlab.com/g/sub/repo/-/blob/v1.2/a/b.py#L3'), { path: 'a/b.py', line: 3 });
    assert.deepEqual(parseWebCodeLink('https://raw.githubusercontent.com/org/repo/abc123/x/y.go'), { path: 'x/y.go' });
    assert.equal(parseWebCodeLink('https://go.dev/doc/effective_go'), undefined);
    assert.equal(parseWebCodeLink('file:///a/b.go'), undefined);
  });

  it('tells paths from code: srv_conn.go is a path, fmt.Println and .pb.go are not', () => {
    assert.equal(looksLikeCodePath('srv_conn.go'), true);
    assert.equal(looksLikeCodePath('order_srv/handler/order.go'), true);
    assert.equal(looksLikeCodePath('fmt.Println'), false);
    assert.equal(looksLikeCodePath('.pb.go'), false);
    assert.equal(looksLikeCodePath('global.InventorySrvClient.Sell'), false);
  });

  it('finds a path by its longest existing suffix, and says when the suffix is ambiguous', () => {
    const files = ['inventory_srv/handler/inventory.go', 'inventory_srv/model/inventory.go', 'order_srv/handler/order.go', 'x/order_web/api/order.go'];
    assert.deepEqual(matchPathSuffix('/Users/a/mxshop_srvs/inventory_srv/handler/inventory.go', files), { kind: 'found', file: 'inventory_srv/handler/inventory.go', suffix: 'inventory_srv/handler/inventory.go' });
    assert.deepEqual(matchPathSuffix('/other/machine/order_web/api/order.go', files), { kind: 'found', file: 'x/order_web/api/order.go', suffix: 'order_web/api/order.go' });
    const ambiguous = matchPathSuffix('inventory.go', files);
    assert.equal(ambiguous.kind, 'ambiguous');
    assert.equal(matchPathSuffix('/a/b/missing.go', files).kind, 'not-found');
  });
});

describe('finding references in the markdown', () => {
  it('line mentions in English and Chinese, as hints', () => {
    assert.deepEqual(lineMentions('获取锁 (Line 74-78)').map((l) => [l.start, l.end]), [[74, 78]]);
    assert.deepEqual(lineMentions('见第 74 行').map((l) => [l.start, l.end]), [[74, 74]]);
    assert.deepEqual(lineMentions('L74 and Lines 80–82').map((l) => [l.start, l.end]), [[74, 74], [80, 82]]);
    assert.deepEqual(lineMentions('Linear algebra, HTML5'), []);
  });

  it('walks headings, links (file: kept), inline code and fences; questions from headings and 面试官问', () => {
    const scan = scanMemo(
      [
        '# Memo',
        '## 1. 超卖',
        '面试官问到“如何保证不超卖”时：',
        '请打开 [inv.go](file:///Users/x/inventory_srv/handler/inventory.go?line=56) 查看 `Sell` 方法。',
        '```go',
        'tx := global.DB.Begin()',
        '```',
        '## 2. 为什么不用 FOR UPDATE？',
        '`order_srv/handler/order.go:ExecuteLocalTransaction`',
      ].join('\n'),
    );
    const link = scan.units.find((u) => u.paths.some((p) => p.kind === 'link'))!;
    assert.equal(link.paths[0]!.link.line, 56);
    assert.deepEqual(link.names, ['Sell']);
    assert.equal(link.section?.text, '1. 超卖');
    assert.equal(link.question, '如何保证不超卖？');
    const fence = scan.units.find((u) => u.kind === 'code')!;
    assert.equal(fence.code!.text.trim(), 'tx := global.DB.Begin()');
    const last = scan.units[scan.units.length - 1]!;
    assert.equal(last.paths[0]!.name, 'ExecuteLocalTransaction');
    assert.equal(last.question, '为什么不用 FOR UPDATE？');
    assert.equal(scan.title, 'Memo');
  });

  it('offers an import only for markdown that cites code: not a README with a shell snippet', () => {
    assert.equal(hasCodeReferences(scanMemo('# Tool\n\n```sh\nnpm install\n```\n')), false);
    assert.equal(hasCodeReferences(scanMemo('# Tool\n\nSee `src/main.go`.\n')), false);
    assert.equal(hasCodeReferences(scanMemo('# Memo\n\nSee `src/main.go`:\n\n```go\nfunc main() {}\n```\n')), true);
    assert.equal(hasCodeReferences(scanMemo('[a](file:///x/a.go?line=3) and [b](../b/b.go#L4)')), true);
  });

  it('ignores code-looking text inside fences that are not code, and links to the web', () => {
    const scan = scanMemo('see [docs](https://go.dev/x.go)\n```text\nmain.go:12\n```\n');
    assert.equal(scan.units.some((u) => u.paths.length > 0 || u.kind === 'code'), false);
  });
});

describe('the seed memo on the bundled sample (notes/memo.md)', () => {
  it('yields a walkthrough that check accepts, with a step inside each key function, each citing its section', async () => {
    const fs = new MemoryFileSystem({ ...sampleFiles(), '/ws/notes/memo.md': seedMemo() });
    const { result, report, walkthrough } = await importAndCheck(fs, '/ws/notes/memo.md');
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), [], 'zero errors in check');
    assert.ok(walkthrough.steps.every((s) => s.status === 'ok'), walkthrough.steps.map((s) => `${s.title}: ${s.status}`).join('\n'));
    for (const fn of ['InventoryServer.Sell', 'OrderServer.CreateOrder', 'OrderListener.ExecuteLocalTransaction', 'OrderListener.CheckLocalTransaction', 'AutoReback', 'InitSrvConn']) {
      const inside = result.steps.filter((s) => s.symbol === fn);
      assert.ok(inside.length > 0, `a step inside ${fn}`);
      assert.ok(inside.every((s) => s.section !== undefined), `${fn}: each step cites its section`);
      // The placed range really is inside the function now.
      const resolved = walkthrough.steps.find((s) => s.spec.symbol === fn)!;
      const code = new TextDecoder().decode(await fs.readFile(resolved.file!)).split('\n');
      const header = code.findIndex((line) => new RegExp(`func (?:\\([^)]*\\) )?${fn.split('.').pop()}\\(`).test(line));
      assert.ok(resolved.span!.start >= header, `${fn} step starts inside it`);
    }
    // Every step's section resolves to a memo heading (check would say section-not-found otherwise).
    assert.ok(walkthrough.steps.every((s) => s.section !== undefined));
    // The snippet under "获取 Redis 分布式锁 (Line 74-78)" lands on the current mutex line, not line 74.
    const lock = result.steps.find((s) => s.title.includes('获取 Redis 分布式锁'))!;
    const inventory = fs.readFile('/ws/inventory_srv/handler/inventory.go').then((b) => new TextDecoder().decode(b));
    assert.equal(lock.span!.start + 1, lineOf(await inventory, 'mutex := global.Rs.NewMutex'));
    assert.match(lock.anchor!, /global\.Rs\.NewMutex/);
    assert.equal(lock.question, '如何保证高并发下不超卖？');
  });

  it('lists what it could not place, and never writes it as a step', async () => {
    const fs = new MemoryFileSystem({ ...sampleFiles(), '/ws/notes/memo.md': seedMemo() });
    const { result } = await importAndCheck(fs, '/ws/notes/memo.md');
    const unplaced = result.report.filter((e) => !e.placed);
    assert.ok(unplaced.length > 0);
    for (const entry of unplaced) {
      assert.ok(entry.reason && entry.reason.length > 10, `a reason for memo line ${entry.memoLine}`);
      assert.equal(entry.step, undefined);
    }
    // "Line 289-293" alone names nothing that can be found in the current code.
    assert.ok(unplaced.some((e) => e.kind === 'line' && e.reference.includes('289-293')));
    // Every placed reference points at the step it produced.
    for (const entry of result.report.filter((e) => e.placed && e.step)) assert.ok(result.steps.some((s) => s.id === entry.step));
  });
});

const ORDER_GO = `package handler

import "context"

type OrderServer struct{}

// CreateOrder makes an order.
func (s *OrderServer) CreateOrder(ctx context.Context) error {
\tproducer := newProducer()
\tres, err := producer.SendMessageInTransaction(ctx, msg)
\tif err != nil {
\t\treturn err
\t}
\treturn nil
}

func (s *OrderServer) OrderList(ctx context.Context) error {
\treturn nil
}
`;

const DISCOVERY_GO = `package initialize

func InitSrvConn() error {
\tconn, err := grpc.Dial(
\t\tfmt.Sprintf("consul://%s:%d/%s?wait=14s", host, port, name),
\t\tgrpc.WithDefaultServiceConfig(\`{"loadBalancingPolicy": "round_robin"}\`),
\t)
\treturn err
}
`;

describe('memos that cite code in other styles', () => {
  const files = () => ({
    '/ws/services/order/handler/order.go': ORDER_GO,
    '/ws/services/order/initialize/discovery.go': DISCOVERY_GO,
  });

  it('relative links with #L, 第 N 行 with inline code, a bare declaration, a snippet without any path', async () => {
    const memo = [
      '# Order service notes',
      '## Placing an order',
      'See [the handler](../services/order/handler/order.go#L8-L15).',
      '第 10 行 `producer.SendMessageInTransaction` 发送半消息。',
      '## Service discovery？',
      '`InitSrvConn` dials consul:',
      '```go',
      'grpc.WithDefaultServiceConfig(`{"loadBalancingPolicy": "round_robin"}`),',
      '```',
      '## Gone',
      '```go',
      'func ThisCodeDoesNotExist() { panic("never") }',
      '```',
      'And [a moved file](/old/machine/services/order/handler/missing.go?line=3).',
    ].join('\n');
    const fs = new MemoryFileSystem({ ...files(), '/ws/docs/notes.md': memo });
    const { result, report, walkthrough } = await importAndCheck(fs, '/ws/docs/notes.md');
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
    const bySymbol = (name: string) => result.steps.filter((s) => s.symbol === name);
    // The relative link has no declaration next to it: a step about the whole file would be
    // redundant, because a more precise step of the same section landed in it.
    const send = result.steps.find((s) => s.anchor?.includes('SendMessageInTransaction'))!;
    assert.equal(send.file, 'services/order/handler/order.go');
    assert.equal(send.span!.start + 1, lineOf(ORDER_GO, 'SendMessageInTransaction'));
    assert.equal(send.symbol, 'OrderServer.CreateOrder');
    assert.equal(send.section, 'Placing an order');
    assert.equal(bySymbol('InitSrvConn').length, 2, 'the declaration and the snippet inside it');
    const balancer = bySymbol('InitSrvConn').find((s) => s.anchor?.includes('round_robin'))!;
    assert.equal(balancer.span!.start + 1, lineOf(DISCOVERY_GO, 'round_robin'));
    assert.equal(balancer.question, 'Service discovery？');
    // Not placed: the snippet that exists nowhere and the link to a file that is not there.
    const unplaced = result.report.filter((e) => !e.placed);
    assert.ok(unplaced.some((e) => e.kind === 'snippet' && e.reference.includes('ThisCodeDoesNotExist')));
    assert.ok(unplaced.some((e) => e.kind === 'link' && /missing\.go/.test(e.reason ?? '')));
    assert.ok(!result.yaml.includes('ThisCodeDoesNotExist'));
    assert.ok(walkthrough.steps.every((s) => s.status === 'ok'));
  });

  it('GitHub links, a Python snippet (no grammar needed) and a bare file name made unique by the file in context', async () => {
    const py = 'import os\n\n\ndef reserve(stock, num):\n    if stock.count < num:\n        raise ValueError("short")\n    stock.count -= num\n    return stock\n';
    const memo = [
      '# Notes',
      '## Order',
      'The handler: [order.go](https://github.com/acme/shop/blob/main/services/order/handler/order.go#L8-L15), see `CreateOrder`.',
      '## Stock (Python)',
      'In `stock/reserve.py`:',
      '```python',
      'if stock.count < num:',
      '    raise ValueError("short")',
      '```',
      'Later in `reserve.py`, line 7: `stock.count -= num`',
    ].join('\n');
    const fs = new MemoryFileSystem({ ...files(), '/ws/stock/reserve.py': py, '/ws/legacy/reserve.py': 'x = 1\n', '/ws/n.md': memo });
    const { result, report } = await importAndCheck(fs, '/ws/n.md');
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.ok(result.steps.some((s) => s.symbol === 'OrderServer.CreateOrder' && s.file === 'services/order/handler/order.go'));
    const check = result.steps.find((s) => s.file === 'stock/reserve.py' && s.anchor?.startsWith('if stock.count < num:'))!;
    assert.equal(check.span!.start + 1, lineOf(py, 'if stock.count < num'));
    // `reserve.py` alone is ambiguous (stock/, legacy/), but stock/reserve.py is the file in context.
    const deduct = result.steps.find((s) => s.anchor === 'stock.count -= num')!;
    assert.equal(deduct.file, 'stock/reserve.py');
  });

  it('a path alone (涉及文件) becomes a step about the file when nothing more precise lands in it', async () => {
    const memo = '# N\n## 服务发现\n**涉及文件**： `services/order/initialize/discovery.go`\n\n讲讲 consul。\n';
    const fs = new MemoryFileSystem({ ...files(), '/ws/n.md': memo });
    const { result, walkthrough } = await importAndCheck(fs, '/ws/n.md');
    assert.equal(result.steps.length, 1);
    assert.equal(result.steps[0]!.file, 'services/order/initialize/discovery.go');
    assert.equal(result.steps[0]!.span, undefined);
    assert.equal(walkthrough.steps[0]!.status, 'ok');
  });
});

describe('importing again', () => {
  const memo = ['# N', '## 下单', '`CreateOrder` 方法：', '```go', 'res, err := producer.SendMessageInTransaction(ctx, msg)', '```'].join('\n');

  it('updates anchors and lines in place and keeps the titles, questions and points the user wrote', async () => {
    const fs = new MemoryFileSystem({ '/ws/order.go': ORDER_GO, '/ws/n.md': memo });
    const first = await run(fs, '/ws/n.md');
    assert.equal(first.steps.length, 2);
    const edited = first.yaml.replace(/title: CreateOrder 方法/, 'title: 我的下单标题');
    // The user retitles the second step and adds a question and points to it.
    const userYaml = edited.replace(/(\n  - id: create-order-2[^\n]*\n    title: )[^\n]*/, '$1发半消息\n    question: 为什么先发半消息？\n    points: |\n      我自己的要点\n');
    assert.notEqual(userYaml, first.yaml, 'the test edits the file');
    fs.write('/ws/n.walkthrough.yaml', `# my own comment\n${userYaml}`);
    // The code moves down three lines.
    fs.write('/ws/order.go', ORDER_GO.replace('type OrderServer struct{}', 'type OrderServer struct{}\n\nvar x = 1\n'));

    const second = await run(fs, '/ws/n.md');
    assert.equal(second.error, undefined);
    assert.deepEqual(second.merge, { updated: 2, added: 0, kept: 0 });
    assert.match(second.yaml, /# my own comment/);
    assert.match(second.yaml, /title: 我的下单标题/);
    assert.match(second.yaml, /title: 发半消息/);
    assert.match(second.yaml, /question: 为什么先发半消息？/);
    assert.match(second.yaml, /我自己的要点/);
    assert.equal((second.yaml.match(/- id:/g) ?? []).length, 2, 'no duplicated steps');
    const moved = ORDER_GO.replace('type OrderServer struct{}', 'type OrderServer struct{}\n\nvar x = 1\n');
    assert.match(second.yaml, new RegExp(`lines: ${lineOf(moved, 'SendMessageInTransaction')}\\b`));
  });

  it('adds a new reference next to the steps it follows in the memo, keeps steps the memo no longer has', async () => {
    const fs = new MemoryFileSystem({ '/ws/order.go': ORDER_GO, '/ws/n.md': memo });
    const first = await run(fs, '/ws/n.md');
    fs.write('/ws/n.walkthrough.yaml', first.yaml);
    fs.write('/ws/n.md', `${memo.replace('`CreateOrder` 方法：', '`OrderList` 方法。')}\n`);
    const second = await run(fs, '/ws/n.md');
    assert.deepEqual(second.merge, { updated: 1, added: 1, kept: 1 });
    assert.match(second.yaml, /symbol: OrderServer\.OrderList/);
    assert.match(second.yaml, /symbol: OrderServer\.CreateOrder/);
  });

  /** The user's edits, made through the YAML document so that everything else (comments) stays. */
  function edit(yaml: string, change: (steps: YAMLSeq<YAMLMap>) => void): string {
    const doc = parseDocument(yaml);
    change(doc.get('steps', true) as YAMLSeq<YAMLMap>);
    return doc.toString({ lineWidth: 0 });
  }
  const stepsOf = (yaml: string) => (parse(yaml) as { steps: Array<Record<string, unknown>> }).steps;
  const sendLine = lineOf(ORDER_GO, 'SendMessageInTransaction');

  it('a step the user deleted stays deleted, and a retitled step keeps its own code', async () => {
    const fs = new MemoryFileSystem({ '/ws/order.go': ORDER_GO, '/ws/n.md': memo });
    const first = await run(fs, '/ws/n.md');
    assert.deepEqual(stepsOf(first.yaml).map((s) => s.id), ['create-order', 'create-order-2']);
    // Delete the method step, retitle the line step.
    fs.write('/ws/n.walkthrough.yaml', edit(first.yaml, (steps) => {
      steps.items.splice(0, 1);
      steps.items[0]!.set('title', '发半消息');
    }));
    const second = await run(fs, '/ws/n.md');
    const steps = stepsOf(second.yaml);
    assert.equal(steps.length, 1, `no step comes back, none is duplicated:\n${second.yaml}`);
    assert.equal(steps[0]!.title, '发半消息');
    assert.equal(steps[0]!.lines, sendLine, 'the retitled step stays on the line it was about');
    assert.equal(second.merge?.deleted, 1);
    // And again: nothing drifts on a third import.
    fs.write('/ws/n.walkthrough.yaml', second.yaml);
    assert.equal((await run(fs, '/ws/n.md')).yaml, second.yaml);
  });

  it('a name the memo gains does not take over a step the user edited, with or without the import\'s own comments', async () => {
    const before = ['# N', '## 下单', '```go', 'res, err := producer.SendMessageInTransaction(ctx, msg)', '```'].join('\n');
    for (const keepComments of [true, false]) {
      const fs = new MemoryFileSystem({ '/ws/order.go': ORDER_GO, '/ws/n.md': before });
      const first = await run(fs, '/ws/n.md');
      let userYaml = edit(first.yaml, (steps) => steps.items[0]!.set('title', '发半消息'));
      // A file from an older import, or one whose comments the user removed.
      if (!keepComments) userYaml = userYaml.replace(/^ *#[^\n]*\n/gm, '').replace(/ # memo-ref [0-9a-f]{12}/g, '');
      fs.write('/ws/n.walkthrough.yaml', userYaml);
      // The memo now names the method first (its range holds the line step's).
      fs.write('/ws/n.md', memo);
      const second = await run(fs, '/ws/n.md');
      const steps = stepsOf(second.yaml);
      assert.deepEqual(second.merge, { updated: 1, added: 1, kept: 0 }, second.yaml);
      const mine = steps.find((s) => s.title === '发半消息');
      assert.equal(mine?.lines, sendLine, `the user's step stays on its line (comments kept: ${keepComments})`);
      assert.equal(steps.filter((s) => s.symbol === 'OrderServer.CreateOrder' && s.lines !== sendLine).length, 1, 'the new name is a step of its own');
    }
  });

  it('a step whose `file` is a YAML alias is matched, and the alias is kept', async () => {
    const fs = new MemoryFileSystem({ '/ws/order.go': ORDER_GO, '/ws/n.md': memo });
    const first = await run(fs, '/ws/n.md');
    let n = 0;
    const aliased = first.yaml.replace(/file: order\.go/g, () => (n++ === 0 ? 'file: &code order.go' : 'file: *code'));
    assert.equal(n, 2);
    fs.write('/ws/n.walkthrough.yaml', edit(aliased, (steps) => steps.items[1]!.set('title', '发半消息')));
    const second = await run(fs, '/ws/n.md');
    assert.deepEqual(second.merge, { updated: 2, added: 0, kept: 0 }, second.yaml);
    assert.match(second.yaml, /file: &code order\.go/);
    assert.match(second.yaml, /file: \*code/);
    const parsed = parseWalkthrough('/ws/n.walkthrough.yaml', second.yaml);
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.steps.map((s) => s.file), ['order.go', 'order.go']);
    assert.equal(parsed.steps.find((s) => s.title === '发半消息')?.lines?.start, sendLine - 1);
  });

  it('a step of an older file (no memo-ref, no id) is marked once, and importing again changes nothing', async () => {
    const fs = new MemoryFileSystem({ '/ws/order.go': ORDER_GO, '/ws/n.md': memo });
    const first = await run(fs, '/ws/n.md');
    const older = first.yaml.replace(/^#[^\n]*\n/gm, '').replace(/ # memo-ref [0-9a-f]{12}/g, '').replace(/  - id: [^\n]*\n    title:/g, '  - title:');
    assert.doesNotMatch(older, /memo-ref|id:/);
    fs.write('/ws/n.walkthrough.yaml', older);
    const second = await run(fs, '/ws/n.md');
    assert.deepEqual(second.merge, { updated: 2, added: 0, kept: 0 });
    assert.equal((second.yaml.match(/# memo-ref /g) ?? []).length, 2, second.yaml);
    fs.write('/ws/n.walkthrough.yaml', second.yaml);
    assert.equal((await run(fs, '/ws/n.md')).yaml, second.yaml);
  });

  it('an existing file with an alias to no anchor is refused with a message, not a crash', async () => {
    const fs = new MemoryFileSystem({ '/ws/order.go': ORDER_GO, '/ws/n.md': memo, '/ws/n.walkthrough.yaml': 'title: T\nsteps:\n  - id: a\n    file: *nowhere\n' });
    const result = await run(fs, '/ws/n.md');
    assert.match(result.error ?? '', /\S/);
    assert.equal(result.yaml, 'title: T\nsteps:\n  - id: a\n    file: *nowhere\n');
  });

  it('refuses to touch an existing file that does not parse', async () => {
    const fs = new MemoryFileSystem({ '/ws/order.go': ORDER_GO, '/ws/n.md': memo, '/ws/n.walkthrough.yaml': 'title: [unclosed\nsteps:\n' });
    const result = await run(fs, '/ws/n.md');
    assert.match(result.error ?? '', /does not parse/);
    assert.equal(result.yaml, 'title: [unclosed\nsteps:\n');
  });
});

describe('memo import in every language', () => {
  const fixture = (file: string) => readFileSync(path.join(REPO, 'test/fixtures/languages', file), 'utf8');

  it('declaration names in inline code (`TourStore.saveTour`, `parse_items`, `Shop::Cart#add`), fences with a language tag, paths of any language', async () => {
    const memo = [
      '# Notes',
      '## Saving',
      'The store writes tours in `TourStore.saveTour`.',
      '## Parsing',
      'Items are read by `parse_items`.',
      '## Cart',
      'Lines are merged in `Shop::Cart#add`.',
      '## Ledger',
      '```rust',
      'self.accounts.get_mut(&from).unwrap().balance -= amount;',
      '```',
      '## Queue',
      'In `queue.c`, see `queue_pop`.',
    ].join('\n');
    const fs = new MemoryFileSystem({
      '/ws/src/store.ts': fixture('service.ts'),
      '/ws/orders/service.py': fixture('service.py'),
      '/ws/lib/cart.rb': fixture('cart.rb'),
      '/ws/bank/src/ledger.rs': fixture('service.rs'),
      '/ws/c/queue.c': fixture('queue.c'),
      '/ws/notes.md': memo,
    });
    const { result, report } = await importAndCheck(fs, '/ws/notes.md');
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
    const bySymbol = (name: string) => result.steps.find((s) => s.symbol === name);
    assert.equal(bySymbol('TourStore.saveTour')?.file, 'src/store.ts');
    assert.equal(bySymbol('parse_items')?.file, 'orders/service.py');
    assert.equal(bySymbol('Shop.Cart.add')?.file, 'lib/cart.rb');
    const ledger = result.steps.find((s) => s.anchor?.includes('get_mut(&from)'));
    assert.equal(ledger?.file, 'bank/src/ledger.rs');
    assert.equal(ledger?.symbol, 'Ledger.transfer');
    assert.equal(bySymbol('queue_pop')?.file, 'c/queue.c');
  });
});
