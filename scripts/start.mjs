// `npm start`: try the extension on the sample in a real VS Code, from a fresh clone.
//   1. `npm ci` when node_modules/ is missing; 2. `npm run package` (build + VSIX);
//   3. a copy of sample-repo/ + walkthroughs/ in .e2e/start-workspace/ (the repo's files are never
//      opened or changed; `npm start -- --fresh` re-copies it);
//   4. opens it with the extension installed: in the local VS Code when the `code` CLI exists,
//      otherwise in the project's code-server on 127.0.0.1 (URL printed; Ctrl+C stops it and its
//      children). The code-server profile persists in .e2e/start-profile/.
// Options: --fresh (re-copy the workspace), --code-server (use code-server even if `code` exists),
//          --port=N (code-server port, default 8420 or the next free one),
//          --zh or --lang=zh-cn|en|auto (or CW_LANGUAGE=…): the extension's language
//          (`walkthroughs.language` in the sample's workspace settings; kept for later starts).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureE2E, repoRoot } from './e2e-setup.mjs';

const args = process.argv.slice(2);
const started = Date.now();
const log = (msg) => console.log(`[start +${((Date.now() - started) / 1000).toFixed(1)} s] ${msg}`);

function run(cmd, cmdArgs, options = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function choosePort() {
  const asked = args.find((a) => a.startsWith('--port='));
  if (asked) return Number(asked.slice('--port='.length));
  for (let port = 8420; port < 8440; port++) if (await portFree(port)) return port;
  throw new Error('no free port in 8420-8439; pass --port=N');
}

/** The extension's language asked for: `--zh`, `--lang=en|zh-cn|auto` or CW_LANGUAGE; undefined: unchanged. */
export function askedLanguage(argv, env) {
  const flag = argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  const asked = argv.includes('--zh') ? 'zh-cn' : flag ?? (env.CW_LANGUAGE || undefined);
  if (asked === undefined) return undefined;
  const value = asked.toLowerCase().replace(/_/g, '-');
  if (value === 'zh' || value === 'zh-cn' || value === 'zh-hans') return 'zh-cn';
  if (value === 'en' || value === 'auto') return value;
  throw new Error(`unknown language "${asked}": use --zh, --lang=zh-cn, --lang=en or --lang=auto`);
}

// The sample workspace's settings: the extension shows the Walkthroughs view and offers the primary
// tour as the window opens, and speaks the language asked for (kept for later starts).
function writeWorkspaceSettings(workspace, language) {
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  let settings = {};
  try { settings = JSON.parse(readFileSync(settingsFile, 'utf8')); } catch { /* none yet */ }
  const wanted = { ...settings, 'walkthroughs.offerPrimaryTourOnOpen': true, ...(language ? { 'walkthroughs.language': language } : {}) };
  if (JSON.stringify(wanted) !== JSON.stringify(settings)) {
    mkdirSync(path.dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, `${JSON.stringify(wanted, null, 2)}\n`);
  }
  const now = wanted['walkthroughs.language'] ?? 'auto';
  log(now === 'auto'
    ? 'the extension follows VS Code\'s display language (npm start -- --zh for Chinese)'
    : `the extension speaks ${now === 'zh-cn' ? 'Simplified Chinese' : 'English'} (walkthroughs.language: ${now} in the sample's .vscode/settings.json; npm start -- --lang=auto to follow VS Code)`);
}

function prepareWorkspace(language) {
  const workspace = path.join(repoRoot, '.e2e', 'start-workspace');
  if (args.includes('--fresh')) rmSync(workspace, { recursive: true, force: true });
  if (!existsSync(workspace)) {
    mkdirSync(workspace, { recursive: true });
    for (const folder of ['sample-repo', 'walkthroughs']) {
      cpSync(path.join(repoRoot, folder), path.join(workspace, folder), { recursive: true });
    }
    writeWorkspaceSettings(workspace, language);
    // Its own git repository: VS Code then shows the newcomer's own edits to the sample, not the
    // project's repository that holds .e2e/.
    const git = (...gitArgs) => spawnSync('git', gitArgs, { cwd: workspace, stdio: 'ignore' }).status === 0;
    const committed = git('init', '-q') && git('add', '-A')
      && git('-c', 'user.name=Code Walkthroughs', '-c', 'user.email=sample@code-walkthroughs.invalid', 'commit', '-q', '-m', 'Sample as shipped');
    log(`copied sample-repo/ and walkthroughs/ to ${workspace}${committed ? ' (a git repository of its own)' : ''}`);
  } else {
    log(`reusing ${workspace} (npm start -- --fresh copies the sample again)`);
    writeWorkspaceSettings(workspace, language);
  }
  return workspace;
}

function openInLocalVSCode(vsix, workspace) {
  log('installing the extension into your VS Code (code --install-extension)');
  run('code', ['--install-extension', vsix, '--force']);
  run('code', [workspace]);
  log(`opened ${workspace} in VS Code: the Walkthroughs view opens and offers the primary tour.`);
}

async function openInCodeServer(vsix, workspace) {
  log('no local `code` CLI: using code-server (a full VS Code in your browser), installed once into .e2e/');
  const tools = await ensureE2E();
  const profile = path.join(repoRoot, '.e2e', 'start-profile');
  const dirs = {
    data: path.join(profile, 'user-data'), extensions: path.join(profile, 'extensions'),
    config: path.join(profile, 'xdg-config'), share: path.join(profile, 'xdg-data'),
    cache: path.join(profile, 'xdg-cache'), tmp: path.join(profile, 'tmp'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const settingsFile = path.join(dirs.data, 'User', 'settings.json');
  if (!existsSync(settingsFile)) {
    mkdirSync(path.dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify({
      'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
      'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'workbench.startupEditor': 'none',
      'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true,
      'git.openRepositoryInParentFolders': 'never',
    }, null, 2));
  }
  const env = { ...tools.env, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.share, XDG_CACHE_HOME: dirs.cache, TMPDIR: dirs.tmp };
  const profileArgs = ['--user-data-dir', dirs.data, '--extensions-dir', dirs.extensions];
  run(tools.node, [tools.codeServerEntry, '--install-extension', vsix, '--force', ...profileArgs], { env });

  const port = await choosePort();
  // Its own process group (detached = setsid), so Ctrl+C can stop code-server and every child.
  const server = spawn(tools.node, [tools.codeServerEntry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    ...profileArgs, workspace], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const logFile = path.join(profile, 'code-server.log');
  const out = createWriteStream(logFile);
  server.stdout.pipe(out);
  server.stderr.pipe(out);

  let stopping = false;
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    log('stopping code-server');
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
    setTimeout(() => {
      try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ }
      process.exit(code);
    }, 1500).unref();
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  process.on('exit', () => { try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ } });
  server.on('exit', (code) => {
    if (!stopping) {
      console.error(`code-server exited (${code}); see ${logFile}`);
      process.exit(1);
    }
  });

  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`code-server did not answer on port ${port}; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  console.log(`
  Code Walkthroughs is running in VS Code (code-server) — open this in your browser:

      ${url}

  The Walkthroughs view opens and offers the primary tour ("Start Tour").
  Press Ctrl+C to stop. (Log: ${logFile})

  Ready ${((Date.now() - started) / 1000).toFixed(0)} s after \`npm start\`. What was installed stays in .e2e/,
  so the next start only rebuilds the extension and starts code-server.
`);
}

async function main() {
  const language = askedLanguage(args, process.env);
  if (!existsSync(path.join(repoRoot, 'node_modules'))) {
    log('node_modules/ is missing: npm ci');
    run('npm', ['ci']);
  }
  log('building and packaging the extension (npm run package)');
  run('npm', ['run', 'package']);
  const { name, version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const vsix = path.join(repoRoot, `${name}-${version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);
  const workspace = prepareWorkspace(language);
  if (onPath('code') && !args.includes('--code-server')) openInLocalVSCode(vsix, workspace);
  else await openInCodeServer(vsix, workspace);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`[start] ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
