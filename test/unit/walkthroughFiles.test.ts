import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { walkthroughMatcher } from '../../server/src/core/walkthroughFiles';
import { loadWorkspace } from './helpers';

describe('walkthrough file globs', () => {
  it('defaults to *.walkthrough.yaml and .yml at any depth', () => {
    const match = walkthroughMatcher(undefined);
    assert.equal(match('a.walkthrough.yaml'), true);
    assert.equal(match('deep/er/b.walkthrough.yml'), true);
    assert.equal(match('c.yaml'), false);
    assert.equal(match('walkthrough.yaml'), false);
  });

  it('uses the given globs, and falls back to the defaults for empty ones', () => {
    assert.equal(walkthroughMatcher(['tours/*.yaml'])('tours/x.yaml'), true);
    assert.equal(walkthroughMatcher(['tours/*.yaml'])('x.walkthrough.yaml'), false);
    assert.equal(walkthroughMatcher(['', '  '])('x.walkthrough.yaml'), true);
  });

  it('the engine loads what the globs match and nothing else', async () => {
    const tour = 'title: T\nsteps:\n  - points: hi\n';
    const { engine } = await loadWorkspace({ 'tours/a.yaml': tour, 'b.walkthrough.yaml': tour });
    assert.deepEqual(engine.list().map((w) => w.file), ['/ws/b.walkthrough.yaml']);
    engine.setWalkthroughGlobs(['tours/**/*.yaml']);
    await engine.loadAll();
    assert.deepEqual(engine.list().map((w) => w.file), ['/ws/tours/a.yaml']);
    assert.equal(engine.isWalkthrough('/ws/tours/a.yaml'), true);
    assert.equal(engine.isWalkthrough('/ws/b.walkthrough.yaml'), false);
  });
});

describe('a step with only a file', () => {
  it('opens the file at its top: ok, line 1, no diagnostic', async () => {
    const { engine } = await loadWorkspace({ 't.walkthrough.yaml': 'title: T\nsteps:\n  - file: a.go\n    points: the whole file\n', 'a.go': 'package a\n' });
    const [step] = engine.list()[0]!.steps;
    assert.equal(step!.status, 'ok');
    assert.deepEqual(step!.span, { start: 0, end: 0 });
    assert.deepEqual(engine.diagnostics('/ws/t.walkthrough.yaml'), []);
  });
});
