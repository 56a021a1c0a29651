/**
 * Which plural form a count takes in a language (CLDR rules through Intl.PluralRules). Shared by
 * the server's `plural` (core/l10n.ts) and the client's (client/src/l10n.ts); imports nothing.
 */
export function pluralCategory(locale: string, count: number): 'one' | 'other' {
  let rules: Intl.PluralRules;
  try {
    rules = new Intl.PluralRules(locale);
  } catch {
    rules = new Intl.PluralRules('en');
  }
  // Our messages have two forms; languages with more (few, many, …) use `other` for the rest.
  return rules.select(count) === 'one' ? 'one' : 'other';
}

/** `t` as pure modules receive it (the client passes `vscode.l10n.t`, tests the real bundles). */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** A `Translate` over a bundle object (English message → translation), `{0}`… filled in. */
export function translator(bundle: Readonly<Record<string, string>>): Translate {
  return (message, ...args) => (bundle[message] ?? message).replace(/\{(\d+)\}/g, (match, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : match));
}

export type Plural = (count: number, one: string, other: string, ...args: Array<string | number | boolean>) => string;

/** `plural` for a language over a `t`: `{0}` is the count, `{1}`… are `args`. */
export function pluralFor(locale: string, t: Translate): Plural {
  return (count, one, other, ...args) => t(pluralCategory(locale, count) === 'one' ? one : other, count, ...args);
}
