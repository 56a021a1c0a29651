/**
 * Locale names as VS Code, LSP clients and POSIX spell them, mapped to our bundle names. Pure and
 * free of the bundles themselves, so the client can use it without carrying the server's copy.
 */

/** Locales with a translation bundle in l10n/ (`bundle.l10n.<name>.json`); English is the messages. */
export const TRANSLATED_LOCALES = ['zh-cn'] as const;

/**
 * A bundle name for a locale: `zh-cn`, `zh-CN`, `zh_CN.UTF-8`, `zh-Hans`, `zh` → `zh-cn`; anything
 * without a bundle (including `C`, `POSIX`) → `en`.
 */
export function normalizeLocale(raw: string | undefined): string {
  if (!raw) return 'en';
  const tag = raw.trim().split(/[.@]/)[0]!.replace(/_/g, '-').toLowerCase();
  if (tag === 'zh' || tag === 'zh-cn' || tag === 'zh-sg' || tag.startsWith('zh-hans')) return 'zh-cn';
  if ((TRANSLATED_LOCALES as readonly string[]).includes(tag)) return tag;
  return 'en';
}
