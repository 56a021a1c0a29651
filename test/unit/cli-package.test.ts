/**
 * The CLI as people get it: `npm run package:cli` packs `@code-walkthroughs/cli`, the tarball is
 * installed into a fresh project with npm (offline: the package must need nothing from a
 * registry) and `npx walkthrough check` runs there on a small walkthrough.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const REPO = path.resolve(__dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const temp = mkdtempSync(path.join(tmpdir(), 'walkthrough-cli-package-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** npm's own settings from a surrounding `npm run` (prefix, cache, …) must not leak into the fresh project. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', npm_config_cache: path.join(temp, 'npm-cache'), npm_config_update_notifier: 'false', ...extra };
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(full));
    else if (entry.name.endsWith('.ts')) latest = Math.max(latest, statSync(full).mtimeMs);
  }
  return latest;
}

let tarball = '';
const project = path.join(temp, 'project');

before(() => {
  // Rebuild only when dist/ is missing or stale, as test/unit/cli.test.ts does (a production build
  // would empty dist/ under the feet of other test files running at the same time).
  let stale = true;
  try {
    stale = statSync(path.join(REPO, 'dist/cli.js')).mtimeMs < Math.max(newest(path.join(REPO, 'server/src')), newest(path.join(REPO, 'common/src')));
  } catch {
    stale = true;
  }
  if (stale) {
    const build = spawnSync(process.execPath, [path.join(REPO, 'scripts/build.mjs')], { cwd: REPO, encoding: 'utf8' });
    assert.equal(build.status, 0, `npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }
  const pack = spawnSync(process.execPath, [path.join(REPO, 'scripts/package-cli.mjs'), '--skip-build', '--out', path.join(temp, 'out')], {
    cwd: REPO,
    encoding: 'utf8',
    env: cleanEnv(),
  });
  assert.equal(pack.status, 0, `package-cli failed:\n${pack.stdout}\n${pack.stderr}`);
  const tgz = readdirSync(path.join(temp, 'out')).filter((name) => name.endsWith('.tgz'));
  assert.equal(tgz.length, 1, `one tarball expected, got ${tgz.join(', ')}`);
  tarball = path.join(temp, 'out', tgz[0]!);

  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'fresh-project', version: '1.0.0', private: true }));
  const install = spawnSync(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--save-dev', tarball], {
    cwd: project,
    encoding: 'utf8',
    env: cleanEnv(),
    shell: process.platform === 'win32',
  });
  assert.equal(install.status, 0, `npm install of the tarball failed (offline):\n${install.stdout}\n${install.stderr}`);
});

function npx(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(NPX, ['--offline', '--no', 'walkthrough', ...args], { cwd: project, encoding: 'utf8', timeout: 60_000, env: cleanEnv(env), shell: process.platform === 'win32' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

const GO = 'package shop\n\ntype Server struct{}\n\nfunc (s *Server) Sell(n int) error {\n\treturn reserve(n)\n}\n';

describe('cli package (@code-walkthroughs/cli)', () => {
  it('is scoped, has the walkthrough bin, no dependencies or install scripts, and carries the bundle and every parser wasm', () => {
    const installed = path.join(project, 'node_modules/@code-walkthroughs/cli');
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
    const root = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.equal(manifest.name, '@code-walkthroughs/cli');
    assert.equal(manifest.version, root.version);
    assert.deepEqual(manifest.bin, { walkthrough: 'cli.js' });
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.scripts, undefined);
    const wasm = readdirSync(path.join(REPO, 'dist')).filter((name) => name.endsWith('.wasm')).sort();
    assert.ok(wasm.includes('tree-sitter.wasm'));
    assert.deepEqual(readdirSync(installed).filter((name) => name.endsWith('.wasm')).sort(), wasm);
    // Nothing else came with it: the fresh project holds the CLI only.
    assert.deepEqual(readdirSync(path.join(project, 'node_modules')).filter((name) => !name.startsWith('.')), ['@code-walkthroughs']);
  });

  it('`npx walkthrough check` passes on a walkthrough whose steps hold (exit 0), symbol steps parsed with the shipped grammar', async () => {
    mkdirSync(path.join(project, 'ok'));
    writeFileSync(path.join(project, 'ok/shop.go'), GO);
    writeFileSync(path.join(project, 'ok/sell.walkthrough.yaml'), 'title: Selling\nsteps:\n  - id: sell\n    file: shop.go\n    symbol: Server.Sell\n  - id: reserve\n    file: shop.go\n    anchor: return reserve(n)\n');
    const result = await npx(['check', 'ok', '--json']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const report = JSON.parse(result.stdout) as { walkthroughs: Array<{ steps: Array<{ id: string; status: string; startLine?: number }> }> };
    assert.deepEqual(report.walkthroughs[0]!.steps.map((s) => [s.id, s.status, s.startLine]), [['sell', 'ok', 5], ['reserve', 'ok', 6]]);
  });

  it('`npx walkthrough check` fails (exit 1) with a located message when a step lost its code; usage errors exit 2', async () => {
    mkdirSync(path.join(project, 'broken'));
    writeFileSync(path.join(project, 'broken/shop.go'), GO);
    writeFileSync(path.join(project, 'broken/a.walkthrough.yaml'), 'title: Broken\nsteps:\n  - id: gone\n    file: gone.go\n    anchor: x\n');
    const result = await npx(['check', 'broken']);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^a\.walkthrough\.yaml:4:\d+: error: File not found: `gone\.go`.* \[file-not-found\]$/m);
    const zh = await npx(['check', 'broken', '--locale', 'zh-cn']);
    assert.equal(zh.code, 1);
    assert.match(zh.stdout, /找不到文件/);
    const usage = await npx(['frobnicate']);
    assert.equal(usage.code, 2, usage.stdout + usage.stderr);
    assert.match(usage.stderr + usage.stdout, /walkthrough check/);
  });
});
