/** `walkthrough import` benchmarks: the seed memo on the bundled sample, and on the sample plus many more Go files. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemoryFileSystem } from '../server/src/core/fileSystem';
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

/**
 * Hostile memos of issue 19 (the memo limit is 5 MB): many headings, many headings each citing a
 * file, many inline names over many Go files, code blocks found nowhere, many names in one big
 * file, and a re-import of a large walkthrough. Each must take time linear in its size. Sizes
 * scale with BENCH_IMPORT_SCALE (1 = the sizes).
 *
 * Measured on the shared 2-core machine (load ~24, so CPU time; wall clock was 5-15x more), before
 * the fix (da75c4a) → after, CPU ms:
 *   headings naming a declaration   2,000: 1,925 → 1,026   4,000: 2,833 → 1,763   8,000: → 1,676
 *   headings citing a file          5,000: 2,900 → 1,003  10,000: 13,756 → 1,990  20,000: → 2,641
 *   inline names over Go files  2,500/500: 9,923 → 2,422  5,000/1,000: 37,872 → 4,833
 *                                10,000/2,000: → 8,554 (before: quadratic, ~150 s extrapolated)
 *   names in one big Go file        2,500: 2,989 → 1,056   5,000: 10,327 → 1,563
 *   re-import (merge)               1,250: 996 → 1,032     2,500: 1,721 → 1,392    5,000: → 2,006
 */
export async function hostileImportBench(scale = Number(process.env.BENCH_IMPORT_SCALE ?? 1)): Promise<string[]> {
  const n = (count: number) => Math.max(1, Math.round(count * scale));
  const symbols = new SymbolIndex();
  const out: string[] = [];
  const time = async (label: string, files: Record<string, string>, memo: string, existing?: (first: string) => string): Promise<void> => {
    const fs = new MemoryFileSystem(files);
    const options = { fs, memoFile: '/ws/notes/memo.md', memoText: memo, root: '/ws', outFile: '/ws/notes/memo.walkthrough.yaml', symbols };
    let existingYaml: string | undefined;
    if (existing) existingYaml = existing((await importMemo(options)).yaml);
    const start = performance.now();
    const cpu = process.cpuUsage();
    const result = await importMemo({ ...options, ...(existingYaml !== undefined ? { existingYaml } : {}) });
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    // CPU time too: on a shared machine the wall clock mostly measures the neighbours.
    out.push(`import (hostile): ${label.padEnd(52)} ${ms.toFixed(0).padStart(7)} ms (cpu ${((used.user + used.system) / 1000).toFixed(0).padStart(6)} ms)  ${result.steps.length} steps, memo ${mib(memo.length)}`);
  };
  const { code } = generateGo(40);
  const goFiles = (count: number) => {
    const files: Record<string, string> = {};
    for (let i = 0; i < count; i++) files[`/ws/pkg${Math.floor(i / 50)}/file${i}.go`] = code.replace(/Handle(\d+)/g, `Handle${i}_$1`);
    return files;
  };

  const headings = n(8000);
  const few = goFiles(20);
  await time(`${headings.toLocaleString('en')} headings naming a declaration`, few, Array.from({ length: headings }, (_, i) => `## Topic ${i}\n\n\`Handle${i % 20}_${i % 40}\` 方法。\n`).join('\n'));
  const citing = n(20000);
  await time(`${citing.toLocaleString('en')} headings each citing a file`, few, Array.from({ length: citing }, (_, i) => `## Topic ${i}\n\n涉及文件：\`pkg0/file${i % 20}.go\`\n`).join('\n'));
  const names = n(10000);
  const many = goFiles(n(2000));
  await time(`${names.toLocaleString('en')} inline names over ${Object.keys(many).length.toLocaleString('en')} Go files`, many, `# Names\n\n${Array.from({ length: names }, (_, i) => `- \`Missing${i}\` and \`Handle${i % 2000}_${i % 40}\``).join('\n')}\n`);
  const snippets = n(5000);
  const some = goFiles(n(500));
  await time(
    `${snippets.toLocaleString('en')} code blocks found nowhere, over ${Object.keys(some).length.toLocaleString('en')} Go files`,
    some,
    `# Snippets\n\n\`\`\`go\nfunc (s *Server) Handle0_1(goods int, num int) error {\n\`\`\`\n\n${Array.from({ length: snippets }, (_, i) => `\`\`\`go\nresult${i} := compute(${i}, "nothing like this ${i}")\nother${i} := again(result${i}, "or this either")\n\`\`\``).join('\n\n')}\n`,
  );
  const decls = n(10000);
  const big = generateGo(decls).code;
  await time(
    `${decls.toLocaleString('en')} names, each a function of one ${mib(big.length)} Go file`,
    { '/ws/big.go': big },
    `# Big\n\n涉及文件：\`big.go\`\n\n${Array.from({ length: decls }, (_, i) => `- \`Handle${i}\``).join('\n')}\n`,
  );
  const merged = n(5000);
  await time(`re-import of ${merged.toLocaleString('en')} steps (merge)`, few, Array.from({ length: merged }, (_, i) => `## Topic ${i}\n\n\`Handle${i % 20}_${i % 40}\` 方法。\n`).join('\n'), (first) => first);
  return out;
}
