/** The `walkthroughs.files` setting decides which files are walkthroughs, and changing it reloads them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as path from 'node:path';
import type { EditWalkthroughResult, ListWalkthroughsResult } from '../../common/src/protocol';
import { INVENTORY_GO } from './fixtures';
import { LspClient, removeWorkspace, tempWorkspace, uri } from './lspClient';

const TOUR = (title: string) => `title: ${title}\nsteps:\n  - file: handler/inventory.go\n    lines: 1\n    anchor: package handler\n`;

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('walkthroughs.files', () => {
  it('loads only files matching the globs, and reloads when the setting changes', async () => {
    const dir = tempWorkspace({
      'handler/inventory.go': INVENTORY_GO,
      'tours/custom.yaml': TOUR('Custom'),
      'default.walkthrough.yaml': TOUR('Default'),
    });
    const client = await LspClient.start({ folders: [dir], settings: { files: ['tours/*.yaml'] } });
    try {
      const titles = async () => (await client.request<ListWalkthroughsResult>('walkthroughs/list', {})).walkthroughs.map((w) => w.title);
      assert.deepEqual(await titles(), ['Custom']);
      client.settings = {};
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      // Requests wait for the settings and the reload they cause, so the next answer is current.
      assert.deepEqual(await poll(titles, (t) => t.includes('Default')), ['Default']);
    } finally {
      await client.stop();
      removeWorkspace(dir);
    }
  });

  it('creates a walkthrough only where the globs will find it, and says why otherwise', async () => {
    const dir = tempWorkspace({ 'handler/inventory.go': INVENTORY_GO, 'tours/custom.yaml': TOUR('Custom') });
    const client = await LspClient.start({ folders: [dir], settings: { files: ['tours/*.yaml'] } });
    try {
      const create = (file: string) => client.request<EditWalkthroughResult>('walkthroughs/edit', { kind: 'createWalkthrough', uri: uri(path.join(dir, file)), title: 'New' });
      const lost = await create('new.walkthrough.yaml');
      assert.equal(lost.edit, undefined, 'a file the globs do not match would never be loaded');
      assert.match(lost.error ?? '', /walkthroughs\.files/);
      const found = await create('tours/new.yaml');
      assert.equal(found.error, undefined);
      assert.ok(found.edit);
      assert.match((await create('.tours/new.tour')).error ?? '', /walkthroughs\.files/, 'a new walkthrough is YAML, never a .tour');
    } finally {
      await client.stop();
      removeWorkspace(dir);
    }
  });
});
