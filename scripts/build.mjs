// Bundles the three entry points with esbuild and copies the parser wasm files next to them.
// Usage: node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const dist = path.join(root, 'dist');
// A production build starts from an empty dist/ so that no development bundle or map is packaged.
if (production) rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// The server and CLI load these at run time (see server/src/core/symbols/parser.ts): the runtime
// and every grammar of server/src/core/symbols/languages.ts (loaded on the first file of its language).
const VSCODE_GRAMMARS = ['typescript', 'tsx', 'javascript', 'python', 'java', 'rust', 'c-sharp', 'cpp', 'ruby', 'php'];
const wasmFiles = [
  require.resolve('web-tree-sitter/tree-sitter.wasm'),
  require.resolve('tree-sitter-go/tree-sitter-go.wasm'),
  require.resolve('tree-sitter-c/tree-sitter-c.wasm'),
  ...VSCODE_GRAMMARS.map((name) => require.resolve(`@vscode/tree-sitter-wasm/wasm/tree-sitter-${name}.wasm`)),
];
for (const file of wasmFiles) copyFileSync(file, path.join(dist, path.basename(file)));

const IMPORT_META_SHIM = 'var __importMetaUrl = require("url").pathToFileURL(__filename).href;';
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  // web-tree-sitter probes for these optional Node modules in a way esbuild cannot resolve.
  external: ['vscode', 'fs/promises', 'module'],
  // web-tree-sitter calls createRequire(import.meta.url), which is empty in a CommonJS bundle.
  // The version the CLI reports (SARIF's tool version) is the package's.
  define: { 'import.meta.url': '__importMetaUrl', __CW_VERSION__: JSON.stringify(require(path.join(root, 'package.json')).version) },
  // jsonc-parser's main build is UMD, whose inner requires esbuild cannot follow: use its ES modules.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  banner: { js: IMPORT_META_SHIM },
};
const entries = [
  { entryPoints: [path.join(root, 'client/src/main.ts')], outfile: path.join(dist, 'extension.js') },
  { entryPoints: [path.join(root, 'server/src/server.ts')], outfile: path.join(dist, 'server.js') },
  // Parse workers of the CLI and the server (server/src/parsePool.ts).
  { entryPoints: [path.join(root, 'server/src/parseWorker.ts')], outfile: path.join(dist, 'parseWorker.js') },
  {
    entryPoints: [path.join(root, 'server/src/cli.ts')],
    outfile: path.join(dist, 'cli.js'),
    banner: { js: `#!/usr/bin/env node\n${IMPORT_META_SHIM}` },
  },
];

// The browser entry (package.json `browser`): client and language server in one bundle for the web
// worker extension host (the server runs in the extension's own worker: docs/browser.md). Node's
// built-ins are replaced by path-browserify and browser/src/shims/ (see its README.md).
const SHIMS = path.join(root, 'browser/src/shims');
const NODE_SHIMS = { fs: 'fs.ts', 'fs/promises': null, child_process: 'child_process.ts', worker_threads: 'worker_threads.ts', crypto: 'crypto.ts', os: 'os.ts', url: 'url.ts', 'timers/promises': 'timers_promises.ts', perf_hooks: 'perf_hooks.ts' };
const nodeShims = {
  name: 'node-shims',
  setup(build) {
    build.onResolve({ filter: /^(node:)?(fs|fs\/promises|child_process|worker_threads|crypto|os|url|timers\/promises|perf_hooks|path|module)$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (name === 'path') return { path: require.resolve('path-browserify') };
      // web-tree-sitter imports these only when it runs in Node.
      if (name === 'module' || name === 'fs/promises') return { path: name, external: true };
      return { path: path.join(SHIMS, NODE_SHIMS[name]) };
    });
  },
};
const browserEntry = {
  entryPoints: [path.join(root, 'browser/src/main.ts')],
  outfile: path.join(dist, 'browser', 'extension.js'),
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  external: ['vscode'],
  plugins: [nodeShims],
  // web-tree-sitter reads import.meta.url only to find its wasm file, which parser.ts hands it.
  define: { 'import.meta.url': '"file:///code-walkthroughs/dist/browser/extension.js"', __CW_VERSION__: JSON.stringify(require(path.join(root, 'package.json')).version) },
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

if (watch) {
  for (const entry of entries) {
    const ctx = await esbuild.context({ ...common, ...entry });
    await ctx.watch();
  }
  await (await esbuild.context(browserEntry)).watch();
  console.log('watching…');
} else {
  const started = Date.now();
  await Promise.all([...entries.map((entry) => esbuild.build({ ...common, ...entry })), esbuild.build(browserEntry)]);
  chmodSync(path.join(dist, 'cli.js'), 0o755);
  console.log(`built dist/ in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
