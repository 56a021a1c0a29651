/**
 * The in-process server reads only the file system it is given: links in talking points and
 * `walkthroughs/applyToFolder` resolve against the memory files, never the host's disk (where
 * /ws and /bundled do not exist).
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import type { ApplyToFolderResult, StepContentResult } from '../../common/src/protocol';
import { InProcessClient, uriOf, WS } from './harness';

const GO = `${WS}/svc/handler/inventory.go`;
const INVENTORY = 'package handler\n\nfunc Sell() error {\n\treturn nil\n}\n';

function files(): MemoryFileSystem {
  return new MemoryFileSystem({
    [GO]: INVENTORY,
    [`${WS}/t.walkthrough.yaml`]: [
      'id: t',
      'title: T',
      'steps:',
      '  - id: sell',
      '    title: Sell',
      '    file: svc/handler/inventory.go',
      '    anchor: func Sell() error {',
      // A link from another machine (found by path suffix under the workspace) and one to a file
      // that is in neither the memory files nor the workspace.
      '    points: "See [the handler](file:///Users/someone/mxshop/svc/handler/inventory.go?line=3) and [gone](file:///Users/someone/mxshop/svc/gone.go?line=1)."',
      '',
    ].join('\n'),
    '/bundled/b.walkthrough.yaml': 'id: b\ntitle: B\nsteps:\n  - title: Sell\n    file: svc/handler/inventory.go\n    anchor: func Sell() error {\n',
  });
}

describe('the in-process server on memory files', () => {
  let client: InProcessClient | undefined;
  afterEach(() => client?.stop());

  it('resolves a code link in a hover and in the step card against the memory files', async () => {
    client = await InProcessClient.start({ fs: files() });
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(GO) }, position: { line: 2, character: 6 } });
    const text = JSON.stringify(hover?.contents ?? '');
    assert.ok(text.includes(`${uriOf(GO)}#L3`), `the link points at the memory file: ${text}`);
    assert.ok(!text.includes('gone.go'), `a link to a file that is not there becomes its label: ${text}`);
    const step = await client.request<StepContentResult>('walkthroughs/step', { walkthroughId: 't', stepId: 'sell' });
    assert.ok(step?.points?.includes(`(${uriOf(GO)}#L3)`), `the step card's points: ${step?.points}`);
  });

  it('applies walkthroughs from a folder of the memory files', async () => {
    client = await InProcessClient.start({ fs: files() });
    const result = await client.request<ApplyToFolderResult>('walkthroughs/applyToFolder', { sourceFolder: uriOf('/bundled'), targetFolder: uriOf(WS) });
    assert.deepEqual(
      result.walkthroughs.flatMap((w) => w.steps.map((s) => `${w.id}: ${s.status}`)),
      ['b: ok'],
    );
  });
});
