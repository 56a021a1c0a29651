/**
 * The read floor of the scale series: the best a plain Node script does on the same input. It
 * walks the directory tree (no symbolic links followed; the folders `walkthrough check` skips are
 * skipped here too) and reads every file whole, in one of two ways:
 * - `--mode=concurrent`: asynchronous walk and reads, at most CONCURRENCY reads in flight;
 * - `--mode=sync`: one synchronous walk and read after another. On a small machine with a warm page
 *   cache this is often the faster one: each asynchronous read pays a round trip through libuv's
 *   thread pool, which a 5 KB file does not repay.
 * The benchmark runs both and takes the faster as the floor. Prints `{"files":N,"bytes":N}` so the
 * caller can check that it read what the workload wrote.
 *
 * Plain JavaScript on purpose: it runs under the same `node` as `dist/cli.js`, with no loader.
 * Usage: node bench/readFloor.mjs DIR [--mode=concurrent|sync]
 */
import { readdirSync, readFileSync, readFile, promises as fsp } from 'node:fs';
import * as path from 'node:path';

const CONCURRENCY = 32;
const SKIPPED = new Set(['node_modules', '.git', 'dist', 'out', '.e2e', '.vscode-test']);

function walkSync(root) {
  const files = [];
  const folders = [root];
  while (folders.length > 0) {
    const folder = folders.pop();
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) folders.push(full);
      } else if (entry.isFile()) {
        files.push(full);
      }
    }
  }
  return files;
}

async function walkConcurrent(root) {
  const files = [];
  const visit = async (folder) => {
    const entries = await fsp.readdir(folder, { withFileTypes: true });
    const children = [];
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) children.push(full);
      } else if (entry.isFile()) {
        files.push(full);
      }
    }
    await Promise.all(children.map(visit));
  };
  await visit(root);
  return files;
}

/** Reads `files` with at most CONCURRENCY in flight (callback API: cheaper than fs/promises' chunked readFile). */
function readConcurrent(files) {
  let bytes = 0;
  let next = 0;
  return new Promise((resolve, reject) => {
    let running = 0;
    const start = () => {
      if (next >= files.length) {
        if (running === 0) resolve(bytes);
        return;
      }
      const file = files[next++];
      running++;
      readFile(file, (error, data) => {
        running--;
        if (error) return reject(error);
        bytes += data.length;
        start();
      });
    };
    for (let i = 0; i < Math.min(CONCURRENCY, files.length); i++) start();
    if (files.length === 0) resolve(0);
  });
}

async function main(argv) {
  const root = argv.find((a) => !a.startsWith('--')) ?? '.';
  const mode = (argv.find((a) => a.startsWith('--mode=')) ?? '--mode=concurrent').slice('--mode='.length);
  let files;
  let bytes = 0;
  if (mode === 'sync') {
    files = walkSync(root);
    for (const file of files) bytes += readFileSync(file).length;
  } else if (mode === 'concurrent') {
    files = await walkConcurrent(root);
    bytes = await readConcurrent(files);
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  process.stdout.write(`${JSON.stringify({ files: files.length, bytes })}\n`);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`readFloor: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
