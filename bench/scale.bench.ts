/**
 * The scale series (issue 15): at 1k, 10k and 50k steps of the synthetic workspace
 * (scaleWorkload.ts), everything measured through the public surfaces, each number beside its floor:
 * - `walkthrough check DIR --json --no-cache` (the built CLI as a child): wall time, time per 1k steps, peak RSS
 *   and CPU time (the child preloads resourceUsage.cjs, which records `process.resourceUsage()` at exit); exit
 *   status and status counts checked against what the workload intends. Floor: readFloor.mjs, a
 *   plain script under the same node that walks the tree and reads every file (the faster of a
 *   bounded-concurrent and a synchronous run).
 * - the built server over stdio: cold load until the first CodeLens on the hot file, the first
 *   CodeLens after `initialized` (floor: a no-op request sent right after `initialized`),
 *   keystroke → refreshed CodeLens p50/p99 (floor: the no-op round trip on the loaded server),
 *   resident memory after load and peak (floor: the same server on an empty folder).
 * Benchmarks print, never assert. Each measurement has a timeout and reports "timed out after N s".
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { codeLenses, fileUri, lensesWhenReady, memoryOf, noopRoundTrip, REPO, SERVER, startServer, type Lens } from './lspClient';
import { countMismatches, formatTable, median, perThousand, row, spread, type Row, type Target } from './scaleReport';
import { STEPS_PER_FILE, writeScaleWorkload, type ScaleWorkload } from './scaleWorkload';

const CLI = path.join(REPO, 'dist', 'cli.js');
const READ_FLOOR = path.join(__dirname, 'readFloor.mjs');
const RESOURCE_USAGE = path.join(__dirname, 'resourceUsage.cjs');
const MEMORY_PROBE = path.join(__dirname, 'memoryProbe.cjs');
const MIB = 1024 * 1024;
const TARGET_SIZE = 10_000;
/** "Flat" cost per 1k steps: the largest size may cost at most this much more per 1k than the smallest. */
const FLAT_LIMIT = 1.25;
const SETTINGS = { codeLens: { enabled: true, mode: 'all' } };
/** The sample file whose first CodeLens is timed (as server.bench.ts always did). */
const SAMPLE_FILE = path.join(REPO, 'sample-repo', 'inventory_srv', 'handler', 'inventory.go');

export const DEFAULT_SIZES = [1_000, 10_000, 50_000];

export interface ScaleOptions {
  sizes: number[];
  /** Progress lines (stderr by default): the series takes minutes. */
  progress?: (line: string) => void;
  checkTimeoutMs?: number;
  loadTimeoutMs?: number;
  keystrokeTimeoutMs?: number;
  /** Time allowed for the keystroke samples at one size; fewer samples when they are slow. */
  keystrokeBudgetMs?: number;
  sampleRuns?: number;
}

export interface ScaleResult {
  rows: Row[];
  notes: string[];
  json: Record<string, unknown>;
}

export interface ChildRun {
  ms: number;
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Peak RSS in bytes and user + system CPU time, from resourceUsage.cjs; undefined when it did not report. */
  maxRss?: number;
  cpuMs?: number;
}

/** Runs `node ARGS` (the same node as this process), draining its output; kills it after `timeoutMs`. */
export function runNode(args: string[], timeoutMs: number): Promise<ChildRun> {
  const usageFile = path.join(tmpdir(), `cw-bench-usage-${process.pid}-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--require', RESOURCE_USAGE, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BENCH_USAGE_FILE: usageFile, LANG: 'C', LC_ALL: 'C' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (status, signal) => {
      const ms = performance.now() - start;
      clearTimeout(timer);
      let usage: { maxRss?: unknown; cpuMs?: unknown } = {};
      try {
        usage = JSON.parse(readFileSync(usageFile, 'utf8')) as typeof usage;
        rmSync(usageFile, { force: true });
      } catch {
        // Killed, or it never started: no usage to report.
      }
      const maxRss = typeof usage.maxRss === 'number' && usage.maxRss > 0 ? usage.maxRss : undefined;
      const cpuMs = typeof usage.cpuMs === 'number' && usage.cpuMs > 0 ? usage.cpuMs : undefined;
      resolve({ ms, status, signal, stdout, stderr, timedOut, ...(maxRss ? { maxRss } : {}), ...(cpuMs ? { cpuMs } : {}) });
    });
  });
}

/** "300 s", "0.5 s". */
export function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Number((ms / 1000).toFixed(1))} s`;
}

function failure(run: ChildRun, timeoutMs: number): string | undefined {
  if (run.timedOut) return `timed out after ${seconds(timeoutMs)}`;
  if (run.signal) return `killed by ${run.signal}`;
  return undefined;
}

export function statusCounts(report: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  const walkthroughs = (report as { walkthroughs?: Array<{ steps?: Array<{ status?: unknown }> }> }).walkthroughs;
  if (!Array.isArray(walkthroughs)) throw new Error('no "walkthroughs" array in the JSON report');
  for (const w of walkthroughs) for (const s of w.steps ?? []) counts[String(s.status)] = (counts[String(s.status)] ?? 0) + 1;
  return counts;
}

export const countsText = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');

export interface FloorResult {
  ms?: number;
  maxRss?: number;
  byMode: Record<string, { ms?: number; problem?: string }>;
  problem?: string;
}

/** The read floor: each mode three times (median), the faster mode wins. */
export async function readFloor(workload: ScaleWorkload, timeoutMs: number): Promise<FloorResult> {
  const byMode: FloorResult['byMode'] = {};
  let best: { ms: number; maxRss?: number } | undefined;
  for (const mode of ['concurrent', 'sync']) {
    const times: number[] = [];
    const rss: number[] = [];
    let problem: string | undefined;
    for (let i = 0; i < 3 && !problem; i++) {
      const run = await runNode([READ_FLOOR, workload.dir, `--mode=${mode}`], timeoutMs);
      problem = failure(run, timeoutMs) ?? (run.status !== 0 ? `exit status ${run.status}: ${run.stderr.trim()}` : undefined);
      if (problem) break;
      const read = JSON.parse(run.stdout) as { files: number; bytes: number };
      if (read.files !== workload.allFiles.length || read.bytes !== workload.bytes) {
        problem = `read ${read.files} files / ${read.bytes} B, the workload has ${workload.allFiles.length} / ${workload.bytes} B`;
        break;
      }
      times.push(run.ms);
      if (run.maxRss) rss.push(run.maxRss);
    }
    const ms = problem ? undefined : median(times);
    byMode[mode] = { ...(ms !== undefined ? { ms } : {}), ...(problem ? { problem } : {}) };
    if (ms !== undefined && (!best || ms < best.ms)) best = { ms, ...(rss.length ? { maxRss: median(rss) } : {}) };
  }
  if (!best) return { byMode, problem: Object.values(byMode).map((m) => m.problem).join('; ') };
  return { ms: best.ms, ...(best.maxRss ? { maxRss: best.maxRss } : {}), byMode };
}

interface CheckResult {
  ms?: number;
  runs: number[];
  /** Median user + system CPU time of the runs. */
  cpuMs?: number;
  maxRss?: number;
  counts?: Record<string, number>;
  problem?: string;
}

/** `walkthrough check DIR --json`: up to five runs while they fit in 20 s (at least one); the median counts. */
async function measureCheck(workload: ScaleWorkload, timeoutMs: number): Promise<CheckResult> {
  const runs: number[] = [];
  const rss: number[] = [];
  const cpu: number[] = [];
  let counts: Record<string, number> | undefined;
  const started = performance.now();
  while (runs.length < 5 && (runs.length === 0 || performance.now() - started < 20_000)) {
    // Cold every time: the parse cache (cache.bench.ts measures it) would make runs 2–5 warm.
    const run = await runNode([CLI, 'check', workload.dir, '--json', '--no-cache'], timeoutMs);
    const problem = failure(run, timeoutMs);
    if (problem) return { runs, problem };
    // Every step of the workload resolves (ok, moved, fuzzy): anything but 0 is a broken run.
    if (run.status !== 0) return { runs, problem: `exit status ${run.status}${run.stderr ? `: ${run.stderr.trim().split('\n')[0]}` : ''}` };
    try {
      counts = statusCounts(JSON.parse(run.stdout));
    } catch (error) {
      return { runs, problem: `unreadable JSON report: ${error instanceof Error ? error.message : String(error)}` };
    }
    runs.push(run.ms);
    if (run.maxRss) rss.push(run.maxRss);
    if (run.cpuMs) cpu.push(run.cpuMs);
  }
  const mismatches = countMismatches(counts ?? {}, { ...workload.intended });
  return {
    ms: median(runs),
    runs,
    ...(rss.length ? { maxRss: Math.max(...rss) } : {}),
    ...(cpu.length ? { cpuMs: median(cpu) } : {}),
    ...(counts ? { counts } : {}),
    ...(mismatches.length ? { problem: `status counts differ from the workload: ${mismatches.join(', ')}` } : {}),
  };
}

export interface ServerResult {
  coldLoadMs?: number;
  /** From spawn until every walkthrough is loaded (the server may answer the open file's CodeLens earlier). */
  fullLoadMs?: number;
  firstLensMs?: number;
  noopAfterInitializedMs?: number;
  lenses?: number;
  rssAfterLoad?: number;
  /** RSS once the server has been idle `idleRssAfterMs` after the load (its parse workers retired). */
  rssIdle?: number;
  /** Where the memory goes, taken right after rssAfterLoad (memoryProbe.cjs); undefined when the probe did not answer. */
  memory?: MemoryBreakdown;
  peakRss?: number;
  noop?: ReturnType<typeof spread>;
  keystrokes?: ReturnType<typeof spread>;
  keystrokeNote?: string;
  problem?: string;
}

/** process.memoryUsage() of the server (bytes), and its heap still in use after a full collection. */
export interface MemoryBreakdown {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** heapUsed after a full garbage collection (what the server keeps, not what it has not freed yet), when asked for. */
  heapRetained?: number;
}

/**
 * Asks memoryProbe.cjs in the server `pid` for its breakdown (it writes `file` on SIGUSR2); with
 * `collect`, also the heap retained after a full collection (which disturbs anything timed next).
 */
async function probeMemory(pid: number, file: string, collect: boolean, timeoutMs = 30_000): Promise<MemoryBreakdown | undefined> {
  rmSync(file, { force: true });
  if (collect) writeFileSync(`${file}.collect`, '');
  try {
    process.kill(pid, 'SIGUSR2');
    const deadline = performance.now() + timeoutMs;
    while (!existsSync(file)) {
      if (performance.now() > deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const report = JSON.parse(readFileSync(file, 'utf8')) as { before?: NodeJS.MemoryUsage; after?: NodeJS.MemoryUsage };
    if (!report.before) return undefined;
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = report.before;
    return { rss, heapTotal, heapUsed, external, arrayBuffers, ...(report.after ? { heapRetained: report.after.heapUsed } : {}) };
  } catch {
    return undefined;
  } finally {
    rmSync(file, { force: true });
    rmSync(`${file}.collect`, { force: true });
  }
}

/** "heap 57/125 MiB (retained/total), external 37 MiB (array buffers 2)": the breakdown beside an RSS. */
export function memoryNote(memory: MemoryBreakdown | undefined): string {
  if (!memory) return 'no breakdown (the memory probe did not answer)';
  const m = (bytes: number) => (bytes / MIB).toFixed(0);
  const retained = memory.heapRetained !== undefined ? `, ${m(memory.heapRetained)} retained after a full GC` : '';
  return `heap used ${m(memory.heapUsed)} of ${m(memory.heapTotal)} MiB${retained}; external ${m(memory.external)} MiB (array buffers ${m(memory.arrayBuffers)}, the rest mostly tree-sitter's wasm memory)`;
}

/** Starts the server on `folder`, races a no-op against the first CodeLens on `file`, then (optionally) types. */
export async function measureServer(
  folder: string,
  file: string,
  minLenses: number,
  options: { loadTimeoutMs: number; keystrokes: number; keystrokeTimeoutMs: number; keystrokeBudgetMs: number; cacheDir?: string; idleRssAfterMs?: number },
): Promise<ServerResult> {
  let noopAfterInitialized: Promise<number> | undefined;
  const memoryFile = path.join(tmpdir(), `cw-bench-memory-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const server = await startServer(folder, {
    settings: SETTINGS,
    nodeArgs: ['--require', MEMORY_PROBE],
    env: { BENCH_MEMORY_FILE: memoryFile },
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    afterInitialized: (connection) => {
      noopAfterInitialized = noopRoundTrip(connection);
    },
  });
  const result: ServerResult = {};
  try {
    const uri = fileUri(file);
    const text = readFileSync(file, 'utf8');
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: file.endsWith('.ts') ? 'typescript' : 'go', version: 1, text } });
    const first = await lensesWhenReady(server.connection, uri, (l) => l.length >= minLenses, options.loadTimeoutMs);
    const now = performance.now();
    result.noopAfterInitializedMs = await noopAfterInitialized;
    if (!first) {
      result.problem = `server load timed out after ${seconds(options.loadTimeoutMs)}`;
      return result;
    }
    result.coldLoadMs = now - server.spawned;
    result.firstLensMs = now - server.initialized;
    result.lenses = first.length;
    // The open file is served first; the rest loads behind it. `walkthroughs/list` waits for the
    // whole load, so memory and the keystrokes below are measured on the loaded workspace.
    await server.connection.sendRequest('walkthroughs/list', {});
    result.fullLoadMs = performance.now() - server.spawned;
    result.rssAfterLoad = memoryOf(server.pid).rss;
    // Garbage is collected for the retained heap only when no keystroke is timed after it.
    result.memory = await probeMemory(server.pid, memoryFile, options.keystrokes === 0);
    if (options.idleRssAfterMs !== undefined) {
      // The steady state: the server idle after its load (parse workers retire: serverSymbols.ts).
      await new Promise((resolve) => setTimeout(resolve, options.idleRssAfterMs));
      result.rssIdle = memoryOf(server.pid).rss;
    }

    if (options.keystrokes === 0) return result;
    const noop: number[] = [];
    for (let i = 0; i < 60; i++) {
      const ms = await noopRoundTrip(server.connection);
      if (i >= 10) noop.push(ms);
    }
    result.noop = spread(noop);

    // Typing: insert a line below `package` and ask for CodeLens until every lens moved down by one.
    const baseline = lensLines(first);
    const times: number[] = [];
    const warmup = 2;
    const started = performance.now();
    let version = 1;
    let stopped = '';
    for (let i = 1; i <= options.keystrokes + warmup; i++) {
      if (performance.now() - started > options.keystrokeBudgetMs) {
        stopped = `stopped after the ${seconds(options.keystrokeBudgetMs)} budget`;
        break;
      }
      version++;
      const t0 = performance.now();
      server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `// typed ${i}\n` }],
      });
      // A lens on line 0 (above the insertion) stays; every other one moves down by i.
      const expected = baseline.map((line) => (line >= 1 ? line + i : line)).join(',');
      const moved = await lensesWhenReady(server.connection, uri, (l) => lensLines(l).join(',') === expected, options.keystrokeTimeoutMs);
      if (!moved) {
        stopped = `a keystroke timed out after ${seconds(options.keystrokeTimeoutMs)}`;
        break;
      }
      if (i > warmup) times.push(performance.now() - t0);
    }
    if (times.length > 0) result.keystrokes = spread(times);
    else result.problem = stopped || 'no keystroke measured';
    result.keystrokeNote = stopped;
    result.peakRss = memoryOf(server.pid).peak;
    return result;
  } catch (error) {
    result.problem = error instanceof Error ? error.message : String(error);
    return result;
  } finally {
    if (result.peakRss === undefined) {
      const peak = memoryOf(server.pid).peak;
      if (Number.isFinite(peak)) result.peakRss = peak;
    }
    await server.stop();
  }
}

function lensLines(lenses: Lens[]): number[] {
  return lenses.map((l) => l.range.start.line).sort((a, b) => a - b);
}

/** The server's own footprint: loaded on an empty folder, after one answered request. */
async function idleServerRss(): Promise<number | undefined> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-bench-empty-'));
  const server = await startServer(dir, { settings: SETTINGS });
  try {
    await codeLenses(server.connection, fileUri(path.join(dir, 'none.go')));
    const { rss } = memoryOf(server.pid);
    return Number.isFinite(rss) ? rss : undefined;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `use` on a fresh workspace of `steps` steps in the temp folder, deleted afterwards. */
async function withWorkload<T>(steps: number, use: (workload: ScaleWorkload) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), `cw-bench-scale-${steps}-`));
  try {
    return await use(writeScaleWorkload(dir, steps));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The server's debounce, if the module that declares it today still does (the bench must run on any version). */
function debounceMs(): number | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const workspace = require('../server/src/runtime/workspace') as { CHANGE_DEBOUNCE_MS?: unknown };
    return typeof workspace.CHANGE_DEBOUNCE_MS === 'number' ? workspace.CHANGE_DEBOUNCE_MS : undefined;
  } catch {
    return undefined;
  }
}

const at = (size: number, target: Target): Target | undefined => (size === TARGET_SIZE ? target : undefined);
const mib = (bytes: number | undefined) => (bytes === undefined || !Number.isFinite(bytes) ? undefined : bytes / MIB);

export async function scaleSeries(options: ScaleOptions): Promise<ScaleResult> {
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const loadStart = loadavg()[0]!;
  const checkTimeoutMs = options.checkTimeoutMs ?? 300_000;
  const loadTimeoutMs = options.loadTimeoutMs ?? 300_000;
  const keystrokeTimeoutMs = options.keystrokeTimeoutMs ?? 60_000;
  const keystrokeBudgetMs = options.keystrokeBudgetMs ?? 60_000;
  const sampleRuns = options.sampleRuns ?? 5;
  const rows: Row[] = [];
  const notes: string[] = [];
  const missing = [CLI, SERVER].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    notes.push(`missing ${missing.map((f) => path.relative(REPO, f)).join(', ')} — run \`npm run build\` first`);
    return { rows, notes, json: { notes } };
  }

  // The bundled sample: first CodeLens after `initialized`, beside a no-op sent at the same moment.
  if (existsSync(SAMPLE_FILE)) {
    progress('scale: first CodeLens on the bundled sample');
    const firsts: number[] = [];
    const noops: number[] = [];
    let problem: string | undefined;
    for (let i = 0; i < sampleRuns && !problem; i++) {
      const r = await measureServer(REPO, SAMPLE_FILE, 1, { loadTimeoutMs: 30_000, keystrokes: 0, keystrokeTimeoutMs, keystrokeBudgetMs });
      problem = r.problem;
      if (r.firstLensMs !== undefined) firsts.push(r.firstLensMs);
      if (r.noopAfterInitializedMs !== undefined) noops.push(r.noopAfterInitializedMs);
    }
    const f = spread(firsts);
    rows.push(
      row({
        size: 'sample',
        name: 'first CodeLens after initialized (inventory.go)',
        unit: 'ms',
        ...(firsts.length ? { value: f.p50 } : {}),
        floor: { name: 'no-op after initialized', value: noops.length ? median(noops) : undefined },
        target: { on: 'value', limit: 300, label: '≤ 300 ms' },
        ...(problem ? { problem } : {}),
        note: `median of ${f.n} server starts, ${firsts.length ? `${Math.min(...firsts).toFixed(0)}–${f.max.toFixed(0)} ms` : ''}`,
        details: { runs: firsts, noopRuns: noops },
      }),
    );
  }

  // The fixed cost of a check (node start, grammar, discovery) on a workspace of one Go file: the
  // cost per 1k steps is compared after taking it away, else it flatters the small sizes.
  progress('scale: fixed cost of a check (5 steps)');
  const fixed = await withWorkload(STEPS_PER_FILE, (workload) => measureCheck(workload, checkTimeoutMs));
  if (fixed.problem || fixed.ms === undefined) notes.push(`fixed cost of a check (5 steps): ${fixed.problem ?? 'not measured'}`);
  const beyond = (ms: number | undefined, fixedMs: number | undefined, size: number) => (ms === undefined || fixedMs === undefined || ms <= fixedMs ? undefined : perThousand(ms - fixedMs, size));

  progress('scale: resident memory of a server on an empty folder');
  const idleRss = await idleServerRss().catch(() => undefined);
  const perK: Array<{ size: number; value: number }> = [];
  const bySize: Record<string, unknown> = {};

  for (const size of options.sizes) {
    progress(`scale ${size}: writing the workspace`);
    await withWorkload(size, async (workload) => {
      const dir = workload.dir;
      progress(`scale ${size}: ${workload.allFiles.length} files, ${(workload.bytes / MIB).toFixed(1)} MiB; read floor`);
      const floor = await readFloor(workload, 60_000);
      progress(`scale ${size}: walkthrough check`);
      const check = await measureCheck(workload, checkTimeoutMs);
      const checkPerK = perThousand(check.ms, size);
      const checkMarginal = beyond(check.ms, fixed.ms, size);
      const cpuMarginal = beyond(check.cpuMs, fixed.cpuMs, size);
      if (cpuMarginal !== undefined && !check.problem) perK.push({ size, value: cpuMarginal });
      const floorNote = Object.entries(floor.byMode)
        .map(([mode, m]) => `${mode} ${m.ms !== undefined ? `${m.ms.toFixed(0)} ms` : m.problem}`)
        .join(', ');
      const checkTarget = at(size, { on: 'ratio', limit: 3, label: '≤ 3× floor' });
      rows.push(
        row({
          size,
          name: 'check --json, wall time',
          unit: 'ms',
          ...(check.ms !== undefined ? { value: check.ms } : {}),
          floor: { name: 'read floor', value: floor.ms },
          ...(checkTarget ? { target: checkTarget } : {}),
          ...(check.problem ? { problem: check.problem } : {}),
          note: [check.counts ? countsText(check.counts) : '', `n=${check.runs.length}`, check.cpuMs !== undefined ? `cpu ${check.cpuMs.toFixed(0)} ms` : '', `floor: ${floorNote}`].filter(Boolean).join('; '),
          details: { runs: check.runs, counts: check.counts, intended: workload.intended, floorByMode: floor.byMode },
        }),
      );
      rows.push(
        row({
          size,
          name: 'check, time per 1k steps',
          unit: 'ms',
          ...(checkPerK !== undefined ? { value: checkPerK } : {}),
          ...(check.problem ? { problem: check.problem } : {}),
          note: `beyond the fixed cost: wall ${checkMarginal?.toFixed(0) ?? '—'} ms, cpu ${cpuMarginal?.toFixed(0) ?? '—'} ms per 1k`,
          details: { wallPerThousandBeyondFixedMs: checkMarginal ?? null, cpuPerThousandBeyondFixedMs: cpuMarginal ?? null, fixedCostMs: fixed.ms ?? null, fixedCpuMs: fixed.cpuMs ?? null },
        }),
      );
      rows.push(
        row({
          size,
          name: 'check, peak RSS (maxRSS)',
          unit: 'MiB',
          ...(mib(check.maxRss) !== undefined ? { value: mib(check.maxRss)! } : {}),
          floor: { name: 'read floor', value: mib(floor.maxRss) },
          ...(check.problem && check.maxRss === undefined ? { problem: check.problem } : {}),
        }),
      );

      progress(`scale ${size}: server — cold load, first CodeLens, keystrokes`);
      const keystrokes = size > TARGET_SIZE ? 20 : 50;
      const server = await measureServer(dir, workload.hotFile, workload.hotAnchorLines.length, { loadTimeoutMs, keystrokes, keystrokeTimeoutMs, keystrokeBudgetMs });
      const problem = server.problem;
      rows.push(
        row({
          size,
          name: 'server cold load → first CodeLens',
          unit: 'ms',
          ...(server.coldLoadMs !== undefined ? { value: server.coldLoadMs } : {}),
          floor: { name: 'read floor', value: floor.ms },
          ...(server.coldLoadMs === undefined && problem ? { problem } : {}),
          note: 'from spawn',
        }),
      );
      rows.push(
        row({
          size,
          name: 'server cold load → every walkthrough loaded',
          unit: 'ms',
          ...(server.fullLoadMs !== undefined ? { value: server.fullLoadMs } : {}),
          floor: { name: 'read floor', value: floor.ms },
          ...(server.fullLoadMs === undefined && problem ? { problem } : {}),
          note: 'from spawn; walkthroughs/list answers once the load is done',
        }),
      );
      rows.push(
        row({
          size,
          name: 'first CodeLens after initialized',
          unit: 'ms',
          ...(server.firstLensMs !== undefined ? { value: server.firstLensMs } : {}),
          floor: { name: 'no-op after initialized', value: server.noopAfterInitializedMs },
          ...(server.firstLensMs === undefined && problem ? { problem } : {}),
          ...(server.lenses !== undefined ? { note: `${server.lenses} lenses on the hot file` } : {}),
        }),
      );
      const k = server.keystrokes;
      const keyNote = k ? [`n=${k.n}`, `max ${k.max.toFixed(1)} ms`, server.keystrokeNote].filter(Boolean).join(', ') : undefined;
      rows.push(
        row({
          size,
          name: 'keystroke → CodeLens moved, p50',
          unit: 'ms',
          ...(k ? { value: k.p50 } : {}),
          floor: { name: 'no-op p50', value: server.noop?.p50 },
          ...(!k && problem ? { problem } : {}),
          ...(keyNote ? { note: keyNote } : {}),
        }),
      );
      const p99Target = at(size, { on: 'value', limit: 20, label: '≤ 20 ms' });
      rows.push(
        row({
          size,
          name: 'keystroke → CodeLens moved, p99',
          unit: 'ms',
          ...(k ? { value: k.p99 } : {}),
          floor: { name: 'no-op p99', value: server.noop?.p99 },
          ...(p99Target ? { target: p99Target } : {}),
          ...(!k && problem ? { problem } : {}),
          ...(keyNote ? { note: keyNote } : {}),
        }),
      );
      const rssTarget = at(size, { on: 'value', limit: 150, label: '≤ 150 MiB' });
      rows.push(
        row({
          size,
          name: 'server RSS after load (VmRSS)',
          unit: 'MiB',
          ...(mib(server.rssAfterLoad) !== undefined ? { value: mib(server.rssAfterLoad)! } : {}),
          floor: { name: 'idle server', value: mib(idleRss) },
          ...(rssTarget ? { target: rssTarget } : {}),
          ...(server.rssAfterLoad === undefined && problem ? { problem } : {}),
          note: memoryNote(server.memory),
        }),
      );
      rows.push(
        row({
          size,
          name: 'server peak RSS (VmHWM)',
          unit: 'MiB',
          ...(mib(server.peakRss) !== undefined ? { value: mib(server.peakRss)! } : {}),
          floor: { name: 'idle server', value: mib(idleRss) },
          note: server.keystrokes ? 'after the keystrokes' : 'when the measurement ended',
        }),
      );
      bySize[size] = { files: workload.allFiles.length, bytes: workload.bytes, floor, check, server };
    });
  }

  // Flat from the smallest to the largest size, and over the last step of the series: the smallest
  // size runs mostly before the JIT has warmed up, so the first ratio alone would flatter growth.
  const largest = perK[perK.length - 1];
  const pairs = perK.length >= 2 ? [perK[0]!, ...(perK.length >= 3 ? [perK[perK.length - 2]!] : [])] : [];
  for (const smaller of pairs) {
    rows.push(
      row({
        size: largest!.size,
        name: `check CPU per 1k beyond fixed, ${largest!.size / 1000}k ÷ ${smaller.size / 1000}k`,
        unit: 'x',
        value: largest!.value / smaller.value,
        target: { on: 'value', limit: FLAT_LIMIT, label: `≤ ${FLAT_LIMIT} (flat)` },
        note: `${largest!.value.toFixed(0)} vs ${smaller.value.toFixed(0)} ms CPU per 1k steps, after the ${fixed.cpuMs?.toFixed(0)} ms CPU of a 5-step check`,
      }),
    );
  }

  const debounce = debounceMs();
  notes.push(
    `Keystroke rows: didChange inserting a line, then textDocument/codeLens until every lens moved; a request flushes pending edits, so the debounce (${debounce === undefined ? 'CHANGE_DEBOUNCE_MS: not found' : `${debounce} ms, CHANGE_DEBOUNCE_MS`}) is not included — an idle editor sees it on top.`,
    'No-op floor: a request for an unknown method, answered MethodNotFound by the server (no workspace work).',
    'Read floor: bench/readFloor.mjs under the same node, the faster of bounded-concurrent (32 reads in flight) and synchronous reads of every file; check peak RSS and CPU time from process.resourceUsage() at exit (bench/resourceUsage.cjs preloaded). The per-1k flatness compares CPU time, which other work on a shared machine disturbs less than wall time.',
    `Machine load average (1 min) ${loadStart.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end, on ${cpus().length} cpus: other work on the machine shows in every number.`,
    `Targets apply at ${TARGET_SIZE / 1000}k steps (first CodeLens: on the sample); "flat" means the largest size costs at most ${FLAT_LIMIT}× the smallest's CPU time per 1k steps beyond the fixed cost of a 5-step check. MiB = 2^20 bytes.`,
  );
  const json = {
    machine: { loadAverage1m: { start: loadStart, end: loadavg()[0] }, cpus: cpus().length, cpuModel: cpus()[0]?.model, totalMemoryMiB: Math.round(totalmem() / MIB), node: process.version, platform: `${process.platform} ${process.arch}`, date: new Date().toISOString() },
    sizes: options.sizes,
    debounceMs: debounce ?? null,
    idleServerRssMiB: mib(idleRss) ?? null,
    checkFixedCost: fixed,
    rows,
    bySize,
    notes,
  };
  return { rows, notes, json };
}

export function printScale(result: ScaleResult): string[] {
  return ['Scale series (issue 15)', ...formatTable(result.rows), ...result.notes.map((n) => `  · ${n}`)];
}

export function writeResults(result: ScaleResult, file = path.join(__dirname, 'results.json')): string {
  writeFileSync(file, `${JSON.stringify(result.json, null, 2)}\n`);
  return file;
}
