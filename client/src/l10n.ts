// The client's localization helpers: `t` and `plural` in the extension's language — VS Code's display
// language (`vscode.l10n`, bundles in l10n/) unless the `walkthroughs.language` setting chooses
// another, whose bundle the extension then loads itself (client/src/language.ts). Every user-facing
// string of the client goes through these; pure modules (the step card HTML, tree labels, reports)
// receive `t` as a parameter instead of importing `vscode`.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pluralFor, type Plural, type Translate } from '../../common/src/plural';
import { chooseLanguage, translatorFor, type LanguageChoice } from './language';

const vscodeT: Translate = (message, ...args) => vscode.l10n.t(message, ...args);
let choice: LanguageChoice = { language: vscode.env.language, ownBundle: false };
let current: Translate = vscodeT;

export const t: Translate = (message, ...args) => current(message, ...args);

/** `{0}` is the count, `{1}`… are `args`; Chinese uses the `other` form for every count. */
export const plural: Plural = (count, one, other, ...args) => pluralFor(choice.language, t)(count, one, other, ...args);

/** The language the extension speaks (`en`, `zh-cn`, …): for `<html lang>` and the language server. */
export function uiLanguage(): string {
  return choice.language;
}

/** Reads `walkthroughs.language` once, at activation: changing it takes a window reload. */
export function initLanguage(extensionPath: string): LanguageChoice {
  const setting = vscode.workspace.getConfiguration('walkthroughs').get<string>('language', 'auto');
  choice = chooseLanguage(setting, vscode.env.language);
  current = translatorFor(choice, path.join(extensionPath, 'l10n'), vscodeT);
  return choice;
}

/** Offers to reload the window when `walkthroughs.language` changes (strings are chosen at start-up). */
export function offerReloadOnLanguageChange(): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration(async (event) => {
    if (!event.affectsConfiguration('walkthroughs.language')) return;
    const setting = vscode.workspace.getConfiguration('walkthroughs').get<string>('language', 'auto');
    if (chooseLanguage(setting, vscode.env.language).language === choice.language) return;
    const reload = t('Reload Window');
    const answer = await vscode.window.showInformationMessage(t('Code Walkthroughs will speak the new language after the window reloads.'), reload);
    if (answer === reload) await vscode.commands.executeCommand('workbench.action.reloadWindow');
  });
}
