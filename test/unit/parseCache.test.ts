/**
 * The parse cache (issue 25): a second run reads parses instead of making them, with results equal
 * to a fresh parse; an entry that is corrupt, truncated, of another version or grammar, or filed
 * under another content is never trusted but parsed again and rewritten; the store stays bounded.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { languageFor } from '../../server/src/core/symbols/languages';
import { ParseCache, type ParseCacheStore } from '../../server/src/core/symbols/parseCache';
import { SymbolIndex } from '../../server/src/core/symbols/symbolIndex';
import { NodeParseCacheStore } from '../../server/src/parseCacheStore';

const GO = `package shop

// Cart holds items.
type Cart struct{ items []string }

func (c *Cart) Add(item string) {
	// a comment
	c.items = append(c.items, item)
	c.save("cart")
}

func (c *Cart) save(name string) {}

func New() *Cart { return &Cart{} }
`;
const TS = `export class Shop {\n  open(): void {\n    this.log('x');\n  }\n  log(s: string) {}\n}\nfunction helper() { return new Shop(); }\n`;
const FILES: Array<[string, string]> = [['/w/cart.go', GO], ['/w/shop.ts', TS]];

/** A store in memory whose entries the tests can read and damage. */
class MemoryStore extends NodeParseCacheStore {
  readonly entries = new Map<string, { text: string; usedAt: number }>();
  clock = 0;
  constructor() {
    super('/nowhere');
  }
  override async read(name: string) {
    const entry = this.entries.get(name);
    if (entry) entry.usedAt = ++this.clock;
    return entry?.text;
  }
  override async write(name: string, text: string) {
    this.entries.set(name, { text, usedAt: ++this.clock });
  }
  override async list() {
    return [...this.entries].map(([name, e]) => ({ name, bytes: e.text.length, usedAt: e.usedAt }));
  }
  override async remove(name: string) {
    this.entries.delete(name);
  }
}

async function parseAll(index: SymbolIndex) {
  const results = [];
  for (const [file, text] of FILES) results.push(await index.symbols(file, text, { facts: true }));
  return results;
}

async function fresh() {
  return parseAll(new SymbolIndex());
}

describe('parse cache', () => {
  it('two parses of one text under way at once (with and without facts) leave the entry with facts, whatever order their writes end in', async () => {
    // A store whose first write ends last: without ordering, the parse without facts would win.
    class SlowFirstWrite extends MemoryStore {
      private first = true;
      override async write(name: string, text: string) {
        if (this.first) {
          this.first = false;
          await new Promise((resolve) => setTimeout(resolve, 30));
        }
        await super.write(name, text);
      }
    }
    const store = new SlowFirstWrite();
    const index = new SymbolIndex({ cache: new ParseCache(store) });
    await Promise.all([index.symbols('/w/a.go', GO), index.symbols('/w/b.go', GO, { facts: true })]);
    await index.flush();
    const warm = new ParseCache(store);
    assert.ok(await warm.get(languageFor('/w/a.go')!, GO, true), 'the entry has facts');
    assert.equal(warm.stats.misses, 0);
  });

  it('a second run hits every file and gives what a fresh parse gives', async () => {
    const store = new MemoryStore();
    const first = new ParseCache(store);
    const cold = await parseAll(new SymbolIndex({ cache: first }));
    await first.settle();
    assert.equal(first.stats.misses, FILES.length);
    assert.equal(first.stats.hits, 0);
    assert.equal(store.entries.size, FILES.length);
    const second = new ParseCache(store);
    const warm = await parseAll(new SymbolIndex({ cache: second }));
    assert.equal(second.stats.hits, FILES.length);
    assert.equal(second.stats.misses, 0);
    assert.deepEqual(warm, cold);
    assert.deepEqual(warm, await fresh());
    assert.ok(warm[0]!.symbols.some((s) => s.name === 'Cart.Add'), 'the Go declarations are there');
    assert.ok(warm[0]!.facts!.calls.some((c) => c.name === 'save'), 'the facts are there');
  });

  it('a changed file misses: the key is its content', async () => {
    const store = new MemoryStore();
    const cache = new ParseCache(store);
    await new SymbolIndex({ cache }).symbols('/w/cart.go', GO, { facts: true });
    const changed = GO.replace('func New()', 'func Make()');
    const result = await new SymbolIndex({ cache }).symbols('/w/cart.go', changed, { facts: true });
    assert.equal(cache.stats.hits, 0);
    assert.ok(result!.symbols.some((s) => s.name === 'Make'));
    assert.ok(!result!.symbols.some((s) => s.name === 'New'));
  });

  it('a file whose text changed within the session (typing) is parsed without asking or filling the cache', async () => {
    const store = new MemoryStore();
    const cache = new ParseCache(store);
    const index = new SymbolIndex({ cache });
    await index.symbols('/w/cart.go', GO, { facts: true });
    await cache.settle();
    const written = store.entries.size;
    const lookups = cache.stats.misses + cache.stats.hits;
    assert.equal(written, 1, 'the file as first read is remembered');
    // Ten keystrokes: ten texts no other run will see again.
    let text = GO;
    for (let i = 0; i < 10; i++) {
      text = text.replace('func New()', `// typed ${i}\nfunc New()`);
      const result = await index.symbols('/w/cart.go', text, { facts: true });
      assert.ok(result!.symbols.some((s) => s.name === 'New'), `keystroke ${i}: parsed`);
    }
    await cache.settle();
    assert.equal(cache.stats.misses + cache.stats.hits, lookups, 'no cache lookup per keystroke');
    assert.equal(store.entries.size, written, 'no cache entry per keystroke');
    // Another file first seen now still uses the cache.
    await index.symbols('/w/shop.ts', TS, { facts: true });
    await cache.settle();
    assert.equal(store.entries.size, written + 1);
  });

  it('an entry without facts does not answer a question about facts, and is rewritten with them', async () => {
    const store = new MemoryStore();
    const cache = new ParseCache(store);
    await new SymbolIndex({ cache }).symbols('/w/cart.go', GO);
    await cache.settle();
    const withFacts = await new SymbolIndex({ cache }).symbols('/w/cart.go', GO, { facts: true });
    await cache.settle();
    assert.ok(withFacts!.facts);
    assert.equal(cache.stats.hits, 0);
    const again = new ParseCache(store);
    assert.deepEqual(await new SymbolIndex({ cache: again }).symbols('/w/cart.go', GO, { facts: true }), withFacts);
    assert.equal(again.stats.hits, 1);
  });

  describe('each entry is written at most once per run', () => {
    class CountingStore extends MemoryStore {
      readonly written: string[] = [];
      override async write(name: string, text: string) {
        this.written.push(name);
        await super.write(name, text);
      }
    }

    it('a parse without facts, then one with them, of the same text: one write, with the facts', async () => {
      const store = new CountingStore();
      const cache = new ParseCache(store);
      const index = new SymbolIndex({ cache });
      await index.symbols('/w/a.go', GO);
      await index.symbols('/w/a.go', GO, { facts: true });
      await index.flush();
      assert.equal(store.written.length, 1, store.written.join(', '));
      assert.equal(cache.stats.writes, 1, 'the report counts what was written');
      const warm = new ParseCache(store);
      assert.ok(await warm.get(languageFor('/w/a.go')!, GO, true), 'the entry has facts');
    });

    it('two files with one text, both parsed with facts (or both without): one write', async () => {
      for (const facts of [true, false]) {
        const store = new CountingStore();
        const cache = new ParseCache(store);
        const index = new SymbolIndex({ cache });
        await Promise.all([index.symbols('/w/a.go', GO, { facts }), index.symbols('/w/b.go', GO, { facts })]);
        await index.flush();
        assert.equal(store.written.length, 1, `facts ${facts}: ${store.written.join(', ')}`);
        assert.equal(cache.stats.writes, 1);
      }
    });

    it('an entry without facts is written once nothing asks for its facts for a while, without a flush (a server left open)', async () => {
      const store = new CountingStore();
      const cache = new ParseCache(store, { holdMs: 10 });
      await new SymbolIndex({ cache }).symbols('/w/a.go', GO);
      for (let i = 0; i < 100 && store.written.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal(store.written.length, 1);
      await cache.settle();
      assert.equal(store.written.length, 1, 'settle writes nothing twice');
    });
  });

  const damages: Array<[string, (text: string) => string]> = [
    ['truncated', (text) => text.slice(0, Math.floor(text.length * 0.7))],
    ['cut at the header', (text) => text.slice(0, text.indexOf('\n'))],
    ['empty', () => ''],
    ['corrupt body (one declaration renamed, digest kept)', (text) => text.replace('"Cart.Add"', '"Cart.Pwn"')],
    ['corrupt body (not JSON)', (text) => `${text.slice(0, text.indexOf('\n') + 1)}{"symbols":[`],
    ['binary garbage', () => '\u0000\u0001\uFFFD\n\u0007'],
    ['another version', (text) => text.replace(/"version":"[^"]*"/, '"version":"0.0.0-other"')],
    ['another format', (text) => text.replace(/"format":\d+/, '"format":999')],
    ['another grammar', (text) => text.replace(/tree-sitter-go@[^:"]*/, 'tree-sitter-go@0.1.0')],
    ['a valid entry of another content', (text) => text],
  ];
  for (const [name, damage] of damages) {
    it(`an entry ${name} is ignored, parsed again and rewritten`, async () => {
      const store = new MemoryStore();
      const seed = new ParseCache(store);
      await new SymbolIndex({ cache: seed }).symbols('/w/cart.go', GO, { facts: true });
      await seed.settle();
      const [key] = [...store.entries.keys()];
      const good = store.entries.get(key!)!.text;
      if (name === 'a valid entry of another content') {
        // The entry of another file, filed under this file's key.
        const other = new MemoryStore();
        const otherCache = new ParseCache(other);
        await new SymbolIndex({ cache: otherCache }).symbols('/w/cart.go', GO.replace('func New()', 'func Other()'), { facts: true });
        await otherCache.settle();
        store.entries.set(key!, { text: [...other.entries.values()][0]!.text, usedAt: 0 });
      } else {
        store.entries.set(key!, { text: damage(good), usedAt: 0 });
      }
      const cache = new ParseCache(store);
      const result = await new SymbolIndex({ cache }).symbols('/w/cart.go', GO, { facts: true });
      await cache.settle();
      assert.equal(cache.stats.hits, 0, 'never trusted');
      assert.equal(cache.stats.rejected, 1);
      assert.deepEqual(result, (await fresh())[0], 'the result of a fresh parse');
      assert.equal(store.entries.get(key!)!.text, good, 'rewritten whole');
    });
  }

  it('a store that fails on every call leaves the results as without a cache', async () => {
    const failing: ParseCacheStore = {
      read: () => Promise.reject(new Error('EIO')),
      write: () => Promise.reject(new Error('EROFS')),
      list: () => Promise.reject(new Error('EIO')),
      remove: () => Promise.reject(new Error('EIO')),
      digest: (text) => new NodeParseCacheStore('/x').digest(text),
    };
    const cache = new ParseCache(failing);
    const index = new SymbolIndex({ cache });
    assert.deepEqual(await parseAll(index), await fresh());
    await index.flush();
    assert.equal(cache.stats.writeFailures, FILES.length);
    assert.equal(cache.stats.writes, 0);
  });

  it('trim removes the least recently used entries beyond the bound', async () => {
    const store = new MemoryStore();
    const cache = new ParseCache(store);
    const index = new SymbolIndex({ cache });
    const texts = Array.from({ length: 6 }, (_, i) => `package p\n\nfunc F${i}() {}\n`);
    for (const [i, text] of texts.entries()) await index.symbols(`/w/f${i}.go`, text);
    await cache.settle();
    const sizes = [...store.entries.values()].map((e) => e.text.length);
    // Use the first two again: they are the most recent now.
    const reader = new ParseCache(store, { maxBytes: sizes[0]! * 3 + 2 });
    for (const text of texts.slice(0, 2)) await new SymbolIndex({ cache: reader }).symbols('/w/x.go', text);
    await reader.trim();
    assert.ok(reader.stats.bytes! <= sizes[0]! * 3 + 2);
    assert.equal(reader.stats.evicted, 3);
    assert.equal(store.entries.size, 3);
    const kept = new ParseCache(store);
    for (const text of texts.slice(0, 2)) await new SymbolIndex({ cache: kept }).symbols('/w/y.go', text);
    assert.equal(kept.stats.hits, 2, 'the recently used entries stayed');
  });

  it('a long session trims itself every so many writes, without waiting for a flush', async () => {
    const store = new MemoryStore();
    const cache = new ParseCache(store, { maxBytes: 1, trimEveryWrites: 3 });
    const index = new SymbolIndex({ cache });
    // Three files (three edits of one file would be typing, which the cache leaves alone).
    for (let i = 0; i < 3; i++) await index.symbols(`/w/f${i}.go`, `package p\n\nfunc F${i}() {}\n`);
    await cache.settle();
    for (let i = 0; i < 20 && cache.stats.bytes === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(cache.stats.evicted, 3);
    assert.equal(store.entries.size, 0);
  });

  for (const synchronous of [false, true]) describe(`on disk${synchronous ? ', blocking (the CLI)' : ''}`, () => {
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

    it('a cache folder removed while a run writes is made again (folders are made once per run, not per write)', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cw-parse-cache-gone-'));
      dirs.push(dir);
      const store = new NodeParseCacheStore(path.join(dir, 'cache'), { synchronous });
      const name = 'ab'.padEnd(64, '0');
      await store.write(name, 'one');
      rmSync(path.join(dir, 'cache'), { recursive: true, force: true });
      await store.write(name, 'two');
      assert.equal(await store.read(name), 'two');
    });

    it('writes whole entries (no temporary file left), hits across instances, and trims the oldest', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cw-parse-cache-'));
      dirs.push(dir);
      const store = new NodeParseCacheStore(path.join(dir, 'cache'), { synchronous });
      const first = new SymbolIndex({ cache: new ParseCache(store) });
      const cold = await parseAll(first);
      await first.flush();
      const files = readdirSync(path.join(dir, 'cache'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      assert.equal(files.length, FILES.length);
      assert.ok(files.every((f) => /^[0-9a-f]{64}\.json$/.test(f.name)), files.map((f) => f.name).join(', '));
      const cache = new ParseCache(new NodeParseCacheStore(path.join(dir, 'cache'), { synchronous }));
      assert.deepEqual(await parseAll(new SymbolIndex({ cache })), cold);
      assert.equal(cache.stats.hits, FILES.length);

      // Truncate one entry on disk: rejected, rewritten whole.
      const entry = path.join((files[0] as unknown as { parentPath: string }).parentPath, files[0]!.name);
      const whole = readFileSync(entry, 'utf8');
      writeFileSync(entry, whole.slice(0, 20));
      const again = new ParseCache(new NodeParseCacheStore(path.join(dir, 'cache'), { synchronous }));
      const index = new SymbolIndex({ cache: again });
      assert.deepEqual(await parseAll(index), cold);
      await index.flush();
      assert.equal(again.stats.rejected, 1);
      assert.equal(readFileSync(entry, 'utf8'), whole);

      // The oldest entry goes first.
      const old = new Date(Date.now() - 3_600_000);
      utimesSync(entry, old, old);
      const bounded = new ParseCache(new NodeParseCacheStore(path.join(dir, 'cache'), { synchronous }), { maxBytes: statSync(entry).size + 10 });
      await bounded.trim();
      assert.equal(bounded.stats.evicted, 1);
      assert.throws(() => statSync(entry));

      // A temporary file a killed run left behind goes with the next trim; a fresh one (a write under way) stays.
      const shard = path.dirname(entry);
      const stale = path.join(shard, '.x.json.abc.tmp');
      const fresh = path.join(shard, '.y.json.def.tmp');
      writeFileSync(stale, 'partial');
      writeFileSync(fresh, 'partial');
      const longAgo = new Date(Date.now() - 3_600_000);
      utimesSync(stale, longAgo, longAgo);
      await new ParseCache(new NodeParseCacheStore(path.join(dir, 'cache'), { synchronous })).trim();
      assert.throws(() => statSync(stale));
      assert.ok(statSync(fresh).isFile());
    });
  });

  it('the key names the language: the same text in two languages is two entries', () => {
    const cache = new ParseCache(new MemoryStore());
    const text = 'x';
    assert.notEqual(cache.key(languageFor('a.ts')!, text), cache.key(languageFor('a.go')!, text));
    assert.notEqual(cache.key(languageFor('a.go')!, text), new ParseCache(new MemoryStore(), { version: 'next' }).key(languageFor('a.go')!, text));
  });
});
