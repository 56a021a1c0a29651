// Typing walkthrough YAML: Enter after `- key: value` (a list item that is a mapping, e.g. a step's
// first key) puts the cursor under `key`, where the item's next key belongs — not under `-`,
// which would end the mapping (a YAML error, or the key landing in the wrong place).
// Language configuration is per language, so this holds for every YAML file; it is what YAML
// means in any of them. Block scalar starts (`- key: |`) keep the editor's own indentation rules.
import * as vscode from 'vscode';
import { LIST_ITEM_KEY_VALUE } from './yamlRules';

export function registerYamlEditing(): vscode.Disposable {
  return vscode.languages.setLanguageConfiguration('yaml', {
    onEnterRules: [{ beforeText: LIST_ITEM_KEY_VALUE, action: { indentAction: vscode.IndentAction.None, appendText: '  ' } }],
  });
}
