/**
 * A step status as users read it (tree, hovers, CLI reports). Takes `t` so the server (core/l10n)
 * and the client (vscode.l10n) share this one list; `approximate` may come from newer engines.
 */
import type { Translate } from './plural';

export function statusName(status: string, t: Translate): string {
  switch (status) {
    case 'ok':
      return t('ok');
    case 'moved':
      return t('moved');
    case 'fuzzy':
      return t('fuzzy');
    case 'approximate':
      return t('approximate');
    case 'stale':
      return t('stale');
    case 'missing':
      return t('missing');
    case 'invalid':
      return t('invalid');
    default:
      return status;
  }
}
