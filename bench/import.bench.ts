/** `walkthrough import` benchmarks: the seed memo on the bundled sample, and on the sample plus many more Go files. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { importMemo } from '../server/src/core/memoImport/importMemo';
import { NodeFileSystem } from '../server/src/core/nodeFileSystem';
import { SymbolIndex } from '../server/src/core/symbols/symbolIndex';
import { mib } from './stats';
import { generateGo } from './workload';

const REPO = path.resolve(__dirname, '..');

async function once(dir: string, label: string): Promise<string> {
  const memoFile = path.join(dir, 'notes', 'memo.md');
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  const result = await importMemo({ fs: new NodeFileSystem(), memoFile, memoText: readFileSync(memoFile, 'utf8'), root: dir, outFile: path.join(dir, 'notes', 'memo.walkthrough.yaml'), symbols: new SymbolIndex() });
  const ms = performance.now() - start;
  const placed = result.report.filter((e) => e.placed).length;
  return `import: ${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  ${result.steps.length} steps, ${placed}/${result.report.length} references placed, heap +${mib(process.memoryUsage().heapUsed - heapBefore)}`;
}

export async function importBench(extraFiles = Number(process.env.BENCH_IMPORT_FILES ?? 2000)): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-bench-import-'));
  try {
    cpSync(path.join(REPO, 'sample-repo'), dir, { recursive: true });
    mkdirSync(path.join(dir, 'notes'));
    cpSync(path.join(REPO, 'walkthroughs', 'memo', 'golang-interview.md'), path.join(dir, 'notes', 'memo.md'));
    const out = [await once(dir, 'seed memo on the sample (cold parser)')];
    out.push(await once(dir, 'seed memo on the sample (warm)'));
    const { code } = generateGo(40);
    for (let i = 0; i < extraFiles; i++) {
      const sub = path.join(dir, 'extra', `pkg${Math.floor(i / 50)}`);
      mkdirSync(sub, { recursive: true });
      writeFileSync(path.join(sub, `file${i}.go`), code.replace(/Handle(\d+)/g, `Handle${i}_$1`));
    }
    out.push(await once(dir, `… plus ${extraFiles} Go files (${(extraFiles * 40).toLocaleString('en')} functions)`));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
