// `npm run test:e2e`: runs the end-to-end scenarios in a real VS Code (code-server + Chromium).
//   1. installs code-server, Node 24 and Chromium on first use (scripts/e2e-setup.mjs);
//   2. packages the extension (`npm run package`) unless a VSIX newer than its sources exists,
//      or uses $CW_E2E_VSIX when set;
//   3. runs test/e2e/*.test.ts (or the files given as arguments) one file at a time with node:test.
// Each test file is one or two long browser sessions; see test/e2e/harness.ts.
// Screenshots land in test-results/, run folders (profiles, code-server.log) in .e2e/run-*.
//
// Usage: npm run test:e2e [-- test/e2e/tour.test.ts ...] [-- --test-name-pattern=hover]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureE2E, repoRoot } from './e2e-setup.mjs';

const started = Date.now();
const secs = (from) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
const log = (msg) => console.log(`[e2e +${secs(started)}] ${msg}`);

/** Newest modification time among the files the VSIX is built from. */
function newestSourceMtime() {
  let newest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules') visit(path.join(p, name));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['package.json', 'package.nls.json', 'package.nls.zh-cn.json', 'l10n', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'client', 'server', 'walkthroughs',
    'sample-repo', 'schemas', 'media', 'scripts/build.mjs']) visit(path.join(repoRoot, p));
  return newest;
}

function vsixToTest() {
  if (process.env.CW_E2E_VSIX) {
    const vsix = path.resolve(process.env.CW_E2E_VSIX);
    if (!existsSync(vsix)) throw new Error(`CW_E2E_VSIX=${vsix} does not exist`);
    log(`testing ${vsix} (from CW_E2E_VSIX)`);
    return vsix;
  }
  const { name, version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const vsix = path.join(repoRoot, `${name}-${version}.vsix`);
  if (existsSync(vsix) && statSync(vsix).mtimeMs >= newestSourceMtime()) {
    log(`${path.basename(vsix)} is newer than its sources; not repackaging`);
    return vsix;
  }
  log('packaging the extension (npm run package)');
  const t0 = Date.now();
  const r = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !existsSync(vsix)) {
    throw new Error(`npm run package failed (exit ${r.status}) or did not write ${path.basename(vsix)}`);
  }
  log(`packaged ${path.basename(vsix)} (${(statSync(vsix).size / 1024).toFixed(0)} KB) in ${secs(t0)}`);
  return vsix;
}

/** Deletes run folders (.e2e/run-*: profiles and logs of past sessions) beyond the newest `keep`
 *  that are also over two hours old (a session of a parallel run is never touched). */
function pruneRuns(keep = 6) {
  const dir = path.join(repoRoot, '.e2e');
  if (!existsSync(dir)) return;
  const runs = readdirSync(dir).filter((n) => n.startsWith('run-')).sort();
  for (const name of runs.slice(0, Math.max(0, runs.length - keep))) {
    const full = path.join(dir, name);
    if (Date.now() - statSync(full).mtimeMs > 2 * 3600_000) rmSync(full, { recursive: true, force: true });
  }
}

async function main() {
  const args = process.argv.slice(2);
  const files = args.filter((a) => !a.startsWith('-'));
  const flags = args.filter((a) => a.startsWith('-'));
  const testDir = path.join(repoRoot, 'test', 'e2e');
  const tests = files.length > 0
    ? files
    : readdirSync(testDir)
      .filter((f) => f.endsWith('.test.ts'))
      // The smoke test first: when it fails, nothing else can pass.
      .sort((a, b) => Number(b.startsWith('smoke')) - Number(a.startsWith('smoke')) || a.localeCompare(b))
      .map((f) => path.join('test', 'e2e', f));

  await ensureE2E();
  pruneRuns();
  const vsix = vsixToTest();
  const workspace = process.env.CW_E2E_WORKSPACE
    ?? [path.join(repoRoot, 'sample-repo'), path.join(repoRoot, 'walkthroughs')].join(',');

  log(`running ${tests.length} test file(s): ${tests.map((t) => path.basename(t)).join(', ')}`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...flags, ...tests], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, CW_E2E_VSIX: vsix, CW_E2E_WORKSPACE: workspace },
  });
  log(`e2e tests finished in ${secs(t0)} (exit ${r.status ?? r.signal}); screenshots in test-results/`);
  process.exit(r.status ?? 1);
}

main().catch((err) => {
  console.error(`[e2e] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
