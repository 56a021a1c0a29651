/**
 * Copies of the bundled walkthroughs written into a checkout with another layout: they must
 * resolve there on their own (no root override), with the same places the apply found, and name
 * the files where the code now is (no `file-moved` warnings left).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { WalkthroughEngine } from '../../server/src/core/engine';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { findFiles } from '../../server/src/core/discover';
import { isWalkthroughFile, parseWalkthrough } from '../../server/src/core/format/parseWalkthrough';
import { landedCopyText } from '../../server/src/core/relocate/landedCopy';
import { relativePath } from '../../server/src/core/paths';

const REPO = path.resolve(__dirname, '../..');

function loadTree(dir: string, mountAt: string, into: Record<string, string>): void {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) loadTree(full, `${mountAt}/${name}`, into);
    else into[`${mountAt}/${name}`] = readFileSync(full, 'utf8');
  }
}

describe('landed copies of the bundled walkthroughs', () => {
  it('resolve in the checkout by themselves, where the apply found the code', async () => {
    const files: Record<string, string> = {};
    loadTree(path.join(REPO, 'test/fixtures/variants/mxshop-layout/code'), '/ws', files);
    loadTree(path.join(REPO, 'walkthroughs'), '/bundled', files);
    const fs = new MemoryFileSystem(files);
    const applied = new WalkthroughEngine({ fs, folders: ['/ws'], rootOverride: '/ws', extraReadableFolders: ['/bundled'] });
    await applied.loadFiles(await findFiles(fs, '/bundled', isWalkthroughFile));

    const copyDir = '/ws/walkthroughs';
    for (const walkthrough of applied.list()) {
      const text = landedCopyText(walkthrough, files[walkthrough.file]!, copyDir, '/ws');
      assert.ok(text, `${walkthrough.file}: the copy parses`);
      assert.match(text, /^root: \.\.$/m);
      assert.equal(parseWalkthrough('/x.walkthrough.yaml', text).diagnostics.length, 0);
      fs.write(`${copyDir}/${relativePath('/bundled', walkthrough.file)}`, text);
    }
    fs.write(`${copyDir}/memo/golang-interview.md`, files['/bundled/memo/golang-interview.md']!);

    const copies = new WalkthroughEngine({ fs, folders: ['/ws'] });
    await copies.loadAll();
    assert.equal(copies.list().length, applied.list().length);
    let followedFiles = 0;
    for (const walkthrough of applied.list()) {
      const copy = copies.byId(walkthrough.spec.id)!;
      assert.ok(copy, walkthrough.spec.id);
      walkthrough.steps.forEach((step, i) => {
        const landed = copy.steps[i]!;
        assert.equal(landed.file, step.file, `${walkthrough.spec.id}/${step.spec.id}: same file`);
        assert.deepEqual(landed.span, step.span, `${walkthrough.spec.id}/${step.spec.id}: same lines`);
        if (step.status === 'moved' && step.file !== undefined) assert.equal(landed.status, 'ok', `${walkthrough.spec.id}/${step.spec.id}: exact in the copy`);
        if (step.file && step.spec.file && !step.file.endsWith(step.spec.file)) followedFiles++;
      });
      const diagnostics = copies.diagnostics(copy.file);
      assert.deepEqual(diagnostics.filter((d) => d.code === 'file-moved' || d.code === 'memo-not-found' || d.code === 'section-not-found'), [], copy.file);
    }
    assert.ok(followedFiles > 10, `steps whose file changed: ${followedFiles}`);
  });
});
