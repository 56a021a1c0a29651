// Engine paths use forward slashes; on Windows they carry a drive letter (C:/…). Both must work.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isInside, relativePath, resolvePath } from '../../common/src/paths';

describe('engine paths', () => {
  it('POSIX: resolve, inside, relative', () => {
    assert.equal(resolvePath('/ws/walkthroughs', '../sample-repo/a.go'), '/ws/sample-repo/a.go');
    assert.equal(resolvePath('/ws', '/etc/passwd'), '/etc/passwd');
    assert.equal(isInside('/ws', '/ws/a/b.go'), true);
    assert.equal(isInside('/ws', '/ws'), true);
    assert.equal(isInside('/ws', '/wsx/a.go'), false);
    assert.equal(isInside('/ws', '/ws/../etc'), false);
    assert.equal(isInside('/ws', '/ws/..data/x'), true);
    assert.equal(relativePath('/ws', '/ws/a/b.go'), 'a/b.go');
  });

  it('Windows drive letters: never resolved against the current directory', () => {
    assert.equal(resolvePath('C:/Users/me/ws/walkthroughs', '../sample-repo/a.go'), 'C:/Users/me/ws/sample-repo/a.go');
    assert.equal(resolvePath('C:/ws', 'sub\\a.go'), 'C:/ws/sub/a.go');
    assert.equal(resolvePath('C:/ws', 'D:/other/a.go'), 'D:/other/a.go');
    assert.equal(isInside('C:/ws', 'C:/ws/sub/a.go'), true);
    assert.equal(isInside('C:/ws', 'c:/ws/sub/a.go'), true);
    assert.equal(isInside('C:/ws', 'D:/ws/sub/a.go'), false);
    assert.equal(isInside('C:/ws', 'C:/other'), false);
    assert.equal(relativePath('C:/ws', 'C:/ws/sub/a.go'), 'sub/a.go');
  });
});
