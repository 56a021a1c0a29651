/** The bundled sample: the primary tour's steps show as CodeLens on the inventory handler. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import type { ListWalkthroughsResult } from '../../common/src/protocol';
import { LspClient, REPO_ROOT, uri } from './lspClient';

const WALKTHROUGHS = path.join(REPO_ROOT, 'walkthroughs');
const INVENTORY = path.join(REPO_ROOT, 'sample-repo/inventory_srv/handler/inventory.go');
const hasSample = existsSync(WALKTHROUGHS) && readdirSync(WALKTHROUGHS).some((f) => /\.walkthrough\.ya?ml$/.test(f)) && existsSync(INVENTORY);

it('the primary sample tour has CodeLens on sample-repo/inventory_srv/handler/inventory.go', { skip: hasSample ? false : 'no bundled walkthroughs yet' }, async () => {
  const client = await LspClient.start({ folders: [REPO_ROOT] });
  try {
    const { walkthroughs } = await client.request<ListWalkthroughsResult>('walkthroughs/list', {});
    const primary = walkthroughs[0]!;
    assert.equal(primary.primary, true, `first walkthrough ${primary.id} is not primary`);
    const inInventory = primary.steps.filter((s) => s.uri === uri(INVENTORY) && s.range);
    assert.ok(inInventory.length > 0, `primary tour ${primary.id} has no placed step in inventory.go: ${JSON.stringify(primary.steps)}`);

    client.open(INVENTORY, readFileSync(INVENTORY, 'utf8'), 'go');
    const lenses = (await client.codeLens(INVENTORY)) ?? [];
    for (const step of inInventory) {
      const title = `$(book) ${primary.title} · ${step.index + 1}/${primary.steps.length} ${step.title}`;
      const lens = lenses.find((l) => l.command?.title === title);
      assert.ok(lens, `no lens "${title}" in ${JSON.stringify(lenses.map((l) => l.command?.title))}`);
      assert.equal(lens.range.start.line, step.range!.startLine);
      assert.deepEqual(lens.command!.arguments, [primary.id, step.id]);
    }
  } finally {
    await client.stop();
  }
});
