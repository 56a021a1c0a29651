import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WALKTHROUGH_GLOBS, effectiveWalkthroughGlobs, isWalkthroughName, WalkthroughFiles, walkthroughMatcher } from '../../common/src/walkthroughFiles';
import { ACTIVE_EDITOR_IS_WALKTHROUGH, isWalkthroughFile as isClientWalkthroughFile, walkthroughFilesFor } from '../../client/src/paths';
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

describe('one decision for server and client: WalkthroughFiles', () => {
  it('inside a folder the globs decide, against the innermost folder that holds the file', () => {
    const files = new WalkthroughFiles({ folders: ['/ws', '/ws/nested'], globs: ['tours/*.yaml'] });
    assert.equal(files.is('/ws/tours/a.yaml'), true);
    assert.equal(files.is('/ws/tours/deeper/a.yaml'), false);
    assert.equal(files.is('/ws/a.walkthrough.yaml'), false, 'the setting replaces the default globs');
    assert.equal(files.is('/ws/nested/tours/b.yaml'), true, 'relative to /ws/nested, not /ws');
    assert.equal(files.is('/wsx/tours/a.yaml'), false, 'a sibling folder whose name starts alike is outside');
  });

  it('outside every folder the name decides (bundled walkthroughs, files opened from elsewhere)', () => {
    const files = new WalkthroughFiles({ folders: ['/ws'], globs: ['tours/*.yaml'] });
    assert.equal(files.is('/bundled/walkthroughs/a.walkthrough.yaml'), true);
    assert.equal(files.is('/elsewhere/.tours/t.tour'), true);
    assert.equal(files.is('/elsewhere/tours/a.yaml'), false);
    assert.equal(files.is('/elsewhere/a.tour.go'), false);
    assert.equal(isWalkthroughName('/x/b.walkthrough.yml'), true);
    assert.equal(isWalkthroughName('/x/walkthrough.yaml'), false);
  });

  it('takes Windows paths with backslashes and either drive-letter case', () => {
    const files = new WalkthroughFiles({ folders: ['C:\\Users\\a\\repo'], globs: ['tours/*.yaml'] });
    assert.equal(files.is('c:\\Users\\a\\repo\\tours\\x.yaml'), true);
    assert.equal(files.is('C:/Users/a/repo/x.walkthrough.yaml'), false);
  });

  it('falls back to the defaults for unusable settings (none, blank, not strings)', () => {
    for (const globs of [undefined, [], [''], [42, null]] as Array<unknown[] | undefined>) {
      const files = new WalkthroughFiles({ folders: ['/ws'], globs });
      assert.deepEqual(files.globs, DEFAULT_WALKTHROUGH_GLOBS, String(globs));
      assert.equal(files.is('/ws/a.walkthrough.yaml'), true);
    }
    assert.deepEqual(effectiveWalkthroughGlobs(['tours/*.yaml', '', 7]), ['tours/*.yaml']);
  });

  it('the client asks the same question: with `files: [tours/*.yaml]` a tour YAML is a walkthrough, not code', () => {
    const scope = walkthroughFilesFor(['/ws'], ['tours/*.yaml']);
    assert.equal(isClientWalkthroughFile('/ws/tours/a.yaml', scope), true);
    assert.equal(isClientWalkthroughFile('/ws/b.walkthrough.yaml', scope), false);
    assert.equal(isClientWalkthroughFile('/ws/src/order.go', scope), false);
    // A setting that is not a list of globs means the defaults, as on the server (settings.ts).
    assert.equal(isClientWalkthroughFile('/ws/b.walkthrough.yaml', walkthroughFilesFor(['/ws'], 'tours/*.yaml')), true);
  });

  it('the engine and the client agree file by file', async () => {
    const tour = 'title: T\nsteps:\n  - points: hi\n';
    const paths = ['tours/a.yaml', 'tours/b.yml', 'b.walkthrough.yaml', '.tours/t.tour', 'src/x.go', '.git/tours/c.yaml', 'tours/sub/d.yaml'];
    for (const globs of [undefined, ['tours/*.yaml'], ['**/*.yml', '.tours/**/*.tour']]) {
      const { engine } = await loadWorkspace(Object.fromEntries(paths.map((p) => [p, tour])));
      engine.setWalkthroughGlobs(globs);
      const client = walkthroughFilesFor(['/ws'], globs);
      for (const path of [...paths.map((p) => `/ws/${p}`), '/outside/e.walkthrough.yaml', '/outside/f.yaml']) {
        assert.equal(isClientWalkthroughFile(path, client), engine.isWalkthrough(path), `${path} with ${JSON.stringify(globs)}`);
      }
    }
  });
});

describe('the manifest follows the decision', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));

  it('activates where the default globs find walkthroughs (the static events cannot follow the setting)', () => {
    const contains = (manifest.activationEvents as string[]).filter((e) => e.startsWith('workspaceContains:')).map((e) => e.slice('workspaceContains:'.length));
    assert.deepEqual([...contains].sort(), [...DEFAULT_WALKTHROUGH_GLOBS].sort());
    assert.ok(manifest.activationEvents.includes('onLanguage:yaml'), 'a YAML walkthrough under custom globs activates when opened');
  });

  it('menus ask the client\'s context key, not a file-name pattern', () => {
    const menus = JSON.stringify(manifest.contributes.menus);
    assert.doesNotMatch(menus, /walkthrough\\\\\.ya/);
    const addStep = manifest.contributes.menus['editor/context'].find((m: { command: string }) => m.command === 'walkthroughs.addStepFromSelection');
    assert.match(addStep.when, new RegExp(`!${ACTIVE_EDITOR_IS_WALKTHROUGH.replace('.', '\\.')}`));
  });
});
