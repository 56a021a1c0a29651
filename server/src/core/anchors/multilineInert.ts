/**
 * When can an anchor be resolved without parsing its file? The parse tells which lines are only
 * comments or strings (`InertLines`), and a match there ranks below live code. But a match is
 * inert only when its first line lies *inside* a comment or string literal that began on an
 * earlier line (one that begins on the match's line is the comment itself, and counts as live:
 * see resolveAnchor.ts). So a line can be inert only after some text that can open a comment or
 * string spanning a line break: `/*`, a backtick, `"""`, a line ending in a backslash…
 *
 * `firstOpenerLine` finds the first line holding such an opener, by a per-language table that
 * errs on the side of "maybe" (Rust, Ruby and PHP strings may span lines, so any quote counts).
 * Above that line no match is inert, and the parse cannot change where an anchor found there
 * lands. A language without an entry always counts as "maybe" from its first line. The table is
 * checked against every grammar by test/unit/lazy-parse.test.ts (inert rows only below an opener).
 */
import { languageFor } from '../symbols/languages';

/** Per language id: a line that may open a comment or string literal spanning a line break. */
const OPENERS: Readonly<Record<string, RegExp>> = {
  go: /\/\*|`/,
  typescript: /\/\*|`/,
  tsx: /\/\*|`/,
  javascript: /\/\*|`/,
  python: /"""|'''/,
  java: /\/\*|"""/,
  // Any Rust string literal may hold a line break.
  rust: /\/\*|"/,
  csharp: /\/\*|@"|\$"|"""/,
  // Adjacent literals ("a" "b" on two lines) are one concatenated string.
  c: /\/\*|"/,
  cpp: /\/\*|"/,
  ruby: /["'`%]|<<|^=begin/,
  php: /\/\*|["'`]|<<</,
};

/** A line ending in a backslash continues a line comment or a string literal in most languages. */
const CONTINUED = /\\\s*$/;

const firstOpeners = new WeakMap<readonly string[], number>();

/**
 * The first line (0-based) of `lines` (the text of `file`) from which a later line may lie inside
 * a comment or string literal; `lines.length` when none can. Cached per lines array.
 */
export function firstOpenerLine(file: string, lines: readonly string[]): number {
  let first = firstOpeners.get(lines);
  if (first === undefined) {
    const language = languageFor(file);
    const opener = language ? OPENERS[language.id] : undefined;
    if (language && !opener) first = 0;
    else {
      first = lines.length;
      if (opener) {
        for (let i = 0; i < lines.length; i++) {
          const line = lines[i]!;
          if (opener.test(line) || CONTINUED.test(line)) {
            first = i;
            break;
          }
        }
      }
    }
    firstOpeners.set(lines, first);
  }
  return first;
}

/** Whether line `line` may lie inside a comment or string that began on an earlier line (see above). */
export function mayBeInsideInert(file: string, lines: readonly string[], line: number): boolean {
  return firstOpenerLine(file, lines) < line;
}
