/**
 * The CLI as users and CI run it: `node dist/cli.js check DIR [--json] [--fix]` on real temporary
 * folders. dist/cli.js is rebuilt first when it is missing or older than the server sources.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv4 from 'ajv-draft-04';
import { terminalSafe } from '../../server/src/cliArgs';
import addFormats from 'ajv-formats';
import { checkWorkspace } from '../../server/src/core/check';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';

const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'dist/cli.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

before(() => {
  let stale = true;
  try {
    stale = statSync(CLI).mtimeMs < Math.max(newestSource(path.join(REPO, 'server/src')), newestSource(path.join(REPO, 'common/src')));
  } catch {
    stale = true;
  }
  if (stale) {
    const build = spawnSync(process.execPath, [path.join(REPO, 'scripts/build.mjs')], { cwd: REPO, encoding: 'utf8' });
    assert.equal(build.status, 0, `dist/cli.js is missing or stale and \`npm run build\` failed:\n${build.stdout}\n${build.stderr}`);
  }
  assert.ok(statSync(CLI).isFile(), 'dist/cli.js must exist (npm run build)');
});

const temps: string[] = [];
const CACHE_HOME = mkdtempSync(path.join(tmpdir(), 'cw-cli-cache-home-'));
temps.push(CACHE_HOME);
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder holding `files` (relative paths → contents). */
function workspace(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'walkthrough-cli-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/** Runs the CLI (asynchronously, so tests can run side by side); in English unless `env` says otherwise. */
function run(args: string[], cwd = tmpdir(), env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // The parse cache's default folder is the user's: tests keep theirs in a temporary one.
    const locale = { LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', XDG_CACHE_HOME: CACHE_HOME, ...env };
    execFile(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...locale } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function assertNoStackTrace(output: string): void {
  assert.doesNotMatch(output, /^\s+at .+:\d+:\d+\)?$/m, `stack trace in:\n${output}`);
  assert.doesNotMatch(output, /internal error|TypeError|ReferenceError/);
}

interface JsonReport {
  walkthroughs: Array<{ id: string; title: string; file: string; steps: Array<{ id: string; title: string; status: string; file?: string; startLine?: number; endLine?: number }> }>;
  diagnostics: Array<{ file: string; line: number; column: number; endLine?: number; endColumn?: number; severity: string; code: string; message: string }>;
}

async function json(args: string[]): Promise<{ code: number | null; report: JsonReport; stderr: string }> {
  const result = await run([...args, '--json']);
  let report: JsonReport;
  try {
    report = JSON.parse(result.stdout) as JsonReport;
  } catch {
    assert.fail(`--json printed something that is not JSON:\n${result.stdout}\n${result.stderr}`);
  }
  return { code: result.code, report, stderr: result.stderr };
}

const GO = `package handler

import "fmt"

type Server struct{}

func (s *Server) Sell(n int) error {
\tlock := acquire(fmt.Sprintf("goods_%d", n))
\tdefer lock.Release()
\treturn nil
}
`;
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const SELL = lineOf(GO, 'lock := acquire');
const ANCHOR = 'lock := acquire(fmt.Sprintf("goods_%d", n))';

// Every test has its own temporary folder, so all of them run side by side.
describe('cli', { concurrency: true }, () => {
  it('the built CLI reads a CodeTour tour written as JSON with comments, and matches its pattern off the main thread (the bundle carries jsonc-parser and the worker)', async () => {
    const dir = workspace({ 'a.go': GO, '.tours/t.tour': '// the tour\n{ "title": "T", /* steps */ "steps": [ { "file": "a.go", "pattern": "^func", "description": "d" }, ], }\n' });
    const result = await run(['check', dir, '--json']);
    assertNoStackTrace(result.stderr);
    const report = JSON.parse(result.stdout) as JsonReport;
    assert.deepEqual(report.walkthroughs.map((w) => [w.title, w.steps.map((s) => s.status)]), [['T', ['ok']]]);
  });

  describe('cli: language (--locale, LC_ALL, LANG)', { concurrency: true }, () => {
    const broken = `title: A\nsteps:\n  - file: missing.go\n    anchor: x\n  - file: a.go\n    lines: 2\n    anchor: ${ANCHOR}\n`;

    it('speaks Chinese with --locale zh-cn or LANG=zh_CN.UTF-8: messages, summary and usage; codes, severities and JSON keys stay', async () => {
      const dir = workspace({ 'a.walkthrough.yaml': broken, 'a.go': GO });
      const byFlag = await run(['check', dir, '--locale', 'zh-cn']);
      const byLang = await run(['check', dir], tmpdir(), { LANG: 'zh_CN.UTF-8' });
      assert.equal(byFlag.code, 1);
      assert.equal(byLang.stdout, byFlag.stdout);
      const lines = byFlag.stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^a\.walkthrough\.yaml:3:\d+: error: 找不到文件：`missing\.go`（相对于工作区文件夹）。 \[file-not-found\]$/);
      assert.match(lines.at(-1)!, /^1 个演练，2 个步骤：1 已移动，1 缺失$/);
      const usage = await run(['--help', '--locale=zh-cn']);
      assert.match(usage.stdout, /^用法：walkthrough check/);
      const report = JSON.parse((await run(['check', dir, '--json'], tmpdir(), { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).stdout) as JsonReport;
      assert.deepEqual(report.diagnostics.map((d) => [d.code, d.severity]), [['file-not-found', 'error'], ['anchor-moved', 'info']]);
      assert.match(report.diagnostics[0]!.message, /找不到文件/);
    });

    it('--locale wins over LANG, and an unknown locale falls back to English', async () => {
      const dir = workspace({ 'a.walkthrough.yaml': broken, 'a.go': GO });
      const english = await run(['check', dir, '--locale', 'en'], tmpdir(), { LANG: 'zh_CN.UTF-8' });
      assert.match(english.stdout, /File not found: `missing\.go`/);
      assert.match(english.stdout.trimEnd().split('\n').at(-1)!, /^1 walkthrough, 2 steps: 1 moved, 1 missing$/);
      const german = await run(['check', dir], tmpdir(), { LANG: 'de_DE.UTF-8' });
      assert.equal(german.stdout, english.stdout);
    });
  });

  describe('cli: human output', { concurrency: true }, () => {
    it('one `path:line:col: severity: message [code]` per diagnostic, paths relative to DIR, then a summary', async () => {
      const yaml = `title: Tour
steps:
  - id: sell
    file: src/a.go
    lines: ${SELL}
    anchor: ${ANCHOR}
  - file: src/a.go
    lines: 1
  - file: src/gone.go
    lines: 2
`;
      const dir = workspace({ 'tours/t.walkthrough.yaml': yaml, 'src/a.go': GO });
      const { code, stdout, stderr } = await run(['check', dir]);
      assert.equal(code, 1, stderr);
      const lines = stdout.trimEnd().split('\n');
      const yamlLines = yaml.split('\n');
      assert.equal(lines.length, 3, stdout);
      const info = lineOf(yaml, 'lines: 1');
      const missing = lineOf(yaml, 'src/gone.go');
      assert.ok(lines[0]!.startsWith(`tours/t.walkthrough.yaml:${info}:${yamlLines[info - 1]!.indexOf('1') + 1}: info: `), lines[0]);
      assert.ok(lines[0]!.endsWith(' [lines-only]'), lines[0]);
      assert.ok(lines[1]!.startsWith(`tours/t.walkthrough.yaml:${missing}:${yamlLines[missing - 1]!.indexOf('src/gone.go') + 1}: error: File not found: \`src/gone.go\``), lines[1]);
      assert.ok(lines[1]!.endsWith(' [file-not-found]'), lines[1]);
      assert.ok(!stdout.includes(dir), 'no absolute paths');
      assert.equal(lines.at(-1), '1 walkthrough, 3 steps: 2 ok, 1 missing');
    });

    it('the summary counts every status across walkthroughs', async () => {
      const moved = `title: A\nsteps:\n  - file: a.go\n    lines: 2\n    anchor: ${ANCHOR}\n  - file: a.go\n    symbol: Server.Sell\n`;
      const invalid = `title: B\nsteps:\n  - file: a.go\n    lines: 0\n  - file: a.go\n    lines: 1\n    anchor: nothing like this anywhere at all in the file\n`;
      const dir = workspace({ 'a.walkthrough.yaml': moved, 'b.walkthrough.yaml': invalid, 'a.go': GO });
      const { stdout } = await run(['check', dir]);
      assert.equal(stdout.trimEnd().split('\n').at(-1), '2 walkthroughs, 4 steps: 1 ok, 1 moved, 1 stale, 1 invalid');
    });

    it('DIR defaults to the current folder', async () => {
      const dir = workspace({ 't.walkthrough.yaml': `title: t\nsteps:\n  - points: hi\n` });
      const { code, stdout } = await run(['check'], dir);
      assert.equal(code, 0);
      assert.equal(stdout, '1 walkthrough, 1 step: 1 ok\n');
    });
  });

  describe('cli: --json', { concurrency: true }, () => {
    it('has exactly the documented shape; ids, 1-based current lines, files relative to DIR', async () => {
      const yaml = `title: 下单链路
id: order
root: ../repo
steps:
  - id: sell
    title: Lock
    file: a.go
    lines: 2
    anchor: ${ANCHOR}
  - file: a.go
    symbol: Server.Sell
  - points: talk
  - file: missing.go
    lines: 1
`;
      const dir = workspace({ 'tours/t.walkthrough.yaml': yaml, 'repo/a.go': GO });
      const { code, report } = await json(['check', dir]);
      assert.equal(code, 1);
      assert.deepEqual(Object.keys(report).sort(), ['diagnostics', 'parseCache', 'resultCache', 'walkthroughs']);
      assert.equal(report.walkthroughs.length, 1);
      const w = report.walkthroughs[0]!;
      assert.deepEqual(Object.keys(w).sort(), ['file', 'id', 'steps', 'title']);
      assert.equal(w.id, 'order');
      assert.equal(w.title, '下单链路');
      assert.equal(w.file, 'tours/t.walkthrough.yaml');
      const sellDecl = lineOf(GO, 'func (s *Server) Sell');
      assert.deepEqual(w.steps, [
        { id: 'sell', title: 'Lock', status: 'moved', file: 'repo/a.go', startLine: SELL, endLine: SELL },
        { id: '2', title: `a.go:${sellDecl}-${sellDecl + 4}`, status: 'ok', file: 'repo/a.go', startLine: sellDecl, endLine: sellDecl + 4 },
        { id: '3', title: 'Step 3', status: 'ok' },
        { id: '4', title: 'missing.go:1', status: 'missing', file: 'repo/missing.go' },
      ]);
      for (const step of w.steps) {
        for (const key of Object.keys(step)) assert.ok(['id', 'title', 'status', 'file', 'startLine', 'endLine'].includes(key), key);
      }
      assert.ok(report.diagnostics.length >= 2);
      for (const d of report.diagnostics) {
        assert.deepEqual(Object.keys(d).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
        assert.ok(d.endLine! > d.line || (d.endLine === d.line && d.endColumn! >= d.column), 'the range ends after it starts');
        assert.ok(['error', 'warning', 'info'].includes(d.severity));
        assert.equal(d.file, 'tours/t.walkthrough.yaml');
        assert.ok(Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.column) && d.column >= 1);
      }
      const notFound = report.diagnostics.find((d) => d.code === 'file-not-found')!;
      assert.equal(notFound.severity, 'error');
      assert.equal(notFound.line, lineOf(yaml, 'missing.go'));
      assert.equal(notFound.column, yaml.split('\n')[notFound.line - 1]!.indexOf('missing.go') + 1);
      const moved = report.diagnostics.find((d) => d.code === 'anchor-moved')!;
      assert.equal(moved.line, lineOf(yaml, 'lines: 2'));
      // Sorted by file, line, column.
      const order = report.diagnostics.map((d) => d.line * 1000 + d.column);
      assert.deepEqual(order, [...order].sort((a, b) => a - b));
    });

    it('a step file moved to another path is reported at its new path, relative to DIR', async () => {
      const yaml = `title: t\nsteps:\n  - file: old/a.go\n    symbol: Server.Sell\n`;
      const dir = workspace({ 't.walkthrough.yaml': yaml, 'new/b.go': GO });
      const { code, report } = await json(['check', dir]);
      assert.equal(code, 0, 'a moved step resolves');
      assert.equal(report.walkthroughs[0]!.steps[0]!.status, 'moved');
      assert.equal(report.walkthroughs[0]!.steps[0]!.file, 'new/b.go');
      assert.ok(report.diagnostics.some((d) => d.code === 'file-moved' && d.severity === 'warning'));
    });
  });

  describe('cli: parse cache (--cache, --no-cache, --jobs)', { concurrency: true }, () => {
    const yaml = `title: T\nid: t\nsteps:\n  - file: a.go\n    symbol: Server.Sell\n  - file: b.go\n    symbol: Helper\n`;
    const B = 'package handler\n\nfunc Helper() {}\n';
    type CacheJson = { dir: string; hits: number; misses: number; rejected: number; writes: number; changed?: number; bytes?: number } | null;
    type CachedReport = JsonReport & { parseCache: CacheJson; resultCache: CacheJson };
    const check = async (dir: string, extra: string[]) => {
      const { code, report, stderr } = await json(['check', dir, ...extra]);
      return { code, report: report as CachedReport, stderr };
    };
    const withoutCache = ({ parseCache: _, resultCache: __, ...rest }: CachedReport) => rest;
    /** The parse cache's entries (the result cache has a folder of its own, `results`). */
    const parseEntries = (cache: string) => readdirSync(cache, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json') && !f.startsWith('results'));

    it('a second run reuses the walkthrough result (no parse, no resolution) and reports what the first did', async () => {
      const dir = workspace({ 't.walkthrough.yaml': yaml, 'a.go': GO, 'b.go': B });
      const cache = path.join(workspace({}), 'parses');
      const cold = await check(dir, ['--cache', cache]);
      assert.equal(cold.code, 0, cold.stderr);
      assert.equal(cold.report.resultCache!.dir, path.join(cache, 'results'));
      assert.deepEqual([cold.report.resultCache!.hits, cold.report.resultCache!.misses, cold.report.resultCache!.writes], [0, 1, 1]);
      assert.ok(cold.report.resultCache!.bytes! > 0);
      const warm = await check(dir, ['--cache', cache]);
      assert.deepEqual([warm.report.resultCache!.hits, warm.report.resultCache!.misses, warm.report.resultCache!.writes], [1, 0, 0]);
      assert.deepEqual([warm.report.parseCache!.hits, warm.report.parseCache!.misses], [0, 0], 'nothing parsed or read from the parse cache');
      assert.deepEqual(withoutCache(warm.report), withoutCache(cold.report));
      // A code file changed: resolved again (parses from the parse cache where the text is the same).
      writeFileSync(path.join(dir, 'a.go'), `// moved down\n${GO}`);
      const touched = await check(dir, ['--cache', cache]);
      assert.deepEqual([touched.report.resultCache!.hits, touched.report.resultCache!.changed, touched.report.resultCache!.writes], [0, 1, 1]);
      assert.deepEqual(withoutCache(touched.report), withoutCache((await check(dir, ['--no-cache'])).report));
      // --fix edits the parsed walkthrough: it resolves, never restores.
      const fixed = await check(dir, ['--cache', cache, '--fix']);
      assert.equal(fixed.report.resultCache, null);
    });

    it('a damaged result entry is ignored, resolved again, rewritten, and changes nothing in the report', async () => {
      const dir = workspace({ 't.walkthrough.yaml': yaml, 'a.go': GO, 'b.go': B });
      const cache = path.join(workspace({}), 'parses');
      const cold = await check(dir, ['--cache', cache]);
      const results = readdirSync(path.join(cache, 'results'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
      assert.equal(results.length, 1);
      const entry = path.join(cache, 'results', results[0]!);
      writeFileSync(entry, readFileSync(entry, 'utf8').slice(0, 100));
      const damaged = await check(dir, ['--cache', cache]);
      assert.deepEqual([damaged.report.resultCache!.hits, damaged.report.resultCache!.rejected, damaged.report.resultCache!.writes], [0, 1, 1]);
      assert.deepEqual(withoutCache(damaged.report), withoutCache(cold.report));
      assert.equal((await check(dir, ['--cache', cache])).report.resultCache!.hits, 1);
    });

    it('a second run reads every parse from the cache and reports what the first did', async () => {
      const dir = workspace({ 't.walkthrough.yaml': yaml, 'a.go': GO, 'b.go': B });
      const cache = path.join(workspace({}), 'parses');
      const cold = await check(dir, ['--cache', cache]);
      assert.equal(cold.code, 0, cold.stderr);
      assert.equal(cold.report.parseCache!.dir, cache);
      assert.equal(cold.report.parseCache!.hits, 0);
      assert.equal(cold.report.parseCache!.misses, 2);
      assert.equal(cold.report.parseCache!.writes, 2);
      // Without the remembered result, the walkthrough is resolved again: from the parse cache.
      rmSync(path.join(cache, 'results'), { recursive: true });
      const warm = await check(dir, [`--cache=${cache}`]);
      assert.equal(warm.report.parseCache!.hits, 2);
      assert.equal(warm.report.parseCache!.misses, 0);
      assert.equal(warm.report.parseCache!.writes, 0);
      assert.deepEqual(withoutCache(warm.report), withoutCache(cold.report));
      const none = await check(dir, ['--no-cache', '--jobs', '0']);
      assert.equal(none.report.parseCache, null);
      assert.deepEqual(withoutCache(none.report), withoutCache(cold.report));
    });

    it('a damaged cache entry is parsed again, rewritten, and changes nothing in the report', async () => {
      const dir = workspace({ 't.walkthrough.yaml': yaml, 'a.go': GO, 'b.go': B });
      const cache = path.join(workspace({}), 'parses');
      const cold = await check(dir, ['--cache', cache]);
      const entries = parseEntries(cache);
      assert.equal(entries.length, 2);
      for (const entry of entries) writeFileSync(path.join(cache, entry), readFileSync(path.join(cache, entry), 'utf8').slice(0, 30));
      rmSync(path.join(cache, 'results'), { recursive: true });
      const damaged = await check(dir, ['--cache', cache]);
      assert.equal(damaged.report.parseCache!.rejected, 2);
      assert.equal(damaged.report.parseCache!.hits, 0);
      assert.deepEqual(withoutCache(damaged.report), withoutCache(cold.report));
      rmSync(path.join(cache, 'results'), { recursive: true });
      const healed = await check(dir, ['--cache', cache]);
      assert.equal(healed.report.parseCache!.hits, 2);
    });

    it('the default cache folder is node_modules/.cache/code-walkthroughs when the checked folder has node_modules', async () => {
      const dir = workspace({ 't.walkthrough.yaml': yaml, 'a.go': GO, 'b.go': B, 'node_modules/.keep': '' });
      const { report } = await check(dir, []);
      assert.equal(report.parseCache!.dir, path.join(dir, 'node_modules', '.cache', 'code-walkthroughs'));
      assert.equal(report.parseCache!.writes, 2);
    });

    it('parse workers give the same report as the main thread', async () => {
      const dir = workspace({ 't.walkthrough.yaml': yaml, 'a.go': GO, 'b.go': B });
      const pooled = await check(dir, ['--no-cache', '--jobs=2']);
      const alone = await check(dir, ['--no-cache', '--jobs=0']);
      assert.equal(pooled.code, 0, pooled.stderr);
      assert.deepEqual(pooled.report, alone.report);
    });

    it('--cache with --no-cache, a --cache without a folder, and a bad --jobs are usage errors', async () => {
      const dir = workspace({ 't.walkthrough.yaml': yaml, 'a.go': GO, 'b.go': B });
      for (const args of [['--cache', '/tmp/x', '--no-cache'], ['--cache'], ['--jobs=-1'], ['--jobs=many']]) {
        const result = await run(['check', dir, ...args]);
        assert.equal(result.code, 2, args.join(' '));
        assert.match(result.stderr, /Unknown option/);
      }
    });
  });

  describe('cli: exit codes', { concurrency: true }, () => {
    it('0 when every step resolves (ok, moved, fuzzy) and there are only warnings', async () => {
      const yaml = `title: t\nunknown: typo\nsteps:\n  - file: a.go\n    lines: 1\n    anchor: ${ANCHOR.replace('n))', 'count))')}\n  - file: a.go\n    lines: 1\n    anchor: ${ANCHOR}\n`;
      const dir = workspace({ 't.walkthrough.yaml': yaml, 'a.go': GO });
      const { code, report } = await json(['check', dir]);
      assert.deepEqual(
        report.walkthroughs[0]!.steps.map((s) => s.status),
        ['fuzzy', 'moved'],
      );
      assert.ok(report.diagnostics.some((d) => d.severity === 'warning'));
      assert.equal(code, 0);
    });

    it('an approximate step (its function found, its text not): shown as such in JSON and text, a warning, exit 0', async () => {
      const yaml = `title: t\nsteps:\n  - file: a.go\n    lines: 2\n    symbol: Server.Sell\n    anchor: mutexes := global.Rs.NewMutexPool(cfg.PoolSize)\n`;
      const dir = workspace({ 't.walkthrough.yaml': yaml, 'a.go': GO });
      const { code, report } = await json(['check', dir]);
      const step = report.walkthroughs[0]!.steps[0]!;
      assert.equal(step.status, 'approximate');
      assert.ok(step.startLine! >= lineOf(GO, ') Sell(') && step.startLine! <= lineOf(GO, 'return nil'), 'inside Sell');
      assert.ok(report.diagnostics.some((d) => d.code === 'anchor-approximate' && d.severity === 'warning'));
      assert.equal(code, 0);
      const text = await run(['check', dir]);
      assert.match(text.stdout, /1 walkthrough, 1 step: 1 approximate/);
      assert.match(text.stdout, /warning: .*most similar lines in `Server\.Sell`.*\[anchor-approximate\]/);
    });

    it('1 when an error exists even though every step resolves', async () => {
      const a = `title: a\nid: same\nsteps:\n  - points: x\n`;
      const dir = workspace({ 'a.walkthrough.yaml': a, 'b.walkthrough.yaml': a });
      const { code, report } = await json(['check', dir]);
      assert.ok(report.walkthroughs.every((w) => w.steps.every((s) => s.status === 'ok')));
      const duplicate = report.diagnostics.filter((d) => d.code === 'duplicate-walkthrough-id');
      assert.deepEqual(
        duplicate.map((d) => d.file),
        ['a.walkthrough.yaml', 'b.walkthrough.yaml'],
      );
      assert.ok(duplicate.every((d) => !d.message.includes(tmpdir())), 'messages name files relative to DIR too');
      assert.equal(code, 1);
    });

    it('0 for a folder without walkthroughs', async () => {
      const dir = workspace({ 'README.md': '# nothing\n' });
      const { code, stdout } = await run(['check', dir]);
      assert.equal(code, 0);
      assert.equal(stdout, '0 walkthroughs, 0 steps\n');
    });

    it('2 for usage errors, with the usage on stderr and nothing on stdout', async () => {
      const dir = workspace({ 't.walkthrough.yaml': 'title: t\nsteps:\n  - points: x\n' });
      const cases = [['check', dir, '--jsn'], [], [dir], ['lint', dir], ['check', dir, 'extra'], ['check', path.join(dir, 'nope')], ['check', path.join(dir, 't.walkthrough.yaml')]];
      const results = await Promise.all(cases.map((args) => run(args)));
      for (const [i, args] of cases.entries()) {
        const { code, stdout, stderr } = results[i]!;
        assert.equal(code, 2, `${args.join(' ')}: ${stdout}${stderr}`);
        assert.equal(stdout, '', args.join(' '));
        assert.match(stderr, /Usage: walkthrough check|not a folder/);
        assertNoStackTrace(stderr);
      }
      assert.match((await run(['check', dir, '--jsn'])).stderr, /Unknown option --jsn/);
    });

    it('--help prints the usage and exits 0', async () => {
      const { code, stdout } = await run(['--help']);
      assert.equal(code, 0);
      assert.match(stdout, /Usage: walkthrough check \[DIR\] \[--json\] \[--fix\]/);
    });
  });

  describe('cli: --fix', { concurrency: true }, () => {
    const yaml = `# A tour. Comments and layout must survive --fix.
title: t
steps:
  # step one
  - id: sell
    file: a.go
    lines: 2-3      # out of date
    anchor: ${ANCHOR}
  - id: decl
    file: a.go
    lines: "1"
    symbol: Server.Sell
  - id: fuzzy
    file: a.go
    lines: 1
    anchor: ${ANCHOR.replace('n))', 'count))')}
  - id: ok
    file: a.go
    lines: 1
    anchor: package handler
`;

    it('rewrites only the moved `lines` hints, keeps comments, never touches code; a second run is clean', async () => {
      const dir = workspace({ 't.walkthrough.yaml': yaml, 'a.go': GO });
      const codeBefore = readFileSync(path.join(dir, 'a.go'), 'latin1');
      const codeMtime = statSync(path.join(dir, 'a.go')).mtimeMs;

      const first = await run(['check', dir, '--fix']);
      assert.equal(first.code, 0, first.stdout + first.stderr);
      assert.match(first.stderr, /fixed 2 `lines` hints in t\.walkthrough\.yaml/);

      const fixed = readFileSync(path.join(dir, 't.walkthrough.yaml'), 'utf8');
      const decl = lineOf(GO, 'func (s *Server) Sell');
      const expected = yaml.replace('lines: 2-3      # out of date', `lines: ${SELL}-${SELL + 1}      # out of date`).replace('lines: "1"', `lines: ${decl}-${decl + 4}`);
      assert.equal(fixed, expected);
      assert.equal(readFileSync(path.join(dir, 'a.go'), 'latin1'), codeBefore, 'the code file is byte-for-byte the same');
      assert.equal(statSync(path.join(dir, 'a.go')).mtimeMs, codeMtime, 'the code file was not rewritten');

      const second = await json(['check', dir]);
      assert.equal(second.code, 0);
      assert.deepEqual(
        second.report.walkthroughs[0]!.steps.map((s) => [s.id, s.status]),
        [
          ['sell', 'ok'],
          ['decl', 'ok'],
          ['fuzzy', 'fuzzy'],
          ['ok', 'ok'],
        ],
      );
      // And a second --fix has nothing to do.
      const again = await run(['check', dir, '--fix']);
      assert.equal(again.code, 0);
      assert.doesNotMatch(again.stderr, /fixed/);
      assert.equal(readFileSync(path.join(dir, 't.walkthrough.yaml'), 'utf8'), expected);
    });

    it('keeps a byte order mark and CRLF line endings', async () => {
      const crlf = `\ufeff${yaml.replace(/\n/g, '\r\n')}`;
      const dir = workspace({ 't.walkthrough.yaml': crlf, 'a.go': GO });
      const result = await run(['check', dir, '--fix']);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const decl = lineOf(GO, 'func (s *Server) Sell');
      const expected = crlf.replace('lines: 2-3      # out of date', `lines: ${SELL}-${SELL + 1}      # out of date`).replace('lines: "1"', `lines: ${decl}-${decl + 4}`);
      assert.notEqual(expected, crlf);
      assert.equal(readFileSync(path.join(dir, 't.walkthrough.yaml'), 'utf8'), expected);
    });

    it('without --fix nothing is written', async () => {
      const dir = workspace({ 't.walkthrough.yaml': yaml, 'a.go': GO });
      await run(['check', dir]);
      assert.equal(readFileSync(path.join(dir, 't.walkthrough.yaml'), 'utf8'), yaml);
    });

    it('a step whose file moved is left for a person: its `lines` is not rewritten', async () => {
      const moved = `title: t\nsteps:\n  - file: old.go\n    lines: 2\n    symbol: Server.Sell\n`;
      const dir = workspace({ 't.walkthrough.yaml': moved, 'new.go': GO });
      const result = await run(['check', dir, '--fix']);
      assert.equal(result.code, 0);
      assert.equal(readFileSync(path.join(dir, 't.walkthrough.yaml'), 'utf8'), moved);
    });
  });

  describe('cli: bad input never gives a stack trace', { concurrency: true }, () => {
    it('broken YAML: yaml-syntax error with a location, exit 1', async () => {
      const dir = workspace({ 'bad.walkthrough.yaml': 'title: t\nsteps:\n  - file: a.go\n    lines: [3\n', 'a.go': GO });
      const { code, stdout, stderr } = await run(['check', dir]);
      assert.equal(code, 1);
      assert.match(stdout, /^bad\.walkthrough\.yaml:\d+:\d+: error: YAML syntax error: .+ \[yaml-syntax\]$/m);
      assertNoStackTrace(stdout + stderr);
    });

    it('a binary walkthrough file, a binary code file, and junk YAML', async () => {
      const dir = workspace({
        'bin.walkthrough.yaml': new Uint8Array([0x00, 0xff, 0x10, 0x00]),
        'junk.walkthrough.yaml': '}}}: [\n\t- ::\n',
        'list.walkthrough.yaml': '- 1\n- 2\n',
        'code.walkthrough.yaml': 'title: t\nsteps:\n  - file: img.png\n    lines: 1\n',
        'img.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]),
      });
      const { code, stdout, stderr } = await run(['check', dir]);
      assert.equal(code, 1);
      assert.match(stdout, /^bin\.walkthrough\.yaml:1:1: error: .*binary.* \[unreadable-file\]$/m);
      assert.match(stdout, /^code\.walkthrough\.yaml:3:\d+: error: .*binary.* \[unreadable-file\]$/m);
      assert.match(stdout, /^junk\.walkthrough\.yaml:\d+:\d+: error: .*\[yaml-syntax\]$/m);
      assert.match(stdout, /^list\.walkthrough\.yaml:1:1: error: .*\[invalid-type\]$/m);
      assertNoStackTrace(stdout + stderr);
      const asJson = await json(['check', dir]);
      assert.equal(asJson.code, 1);
      assert.equal(asJson.report.walkthroughs.length, 4);
    });
  });

  describe('check report (in memory)', { concurrency: true }, () => {
    it('a step file outside DIR is reported relative to DIR, not glued onto the root', async () => {
      const yaml = `title: t\nroot: repo\nsteps:\n  - file: /etc/passwd\n    lines: 1\n  - file: ../../outside.go\n    lines: 1\n  - file: gone.go\n    lines: 1\n`;
      const fs = new MemoryFileSystem({ '/ws/t.walkthrough.yaml': yaml, '/ws/repo/a.go': GO, '/etc/passwd': 'x\n' });
      const report = await checkWorkspace(fs, '/ws');
      assert.deepEqual(
        report.walkthroughs[0]!.steps.map((s) => [s.status, s.file]),
        [
          ['invalid', '../etc/passwd'],
          ['invalid', '../outside.go'],
          ['missing', 'repo/gone.go'],
        ],
      );
      assert.equal(report.failed, true);
      assert.deepEqual(report.statusCounts, { ok: 0, moved: 0, fuzzy: 0, approximate: 0, stale: 0, missing: 1, invalid: 2 });
    });

    it('--json and --fix together: the fix notes go to stderr, stdout stays JSON', async () => {
      const yaml = `title: t\nsteps:\n  - file: a.go\n    lines: 2\n    anchor: ${ANCHOR}\n`;
      const dir = workspace({ 't.walkthrough.yaml': yaml, 'a.go': GO });
      const { code, report, stderr } = await json(['check', dir, '--fix']);
      assert.equal(code, 0);
      assert.match(stderr, /fixed 1 `lines` hint in t\.walkthrough\.yaml/);
      assert.deepEqual(report.walkthroughs[0]!.steps[0], { id: '1', title: `a.go:${SELL}`, status: 'ok', file: 'a.go', startLine: SELL, endLine: SELL });
    });

    it('a relative DIR, node_modules / .git / dist ignored, .walkthrough.yml found', async () => {
      const ok = 'title: t\nsteps:\n  - points: x\n';
      const dir = workspace({ 'sub/a.walkthrough.yml': ok, 'node_modules/p/b.walkthrough.yaml': ok, '.git/c.walkthrough.yaml': ok, 'dist/d.walkthrough.yaml': ok, 'e.yaml': ok });
      const { code, report } = await json(['check', path.relative(tmpdir(), dir)]);
      assert.ok(!path.isAbsolute(path.relative(tmpdir(), dir)));
      assert.equal(code, 0);
      assert.deepEqual(
        report.walkthroughs.map((w) => [w.id, w.file]),
        [['a', 'sub/a.walkthrough.yml']],
      );
    });
  });
});

describe('walkthrough check --format sarif|github (issue 27)', () => {
  const HOSTILE = `title: t
steps:
  - title: "evil"
    file: "missing\\n::error file=x::injected %0A.go"
  - file: repo/a.go
    lines: 1
    anchor: "this text is nowhere\\r\\n::warning::forged"
  - file: repo/a.go
    lines: 2
    colour: red
`;

  it('SARIF validates against the SARIF 2.1.0 schema: one result per problem with its range, rule ids = codes, help text', async () => {
    const dir = workspace({ 'tours/t.walkthrough.yaml': HOSTILE, 'repo/a.go': GO });
    const text = await run(['check', dir, '--json']);
    const expected = (JSON.parse(text.stdout) as JsonReport).diagnostics;
    const { code, stdout, stderr } = await run(['check', dir, '--format', 'sarif'], dir);
    assert.equal(code, 1, stderr);
    const log = JSON.parse(stdout) as import('sarif').Log;
    const ajv = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    const validate = ajv.compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: {} }] }), false, 'the validator does reject a log without a driver');
    const run0 = log.runs[0]!;
    assert.equal(run0.results!.length, expected.length);
    assert.ok(expected.length >= 3);
    const rules = run0.tool.driver.rules!;
    assert.deepEqual(rules.map((r) => r.id), [...new Set(expected.map((d) => d.code))].sort());
    for (const rule of rules) assert.ok(rule.help?.text && rule.help.text.length > 10, `help for ${rule.id}`);
    run0.results!.forEach((result, i) => {
      const d = expected[i]!;
      assert.equal(result.ruleId, d.code);
      assert.equal(rules[result.ruleIndex!]!.id, d.code);
      assert.equal(result.level, d.severity === 'info' ? 'note' : d.severity);
      assert.equal(result.message.text, d.message);
      const location = result.locations![0]!.physicalLocation!;
      assert.equal(decodeURIComponent(location.artifactLocation!.uri!), d.file);
      assert.equal(location.region!.startLine, d.line);
      assert.equal(location.region!.startColumn, d.column);
    });
  });

  it('GitHub annotations: one command per problem at its file and line; hostile text cannot start another command', async () => {
    const dir = workspace({ 'tours/t.walkthrough.yaml': HOSTILE, 'repo/a.go': GO });
    const expected = (JSON.parse((await run(['check', dir, '--json'])).stdout) as JsonReport).diagnostics;
    const { code, stdout } = await run(['check', dir, '--format=github'], dir);
    assert.equal(code, 1);
    const lines = stdout.trimEnd().split('\n');
    const commands = lines.filter((line) => line.startsWith('::'));
    assert.equal(commands.length, expected.length, stdout);
    assert.equal(lines.length, expected.length + 1, 'the annotations and one summary line');
    commands.forEach((line, i) => {
      const d = expected[i]!;
      const match = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
      assert.ok(match, line);
      assert.equal(match[1], d.severity === 'info' ? 'notice' : d.severity);
      const props = Object.fromEntries(match[2]!.split(',').map((p) => [p.slice(0, p.indexOf('=')), decodeURIComponent(p.slice(p.indexOf('=') + 1))]));
      assert.equal(props.file, d.file, 'paths relative to the folder CI runs in');
      assert.equal(Number(props.line), d.line);
      assert.equal(Number(props.col), d.column);
      assert.ok(!/[\r\n]/.test(match[3]!));
      assert.equal(decodeURIComponent(match[3]!).replace(/ \[[a-z-]+\]$/, ''), terminalSafe(d.message));
    });
    assert.match(lines.at(-1)!, /1 walkthrough/);
  });
});

describe('walkthrough export --format anki (issue 27)', () => {
  it('prints an Anki text-import deck: headers, one note per step with a stable GUID', async () => {
    const yaml = `id: order\ntitle: 下单\nsteps:\n  - id: sell\n    file: a.go\n    lines: 1\n    question: 如何不超卖？\n  - points: wrap up\n`;
    const dir = workspace({ 't.walkthrough.yaml': yaml, 'a.go': GO });
    const first = await run(['export', path.join(dir, 't.walkthrough.yaml'), '--format', 'anki'], dir);
    assert.equal(first.code, 0, first.stderr);
    const lines = first.stdout.trimEnd().split('\n');
    assert.ok(lines.includes('#guid column:1') && lines.includes('#html:true') && lines.includes('#separator:tab'));
    const notes = lines.filter((line) => !line.startsWith('#'));
    assert.equal(notes.length, 2);
    assert.match(notes[0]!, /^cw-[\w-]{22}\t"<p>如何不超卖？<\/p>"\t".*"\twalkthrough::order$/);
    const again = await run(['export', path.join(dir, 't.walkthrough.yaml'), '--format=anki'], dir);
    assert.deepEqual(again.stdout.split('\n').map((l) => l.split('\t')[0]), first.stdout.split('\n').map((l) => l.split('\t')[0]));
  });
});
