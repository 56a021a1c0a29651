/**
 * Walkthrough results remembered across runs of `check` (issue 25, core/resultCache.ts):
 * (1) on random workspaces under random edits (code changed, moved, deleted, a file appearing that
 * a search finds, the walkthrough, its memo), a check that reuses remembered results reports
 * exactly what a check without any cache reports; (2) an untouched workspace is served wholly from
 * the cache; (3) corrupt, truncated, foreign-version and misplaced entries are ignored and
 * rewritten; (4) the folder is bounded.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkWorkspace, type CheckReport } from '../../server/src/core/check';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { ResultCache } from '../../server/src/core/resultCache';
import type { ParseCacheStore } from '../../server/src/core/symbols/parseCache';
import { WS } from './helpers';

/** A store in memory, with the digest the disk store uses. */
class MemoryStore implements ParseCacheStore {
  readonly entries = new Map<string, { text: string; usedAt: number }>();
  private clock = 0;
  async read(name: string) {
    const entry = this.entries.get(name);
    if (entry) entry.usedAt = ++this.clock;
    return entry?.text;
  }
  async write(name: string, text: string) {
    this.entries.set(name, { text, usedAt: ++this.clock });
  }
  async list() {
    return [...this.entries].map(([name, e]) => ({ name, bytes: e.text.length, usedAt: e.usedAt }));
  }
  async remove(name: string) {
    this.entries.delete(name);
  }
  digest(text: string) {
    return createHash('sha256').update(text).digest('hex');
  }
}

/** Everything `check` prints, and what `--changed` reads of the steps. */
function observe(report: CheckReport) {
  return {
    walkthroughs: report.walkthroughs,
    diagnostics: report.diagnostics,
    statusCounts: report.statusCounts,
    failed: report.failed,
    changed: report.engine.list().map((w) => ({ root: w.root, steps: w.steps.map((s) => [s.spec.index, s.spec.file, s.spec.id, s.file, s.span]) })),
  };
}

async function check(fs: MemoryFileSystem, results?: ResultCache) {
  const report = observe(await checkWorkspace(fs, WS, results ? { results } : {}));
  await results?.flush();
  return report;
}

function goFile(functions: ReadonlyArray<{ name: string; body: readonly string[] }>, pad: number): string {
  const lines = ['package shop', '', ...Array.from({ length: pad }, (_, i) => `// note ${i}`)];
  for (const f of functions) lines.push(`func ${f.name}(n int) int {`, ...f.body.map((l) => `\t${l}`), '\treturn n', '}', '');
  return lines.join('\n');
}

const STATEMENTS = ['x := n + 1', 'y := x * 2', 'n = helper(n)', 'fmt.Println(n)', 'n--', 'if n > 0 {\n\t\tn = 0\n\t}'];
const NAMES = ['Sell', 'Buy', 'Open', 'Close', 'helper'];

interface World {
  files: Map<string, string>;
}

/** The file names a step may name (some never exist at first; `b/` holds moved copies). */
const CODE_PATHS = ['a/shop.go', 'a/cart.go', 'a/gone.go', 'b/shop.go'];

const fnOf = (seed: readonly number[]) => (i: number) => ({ name: NAMES[i % NAMES.length]!, body: [STATEMENTS[(seed[i % seed.length] ?? i) % STATEMENTS.length]!, STATEMENTS[(i * 7) % STATEMENTS.length]!] });
const shopFile = (seed: readonly number[]) => goFile([fnOf(seed)(0), fnOf(seed)(1), fnOf(seed)(4)], 0);

function initialWorld(seed: number[]): World {
  const files = new Map<string, string>();
  const fn = fnOf(seed);
  // Half the workspaces start without the shop: steps there search for it, and it may appear later.
  if (seed[0]! % 2 === 1) files.set('a/shop.go', shopFile(seed));
  files.set('a/cart.go', goFile([fn(2), fn(3)], 1));
  files.set('docs/memo.md', '# Memo\n\n## Selling\n\nSell adds one.\n\n## Buying\n\nBuy doubles.\n');
  return { files };
}

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

const stepArb = fc.record({
  file: fc.nat(CODE_PATHS.length - 1),
  line: fc.nat(40),
  hint: fc.constantFrom('exact', 'off', 'none'),
  symbol: fc.constantFrom('none', 'Sell', 'Buy', 'Close', 'gone'),
  section: fc.constantFrom('none', 'selling', 'buying', 'nowhere'),
});

function walkthrough(id: string, next: string | undefined, steps: ReadonlyArray<ValueOf<typeof stepArb>>, world: World): string {
  const out = [`id: ${id}`, `title: Walkthrough ${id}`, 'memo: ../docs/memo.md', ...(next ? [`next: ${next}`] : []), 'steps:'];
  steps.forEach((s, i) => {
    const file = CODE_PATHS[s.file]!;
    const text = world.files.get(file) ?? shopFile([s.line]);
    const lines = text.split('\n');
    const at = s.line % lines.length;
    out.push(`  - id: s${i}`, `    title: Step ${i}`, `    file: ${file}`);
    if (s.hint === 'exact') out.push(`    lines: ${at + 1}`);
    else if (s.hint === 'off') out.push(`    lines: ${Math.max(1, at - 1)}`);
    if (lines[at]!.trim() !== '') out.push(`    anchor: ${JSON.stringify(lines[at]!.trim())}`);
    else if (s.hint === 'none') out.push(`    lines: ${at + 1}`);
    if (s.symbol !== 'none') out.push(`    symbol: ${s.symbol}`);
    if (s.section !== 'none') out.push(`    section: ${s.section}`);
  });
  return `${out.join('\n')}\n`;
}

/** One edit between two runs. */
const editArb = fc.oneof(
  fc.record({ kind: fc.constant('insert-lines' as const), file: fc.nat(CODE_PATHS.length - 1), at: fc.nat(30), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('change-line' as const), file: fc.nat(CODE_PATHS.length - 1), at: fc.nat(30) }),
  fc.record({ kind: fc.constant('rename-function' as const), file: fc.nat(CODE_PATHS.length - 1), name: fc.constantFrom(...NAMES) }),
  fc.record({ kind: fc.constant('delete' as const), file: fc.nat(CODE_PATHS.length - 1) }),
  fc.record({ kind: fc.constant('move' as const), from: fc.nat(CODE_PATHS.length - 1), to: fc.nat(CODE_PATHS.length - 1) }),
  fc.record({ kind: fc.constant('copy' as const), from: fc.nat(CODE_PATHS.length - 1), to: fc.nat(CODE_PATHS.length - 1) }),
  fc.record({ kind: fc.constant('create-shop' as const), at: fc.nat(CODE_PATHS.length - 1) }),
  fc.record({ kind: fc.constant('memo' as const), how: fc.constantFrom('drop-selling', 'rename-buying', 'delete', 'restore') }),
  fc.record({ kind: fc.constant('walkthrough' as const), which: fc.nat(1), how: fc.constantFrom('shift-hint', 'rename-id', 'drop-next', 'primary') }),
  fc.record({ kind: fc.constant('new-walkthrough' as const), id: fc.constantFrom('w0', 'w9') }),
  fc.record({ kind: fc.constant('nothing' as const) }),
);

function applyEdit(world: World, edit: ValueOf<typeof editArb>): void {
  const files = world.files;
  const pick = (i: number) => CODE_PATHS[i]!;
  switch (edit.kind) {
    case 'insert-lines': {
      const text = files.get(pick(edit.file));
      if (text === undefined) return;
      const lines = text.split('\n');
      lines.splice(edit.at % lines.length, 0, ...Array.from({ length: edit.count }, (_, i) => `// inserted ${i}`));
      files.set(pick(edit.file), lines.join('\n'));
      return;
    }
    case 'change-line': {
      const text = files.get(pick(edit.file));
      if (text === undefined) return;
      const lines = text.split('\n');
      const at = edit.at % lines.length;
      lines[at] = `${lines[at]!.replace(/[a-z]/, 'q')} // edited`;
      files.set(pick(edit.file), lines.join('\n'));
      return;
    }
    case 'rename-function': {
      const text = files.get(pick(edit.file));
      if (text !== undefined) files.set(pick(edit.file), text.replace(`func ${edit.name}(`, `func ${edit.name}Renamed(`));
      return;
    }
    case 'delete':
      files.delete(pick(edit.file));
      return;
    case 'move': {
      const text = files.get(pick(edit.from));
      if (text === undefined || edit.from === edit.to) return;
      files.delete(pick(edit.from));
      files.set(pick(edit.to), text);
      return;
    }
    case 'copy': {
      // A new file (nothing read before changes): only a folder listing can tell.
      const text = files.get(pick(edit.from));
      if (text !== undefined && !files.has(pick(edit.to))) files.set(pick(edit.to), text);
      return;
    }
    case 'create-shop':
      if (!files.has(pick(edit.at))) files.set(pick(edit.at), shopFile([edit.at]));
      return;
    case 'memo': {
      const memo = files.get('docs/memo.md');
      if (edit.how === 'delete') files.delete('docs/memo.md');
      else if (edit.how === 'restore') files.set('docs/memo.md', '# Memo\n\n## Selling\n\nSell adds one.\n\n## Buying\n\nBuy doubles.\n');
      else if (memo !== undefined) files.set('docs/memo.md', edit.how === 'drop-selling' ? memo.replace('## Selling', 'Selling') : memo.replace('## Buying', '## Purchasing'));
      return;
    }
    case 'walkthrough': {
      const file = `walkthroughs/w${edit.which}.walkthrough.yaml`;
      const text = files.get(file);
      if (text === undefined) return;
      if (edit.how === 'shift-hint') files.set(file, text.replace(/lines: (\d+)/, (_, n: string) => `lines: ${Number(n) + 2}`));
      else if (edit.how === 'rename-id') files.set(file, text.replace(/^id: w(\d)/m, 'id: w0'));
      else if (edit.how === 'drop-next') files.set(file, text.replace(/^next: .*\n/m, ''));
      else files.set(file, text.replace(/^title: /m, 'primary: true\ntitle: '));
      return;
    }
    case 'new-walkthrough':
      files.set(`walkthroughs/extra-${edit.id}.walkthrough.yaml`, `id: ${edit.id}\ntitle: Extra\nnext: w1\nsteps:\n  - id: e\n    title: E\n    file: a/shop.go\n    lines: 1\n`);
      return;
    case 'nothing':
      return;
  }
}

function fileSystem(world: World): MemoryFileSystem {
  return new MemoryFileSystem(Object.fromEntries([...world.files].map(([name, text]) => [`${WS}/${name}`, text])));
}

describe('result cache: reused results are the results', () => {
  it('on random workspaces under random edits, a check reusing results reports what a check without cache reports', async () => {
    let reusedSome = false;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(100), { minLength: 1, maxLength: 4 }),
        fc.array(stepArb, { minLength: 1, maxLength: 6 }),
        fc.array(stepArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.array(editArb, { minLength: 0, maxLength: 2 }), { minLength: 1, maxLength: 4 }),
        async (seed, steps0, steps1, rounds) => {
          const world = initialWorld(seed);
          world.files.set('walkthroughs/w0.walkthrough.yaml', walkthrough('w0', 'w1', steps0, world));
          world.files.set('walkthroughs/w1.walkthrough.yaml', walkthrough('w1', undefined, steps1, world));
          const store = new MemoryStore();
          assert.deepEqual(await check(fileSystem(world), new ResultCache(store)), await check(fileSystem(world)), 'first run');
          for (const edits of rounds) {
            for (const edit of edits) applyEdit(world, edit);
            const results = new ResultCache(store);
            const reused = await check(fileSystem(world), results);
            assert.deepEqual(reused, await check(fileSystem(world)), JSON.stringify({ edits, stats: results.stats }));
            if (results.stats.hits > 0) reusedSome = true;
          }
        },
      ),
      { numRuns: 60 },
    );
    assert.ok(reusedSome, 'some runs reused results');
  });

  it('an untouched workspace is served wholly from the cache; a touched code file resolves only its readers again', async () => {
    const world = initialWorld([1, 2, 3]);
    world.files.set('walkthroughs/w0.walkthrough.yaml', walkthrough('w0', 'w1', [{ file: 0, line: 4, hint: 'exact', symbol: 'Sell', section: 'selling' }], world));
    world.files.set('walkthroughs/w1.walkthrough.yaml', walkthrough('w1', undefined, [{ file: 1, line: 4, hint: 'off', symbol: 'none', section: 'none' }], world));
    const store = new MemoryStore();
    const cold = new ResultCache(store);
    const plain = await check(fileSystem(world));
    assert.deepEqual(await check(fileSystem(world), cold), plain);
    assert.deepEqual([cold.stats.hits, cold.stats.misses, cold.stats.writes], [0, 2, 2]);
    const warm = new ResultCache(store);
    assert.deepEqual(await check(fileSystem(world), warm), plain);
    assert.deepEqual([warm.stats.hits, warm.stats.misses, warm.stats.writes], [2, 0, 0]);
    // Lines inserted above w1's step: w1 is resolved again (its step moved), w0 is reused.
    applyEdit(world, { kind: 'insert-lines', file: 1, at: 0, count: 3 });
    const touched = new ResultCache(store);
    const after = await check(fileSystem(world), touched);
    assert.deepEqual(after, await check(fileSystem(world)));
    assert.deepEqual([touched.stats.hits, touched.stats.changed, touched.stats.writes], [1, 1, 1]);
    assert.equal(after.walkthroughs[1]!.steps[0]!.status, 'moved');
  });

  it('a file appearing where a search for a missing file looks is seen', async () => {
    const world = initialWorld([1]);
    world.files.set('walkthroughs/w0.walkthrough.yaml', 'id: w0\ntitle: W\nsteps:\n  - id: s\n    title: S\n    file: a/gone.go\n    symbol: Sell\n    anchor: "func Sell(n int) int {"\n');
    const shop = world.files.get('a/shop.go')!;
    world.files.delete('a/shop.go');
    const store = new MemoryStore();
    const first = await check(fileSystem(world), new ResultCache(store));
    assert.equal(first.walkthroughs[0]!.steps[0]!.status, 'missing');
    world.files.set('b/gone.go', shop);
    const results = new ResultCache(store);
    const second = await check(fileSystem(world), results);
    assert.deepEqual(second, await check(fileSystem(world)));
    assert.notEqual(second.walkthroughs[0]!.steps[0]!.status, 'missing', 'the moved file was found');
    assert.equal(results.stats.changed, 1);
  });
});

describe('result cache: entries are never trusted', () => {
  async function filled() {
    const world = initialWorld([3]);
    world.files.set('walkthroughs/w0.walkthrough.yaml', walkthrough('w0', undefined, [{ file: 0, line: 4, hint: 'exact', symbol: 'Sell', section: 'selling' }], world));
    const store = new MemoryStore();
    const plain = await check(fileSystem(world));
    await check(fileSystem(world), new ResultCache(store));
    assert.equal(store.entries.size, 1);
    const [name, entry] = [...store.entries][0]!;
    assert.match(entry.text, /"status":"ok"/, 'the damages below have something to damage');
    return { world, store, plain, name, text: entry.text };
  }

  const damages: Array<[string, (text: string) => string]> = [
    ['truncated', (text) => text.slice(0, Math.floor(text.length / 2))],
    ['a byte changed in the body', (text) => text.replace('"status":"ok"', '"status":"oh"')],
    ['a status changed with a matching digest length', (text) => text.replace('"status":"ok"', '"status":"missing"'.slice(0, '"status":"ok"'.length))],
    ['another version', (text) => text.replace(/"version":"[^"]*"/, '"version":"0.0.0-other"')],
    ['another format', (text) => text.replace(/"format":\d+/, '"format":999')],
    ['no header', (text) => text.slice(text.indexOf('\n') + 1)],
    ['not JSON', () => 'garbage\n{'],
    ['empty', () => ''],
  ];
  for (const [what, damage] of damages) {
    it(`${what}: ignored, resolved afresh, rewritten`, async () => {
      const { world, store, plain, name, text } = await filled();
      store.entries.set(name, { text: damage(text), usedAt: 0 });
      const results = new ResultCache(store);
      assert.deepEqual(await check(fileSystem(world), results), plain);
      assert.deepEqual([results.stats.hits, results.stats.rejected, results.stats.writes], [0, 1, 1]);
      assert.equal(store.entries.get(name)!.text, text, 'rewritten whole');
    });
  }

  it('an entry stored under another name (copied from another walkthrough) is not trusted', async () => {
    const { world, store, plain, name, text } = await filled();
    store.entries.delete(name);
    const other = new ResultCache(store).key('/elsewhere', 'x', 'y');
    store.entries.set(name, { text: text.replace(name, other), usedAt: 0 });
    const results = new ResultCache(store);
    assert.deepEqual(await check(fileSystem(world), results), plain);
    assert.equal(results.stats.rejected, 1);
  });

  it('a body of the wrong shape under a valid header and digest is not trusted', async () => {
    const { world, store, plain, name, text } = await filled();
    const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as Record<string, unknown>;
    const body = JSON.stringify({ inputs: [], walkthrough: { spec: 42 } });
    store.entries.set(name, { text: `${JSON.stringify({ ...header, bodyLength: body.length, bodyDigest: store.digest(body) })}\n${body}`, usedAt: 0 });
    const results = new ResultCache(store);
    assert.deepEqual(await check(fileSystem(world), results), plain);
    assert.equal(results.stats.rejected, 1);
  });

  it('the folder is bounded: least recently used entries go first, and the size is reported', async () => {
    const store = new MemoryStore();
    const world = initialWorld([3]);
    for (let i = 0; i < 6; i++) world.files.set(`walkthroughs/w${i}.walkthrough.yaml`, walkthrough(`w${i}`, undefined, [{ file: 0, line: 4 + i, hint: 'exact', symbol: 'none', section: 'none' }], world));
    await check(fileSystem(world), new ResultCache(store));
    const sizes = [...store.entries.values()].map((e) => e.text.length);
    const bound = sizes.reduce((a, b) => a + b, 0) - 1;
    const results = new ResultCache(store, { maxBytes: bound });
    await check(fileSystem(world), results);
    assert.ok(results.stats.evicted >= 1);
    assert.ok(results.stats.bytes !== undefined && results.stats.bytes <= bound, JSON.stringify(results.stats));
    assert.ok(store.entries.size < 6);
  });
});
