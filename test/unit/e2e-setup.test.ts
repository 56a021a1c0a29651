// The e2e/start setup runs npm installs from inside `npm start` / `npm test`. The outer npm's
// `npm_*` variables must not reach the inner npm: it reads them as its own config, and
// code-server's postinstall then sees the outer npm's "node/v20" user agent and refuses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
// @ts-expect-error plain JavaScript module without types
import { cleanEnv, node24Env } from '../../scripts/e2e-setup.mjs';

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
