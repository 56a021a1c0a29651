/**
 * CodeTour's `pattern`: a regular expression matched against the whole file in multi-line mode;
 * the line of its first match is the step's line. Patterns come from untrusted tour files, so a
 * catastrophic one (`(a+)+$`) must not hang the server: the match runs under a time budget in a
 * separate V8 context, which interrupts even a backtracking regular expression.
 */
import { t } from '../l10n';
import { createContext, Script, type Context } from 'node:vm';

/** Longer patterns are refused outright (they are not written by hand). */
export const MAX_PATTERN_LENGTH = 1000;
/** Time one match may take before it is abandoned. */
export const PATTERN_BUDGET_MS = 250;

export type PatternResult =
  | { kind: 'found'; line: number }
  | { kind: 'not-found' }
  | { kind: 'invalid'; message: string }
  | { kind: 'too-slow' };

/** Is the pattern usable at all? A message for the diagnostic when it is not. */
export function checkPattern(pattern: string): string | undefined {
  if (pattern.trim() === '') return t('`pattern` is empty.');
  if (pattern.length > MAX_PATTERN_LENGTH) return t('`pattern` is longer than {0} characters.', MAX_PATTERN_LENGTH);
  try {
    new RegExp(pattern, 'm');
    return undefined;
  } catch (error) {
    return t('`pattern` is not a valid regular expression: {0}', error instanceof Error ? error.message : String(error));
  }
}

const MATCH = new Script('(() => { const m = new RegExp(pattern, "m").exec(text); text = ""; return m ? m.index : -1; })()');
let sandbox: Context | undefined;

/** The 0-based line of the first match of `pattern` in `text`, CodeTour's way (flag `m`). */
export function findPattern(text: string, pattern: string, budgetMs = PATTERN_BUDGET_MS): PatternResult {
  const problem = checkPattern(pattern);
  if (problem) return { kind: 'invalid', message: problem };
  let index: unknown;
  if (!hasQuantifier(pattern)) {
    // Without a quantifier a regular expression cannot backtrack beyond its own length at each
    // position: matched directly (most CodeTour patterns are escaped literals like `func Sell\(`).
    const match = new RegExp(pattern, 'm').exec(text);
    return match ? { kind: 'found', line: lineAt(text, match.index) } : { kind: 'not-found' };
  }
  try {
    // One context for all matches (creating a V8 context per match costs about a millisecond).
    sandbox ??= createContext({ pattern: '', text: '' });
    sandbox.pattern = pattern;
    sandbox.text = text;
    index = MATCH.runInContext(sandbox, { timeout: budgetMs });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { kind: 'too-slow' };
    return { kind: 'invalid', message: t('`pattern` could not be evaluated: {0}', error instanceof Error ? error.message : String(error)) };
  }
  if (typeof index !== 'number' || index < 0) return { kind: 'not-found' };
  return { kind: 'found', line: lineAt(text, index) };
}

/** The 0-based line of an offset, line breaks counted as the engine splits lines (core/text.ts). */
function lineAt(text: string, index: number): number {
  return text.slice(0, index).match(/\r\n|\r|\n/g)?.length ?? 0;
}

/** Does the pattern repeat anything (`*`, `+`, `?`, `{n,m}` outside a character class and unescaped)? */
export function hasQuantifier(pattern: string): boolean {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '*' || c === '+' || c === '{') return true;
    // `?` after `(` opens a group kind such as `(?:`, `(?=`, `(?<name>`; anywhere else it repeats.
    else if (c === '?' && pattern[i - 1] !== '(') return true;
  }
  return false;
}
