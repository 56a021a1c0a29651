// A small test extension for the browser e2e (browser.test.ts): a web extension (a `browser`
// entry only, so it runs in the web worker extension host) that registers an in-memory
// FileSystemProvider for the scheme `memfs` holding copies of the given folders, so that VS Code
// can open `memfs:/sample` as a virtual workspace. Its command "Memfs Test: Where Does Code
// Walkthroughs Run" shows in a notification which extension host runs Code Walkthroughs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './harness';

export const MEMFS_SCHEME = 'memfs';
export const WHERE_COMMAND = 'Memfs Test: Where Does Code Walkthroughs Run';

function collect(dir: string, prefix: string, out: Record<string, string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const rel = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) collect(full, rel, out);
    else out[rel] = readFileSync(full).toString('base64');
  }
}

// Runs in the web worker extension host (plain JavaScript, no build step; the worker's require
// loads JavaScript only, so the files are put in front of it as `const FILES = {…}`).
const EXTENSION_JS = String.raw`
const vscode = require('vscode');

class MemFS {
  constructor(files) {
    this.files = new Map();
    this.emitter = new vscode.EventEmitter();
    this.onDidChangeFile = this.emitter.event;
    for (const [rel, base64] of Object.entries(files)) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      this.files.set(rel, { bytes, mtime: Date.now() });
    }
  }
  key(uri) { return uri.path.replace(/\/+$/, '') || '/'; }
  isDir(key) {
    const prefix = key === '/' ? '/' : key + '/';
    for (const file of this.files.keys()) if (file.startsWith(prefix)) return true;
    return false;
  }
  stat(uri) {
    const key = this.key(uri);
    const file = this.files.get(key);
    if (file) return { type: vscode.FileType.File, ctime: 0, mtime: file.mtime, size: file.bytes.byteLength };
    if (key === '/' || this.isDir(key)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  readDirectory(uri) {
    const key = this.key(uri);
    const prefix = key === '/' ? '/' : key + '/';
    const entries = new Map();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      entries.set(slash === -1 ? rest : rest.slice(0, slash), slash === -1 ? vscode.FileType.File : vscode.FileType.Directory);
    }
    if (entries.size === 0 && !this.isDir(key)) throw vscode.FileSystemError.FileNotFound(uri);
    return [...entries];
  }
  readFile(uri) {
    const file = this.files.get(this.key(uri));
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return file.bytes;
  }
  writeFile(uri, content) {
    const key = this.key(uri);
    const existed = this.files.has(key);
    this.files.set(key, { bytes: content, mtime: Date.now() });
    this.emitter.fire([{ type: existed ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
  }
  delete(uri) {
    this.files.delete(this.key(uri));
    this.emitter.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }
  rename(from, to) {
    const file = this.files.get(this.key(from));
    if (!file) throw vscode.FileSystemError.FileNotFound(from);
    this.files.delete(this.key(from));
    this.files.set(this.key(to), file);
    this.emitter.fire([{ type: vscode.FileChangeType.Deleted, uri: from }, { type: vscode.FileChangeType.Created, uri: to }]);
  }
  createDirectory() {}
  watch() { return new vscode.Disposable(() => undefined); }
}

exports.activate = (context) => {
  context.subscriptions.push(vscode.workspace.registerFileSystemProvider('${MEMFS_SCHEME}', new MemFS(FILES), { isCaseSensitive: true }));
  context.subscriptions.push(vscode.commands.registerCommand('memfsTest.where', () => {
    const ext = vscode.extensions.getExtension('code-walkthroughs.code-walkthroughs');
    const host = !ext ? 'not installed' : ext.extensionKind === vscode.ExtensionKind.UI ? 'the web worker extension host' : 'the remote Node extension host';
    const self = typeof process === 'undefined' ? 'a web worker' : 'Node';
    void vscode.window.showInformationMessage('Code Walkthroughs runs in ' + host + ' (active: ' + (ext ? ext.isActive : false) + '); this test extension runs in ' + self + '.');
  }));
};
`;

/** Packages the test extension with copies of `sources` under `/<folder>/<basename>/…`; returns the VSIX. */
export function memfsVsix(dir: string, folder: string, sources: string[]): string {
  const root = path.join(dir, 'memfs-test');
  mkdirSync(root, { recursive: true });
  const files: Record<string, string> = {};
  for (const source of sources) collect(source, `/${folder}/${path.basename(source)}`, files);
  writeFileSync(path.join(root, 'extension.js'), `const FILES = ${JSON.stringify(files)};\n${EXTENSION_JS}`);
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({
    name: 'memfs-test',
    displayName: 'memfs test file system',
    description: 'An in-memory file system holding the sample workspace, for the browser end-to-end test.',
    publisher: 'code-walkthroughs-e2e',
    version: '1.0.0',
    license: 'MIT',
    engines: { vscode: '^1.100.0' },
    browser: './extension.js',
    activationEvents: [`onFileSystem:${MEMFS_SCHEME}`, 'onStartupFinished'],
    capabilities: { virtualWorkspaces: true, untrustedWorkspaces: { supported: true } },
    contributes: { commands: [{ command: 'memfsTest.where', title: WHERE_COMMAND }] },
  }, null, 2));
  writeFileSync(path.join(root, 'README.md'), '# memfs test file system\n');
  writeFileSync(path.join(root, 'LICENSE'), 'MIT\n');
  const vsix = path.join(dir, 'memfs-test.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packaging the memfs test extension failed:\n${r.stdout}${r.stderr}`);
  return vsix;
}
