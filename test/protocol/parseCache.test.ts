/**
 * The server keeps parses in the folder the client gives (initializationOptions.cacheDir, VS Code's
 * workspace storage) and reads them in the next session; without one it keeps nothing.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { languageFor } from '../../server/src/core/symbols/languages';
import { ParseCache } from '../../server/src/core/symbols/parseCache';
import { NodeParseCacheStore } from '../../server/src/parseCacheStore';
import { LspClient, removeWorkspace, tempWorkspace } from './lspClient';

const GO = 'package a\n\nfunc Helper() {}\n\n// padding\n\nfunc Other() {}\n';
const HELPER_LINE = 2;
const YAML = 'title: T\nid: t\nsteps:\n  - file: a.go\n    symbol: Helper\n';

async function lensLines(client: LspClient, file: string, lines: number): Promise<number[]> {
  // The first CodeLens may come before the file's steps are resolved: ask until the lenses are there.
  for (let i = 0; i < 100; i++) {
    const lenses = ((await client.codeLens(file)) ?? []) as CodeLens[];
    if (lenses.length >= lines) return lenses.map((l) => l.range.start.line).sort((a, b) => a - b);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`no CodeLens on ${file}; logs:\n${client.logs.join('')}`);
}

const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')) : []);

describe('parse cache in the server', () => {
  const temps: string[] = [];
  after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('writes parses to initializationOptions.cacheDir and reads them in the next session', async () => {
    const dir = tempWorkspace({ 'a.go': GO, 't.walkthrough.yaml': YAML });
    const storage = mkdtempSync(path.join(tmpdir(), 'cw-storage-'));
    temps.push(storage);
    const file = path.join(dir, 'a.go');
    try {
      const first = await LspClient.start({ folders: [dir], initializationOptions: { cacheDir: storage } });
      try {
        first.open(file, GO, 'go');
        assert.deepEqual(await lensLines(first, file, 1), [HELPER_LINE]);
        // Written once the load is done.
        for (let i = 0; i < 100 && entries(path.join(storage, 'parses')).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
        assert.equal(entries(path.join(storage, 'parses')).length, 1);
      } finally {
        await first.stop();
      }

      // The next session reads the entry instead of parsing: an entry that says (validly) that
      // Helper is on another line is believed, which shows where the declaration came from.
      const cache = new ParseCache(new NodeParseCacheStore(path.join(storage, 'parses')));
      await cache.put(languageFor(file)!, GO, { symbols: [{ name: 'Helper', kind: 'function', span: { start: 6, end: 6 } }], hasErrors: false, errorLines: [] });
      // An entry without facts is held until the cache settles (written once per run: parseCache.ts).
      await cache.settle();
      const second = await LspClient.start({ folders: [dir], initializationOptions: { cacheDir: storage } });
      try {
        second.open(file, GO, 'go');
        assert.deepEqual(await lensLines(second, file, 1), [6]);
      } finally {
        await second.stop();
      }

      // Without a cache folder the server parses (and keeps nothing anywhere).
      const third = await LspClient.start({ folders: [dir] });
      try {
        third.open(file, GO, 'go');
        assert.deepEqual(await lensLines(third, file, 1), [HELPER_LINE]);
      } finally {
        await third.stop();
      }
    } finally {
      removeWorkspace(dir);
    }
  });
});
