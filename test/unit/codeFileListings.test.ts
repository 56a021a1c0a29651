/** The listing behind links' suffix search expires by the clock it is given, not the system's. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodeFileListings, LISTING_TTL_MS } from '../../server/src/core/codePaths';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';

describe('CodeFileListings', () => {
  it('lists code files under a root and sees a new one only once the listing expired on the injected clock', async () => {
    const fs = new MemoryFileSystem({ '/ws/a/x.go': 'package a\n', '/ws/a/notes.md': '# n\n' });
    let now = 1_000;
    const listings = new CodeFileListings(fs, () => now);
    assert.deepEqual(await listings.list('/ws'), ['a/x.go']);
    fs.write('/ws/b/y.go', 'package b\n');
    now += LISTING_TTL_MS - 1;
    assert.deepEqual(await listings.list('/ws'), ['a/x.go'], 'still the first listing');
    now += 1;
    assert.deepEqual((await listings.list('/ws')).sort(), ['a/x.go', 'b/y.go']);
  });
});
