/**
 * Parse cost per language: the declarations of 100 KB of code (the language's fixture module
 * repeated), through SymbolIndex as resolution uses it. Cold: the grammar's first use in the
 * process (loading and compiling its wasm, then the parse); warm: later parses of new text (the
 * cache is keyed by content, so each run changes one line). The wasm runtime's own start-up is
 * printed apart. `npm run bench -- --languages` prints only this table.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stepLocation } from '../server/src/core/format/stepLocation';
import { LANGUAGES } from '../server/src/core/symbols/languages';
import { ensureParserRuntime } from '../server/src/core/symbols/parser';
import { SymbolIndex } from '../server/src/core/symbols/symbolIndex';
import { percentile, sample } from './stats';

const FIXTURES = path.join(__dirname, '../test/fixtures/languages');
const SIZE = 100 * 1024;

/** A fixture per language (Go: the bundled sample's inventory handler). */
function sourceFor(id: string): { file: string; text: string } | undefined {
  const fixtures: Record<string, string> = {
    typescript: 'service.ts', tsx: 'Panel.tsx', javascript: 'service.js', python: 'service.py', java: 'InventoryService.java', rust: 'service.rs',
    csharp: 'BookingService.cs', c: 'queue.c', cpp: 'cache.cpp', ruby: 'cart.rb', php: 'UserController.php',
  };
  if (id === 'go') {
    const go = path.join(__dirname, '../sample-repo/inventory_srv/handler/inventory.go');
    try {
      return { file: 'x.go', text: readFileSync(go, 'utf8') };
    } catch {
      return undefined;
    }
  }
  const name = fixtures[id];
  return name ? { file: name, text: readFileSync(path.join(FIXTURES, name), 'utf8') } : undefined;
}

/** `text` repeated to about 100 KB (a PHP file keeps one `<?php`). */
function grow(text: string): string {
  const body = text.replace(/^<\?php\n/, '');
  let out = text.startsWith('<?php') ? '<?php\n' : '';
  while (out.length < SIZE) out += `${body}\n`;
  return out;
}

export async function languagesBench(): Promise<string[]> {
  const out = ['Parse cost per language (declarations of 100 KB, ms per 100 KB)'];
  const started = performance.now();
  await ensureParserRuntime();
  out.push(`  wasm runtime start-up ${(performance.now() - started).toFixed(1)} ms (once per process)`);
  out.push(`  ${'language'.padEnd(12)} ${'cold'.padStart(9)} ${'warm p50'.padStart(9)} ${'warm p99'.padStart(9)}  declarations`);
  for (const language of LANGUAGES) {
    const source = sourceFor(language.id);
    if (!source) continue;
    const text = grow(source.text);
    const scale = SIZE / text.length;
    const index = new SymbolIndex();
    const file = `/bench/${path.basename(source.file, path.extname(source.file))}${language.extensions[0]}`;
    const coldStart = performance.now();
    const first = await index.symbols(file, text);
    const cold = (performance.now() - coldStart) * scale;
    const times = await sample(20, (i) => index.symbols(file, text.replace(/\n/, `\n${language.id === 'python' || language.id === 'ruby' ? '#' : '//'} ${i}\n`)));
    const warm = times.map((t) => t * scale);
    out.push(`  ${language.id.padEnd(12)} ${cold.toFixed(1).padStart(9)} ${percentile(warm, 50).toFixed(1).padStart(9)} ${percentile(warm, 99).toFixed(1).padStart(9)}  ${first?.symbols.length ?? 0}`);
  }
  return out;
}

const CLI = path.join(__dirname, '../dist/cli.js');

/**
 * `walkthrough check` on a mixed-language workspace of about `steps` steps: copies of every
 * language's fixture (one folder per copy), each line of a function body a step with its symbol
 * and anchor, 100 steps per walkthrough. Every step must come back ok: a broken run is reported,
 * never timed as a fast one.
 */
export async function mixedCheckBench(steps = 10_000): Promise<string[]> {
  if (!existsSync(CLI)) return ['mixed-language check: run `npm run build` first'];
  const index = new SymbolIndex();
  const perCopy: Array<{ file: string; text: string; steps: Array<{ line: number; symbol: string; anchor: string }> }> = [];
  for (const language of LANGUAGES) {
    const source = sourceFor(language.id);
    if (!source) continue;
    const lines = source.text.split('\n');
    const symbols = (await index.symbols(`/x/${source.file}`, source.text))?.symbols ?? [];
    const located = [];
    for (let line = 0; line < lines.length; line++) {
      if (lines[line]!.trim().replace(/[^\w]/g, '').length < 4) continue;
      const at = stepLocation(lines, { start: { line, character: 0 }, end: { line, character: 0 } }, symbols);
      if (at.ok && at.location.symbol) located.push({ line: line + 1, symbol: at.location.symbol, anchor: at.location.anchor });
    }
    perCopy.push({ file: source.file, text: source.text, steps: located });
  }
  const stepsPerCopy = perCopy.reduce((n, c) => n + c.steps.length, 0);
  const copies = Math.max(1, Math.round(steps / stepsPerCopy));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-mixed-'));
  try {
    const all: string[] = [];
    for (let copy = 0; copy < copies; copy++) {
      for (const { file, text, steps: located } of perCopy) {
        const rel = `c${copy}/${file}`;
        mkdirSync(path.join(dir, `c${copy}`), { recursive: true });
        writeFileSync(path.join(dir, rel), text);
        for (const step of located) all.push(`  - file: ${rel}\n    lines: ${step.line}\n    symbol: ${step.symbol}\n    anchor: ${JSON.stringify(step.anchor)}\n`);
      }
    }
    for (let i = 0; i * 100 < all.length; i++) writeFileSync(path.join(dir, `w${i}.walkthrough.yaml`), `title: w${i}\nsteps:\n${all.slice(i * 100, i * 100 + 100).join('')}`);
    const usageFile = path.join(dir, 'usage.json');
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--require', path.join(__dirname, 'resourceUsage.cjs'), CLI, 'check', dir, '--json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, BENCH_USAGE_FILE: usageFile },
    });
    const ms = performance.now() - started;
    if (run.status !== 0) return [`mixed-language check (${all.length} steps): exit ${run.status} — not timed (${(run.stderr || run.stdout).slice(0, 200)})`];
    const usage = existsSync(usageFile) ? (JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRss: number; cpuMs: number }) : undefined;
    const cpu = usage ? `, CPU ${(usage.cpuMs / 1000).toFixed(1)} s, peak RSS ${(usage.maxRss / 2 ** 20).toFixed(0)} MiB` : '';
    return [`mixed-language check: ${all.length} steps in ${copies * perCopy.length} files of ${perCopy.length} languages: wall ${(ms / 1000).toFixed(1)} s${cpu}, every step ok`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  languagesBench().then((lines) => console.log(lines.join('\n')), (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
