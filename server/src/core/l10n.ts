/**
 * Localization for the server and the CLI: `t('English message {0}', arg)` and
 * `plural(count, '{0} step', '{0} steps')`. The English message is the key (as with
 * `vscode.l10n.t` in the client); translations live in `l10n/bundle.l10n.<locale>.json`, shared
 * with the client and bundled into dist/ by esbuild. Pure: the server sets the locale from
 * `initialize` (`locale`), the CLI from `--locale` / `LC_ALL` / `LC_MESSAGES` / `LANG`.
 *
 * Every new user-facing string goes through `t` or `plural` and gets a zh-cn translation
 * (`node --import tsx scripts/l10n.ts` lists what is missing; test/unit/l10n.test.ts enforces it).
 */
import * as l10n from '@vscode/l10n';
import zhCn from '../../../l10n/bundle.l10n.zh-cn.json';
import { normalizeLocale } from '../../../common/src/localeTag';
import { pluralFor } from '../../../common/src/plural';

export { normalizeLocale };

export type Replacement = string | number | boolean;

/** Locales with a bundle; every other locale falls back to English. */
const BUNDLES: Record<string, Record<string, string>> = { 'zh-cn': zhCn };

export const SUPPORTED_LOCALES = ['en', ...Object.keys(BUNDLES)] as const;

let current = 'en';

/** Switches every later `t`/`plural` call to `raw`'s bundle. Returns the bundle name used. */
export function setLocale(raw: string | undefined): string {
  current = normalizeLocale(raw);
  l10n.config({ contents: BUNDLES[current] ?? {} });
  return current;
}

export function getLocale(): string {
  return current;
}

/** The CLI's locale: `--locale X` wins, then the POSIX variables in their order of precedence. */
export function localeFromEnvironment(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const index = argv.indexOf('--locale');
  if (index >= 0 && argv[index + 1]) return argv[index + 1];
  const inline = argv.find((a) => a.startsWith('--locale='));
  if (inline) return inline.slice('--locale='.length);
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || undefined;
}

/** The message in the current language, with `{0}`, `{1}`, … replaced by `args`. */
export function t(message: string, ...args: Replacement[]): string {
  return l10n.t(message, ...args);
}

/**
 * A count with the right plural form for the current language (English: one/other; Chinese has
 * a single form, the translation of `other`). `{0}` is the count, `{1}`… are `args`.
 */
export function plural(count: number, one: string, other: string, ...args: Replacement[]): string {
  return pluralFor(current, t)(count, one, other, ...args);
}
