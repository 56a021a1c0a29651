/**
 * Profiles the server's start-up on the bundled sample: `node --import tsx bench/profileStart.ts [DIR]`
 * starts dist/server.js with --cpu-prof, asks for the first CodeLens on inventory.go and prints
 * how long it took; the profile lands in DIR (default: a temp folder).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { lensesWhenReady, REPO, startServer } from './lspClient';

async function main(): Promise<void> {
  const dir = process.argv[2] ?? mkdtempSync(path.join(tmpdir(), 'cw-prof-'));
  const file = path.join(REPO, 'sample-repo', 'inventory_srv', 'handler', 'inventory.go');
  const server = await startServer(REPO, { nodeArgs: [`--cpu-prof`, `--cpu-prof-dir=${dir}`] });
  const uri = pathToFileURL(file).href;
  server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: readFileSync(file, 'utf8') } });
  const lenses = await lensesWhenReady(server.connection, uri, (l) => l.length > 0);
  console.log(`first CodeLens after initialized: ${(performance.now() - server.initialized).toFixed(0)} ms (${lenses?.length ?? 0} lenses); from spawn ${(performance.now() - server.spawned).toFixed(0)} ms; profile in ${dir}`);
  await server.stop();
}

void main();
