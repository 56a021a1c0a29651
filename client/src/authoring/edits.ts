// Applying the server's authoring edits: `walkthroughs/edit` computes the YAML edit for an
// operation; this applies the WorkspaceEdit (one undoable step, fine on unsaved buffers), saves
// the files that had no unsaved changes before, and refreshes the list.
import * as vscode from 'vscode';
import { EditWalkthroughRequest, type EditWalkthroughResult, type WalkthroughEdit } from '../../../common/src/protocol';
import type { WalkthroughClient } from '../languageClient';
import { openDocument } from '../uris';
import type { WalkthroughList } from '../walkthroughList';
import { S } from './strings';

export class WalkthroughEdits {
  constructor(
    private readonly server: WalkthroughClient,
    private readonly list: WalkthroughList,
  ) {}

  /** The applied edit's result, or undefined when it failed (said to the user) or was refused. */
  async apply(op: WalkthroughEdit): Promise<EditWalkthroughResult | undefined> {
    await this.server.ensureStarted();
    // A version mismatch (the user typed meanwhile) fails the edit: compute it again once.
    for (let attempt = 0; attempt < 2; attempt++) {
      // A server failure is said as such, not as "the server is not running".
      const answer = await this.server.attempt(EditWalkthroughRequest, op);
      const result: EditWalkthroughResult = 'result' in answer ? answer.result : { error: answer.error };
      if (result.error || !result.edit) {
        if (result.error) void vscode.window.showErrorMessage(result.error);
        return undefined;
      }
      const touched = result.edit.documentChanges.flatMap((c) => ('textDocument' in c ? [c.textDocument.uri] : 'kind' in c && c.kind === 'create' ? [c.uri] : []));
      const clean = new Set(touched.filter((uri) => !openDocument(uri)?.isDirty));
      const edit = await this.server.client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
      if (await vscode.workspace.applyEdit(edit)) {
        // Files that had no unsaved changes are saved, so the tree, the CLI and git see the step;
        // the edit stays undoable in the file's editor.
        for (const uri of clean) {
          const document = openDocument(uri);
          if (document?.isDirty) await document.save();
        }
        await this.list.refresh();
        return result;
      }
    }
    void vscode.window.showErrorMessage(S.applyFailed);
    return undefined;
  }
}
