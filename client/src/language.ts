// The extension's own language (`walkthroughs.language`: auto, en, zh-cn), pure: no `vscode`
// import, so the unit tests run it. VS Code's `vscode.l10n` only ever loads the bundle of VS Code's
// display language, which a user without a language pack (offline, code-server) cannot change; when
// the setting asks for another language the extension loads that bundle from l10n/ itself.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { normalizeLocale } from '../../common/src/localeTag';
import { translator, type Translate } from '../../common/src/plural';

export const LANGUAGE_SETTINGS = ['auto', 'en', 'zh-cn'] as const;

export interface LanguageChoice {
  /** The bundle name the extension speaks (`en`, `zh-cn`, …), also sent to the language server. */
  language: string;
  /** True when that differs from VS Code's display language, so `vscode.l10n` cannot serve it. */
  ownBundle: boolean;
}

/** `auto` (or anything unknown) follows VS Code's display language; `en` / `zh-cn` override it. */
export function chooseLanguage(setting: unknown, displayLanguage: string): LanguageChoice {
  const display = normalizeLocale(displayLanguage);
  const asked = typeof setting === 'string' && setting !== 'auto' && (LANGUAGE_SETTINGS as readonly string[]).includes(setting) ? setting : undefined;
  const language = asked ?? display;
  return { language, ownBundle: language !== display };
}

/**
 * The message bundle for `language` from the extension's l10n/ folder (`bundle.l10n.<language>.json`).
 * English is the messages themselves (an empty bundle); a missing or unreadable file is English too,
 * never a failed activation.
 */
export function readBundle(l10nDir: string, language: string): Record<string, string> {
  if (language === 'en') return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path.join(l10nDir, `bundle.l10n.${language}.json`), 'utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

/** The client's `t`: VS Code's own (`fallback`) when it serves the chosen language, else the extension's bundle. */
export function translatorFor(choice: LanguageChoice, l10nDir: string, fallback: Translate): Translate {
  return choice.ownBundle ? translator(readBundle(l10nDir, choice.language)) : fallback;
}
