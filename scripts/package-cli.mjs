// Builds the publishable CLI package `@code-walkthroughs/cli` (bin: `walkthrough`) and packs it
// into a tarball with `npm pack`.
// Usage: node scripts/package-cli.mjs [--skip-build] [--out DIR]
//
// packages/cli/ holds what is written by hand (package.json without a version, README.md); this
// script stages a copy with the root package's version, the esbuild bundle dist/cli.js and every
// dist/*.wasm (web-tree-sitter's runtime and each grammar: server/src/core/symbols/parser.ts looks
// for them beside the bundle), then packs it. The bundle has everything else inside, so the package
// has no runtime dependencies and no install scripts: `npm install <tarball>` works offline.
// Default output: packages/cli/build/ (staged package) and packages/cli/*.tgz, both git-ignored.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 && args[outIndex + 1] ? path.resolve(args[outIndex + 1]) : path.join(root, 'packages/cli');
const stage = outIndex >= 0 ? path.join(out, 'package') : path.join(root, 'packages/cli/build');
const dist = path.join(root, 'dist');

function fail(message) {
  console.error(`package-cli: ${message}`);
  process.exit(1);
}

if (!args.includes('--skip-build')) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--production'], { stdio: 'inherit' });
  if (build.status !== 0) fail('the build failed');
}
if (!existsSync(path.join(dist, 'cli.js'))) fail('dist/cli.js is missing: run `npm run build` first');
const wasm = readdirSync(dist).filter((name) => name.endsWith('.wasm'));
if (!wasm.includes('tree-sitter.wasm')) fail('dist/tree-sitter.wasm is missing: run `npm run build` first');

const rootManifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(path.join(root, 'packages/cli/package.json'), 'utf8'));
// The package's version is the extension's: the CLI reports it (SARIF's tool version).
const staged = { name: manifest.name, version: rootManifest.version, ...manifest };
if (staged.dependencies || staged.scripts) fail('packages/cli/package.json must have no dependencies and no scripts: the bundle carries everything');

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
mkdirSync(out, { recursive: true });
writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);
copyFileSync(path.join(root, 'packages/cli/README.md'), path.join(stage, 'README.md'));
copyFileSync(path.join(root, 'LICENSE'), path.join(stage, 'LICENSE'));
copyFileSync(path.join(dist, 'cli.js'), path.join(stage, 'cli.js'));
// The parse workers the CLI starts on machines with more than two cores (server/src/parsePool.ts).
if (!existsSync(path.join(dist, 'parseWorker.js'))) fail('dist/parseWorker.js is missing: run `npm run build` first');
copyFileSync(path.join(dist, 'parseWorker.js'), path.join(stage, 'parseWorker.js'));
for (const name of wasm) copyFileSync(path.join(dist, name), path.join(stage, name));

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pack = spawnSync(npm, ['pack', '--json', '--pack-destination', out], {
  cwd: stage,
  encoding: 'utf8',
  shell: process.platform === 'win32',
});
if (pack.status !== 0) fail(`npm pack failed:\n${pack.stdout}\n${pack.stderr}`);
const [packed] = JSON.parse(pack.stdout);
const tarball = path.join(out, packed.filename);
console.log(`${path.relative(process.cwd(), tarball) || tarball}: ${packed.name}@${packed.version}, ${packed.files.length} files, ${Math.round(packed.size / 1024)} KiB`);
