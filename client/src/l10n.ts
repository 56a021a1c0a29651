// The client's localization helpers: `vscode.l10n.t` (bundles in l10n/, chosen by VS Code's display
// language) plus `plural`. Every user-facing string of the client goes through these; pure modules
// (the step card HTML, tree labels, reports) receive `t` as a parameter instead of importing `vscode`.
import * as vscode from 'vscode';
import { pluralFor, type Plural, type Translate } from '../../server/src/core/plural';

export const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

/** `{0}` is the count, `{1}`… are `args`; Chinese uses the `other` form for every count. */
export const plural: Plural = (count, one, other, ...args) => pluralFor(vscode.env.language, t)(count, one, other, ...args);
