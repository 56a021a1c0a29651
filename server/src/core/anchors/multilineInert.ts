/**
 * When can an anchor be resolved without parsing its file? The parse tells which lines are only
 * comments or strings (`InertLines`), and a match there ranks below live code. But a match is
 * inert only when its first line lies *inside* a comment or string literal that began on an
 * earlier line (one that begins on the match's line is the comment itself, and counts as live:
 * see resolveAnchor.ts). So a line can be inert only after some text that can open a comment or
 * string spanning a line break: `/*`, a backtick, `"""`, a line ending in a backslash…
 *
 * Where a language has a line lexer (lineLexers.ts: JavaScript, TypeScript, TSX, Go, Java,
 * Python, C, C++, C#), it says per line whether its start may lie inside a comment, string or
 * template begun above. Other languages use a table of openers that errs on the side of "maybe"
 * (Rust, Ruby and PHP strings may span lines, so any quote counts): from the first line holding
 * one, every later line is "maybe"; a language without an entry is "maybe" from its first line.
 * Both are checked against every grammar by test/unit/lazy-parse.test.ts (no inert line the
 * lexer or table calls safe).
 */
import { languageFor } from '../symbols/languages';
import { LINE_LEXERS } from './lineLexers';

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

/**
 * The first line (0-based) of `lines` (the text of `file`) from which a later line may lie inside
 * a comment or string literal, by the opener table; `lines.length` when none can.
 */
function firstOpenerLine(file: string, lines: readonly string[]): number {
  const language = languageFor(file);
  const opener = language ? OPENERS[language.id] : undefined;
  if (language && !opener) return 0;
  if (opener) {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (opener.test(line) || CONTINUED.test(line)) return i;
    }
  }
  return lines.length;
}

interface MaybeInert {
  /** Per line, 1 when it may lie inside a comment or string that began on an earlier line. */
  inside: Uint8Array;
  /** No line may. */
  none: boolean;
}

const cache = new WeakMap<readonly string[], MaybeInert>();

function maybeInert(file: string, lines: readonly string[]): MaybeInert {
  let found = cache.get(lines);
  if (!found) {
    const lexer = LINE_LEXERS[languageFor(file)?.id ?? ''];
    let inside: Uint8Array;
    if (lexer) inside = lexer(lines);
    else {
      inside = new Uint8Array(lines.length);
      inside.fill(1, firstOpenerLine(file, lines) + 1);
    }
    found = { inside, none: inside.indexOf(1) === -1 };
    cache.set(lines, found);
  }
  return found;
}

/** Whether line `line` may lie inside a comment or string that began on an earlier line (see above). */
export function mayBeInsideInert(file: string, lines: readonly string[], line: number): boolean {
  return maybeInert(file, lines).inside[line] === 1;
}

/** Whether no line of `lines` may lie inside a comment or string that began on an earlier line. */
export function noLineMayBeInert(file: string, lines: readonly string[]): boolean {
  return maybeInert(file, lines).none;
}
