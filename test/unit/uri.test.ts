import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptVirtualUris, pathToUri, uriToPath } from '../../server/src/runtime/uri';

// Runs in its own process (node --test): the switch does not leak into other test files.
test('without acceptVirtualUris only file: URIs have paths', () => {
  assert.equal(uriToPath('memfs:/sample/a.ts'), undefined);
  assert.equal(uriToPath('file:///ws/a%20b.ts'), '/ws/a b.ts');
  assert.equal(pathToUri('/memfs:/sample/a.ts'), 'file:///memfs:/sample/a.ts');
});

test('virtual URIs map to absolute paths and back', () => {
  acceptVirtualUris();
  const cases: Array<[uri: string, path: string]> = [
    ['memfs:/sample', '/memfs:/sample'],
    ['memfs:/sample/src/inventory.go', '/memfs:/sample/src/inventory.go'],
    ['vscode-vfs://github/owner/repo/a%20b/c.ts', '/vscode-vfs:github/owner/repo/a b/c.ts'],
    ['vscode-vfs://github%2Bx/owner/repo', '/vscode-vfs:github+x/owner/repo'],
  ];
  for (const [uri, file] of cases) {
    assert.equal(uriToPath(uri), file, uri);
    assert.equal(uriToPath(pathToUri(file)), file, file);
  }
  assert.equal(pathToUri('/memfs:/sample/a b.ts'), 'memfs:/sample/a%20b.ts');
  assert.equal(pathToUri('/vscode-vfs:github/o/r/x.ts'), 'vscode-vfs://github/o/r/x.ts');
  // file: stays file:, untitled: has no path.
  assert.equal(uriToPath('file:///ws/a.ts'), '/ws/a.ts');
  assert.equal(pathToUri('/ws/a.ts'), 'file:///ws/a.ts');
  assert.equal(uriToPath('untitled:Untitled-1'), undefined);
});
