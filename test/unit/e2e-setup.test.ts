// The e2e/start setup runs npm installs from inside `npm start` / `npm test`. The outer npm's
// `npm_*` variables must not reach the inner npm: it reads them as its own config, and
// code-server's postinstall then sees the outer npm's "node/v20" user agent and refuses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
// @ts-expect-error plain JavaScript module without types
import { cleanEnv, codeServerInstallStep, node24Env } from '../../scripts/e2e-setup.mjs';

describe('e2e setup environment', () => {
  it('drops the outer npm variables and puts Node 24 first on PATH', () => {
    const saved = { ...process.env };
    try {
      process.env.npm_config_user_agent = 'npm/11.19.1 node/v20.20.2 linux x64';
      process.env.npm_lifecycle_event = 'start';
      process.env.NPM_CONFIG_NODEDIR = '/usr/include/node';
      process.env.CW_KEEP_ME = 'yes';
      const env = (node24Env as (dir: string, extra?: Record<string, string>) => NodeJS.ProcessEnv)('/opt/node24', { npm_config_nodedir: '/opt/node24' });
      assert.deepEqual(Object.keys(env).filter((k) => /^npm_/i.test(k)), ['npm_config_nodedir']);
      assert.equal(env.CW_KEEP_ME, 'yes');
      assert.equal(env.PATH?.split(path.delimiter)[0], '/opt/node24/bin');
      // What code-server's postinstall.sh reads, seen from a child process.
      const seen = spawnSync('sh', ['-c', 'echo "ua=${npm_config_user_agent:-unset}"'], { env: (cleanEnv as () => NodeJS.ProcessEnv)(), encoding: 'utf8' });
      assert.equal(seen.stdout.trim(), 'ua=unset');
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

describe('code-server install progress', () => {
  type Probe = { exists: (relative: string) => boolean; list: (relative: string) => string[] };
  const step = codeServerInstallStep as (probe: Probe, log: string) => string;
  const fetches = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `npm http fetch GET 200 https://registry.example/p${i + from}/-/p${i + from}-1.0.0.tgz 12ms (cache miss)`).join('\n');
  /** A folder tree given as its paths (folders implied). */
  const disk = (...paths: string[]): Probe => ({
    exists: (relative) => paths.some((p) => p === relative || p.startsWith(`${relative}/`)),
    list: (relative) => [...new Set(paths.filter((p) => p.startsWith(`${relative}/`)).map((p) => p.slice(relative.length + 1).split('/')[0]!))],
  });
  const VS = 'node_modules/code-server/lib/vscode';

  it('names the step from what is on disk and counts the packages fetched in the log', () => {
    assert.equal(step(disk(), ''), 'step 1 of 3: downloading code-server and its packages (0 packages fetched)');
    assert.equal(step(disk(), `${fetches(1)}\nadded 1 package`), 'step 1 of 3: downloading code-server and its packages (1 package fetched)');
    assert.equal(step(disk('node_modules/code-server/package.json'), fetches(165)), "step 2 of 3: code-server's postinstall is starting (165 packages fetched)");
    const unpacked = disk('node_modules/code-server/package.json', `${VS}/node_modules/a/index.js`, `${VS}/node_modules/@s/b/index.js`, `${VS}/node_modules/.bin/x`);
    assert.equal(step(unpacked, fetches(300)), "step 2 of 3: VS Code's own dependencies: 2 packages unpacked (300 packages fetched)");
    const compiling = disk(
      'node_modules/code-server/package.json',
      `${VS}/node_modules/a/index.js`,
      `${VS}/node_modules/@s/done/binding.gyp`,
      `${VS}/node_modules/@s/done/build/Release/done.node`,
      `${VS}/node_modules/@s/queued/binding.gyp`,
      `${VS}/node_modules/js-only/build/index.js`,
      `${VS}/node_modules/sqlite3/binding.gyp`,
      `${VS}/node_modules/sqlite3/build/Makefile`,
    );
    assert.equal(step(compiling, fetches(300)), "step 2 of 3: VS Code's own dependencies: 5 packages unpacked, 2 native modules compiled or compiling (300 packages fetched)");
    const inExtensions = disk('node_modules/code-server/package.json', `${VS}/node_modules/a/x`, `${VS}/extensions/node_modules/e/binding.gyp`, `${VS}/extensions/node_modules/e/build/Release/e.node`, `${VS}/extensions/node_modules/f/x`);
    assert.equal(step(inExtensions, fetches(2)), "step 3 of 3: the built-in extensions' dependencies: 2 packages unpacked, 1 native module compiled or compiling (2 packages fetched)");
  });

  it('counts each package once, from the registry or npm\'s cache; not failed fetches or metadata twice', () => {
    const log = [
      fetches(3),
      'npm http fetch GET 200 https://registry.example/p0/-/p0-1.0.0.tgz 3ms (cache hit)',
      'npm http fetch GET 404 https://registry.example/missing 5ms',
      'npm http cache cookie@https://registry.example/cookie/-/cookie-0.7.2.tgz 0ms (cache hit)',
      'npm http cache @scope/pkg@https://registry.example/@scope/pkg/-/pkg-1.0.0.tgz 0ms (cache hit)',
      'npm http fetch GET 200 https://registry.example/@scope%2fpkg 8ms (cache miss)',
      'npm http fetch GET 200 https://registry.example/cookie 8ms (cache miss)',
      'added 3 packages',
    ].join('\n');
    assert.match(step(disk(), log), /\(5 packages fetched\)$/);
  });
});

describe('npm start language', () => {
  it('--zh, --lang=… or CW_LANGUAGE choose walkthroughs.language; nothing asked leaves it; a typo is an error', async () => {
    // @ts-expect-error plain JavaScript module without types
    const { askedLanguage } = (await import('../../scripts/start.mjs')) as { askedLanguage: (argv: string[], env: Record<string, string>) => string | undefined };
    assert.equal(askedLanguage(['--zh'], {}), 'zh-cn');
    assert.equal(askedLanguage(['--fresh', '--lang=zh_CN'], {}), 'zh-cn');
    assert.equal(askedLanguage(['--lang=en'], { CW_LANGUAGE: 'zh-cn' }), 'en');
    assert.equal(askedLanguage([], { CW_LANGUAGE: 'zh' }), 'zh-cn');
    assert.equal(askedLanguage([], { CW_LANGUAGE: 'auto' }), 'auto');
    assert.equal(askedLanguage([], {}), undefined);
    assert.equal(askedLanguage([], { CW_LANGUAGE: '' }), undefined);
    assert.throws(() => askedLanguage(['--lang=klingon'], {}), /unknown language "klingon"/);
  });
});
