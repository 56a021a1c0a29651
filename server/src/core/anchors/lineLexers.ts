/**
 * Conservative line lexers: for each line of a file, may its start lie inside a comment, string
 * or template literal that began on an earlier line? (multilineInert.ts says why that matters.)
 *
 * Each lexer reads the text once, line by line, knowing just enough of its language to follow
 * comments and literals: a line it answers "no" for must never be one the tree-sitter parse puts
 * inside a comment or string node begun above (test/unit/lazy-parse.test.ts checks that against
 * every grammar, on fixtures and on random programs). Where it cannot tell — an unterminated
 * quote, a `/` that may be a division or a regex literal whose readings end the line differently,
 * JSX — it gives up, and every later line is "maybe" (the file is parsed, as without a lexer).
 *
 * JavaScript and TypeScript: `//` and `/* *\/` comments, '…' and "…" strings with escapes (a
 * backslash at the end of the line continues them), template literals with `${…}` substitutions
 * nested to any depth (every line that starts anywhere inside a template, substitutions included,
 * is "maybe": the template_string node covers them), and regex literals, told from a division by
 * the token before the `/` (a value before it: division; an operator, `(`, `,`, a keyword such as
 * `return`: regex; a `)` by what opened it — `if (…) /re/` — and `}`, `await`, `yield`, `of` or
 * an unmatched `)` by reading the rest of the line both ways: a reading that leaves a literal
 * unterminated is not valid code and is dropped; when two valid readings end the line differently,
 * the lexer gives up). The lexers promise this for valid code; on broken code (a file being typed)
 * they give up at an unterminated literal, and otherwise do their best, as the parse's own error
 * recovery does. Go: comments, raw strings in backticks (the only literal that spans lines),
 * "…" and '…' with escapes; exact. Java, Python, C, C++ and C#: see their lexers below. Other
 * languages (Rust, Ruby, PHP) have none yet: multilineInert.ts's opener table answers for them.
 */

/** Per line of `lines`: 1 when its start may lie inside a comment or literal begun above, else 0. */
export type LineLexer = (lines: readonly string[]) => Uint8Array;

const enum Mode {
  Code,
  BlockComment,
  Template,
  SingleQuoted,
  DoubleQuoted,
}

/** What the last token says about a `/` that follows it. */
const enum Before {
  /** An expression may start: a `/` opens a regex literal. */
  Regex,
  /** A value ended: a `/` divides. */
  Division,
  /** Either (`}`, `await`, an unmatched `)`…): read the rest of the line both ways. */
  Either,
}

interface JsState {
  mode: Mode;
  before: Before;
  /** Open `{` in the current code context (the file, or a template substitution). */
  braces: number;
  /** Per open template substitution, the `braces` of the code around its template. */
  substitutions: number[];
  /** Per open `(`: whether a control keyword (`if`, `while`…) precedes it. */
  parens: boolean[];
  /** `Lost.Not`; or the lexer cannot follow the text past this line, and why. */
  lost: Lost;
}

const enum Lost {
  Not,
  /** This reading of the line is not valid code (an unterminated string or regex literal). */
  Invalid,
  /** Something the lexer does not follow (JSX, too many readings…). */
  Unknown,
}

/** Keywords after which an expression, so a regex literal, follows. */
const EXPRESSION_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'extends']);
/** Words that are keywords or names by context (`await x` or a variable `await`). */
const CONTEXTUAL_KEYWORDS = new Set(['await', 'yield', 'of', 'async', 'let', 'static', 'get', 'set']);
/** Keywords whose parenthesised head a statement follows: `if (x) /re/.test(y)`. */
const CONTROL_KEYWORDS = new Set(['if', 'while', 'for', 'with']);

function isIdentifierChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c > 127;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function cloneState(state: JsState): JsState {
  return { ...state, substitutions: [...state.substitutions], parens: [...state.parens] };
}

function sameState(a: JsState, b: JsState): boolean {
  return (
    a.mode === b.mode &&
    a.before === b.before &&
    a.braces === b.braces &&
    a.lost === b.lost &&
    a.substitutions.length === b.substitutions.length &&
    a.substitutions.every((n, i) => n === b.substitutions[i]) &&
    a.parens.length === b.parens.length &&
    a.parens.every((p, i) => p === b.parens[i])
  );
}

/** At most this many two-way readings of one line; past it the lexer gives up. */
const FORK_BUDGET = 32;

/**
 * Lexes `line` from `from` to its end, updating `state`. `jsx`: the grammar reads JSX, whose text
 * is not code (`<p>it's</p>`): a `<` where an expression starts makes the lexer give up.
 */
function lexJsLine(state: JsState, line: string, from: number, jsx: boolean, budget: { forks: number }): void {
  const n = line.length;
  let i = from;
  while (i < n && state.lost === Lost.Not) {
    const c = line.charCodeAt(i);
    switch (state.mode) {
      case Mode.BlockComment: {
        const end = line.indexOf('*/', i);
        if (end === -1) return;
        state.mode = Mode.Code;
        i = end + 2;
        continue;
      }
      case Mode.SingleQuoted:
      case Mode.DoubleQuoted: {
        const quote = state.mode === Mode.SingleQuoted ? 39 : 34;
        while (i < n) {
          const d = line.charCodeAt(i);
          if (d === 92) i += 2;
          else if (d === quote) break;
          else i++;
        }
        if (i > n) return; // a backslash ends the line: the string goes on.
        if (i === n) {
          // Unterminated: not a string after all, or broken code the parse may read across lines.
          state.lost = Lost.Invalid;
          return;
        }
        state.mode = Mode.Code;
        state.before = Before.Division;
        i++;
        continue;
      }
      case Mode.Template: {
        while (i < n) {
          const d = line.charCodeAt(i);
          if (d === 92) i += 2;
          else if (d === 96 || (d === 36 && line.charCodeAt(i + 1) === 123)) break;
          else i++;
        }
        if (i >= n) return;
        if (line.charCodeAt(i) === 96) {
          state.mode = Mode.Code;
          state.before = Before.Division;
          i++;
        } else {
          state.substitutions.push(state.braces);
          state.braces = 0;
          state.mode = Mode.Code;
          state.before = Before.Regex;
          i += 2;
        }
        continue;
      }
      case Mode.Code:
        break;
    }
    // Code.
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    if (c === 47) {
      const next = line.charCodeAt(i + 1);
      if (next === 47) return;
      if (next === 42) {
        state.mode = Mode.BlockComment;
        i += 2;
        continue;
      }
      if (state.before === Before.Division) {
        state.before = Before.Regex;
        i++;
        continue;
      }
      const regexEnd = endOfRegex(line, i);
      if (state.before === Before.Regex) {
        if (regexEnd === -1) {
          state.lost = Lost.Invalid;
          return;
        }
        state.before = Before.Division;
        i = regexEnd;
        continue;
      }
      // Either: a regex literal cannot span lines, so without one ending on this line it divides.
      if (regexEnd === -1) {
        state.before = Before.Regex;
        i++;
        continue;
      }
      if (--budget.forks < 0) {
        state.lost = Lost.Unknown;
        return;
      }
      const divided = cloneState(state);
      divided.before = Before.Regex;
      lexJsLine(divided, line, i + 1, jsx, budget);
      const matched = cloneState(state);
      matched.before = Before.Division;
      lexJsLine(matched, line, regexEnd, jsx, budget);
      // A reading that is not valid code is not the parse's (in valid code); two valid readings must agree.
      if (divided.lost === Lost.Invalid && matched.lost === Lost.Invalid) divided.lost = Lost.Unknown;
      else if (divided.lost === Lost.Invalid) Object.assign(divided, matched);
      else if (matched.lost !== Lost.Invalid && !sameState(divided, matched)) divided.lost = Lost.Unknown;
      Object.assign(state, divided);
      return;
    }
    if (c === 39 || c === 34) {
      state.mode = c === 39 ? Mode.SingleQuoted : Mode.DoubleQuoted;
      i++;
      continue;
    }
    if (c === 96) {
      state.mode = Mode.Template;
      i++;
      continue;
    }
    if (isIdentifierChar(c) && !isDigit(c)) {
      const start = i;
      while (i < n && isIdentifierChar(line.charCodeAt(i))) i++;
      state.before = Before.Division;
      // Only a lowercase word of 2 to 10 letters can be a keyword: most names are not sliced.
      if (i - start < 2 || i - start > 10 || c < 97 || c > 122) continue;
      const word = line.slice(start, i);
      const control = CONTROL_KEYWORDS.has(word);
      const expression = !control && EXPRESSION_KEYWORDS.has(word);
      const contextual = !control && !expression && CONTEXTUAL_KEYWORDS.has(word);
      // After `.` or `?.` a keyword is a property name.
      if (!(control || expression || contextual) || (start > 0 && line.charCodeAt(previousNonBlank(line, start)) === 46)) continue;
      if (control) {
        const paren = controlParen(line, i);
        if (paren === -1) {
          // The head is not on this line: the `)` that ends it would not be known for what it is.
          state.lost = Lost.Unknown;
          return;
        }
        state.parens.push(true);
        state.before = Before.Regex;
        i = paren + 1;
      } else state.before = expression ? Before.Regex : Before.Either;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(line.charCodeAt(i + 1)))) {
      while (i < n && (isIdentifierChar(line.charCodeAt(i)) || line.charCodeAt(i) === 46)) i++;
      state.before = Before.Division;
      continue;
    }
    if (c === 92) {
      // An escape in an identifier (`\u0061`); at the end of the line, nothing this lexer knows.
      if (i + 1 >= n) {
        state.lost = Lost.Invalid;
        return;
      }
      i += 2;
      state.before = Before.Division;
      continue;
    }
    switch (c) {
      case 123: // {
        state.braces++;
        state.before = Before.Regex;
        break;
      case 125: // }
        if (state.braces === 0 && state.substitutions.length > 0) {
          state.braces = state.substitutions.pop()!;
          state.mode = Mode.Template;
        } else {
          if (state.braces > 0) state.braces--;
          state.before = Before.Either;
        }
        break;
      case 40: // (
        state.parens.push(false);
        state.before = Before.Regex;
        break;
      case 41: // )
        if (state.parens.length === 0) state.before = Before.Either;
        else state.before = state.parens.pop() ? Before.Regex : Before.Division;
        break;
      case 93: // ]
        state.before = Before.Division;
        break;
      case 43: // +
      case 45: // -
        if (line.charCodeAt(i + 1) === c) {
          // `x++ / 2` divides; a prefix `++` is followed by its operand.
          i++;
          state.before = state.before === Before.Division ? Before.Division : Before.Regex;
        } else state.before = Before.Regex;
        break;
      case 33: // !
        // `x! / 2` (TypeScript's non-null assertion, right after its value) divides; `!/re/.test(s)`
        // negates a regex; `!=` compares.
        if (state.before === Before.Division && i > 0 && line.charCodeAt(i + 1) !== 61 && (isIdentifierChar(line.charCodeAt(i - 1)) || line.charCodeAt(i - 1) === 41 || line.charCodeAt(i - 1) === 93)) break;
        state.before = state.before === Before.Regex || line.charCodeAt(i + 1) === 61 ? Before.Regex : Before.Either;
        break;
      case 60: // <
        if (line.startsWith('<!--', i)) {
          // An HTML-like comment (scripts only): not followed here.
          state.lost = Lost.Unknown;
          return;
        }
        if (jsx && state.before !== Before.Division) {
          // A JSX element (its text is not code), or a generic arrow function: not followed here.
          state.lost = Lost.Unknown;
          return;
        }
        state.before = Before.Regex;
        break;
      case 35: // #
        // A private name (`#count`), or the hashbang line.
        if (i === 0 && line.charCodeAt(1) === 33) return;
        state.before = Before.Division;
        break;
      default:
        state.before = Before.Regex;
    }
    i++;
  }
}

function previousNonBlank(line: string, at: number): number {
  let j = at - 1;
  while (j > 0 && (line.charCodeAt(j) === 32 || line.charCodeAt(j) === 9)) j--;
  return j;
}

/** The `(` that opens a control keyword's head on this line (`if (`, `for await (`), or -1. */
function controlParen(line: string, at: number): number {
  const blanks = (j: number) => {
    while (j < line.length && (line.charCodeAt(j) === 32 || line.charCodeAt(j) === 9)) j++;
    return j;
  };
  let j = blanks(at);
  if (line.startsWith('await', j) && !isIdentifierChar(line.charCodeAt(j + 5))) j = blanks(j + 5);
  return line.charCodeAt(j) === 40 ? j : -1;
}

/** The index just past the regex literal (and its flags) opening at `start`, or -1 if none ends on the line. */
function endOfRegex(line: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 91) inClass = true;
    else if (c === 93) inClass = false;
    else if (c === 47 && !inClass) {
      let j = i + 1;
      while (j < line.length && isIdentifierChar(line.charCodeAt(j))) j++;
      return j;
    }
  }
  return -1;
}

function jsLexer(jsx: boolean): LineLexer {
  return (lines) => {
    const maybe = new Uint8Array(lines.length);
    const state: JsState = { mode: Mode.Code, before: Before.Regex, braces: 0, substitutions: [], parens: [], lost: Lost.Not };
    for (let row = 0; row < lines.length; row++) {
      if (state.lost !== Lost.Not) {
        maybe.fill(1, row);
        break;
      }
      if (state.mode !== Mode.Code || state.substitutions.length > 0) maybe[row] = 1;
      lexJsLine(state, lines[row]!, 0, jsx, { forks: FORK_BUDGET });
    }
    return maybe;
  };
}

/** Go: comments, raw strings (`…`, the only literal that spans lines), "…" and '…' with escapes. */
const goLexer: LineLexer = (lines) => {
  const maybe = new Uint8Array(lines.length);
  let mode: Mode.Code | Mode.BlockComment | Mode.Template = Mode.Code;
  for (let row = 0; row < lines.length; row++) {
    if (mode !== Mode.Code) maybe[row] = 1;
    const line = lines[row]!;
    const n = line.length;
    let i = 0;
    while (i < n) {
      if (mode === Mode.BlockComment) {
        const end = line.indexOf('*/', i);
        if (end === -1) break;
        mode = Mode.Code;
        i = end + 2;
        continue;
      }
      if (mode === Mode.Template) {
        const end = line.indexOf('`', i);
        if (end === -1) break;
        mode = Mode.Code;
        i = end + 1;
        continue;
      }
      const c = line.charCodeAt(i);
      if (c === 47 && line.charCodeAt(i + 1) === 47) break;
      if (c === 47 && line.charCodeAt(i + 1) === 42) {
        mode = Mode.BlockComment;
        i += 2;
      } else if (c === 96) {
        mode = Mode.Template;
        i++;
      } else if (c === 34 || c === 39) {
        i++;
        while (i < n && line.charCodeAt(i) !== c) i += line.charCodeAt(i) === 92 ? 2 : 1;
        if (i >= n) {
          // Unterminated (broken code): the parse may read it across lines.
          maybe.fill(1, row + 1);
          return maybe;
        }
        i++;
      } else i++;
    }
  }
  return maybe;
};

/**
 * Java: `//` and `/* *\/` comments (Javadoc), "…" strings and '…' characters with escapes, and
 * text blocks (`"""…"""`, the only literal that spans lines); exact, but for a `/*` or `//` in a
 * text block, which tree-sitter-java may read as a comment: there the lexer gives up.
 */
const javaLexer: LineLexer = (lines) => {
  const maybe = new Uint8Array(lines.length);
  let mode: Mode.Code | Mode.BlockComment | Mode.Template = Mode.Code;
  for (let row = 0; row < lines.length; row++) {
    if (mode !== Mode.Code) maybe[row] = 1;
    const line = lines[row]!;
    const n = line.length;
    let i = 0;
    while (i < n) {
      if (mode === Mode.BlockComment) {
        const end = line.indexOf('*/', i);
        if (end === -1) break;
        mode = Mode.Code;
        i = end + 2;
        continue;
      }
      if (mode === Mode.Template) {
        // In a text block: escapes, and the closing `"""`.
        const start = i;
        while (i < n && !(line.charCodeAt(i) === 34 && line.startsWith('"""', i))) i += line.charCodeAt(i) === 92 ? 2 : 1;
        // The grammar may read a `/*` or `//` in a text block as a comment (one that can hide its end).
        const text = line.slice(start, i);
        if (text.includes('/*') || text.includes('//')) return giveUp(maybe, row);
        if (i >= n) break;
        mode = Mode.Code;
        i += 3;
        continue;
      }
      const c = line.charCodeAt(i);
      if (c === 47 && line.charCodeAt(i + 1) === 47) break;
      if (c === 47 && line.charCodeAt(i + 1) === 42) {
        mode = Mode.BlockComment;
        i += 2;
      } else if (c === 34 && line.startsWith('"""', i)) {
        mode = Mode.Template;
        i += 3;
      } else if (c === 34 || c === 39) {
        i++;
        while (i < n && line.charCodeAt(i) !== c) i += line.charCodeAt(i) === 92 ? 2 : 1;
        if (i >= n) {
          // Unterminated (broken code): the parse may read it across lines.
          maybe.fill(1, row + 1);
          return maybe;
        }
        i++;
      } else i++;
    }
  }
  return maybe;
};

/** Python string prefixes (any case): raw, bytes, f-strings, t-strings, and their pairs. */
const PYTHON_PREFIX = /^(?:[rRuUbBfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;

/** What the Python lexer is inside: a string, a `{…}` field of an f-string, or the field's format spec. */
type PyFrame = { kind: 'string'; quote: number; triple: boolean; formatted: boolean } | { kind: 'field'; depth: number } | { kind: 'spec' };

/**
 * Python: `#` comments, strings with any prefix, '…' and "…" (a backslash at the end of the line
 * continues them) and triple-quoted ones, and f-strings, whose `{…}` fields hold code (strings,
 * comments and line breaks of their own since Python 3.12) and a format spec after a top-level
 * `:` (text, with fields of its own). Every line that starts inside a string, its fields
 * included, is "maybe". An unterminated one-line string, or a string in a field quoted like the
 * f-string around it (read differently before Python 3.12), makes the lexer give up.
 */
const pythonLexer: LineLexer = (lines) => {
  const maybe = new Uint8Array(lines.length);
  const stack: PyFrame[] = [];
  for (let row = 0; row < lines.length; row++) {
    if (stack.length > 0) maybe[row] = 1;
    const line = lines[row]!;
    const n = line.length;
    let i = 0;
    while (i < n) {
      const top = stack[stack.length - 1];
      if (top?.kind === 'string') {
        let field = false;
        let closed = false;
        while (i < n) {
          const d = line.charCodeAt(i);
          if (d === 92) i += 2;
          else if (d === top.quote && (!top.triple || (line.charCodeAt(i + 1) === d && line.charCodeAt(i + 2) === d))) {
            i += top.triple ? 3 : 1;
            closed = true;
            break;
          } else if (top.formatted && d === 123 && line.charCodeAt(i + 1) === 123) i += 2;
          else if (top.formatted && d === 123) {
            i++;
            field = true;
            break;
          } else i++;
        }
        if (closed) stack.pop();
        else if (field) stack.push({ kind: 'field', depth: 0 });
        else if (!top.triple && i === n) {
          // Unterminated one-line string (no backslash continues it): broken code.
          maybe.fill(1, row + 1);
          return maybe;
        }
        continue;
      }
      if (top?.kind === 'spec') {
        while (i < n && line.charCodeAt(i) !== 123 && line.charCodeAt(i) !== 125) i++;
        if (i >= n) continue;
        if (line.charCodeAt(i) === 123) stack.push({ kind: 'field', depth: 0 });
        else stack.splice(-2); // the spec and its field end
        i++;
        continue;
      }
      // Code: the file's, or a field's.
      const c = line.charCodeAt(i);
      if (c === 35) break; // a comment
      if (c === 34 || c === 39) {
        const triple = line.charCodeAt(i + 1) === c && line.charCodeAt(i + 2) === c;
        let p = i;
        while (p > 0 && isIdentifierChar(line.charCodeAt(p - 1))) p--;
        const prefix = line.slice(p, i);
        const formatted = PYTHON_PREFIX.test(prefix) && /[fFtT]/.test(prefix);
        if (top && stack.some((frame) => frame.kind === 'string' && frame.quote === c)) {
          maybe.fill(1, row + 1);
          return maybe;
        }
        stack.push({ kind: 'string', quote: c, triple, formatted });
        i += triple ? 3 : 1;
        continue;
      }
      if (top?.kind === 'field') {
        if (c === 40 || c === 91 || c === 123) top.depth++;
        else if (c === 41 || c === 93) top.depth = Math.max(0, top.depth - 1);
        else if (c === 125) {
          if (top.depth > 0) top.depth--;
          else {
            stack.pop();
            // A field nested in a format spec returns to the spec; otherwise to its string.
          }
        } else if (c === 58 && top.depth === 0) stack.push({ kind: 'spec' });
        else if (c === 33 && top.depth === 0 && line.charCodeAt(i + 1) !== 61) {
          // A conversion (`!r`): its letter, then `:` or `}`.
          i += 2;
          continue;
        }
      }
      i++;
    }
  }
  return maybe;
};

/**
 * C and C++: `//` comments (a backslash at the end of the line continues them), `/* *\/`, "…"
 * strings and '…' characters with escapes (a backslash at the end continues a string; a `'` in a
 * number separates digits), C++ raw strings (`R"d(…)d"`), and adjacent strings, which the grammars
 * join into one `concatenated_string` across lines: a line that follows a string or a name
 * (`"a" PRIu64 "b"`) is "maybe". Preprocessor lines are not lexed as code (a `#define`'s body is
 * opaque to the grammar, but a `/*` in it opens a comment even inside quotes): one with a `/*`
 * left open makes the lexer give up, and the lines a backslash continues it onto are "maybe".
 */
function cLexer(raw: boolean): LineLexer {
  return (lines) => {
    const maybe = new Uint8Array(lines.length);
    let mode: Mode.Code | Mode.BlockComment | Mode.DoubleQuoted | Mode.Template = Mode.Code;
    /** In a `//` comment or a directive that the previous line's backslash continues. */
    let continued: 'comment' | 'directive' | undefined;
    /** The closing of an open raw string: `)delim"`. */
    let rawEnd = '';
    /** The last token was a string or a name: a string on a later line may join it. */
    let joinable = false;
    const endsWithBackslash = (line: string) => line.charCodeAt(line.length - 1) === 92;
    for (let row = 0; row < lines.length; row++) {
      const line = lines[row]!;
      const n = line.length;
      if (mode !== Mode.Code || continued !== undefined || joinable) maybe[row] = 1;
      if (continued !== undefined) {
        // The line belongs to the comment or directive above; a directive's `/*` is checked below.
        const directive = continued === 'directive';
        continued = endsWithBackslash(line) ? continued : undefined;
        if (!directive) continue;
        if (openComment(line)) return giveUp(maybe, row);
        continue;
      }
      let i = 0;
      if (mode === Mode.Code) {
        while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
        if (line.charCodeAt(i) === 35) {
          // A preprocessor line.
          if (openComment(line)) return giveUp(maybe, row);
          if (endsWithBackslash(line)) continued = 'directive';
          continue;
        }
      }
      while (i < n) {
        if (mode === Mode.BlockComment) {
          const end = line.indexOf('*/', i);
          if (end === -1) break;
          mode = Mode.Code;
          i = end + 2;
          continue;
        }
        if (mode === Mode.Template) {
          const end = line.indexOf(rawEnd, i);
          if (end === -1) break;
          mode = Mode.Code;
          joinable = true;
          i = end + rawEnd.length;
          continue;
        }
        if (mode === Mode.DoubleQuoted) {
          while (i < n && line.charCodeAt(i) !== 34) i += line.charCodeAt(i) === 92 ? 2 : 1;
          if (i > n) break; // a backslash continues the string
          if (i === n) return giveUp(maybe, row); // unterminated
          mode = Mode.Code;
          joinable = true;
          i++;
          continue;
        }
        const c = line.charCodeAt(i);
        if (c === 32 || c === 9) {
          i++;
          continue;
        }
        if (c === 47 && line.charCodeAt(i + 1) === 47) {
          if (endsWithBackslash(line)) continued = 'comment';
          break;
        }
        if (c === 47 && line.charCodeAt(i + 1) === 42) {
          mode = Mode.BlockComment;
          i += 2;
          continue;
        }
        if (c === 34) {
          const delimiter = raw ? rawDelimiter(line, i) : undefined;
          if (delimiter !== undefined) {
            rawEnd = `)${delimiter}"`;
            mode = Mode.Template;
            i += delimiter.length + 2;
          } else {
            mode = Mode.DoubleQuoted;
            i++;
          }
          continue;
        }
        if (c === 39) {
          i++;
          while (i < n && line.charCodeAt(i) !== 39) i += line.charCodeAt(i) === 92 ? 2 : 1;
          if (i >= n) return giveUp(maybe, row);
          i++;
          joinable = false;
          continue;
        }
        if (isDigit(c) || (c === 46 && isDigit(line.charCodeAt(i + 1)))) {
          // A number, with digit separators (`1'000`) and exponent signs.
          i++;
          while (i < n) {
            const d = line.charCodeAt(i);
            if (isIdentifierChar(d) || d === 46) i++;
            else if (d === 39 && isIdentifierChar(line.charCodeAt(i + 1))) i += 2;
            else if ((d === 43 || d === 45) && /[eEpP]/.test(line[i - 1]!)) i++;
            else break;
          }
          joinable = false;
          continue;
        }
        if (isIdentifierChar(c)) {
          while (i < n && isIdentifierChar(line.charCodeAt(i))) i++;
          joinable = true;
          continue;
        }
        if (c === 92 && i === n - 1) {
          // A line splice in code: the next line goes on this one.
          continued = 'comment';
          break;
        }
        joinable = false;
        i++;
      }
    }
    return maybe;
  };
}

function giveUp(maybe: Uint8Array, row: number): Uint8Array {
  maybe.fill(1, row + 1);
  return maybe;
}

/** Whether a `/*` of a preprocessor line (quoted or not: the grammar does not see quotes there) is left open. */
function openComment(line: string): boolean {
  let at = line.indexOf('/*');
  while (at !== -1) {
    const end = line.indexOf('*/', at + 2);
    if (end === -1) return true;
    at = line.indexOf('/*', end + 2);
  }
  return false;
}

/** The delimiter of a C++ raw string whose `"` is at `quote` (`R"d(`, `u8R"(`…), or undefined. */
function rawDelimiter(line: string, quote: number): string | undefined {
  if (line.charCodeAt(quote - 1) !== 82) return undefined;
  let p = quote - 1;
  while (p > 0 && isIdentifierChar(line.charCodeAt(p - 1))) p--;
  if (!/^(?:R|LR|uR|UR|u8R)$/.test(line.slice(p, quote))) return undefined;
  const open = line.indexOf('(', quote + 1);
  if (open === -1 || open - quote - 1 > 16) return undefined;
  const delimiter = line.slice(quote + 1, open);
  return /^[^\s()\\]*$/.test(delimiter) ? delimiter : undefined;
}

/** What the C# lexer is inside: a string (regular, verbatim or raw; maybe interpolated), or a hole of one. */
type CsFrame = { kind: 'string'; verbatim: boolean; raw: number; dollars: number } | { kind: 'hole'; depth: number; spec: boolean } | { kind: 'comment' };

/**
 * C#: `//` and `/* *\/` comments, "…" strings and '…' characters with escapes, verbatim `@"…"`
 * (`""` escapes a quote; spans lines), raw `"""…"""` (closed by as many quotes as opened them), and
 * interpolated `$"…{x}…"` forms of each, whose holes hold code (strings, and since C# 11 line
 * breaks, of their own) and a format after a top-level `:` (`$$"""` raw strings open holes with
 * `{{`). Every line that starts inside a string, its holes included, is "maybe". Directive lines
 * (`#region …`) are skipped. An unterminated one-line string makes the lexer give up.
 */
const csharpLexer: LineLexer = (lines) => {
  const maybe = new Uint8Array(lines.length);
  const stack: CsFrame[] = [];
  for (let row = 0; row < lines.length; row++) {
    if (stack.length > 0) maybe[row] = 1;
    const line = lines[row]!;
    const n = line.length;
    let i = 0;
    if (stack.length === 0) {
      while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
      if (line.charCodeAt(i) === 35) continue; // a directive
    }
    while (i < n) {
      const top = stack[stack.length - 1];
      if (top?.kind === 'comment') {
        const end = line.indexOf('*/', i);
        if (end === -1) break;
        stack.pop();
        i = end + 2;
        continue;
      }
      if (top?.kind === 'string') {
        const c = line.charCodeAt(i);
        if (top.raw > 0) {
          if (c === 34 && quotesAt(line, i) >= top.raw) {
            i += top.raw;
            stack.pop();
          } else if (top.dollars > 0 && c === 123 && bracesAt(line, i) >= top.dollars) {
            // n dollars: n braces open a hole; more are text before it in C#, but not to the grammar.
            if (bracesAt(line, i) > top.dollars) return giveUp(maybe, row);
            i += top.dollars;
            stack.push({ kind: 'hole', depth: 0, spec: false });
          } else i++;
        } else if (c === 92 && !top.verbatim) i += 2;
        else if (c === 34 && top.verbatim && line.charCodeAt(i + 1) === 34) {
          // The grammar does not read `""` in an interpolated verbatim string as C# does.
          if (top.dollars > 0) return giveUp(maybe, row);
          i += 2;
        }
        else if (c === 34) {
          i++;
          stack.pop();
        } else if (top.dollars > 0 && (c === 123 || c === 125) && line.charCodeAt(i + 1) === c && line.charCodeAt(i + 2) === c) {
          // `{{{`: the grammar does not read it as C# does (`{{` then a hole).
          return giveUp(maybe, row);
        } else if (top.dollars > 0 && c === 123) {
          if (line.charCodeAt(i + 1) === 123) i += 2;
          else {
            i++;
            stack.push({ kind: 'hole', depth: 0, spec: false });
          }
        } else i++;
        // A regular string ends on its line.
        if (i >= n && stack[stack.length - 1] === top && top.raw === 0 && !top.verbatim) return giveUp(maybe, row);
        continue;
      }
      const c = line.charCodeAt(i);
      if (top?.kind === 'hole' && top.spec) {
        // The format text, up to the hole's end.
        if (c === 125) {
          stack.pop();
          i += closingBraces(stack, line, i);
        } else i++;
        continue;
      }
      if (c === 47 && line.charCodeAt(i + 1) === 47) break;
      if (c === 47 && line.charCodeAt(i + 1) === 42) {
        stack.push({ kind: 'comment' });
        i += 2;
        continue;
      }
      if (c === 39) {
        i++;
        while (i < n && line.charCodeAt(i) !== 39) i += line.charCodeAt(i) === 92 ? 2 : 1;
        if (i >= n) return giveUp(maybe, row);
        i++;
        continue;
      }
      if (c === 36 || c === 64 || c === 34) {
        // A string: `$`s and `@` in any order, then quotes.
        let j = i;
        let dollars = 0;
        let verbatim = false;
        while (line.charCodeAt(j) === 36 || line.charCodeAt(j) === 64) {
          if (line.charCodeAt(j) === 36) dollars++;
          else verbatim = true;
          j++;
        }
        if (line.charCodeAt(j) !== 34) {
          i = j > i ? j : i + 1;
          continue;
        }
        const quotes = quotesAt(line, j);
        const raw = !verbatim && quotes >= 3 ? quotes : 0;
        // An empty interpolated string (`$""`): the grammar reads it otherwise.
        if (dollars > 0 && raw === 0 && quotes === 2) return giveUp(maybe, row);
        stack.push({ kind: 'string', verbatim, raw, dollars });
        i = j + (raw || 1);
        continue;
      }
      if (top?.kind === 'hole') {
        if (c === 40 || c === 91 || c === 123) top.depth++;
        else if (c === 41 || c === 93) top.depth = Math.max(0, top.depth - 1);
        else if (c === 125 && top.depth > 0) top.depth--;
        else if (c === 125) {
          stack.pop();
          i += closingBraces(stack, line, i);
          // `{x}}}` (a hole, then `}}`): not followed here, as `{{{` above.
          const string = stack[stack.length - 1];
          if (string?.kind === 'string' && line.charCodeAt(i) === 125) return giveUp(maybe, row);
          continue;
        } else if (c === 58 && top.depth === 0 && line.charCodeAt(i + 1) !== 58 && line.charCodeAt(i - 1) !== 58) top.spec = true;
      }
      i++;
    }
  }
  return maybe;
};

/** How many `"` start at `at`. */
function quotesAt(line: string, at: number): number {
  let j = at;
  while (line.charCodeAt(j) === 34) j++;
  return j - at;
}

/** How many `{` start at `at`. */
function bracesAt(line: string, at: number): number {
  let j = at;
  while (line.charCodeAt(j) === 123) j++;
  return j - at;
}

/** The braces that close a hole (`}`, or as many as the raw string's `$`s) just popped. */
function closingBraces(stack: CsFrame[], line: string, at: number): number {
  const string = stack[stack.length - 1];
  const wanted = string?.kind === 'string' && string.raw > 0 ? Math.max(1, string.dollars) : 1;
  let j = at;
  while (j < at + wanted && line.charCodeAt(j) === 125) j++;
  return Math.max(1, j - at);
}

/** Per language id (languages.ts), the line lexer; languages without one use the opener table. */
export const LINE_LEXERS: Readonly<Record<string, LineLexer>> = {
  go: goLexer,
  typescript: jsLexer(false),
  tsx: jsLexer(true),
  javascript: jsLexer(true),
  java: javaLexer,
  python: pythonLexer,
  c: cLexer(false),
  cpp: cLexer(true),
  csharp: csharpLexer,
};
