/**
 * The parse cache and worker series (issue 25), one run of each measurement, every number beside
 * its floor as a ratio. On the synthetic Go and TypeScript workspaces (scaleWorkload.ts) at each size, with
 * `symbol` on every step and with none:
 * - floors, measured in the same run: read (readFloor.mjs, the faster of its two modes), read +
 *   YAML (parseFloor.mjs: `yaml` on every walkthrough), read + YAML + tree-sitter (every code file);
 * - `walkthrough check --json`: cold (an empty cache folder), cold on one parse worker with no cache
 *   (does the pool pay on this machine?), cold with neither, warm (the cache present, nothing
 *   changed), warm after 1% of the code files changed;
 * - the built server: first CodeLens after `initialized` and RSS, cold (an empty cacheDir) and
 *   warm (the cacheDir the cold server filled), keystroke → CodeLens p99 on the warm one.
 * Wall time and CPU time (user + system of the whole process, workers included) are both printed:
 * on a shared machine the wall time carries other people's work, the CPU time much less of it.
 * Benchmarks print, never assert.
 */
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO } from './lspClient';
import { SERVER_PARSE_IDLE_MS } from '../server/src/serverSymbols';
import { countsText, measureServer, memoryNote, readFloor, runNode, statusCounts, type ChildRun } from './scale.bench';
import { formatTable, row, type Row, type Target } from './scaleReport';
import { writeScaleWorkload, type ScaleLanguage, type ScaleWorkload } from './scaleWorkload';

const CLI = path.join(REPO, 'dist', 'cli.js');
const PARSE_FLOOR = path.join(__dirname, 'parseFloor.mjs');
const TARGET_SIZE = 10_000;
const MIB = 1024 * 1024;
export const CACHE_SIZES = [1_000, 10_000];
export const CACHE_LANGUAGES: ScaleLanguage[] = ['go', 'typescript'];
const LANGUAGE_NAMES: Record<ScaleLanguage, string> = { go: 'Go', typescript: 'TypeScript' };

interface CheckRun {
  ms?: number;
  cpuMs?: number;
  maxRss?: number;
  cache?: { hits: number; misses: number; rejected: number; writes: number; bytes?: number } | null;
  /** Walkthrough results reused across runs (core/resultCache.ts). */
  results?: { hits: number; misses: number; changed: number; writes: number; bytes?: number } | null;
  counts?: Record<string, number>;
  problem?: string;
}

async function check(dir: string, flags: string[], timeoutMs: number): Promise<CheckRun> {
  const run: ChildRun = await runNode([CLI, 'check', dir, '--json', ...flags], timeoutMs);
  if (run.timedOut) return { problem: `timed out after ${Math.round(timeoutMs / 1000)} s` };
  if (run.status !== 0 && run.status !== 1) return { problem: `exit status ${run.status}: ${run.stderr.trim().split('\n')[0]}` };
  try {
    const report = JSON.parse(run.stdout) as { parseCache?: CheckRun['cache']; resultCache?: CheckRun['results'] };
    return { ms: run.ms, ...(run.cpuMs ? { cpuMs: run.cpuMs } : {}), ...(run.maxRss ? { maxRss: run.maxRss } : {}), cache: report.parseCache ?? null, results: report.resultCache ?? null, counts: statusCounts(report) };
  } catch (error) {
    return { problem: `unreadable JSON report: ${error instanceof Error ? error.message : String(error)}` };
  }
}

interface Floors {
  readMs?: number;
  readCpuMs?: number;
  yamlMs?: number;
  yamlCpuMs?: number;
  parseMs?: number;
  parseCpuMs?: number;
  problem?: string;
}

async function floors(workload: ScaleWorkload): Promise<Floors> {
  const read = await readFloor(workload, 60_000);
  const run = await runNode([PARSE_FLOOR, workload.dir], 300_000);
  if (run.status !== 0) return { ...(read.ms !== undefined ? { readMs: read.ms } : {}), problem: `parseFloor: exit status ${run.status}: ${run.stderr.trim()}` };
  const parsed = JSON.parse(run.stdout) as { files: number; readMs: number; readCpuMs: number; yamlMs: number; yamlCpuMs: number; parseMs: number; parseCpuMs: number };
  // The read floor's wall time is readFloor.mjs's best; its CPU time is parseFloor's synchronous read.
  return { readMs: read.ms ?? parsed.readMs, readCpuMs: parsed.readCpuMs, yamlMs: parsed.yamlMs, yamlCpuMs: parsed.yamlCpuMs, parseMs: parsed.parseMs, parseCpuMs: parsed.parseCpuMs };
}

const sum = (...values: Array<number | undefined>) => (values.every((v) => v !== undefined) ? values.reduce((a, b) => a! + b!, 0) : undefined);
const mib = (bytes: number | undefined) => (bytes === undefined || !Number.isFinite(bytes) ? undefined : bytes / MIB);

/** Changes `share` of the code files (a comment appended: same declarations, same statuses, new content). */
function touch(workload: ScaleWorkload, share: number): number {
  const count = Math.max(1, Math.round(workload.codeFiles.length * share));
  const step = Math.floor(workload.codeFiles.length / count);
  for (let i = 0; i < count; i++) appendFileSync(workload.codeFiles[i * step]!, `\n// touched by the benchmark ${i}\n`);
  return count;
}

export interface CacheSeriesResult {
  rows: Row[];
  notes: string[];
  json: Record<string, unknown>;
}

export async function cacheSeries(options: { sizes?: number[]; languages?: ScaleLanguage[]; symbols?: boolean[]; progress?: (line: string) => void; timeoutMs?: number } = {}): Promise<CacheSeriesResult> {
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const sizes = options.sizes ?? CACHE_SIZES;
  const timeoutMs = options.timeoutMs ?? 600_000;
  const rows: Row[] = [];
  const notes: string[] = [];
  const details: Record<string, unknown> = {};
  const loadStart = loadavg();
  const at = (size: number, target: Target): Target | undefined => (size === TARGET_SIZE ? target : undefined);

  const languages = options.languages ?? CACHE_LANGUAGES;
  for (const size of sizes) {
    for (const language of languages) for (const symbols of options.symbols ?? [true, false]) {
      const variant = `${LANGUAGE_NAMES[language]}, ${symbols ? 'symbol on every step' : 'no symbol'}`;
      const dir = mkdtempSync(path.join(tmpdir(), `cw-bench-cache-${size}-`));
      const cacheDir = mkdtempSync(path.join(tmpdir(), `cw-bench-cache-dir-${size}-`));
      const serverCache = mkdtempSync(path.join(tmpdir(), `cw-bench-server-cache-${size}-`));
      try {
        const workload = writeScaleWorkload(dir, size, { symbols, language });
        progress(`cache ${size} (${variant}): floors`);
        const floor = await floors(workload);
        const readYaml = sum(floor.readMs, floor.yamlMs);
        const readYamlParse = sum(floor.readMs, floor.yamlMs, floor.parseMs);
        const readYamlCpu = sum(floor.readCpuMs, floor.yamlCpuMs);
        const readYamlParseCpu = sum(floor.readCpuMs, floor.yamlCpuMs, floor.parseCpuMs);
        const label = (name: string) => `${name} (${variant})`;
        rows.push(
          row({ size, name: label('floor: read + YAML'), unit: 'ms', ...(readYaml !== undefined ? { value: readYaml } : {}), floor: { name: 'read', value: floor.readMs }, note: `cpu ${readYamlCpu?.toFixed(0)} ms (read ${floor.readCpuMs?.toFixed(0)} ms)`, ...(floor.problem ? { problem: floor.problem } : {}) }),
          row({ size, name: label('floor: read + YAML + tree-sitter'), unit: 'ms', ...(readYamlParse !== undefined ? { value: readYamlParse } : {}), floor: { name: 'read', value: floor.readMs }, note: `cpu ${readYamlParseCpu?.toFixed(0)} ms`, ...(floor.problem ? { problem: floor.problem } : {}) }),
        );

        progress(`cache ${size} (${variant}): check cold (empty cache)`);
        const cold = await check(dir, ['--cache', cacheDir], timeoutMs);
        progress(`cache ${size} (${variant}): check warm`);
        const warm = await check(dir, ['--cache', cacheDir], timeoutMs);
        const touched = touch(workload, 0.01);
        progress(`cache ${size} (${variant}): check warm after ${touched} code files changed`);
        const warmTouched = await check(dir, ['--cache', cacheDir], timeoutMs);
        progress(`cache ${size} (${variant}): check cold, no cache, no worker / one worker`);
        const bare = await check(dir, ['--no-cache', '--jobs=0'], timeoutMs);
        const pooled = symbols ? await check(dir, ['--no-cache', '--jobs=1'], timeoutMs) : undefined;

        const coldTarget = symbols ? at(size, { on: 'ratio', limit: 0.7, label: '≤ 0.7× read+YAML+parse' }) : at(size, { on: 'ratio', limit: 3, label: '≤ 3× read' });
        const coldFloor = symbols ? { name: 'read+YAML+parse', wall: readYamlParse, cpu: readYamlParseCpu } : { name: 'read', wall: floor.readMs, cpu: floor.readCpuMs };
        const resultNote = (run: CheckRun) => (run.results ? `; results: reused ${run.results.hits}, resolved ${run.results.misses} (${run.results.changed} changed), writes ${run.results.writes}${run.results.bytes !== undefined ? `, ${(run.results.bytes / MIB).toFixed(1)} MiB` : ''}` : '');
        const cacheNote = (run: CheckRun) => (run.cache ? `parses: hits ${run.cache.hits}, misses ${run.cache.misses}, writes ${run.cache.writes}${run.cache.bytes !== undefined ? `, ${(run.cache.bytes / MIB).toFixed(1)} MiB` : ''}${resultNote(run)}` : 'no cache');
        const checkRows = (name: string, run: CheckRun, floorOf: { name: string; wall: number | undefined; cpu: number | undefined }, target: Target | undefined, extra = '') => [
          row({
            size,
            name: label(`${name}, wall`),
            unit: 'ms',
            ...(run.ms !== undefined ? { value: run.ms } : {}),
            floor: { name: floorOf.name, value: floorOf.wall },
            ...(target ? { target } : {}),
            ...(run.problem ? { problem: run.problem } : {}),
            note: [cacheNote(run), run.counts ? countsText(run.counts) : '', extra].filter(Boolean).join('; '),
          }),
          row({
            size,
            name: label(`${name}, CPU`),
            unit: 'ms',
            ...(run.cpuMs !== undefined ? { value: run.cpuMs } : {}),
            floor: { name: `${floorOf.name} CPU`, value: floorOf.cpu },
            ...(target ? { target: { ...target, label: `${target.label} (CPU)` } } : {}),
            ...(run.problem ? { problem: run.problem } : {}),
            ...(run.maxRss ? { note: `peak RSS ${(run.maxRss / MIB).toFixed(0)} MiB` } : {}),
          }),
        ];
        const warmTarget = at(size, { on: 'ratio', limit: 3, label: '≤ 3× read' });
        const readFloorOf = { name: 'read', wall: floor.readMs, cpu: floor.readCpuMs };
        rows.push(
          ...checkRows('check cold (empty cache)', cold, coldFloor, coldTarget),
          ...checkRows('check cold, --no-cache --jobs=0', bare, coldFloor, undefined),
          ...(pooled ? checkRows('check cold, --no-cache --jobs=1 (one parse worker)', pooled, coldFloor, undefined, `vs --jobs=0: wall ${(pooled.ms! / bare.ms!).toFixed(2)}×, cpu ${(pooled.cpuMs! / bare.cpuMs!).toFixed(2)}×`) : []),
          ...checkRows('check warm (cache, nothing changed)', warm, readFloorOf, warmTarget),
          ...checkRows(`check warm, ${touched} code files (1%) changed`, warmTouched, readFloorOf, warmTarget),
        );
        const same = JSON.stringify(cold.counts) === JSON.stringify(warm.counts) && JSON.stringify(cold.counts) === JSON.stringify(bare.counts) && (!pooled || JSON.stringify(pooled.counts) === JSON.stringify(bare.counts));
        if (!same) notes.push(`${size} ${variant}: status counts differ between cold, warm, no-cache and pooled runs: ${JSON.stringify({ cold: cold.counts, warm: warm.counts, bare: bare.counts, pooled: pooled?.counts })}`);

        progress(`cache ${size} (${variant}): server cold (empty cacheDir), then warm`);
        const serverOptions = { loadTimeoutMs: timeoutMs, keystrokeTimeoutMs: 60_000, keystrokeBudgetMs: 60_000 };
        // The cold server is also measured once idle: its parse worker retires (serverSymbols.ts).
        const serverCold = await measureServer(dir, workload.hotFile, workload.hotAnchorLines.length, { ...serverOptions, keystrokes: 0, cacheDir: serverCache, idleRssAfterMs: SERVER_PARSE_IDLE_MS + 2_000 });
        const entries = readdirSync(serverCache, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).length;
        const serverWarm = await measureServer(dir, workload.hotFile, workload.hotAnchorLines.length, { ...serverOptions, keystrokes: size > TARGET_SIZE ? 0 : 50, cacheDir: serverCache });
        const lensTarget = at(size, { on: 'value', limit: 300, label: '≤ 300 ms' });
        const rssTarget = at(size, { on: 'value', limit: 150, label: '≤ 150 MiB' });
        for (const [name, server] of [['cold', serverCold], ['warm', serverWarm]] as const) {
          rows.push(
            row({
              size,
              name: label(`server first CodeLens after initialized, ${name}`),
              unit: 'ms',
              ...(server.firstLensMs !== undefined ? { value: server.firstLensMs } : {}),
              floor: { name: 'no-op after initialized', value: server.noopAfterInitializedMs },
              ...(lensTarget ? { target: lensTarget } : {}),
              ...(server.firstLensMs === undefined && server.problem ? { problem: server.problem } : {}),
              note: `full load ${server.fullLoadMs?.toFixed(0)} ms from spawn${name === 'cold' ? `; ${entries} cache entries written` : ''}`,
            }),
            row({
              size,
              name: label(`server RSS after load, ${name}`),
              unit: 'MiB',
              ...(mib(server.rssAfterLoad) !== undefined ? { value: mib(server.rssAfterLoad)! } : {}),
              ...(rssTarget ? { target: rssTarget } : {}),
              ...(server.rssAfterLoad === undefined && server.problem ? { problem: server.problem } : {}),
              note: memoryNote(server.memory),
            }),
            ...(server.rssIdle !== undefined
              ? [row({ size, name: label(`server RSS idle ${((SERVER_PARSE_IDLE_MS + 2_000) / 1000).toFixed(0)} s after load, ${name}`), unit: 'MiB', value: mib(server.rssIdle)!, ...(rssTarget ? { target: rssTarget } : {}), note: 'parse workers retired' })]
              : []),
          );
        }
        if (serverWarm.keystrokes) {
          const p99 = at(size, { on: 'value', limit: 20, label: '≤ 20 ms' });
          rows.push(
            row({
              size,
              name: label('keystroke → CodeLens p99, warm server'),
              unit: 'ms',
              value: serverWarm.keystrokes.p99,
              floor: { name: 'no-op p99', value: serverWarm.noop?.p99 },
              ...(p99 ? { target: p99 } : {}),
              note: `n=${serverWarm.keystrokes.n}, p50 ${serverWarm.keystrokes.p50.toFixed(1)} ms`,
            }),
          );
        }
        details[`${size}-${language}-${symbols ? 'symbols' : 'plain'}`] = { floor, cold, warm, warmTouched, bare, pooled, serverCold, serverWarm, touched };
      } finally {
        for (const d of [dir, cacheDir, serverCache]) rmSync(d, { recursive: true, force: true });
      }
    }
  }
  const loadEnd = loadavg();
  notes.push(
    `One run of each measurement. Load average (1/5/15 min) ${loadStart.map((l) => l.toFixed(1)).join('/')} at the start, ${loadEnd.map((l) => l.toFixed(1)).join('/')} at the end, on ${cpus().length} cpus (availableParallelism ${availableParallelism()}): wall times carry the machine's other work; CPU rows much less.`,
    'CPU = user + system time of the whole check process (parse workers included), from process.resourceUsage() at exit; floor CPU from parseFloor.mjs (one thread, synchronous reads).',
    'Cold = an empty --cache folder (the run writes it); warm = the same folder again; 1% changed = a comment appended to 1% of the code files. The server rows start dist/server.js with initializationOptions.cacheDir.',
    `Languages: ${languages.map((l) => LANGUAGE_NAMES[l]).join(', ')} (the same workload in each: scaleWorkload.ts writes a TypeScript class where the Go workload has a type with methods).`,
  );
  return { rows, notes, json: { machine: { loadAverage: { start: loadStart, end: loadEnd }, cpus: cpus().length, node: process.version, date: new Date().toISOString() }, sizes, rows, notes, details } };
}

export function printCache(result: CacheSeriesResult): string[] {
  return ['Parse cache and workers (issue 25)', ...formatTable(result.rows), ...result.notes.map((n) => `  · ${n}`)];
}

async function main(): Promise<void> {
  const flag = process.argv.find((a) => a.startsWith('--sizes='));
  const sizes = flag ? flag.slice('--sizes='.length).split(',').map((s) => Number(s.trim().replace(/k$/i, '000'))) : CACHE_SIZES;
  const languageFlag = process.argv.find((a) => a.startsWith('--languages='));
  const languages = languageFlag ? languageFlag.slice('--languages='.length).split(',').map((l) => l.trim()).filter((l): l is ScaleLanguage => l in LANGUAGE_NAMES) : CACHE_LANGUAGES;
  // --symbols=with or --symbols=without: only the rows of one variant (a shorter run).
  const symbolsFlag = process.argv.find((a) => a.startsWith('--symbols='))?.slice('--symbols='.length);
  const symbols = symbolsFlag === 'with' ? [true] : symbolsFlag === 'without' ? [false] : [true, false];
  const result = await cacheSeries({ sizes, languages, symbols });
  for (const line of printCache(result)) console.log(line);
  const out = path.join(__dirname, 'cache-results.json');
  writeFileSync(out, `${JSON.stringify(result.json, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
