/**
 * The parse floors of the cache series (cache.bench.ts), beside readFloor.mjs's read floor: what a
 * plain Node script spends to read every file of the workload (synchronously), then to parse
 * every walkthrough's YAML (`yaml`'s parseDocument, as the engine does), then to parse every Go
 * file with tree-sitter (web-tree-sitter and tree-sitter-go, the engine's grammar), one after
 * another in one thread. Prints `{"files":N,"bytes":N,"readMs":…,"yamlMs":…,"parseMs":…}` and the CPU time of each phase (`readCpuMs`…);
 * with `--no-parse` the tree-sitter floor is skipped.
 *
 * Plain JavaScript on purpose: it runs under the same `node` as `dist/cli.js`, with no loader.
 * Usage: node bench/parseFloor.mjs DIR [--no-parse]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const SKIPPED = new Set(['node_modules', '.git', 'dist', 'out', '.e2e', '.vscode-test']);
const [dir] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const parse = !process.argv.includes('--no-parse');

const cpu = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const start = performance.now();
const readCpu0 = process.cpuUsage();
const files = [];
const folders = [dir];
while (folders.length > 0) {
  const folder = folders.pop();
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) folders.push(full);
    } else if (entry.isFile()) files.push(full);
  }
}
let bytes = 0;
const texts = files.map((file) => {
  const buffer = readFileSync(file);
  bytes += buffer.byteLength;
  return buffer.toString('utf8');
});
const readMs = performance.now() - start;
const readCpuMs = cpu(readCpu0);

const { parseDocument } = require('yaml');
const yamlStart = performance.now();
const yamlCpu0 = process.cpuUsage();
files.forEach((file, i) => {
  if (file.endsWith('.walkthrough.yaml')) parseDocument(texts[i]);
});
const yamlMs = performance.now() - yamlStart;
const yamlCpuMs = cpu(yamlCpu0);

let parseMs;
let parseCpuMs;
if (parse) {
  const { Parser, Language } = require('web-tree-sitter');
  await Parser.init();
  // The engine's grammars: Go's from its own package, TypeScript's from VS Code's.
  const grammars = {
    '.go': await Language.load(require.resolve('tree-sitter-go/tree-sitter-go.wasm')),
    '.ts': await Language.load(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-typescript.wasm')),
  };
  const parsers = Object.fromEntries(Object.entries(grammars).map(([extension, language]) => {
    const parser = new Parser();
    parser.setLanguage(language);
    return [extension, parser];
  }));
  const parseStart = performance.now();
  const parseCpu0 = process.cpuUsage();
  files.forEach((file, i) => {
    parsers[path.extname(file)]?.parse(texts[i])?.delete();
  });
  parseMs = performance.now() - parseStart;
  parseCpuMs = cpu(parseCpu0);
}
process.stdout.write(`${JSON.stringify({ files: files.length, bytes, readMs, readCpuMs, yamlMs, yamlCpuMs, ...(parseMs !== undefined ? { parseMs, parseCpuMs } : {}) })}\n`);
