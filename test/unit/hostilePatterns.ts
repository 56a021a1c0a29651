/**
 * Hostile CodeTour patterns (issue 19, items 1–2), shared by the unit tests, the fuzz suite and the
 * benchmark. Every shape backtracks exponentially on a backtracking engine: with or without a
 * quantifier, through alternation, nested groups, backreferences or lookarounds.
 */

/** `(a|a)(a|a)…b`: no quantifier at all, 2^40 ways to fail on forty `a`s. */
export const alternationOnly = (groups = 40): string => `${'(a|a)'.repeat(groups)}b`;

export interface HostilePattern {
  name: string;
  pattern: string;
  /** A line that makes it backtrack. */
  line: string;
}

export const HOSTILE_PATTERNS: readonly HostilePattern[] = [
  { name: 'alternation, no quantifier', pattern: alternationOnly(40), line: 'a'.repeat(40) },
  { name: 'nested quantifier', pattern: '^(a+)+$', line: `${'a'.repeat(40)}!` },
  { name: 'overlapping alternation in a star', pattern: '(a|aa)*c', line: 'a'.repeat(60) },
  { name: 'non-capturing alternation, no quantifier', pattern: `${'(?:\\w|a)'.repeat(40)}!`, line: 'a'.repeat(40) },
  { name: 'alternation in a lookahead', pattern: `(?=${'(a|a)'.repeat(40)}b)`, line: 'a'.repeat(40) },
  { name: 'backreferences', pattern: `${'(a|a)\\1'.repeat(30)}b`, line: 'a'.repeat(60) },
  { name: 'optional inside a plus', pattern: '^(a|a?)+$', line: `${'a'.repeat(40)}!` },
  { name: 'dot-star in a counted group', pattern: '(.*a){20}b', line: 'a'.repeat(40) },
  { name: 'optional spaces in a plus', pattern: '^(\\s*a\\s*)+$', line: `${' a'.repeat(30)}!` },
];
