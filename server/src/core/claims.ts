/**
 * Claims a talking point makes about code, checked against the code a step landed on.
 *
 * A point "names code" in two ways:
 * - an inline code span with code structure — a call, a member access, an expression:
 *   `mutex.LockContext(ctx)`, `tx.Commit()`, `stocks >= ?`. It must occur in the step's landed
 *   range or its declaration (tokens compared, so whitespace, line breaks and comments do not matter;
 *   `...` in the span stands for anything).
 * - an order: "A → B", "先 A，再 B", "first A, then B", "A before B", where A and B are code spans
 *   or identifiers. When both occur in the declaration, some A must come before some B.
 *
 * Everything else is not a claim: a name (`Sell`, `SEND_OK`, `codes.OK` — a name may live anywhere), a
 * concept (`库存`, prose, a placeholder like `goods_{id}`), a file path, a number, and a span in a
 * clause that says it is the alternative or the past ("而不是 `Lock()`", "instead of `Lock()`", "if `Lock()`…",
 * "以前手写 `gin.H{…}`").
 *
 * Pure: text in, claims out. No file system, no vscode.
 */

export interface CodeClaim {
  kind: 'code';
  /** The span's text, without backticks. */
  code: string;
  /** Offsets of the span (with its backticks) in the points text. */
  start: number;
  end: number;
}

export interface OrderClaim {
  kind: 'order';
  first: string;
  then: string;
  start: number;
  end: number;
}

export type Claim = CodeClaim | OrderClaim;

/** Where the step landed: the code file's text and the lines to look in (0-based inclusive). */
export interface ClaimScope {
  text: string;
  /** The landed range. */
  range: { start: number; end: number };
  /** The declaration around it, when known. */
  declaration?: { start: number; end: number };
  /** Declarations of the file that the declaration calls: code moved into a helper is still its code. */
  helpers?: ReadonlyArray<{ start: number; end: number }>;
  /** `#` comments (Python, shell, YAML…) rather than `//` and block comments. */
  hashComments?: boolean;
}

/** The claims in `points` that the code in `scope` does not bear out. */
export function unconfirmedClaims(points: string, scope: ClaimScope): Claim[] {
  const claims = findClaims(points);
  if (claims.length === 0) return [];
  const lines = scope.text.split(/\r\n|\r|\n/);
  const tokensOf = (span: { start: number; end: number }) => codeTokens(stripComments(lines.slice(span.start, span.end + 1).join('\n'), scope.hashComments ?? false));
  const range = tokensOf(scope.range);
  const declaration = scope.declaration ? tokensOf(scope.declaration) : undefined;
  const places = [range, ...(declaration ? [declaration] : []), ...(scope.helpers ?? []).map(tokensOf)];
  const orderPlace = declaration ?? range;
  return claims.filter((claim) => {
    if (claim.kind === 'code') return !places.some((tokens) => containsCode(tokens, claim.code));
    const first = occurrences(orderPlace, claim.first);
    const then = occurrences(orderPlace, claim.then);
    // A word the code does not use at all is a concept, not a claim about this code's order.
    if (first.length === 0 || then.length === 0) return false;
    return !first.some((a) => then.some((b) => b > a));
  });
}

/** How a claim reads in a message: `mutex.Lock()` or `Commit` → `Unlock`. */
export function describeClaim(claim: Claim): string {
  return claim.kind === 'code' ? `\`${claim.code}\`` : `\`${claim.first}\` → \`${claim.then}\``;
}

// ---------------------------------------------------------------------------------------------
// Finding claims in prose

/** A word or span that may name code: an inline code span or a bare identifier in prose. */
interface CodeWord {
  text: string;
  start: number;
  end: number;
  span: boolean;
}

const CLAUSE_END = /[。；;！？!?\n，,：:（）()]/;
/** Words that make what follows in their clause the alternative, a hypothesis or a negation. */
const CONTRAST = /(而不是|不是|而非|不用|没用|没有用|不要用|别用|换成|改成|写成|如果|假如|若是|要是|倘若|否则|代替|取代|替代|相比|比起|以前|原来|过去|曾经|早先|老版本|instead of|previously|formerly|used to|originally|rather than|\bnot\b|n't\b|\bnever\b|\bif\b|\bunlike\b|\bwithout\b|\bavoid|\bvs\.?|\bversus\b|\bwould\b|\bcompared)/i;
const FILE_EXTENSION = /\.(go|ts|tsx|js|jsx|mjs|py|java|kt|rb|rs|c|h|cc|cpp|hpp|cs|php|swift|scala|md|markdown|ya?ml|json|toml|ini|proto|sql|sh|txt|mod|sum|lock|xml|html|css)$/i;

export function findClaims(points: string): Claim[] {
  const words = codeWords(points);
  const claims: Claim[] = [];
  for (const word of words) {
    // Prose names code by a span, or by writing a call (`Lock()` without backticks).
    if ((!word.span && !word.text.endsWith('()')) || !looksLikeCode(word.text)) continue;
    if (inContrast(points, word.start) || inQuestion(points, word.end)) continue;
    claims.push({ kind: 'code', code: word.text.trim(), start: word.start, end: word.end });
  }
  claims.push(...orderClaims(points, words));
  return claims.sort((a, b) => a.start - b.start);
}

function codeWords(points: string): CodeWord[] {
  const words: CodeWord[] = [];
  const spans = /(`+)([^`]+?)\1|[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*(?:\(\))?/g;
  for (const match of points.matchAll(spans)) {
    const start = match.index;
    // Identifiers only as whole words: `http2` inside "abc_http2def" is part of something else.
    const before = points[start - 1];
    if (match[1] === undefined && before !== undefined && /[\w$]/.test(before)) continue;
    words.push(match[1] !== undefined
      ? { text: match[2]!, start, end: start + match[0].length, span: true }
      : { text: match[0], start, end: start + match[0].length, span: false });
  }
  return words;
}

/** Does the span read as code (a call, access, expression) rather than a name, path, number or concept? */
export function looksLikeCode(span: string): boolean {
  let text = span.trim();
  // Outside printable ASCII: prose or a concept (`库存`, `goods_{商品ID}`).
  if (!/^[\x20-\x7e]+$/.test(text)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return false;
  // A path or file name (`order_srv/handler/order.go`, `init_srv_conn.go`, `./x`).
  if (FILE_EXTENSION.test(text) && !/[()\s]/.test(text)) return false;
  // A reference to a place (`order.go: Line 353`, `handler/order.go:303`): where, not what.
  if (/[\w-]\.[A-Za-z]{1,10}\s*[:#]\s*(?:L(?:ines?)?\s*)?\d/i.test(text) && !/\(/.test(text)) return false;
  if (/^(\.{1,2}\/|~\/|\/)/.test(text) || (/\//.test(text) && !/[()=\s]/.test(text))) return false;
  // A command line (`go test -bench=. -benchmem`): flags after a space.
  if (/\s--?[A-Za-z]/.test(text)) return false;
  // Names and settings without spaces or calls: `grpc-consul-resolver`, `%DLQ%group`, `tag=srv`,
  // `GODEBUG=x=1`, globs `alloc_*`.
  if (!/[\s()[\]]/.test(text) && (/\w-\w/.test(text) || /^[\w.%@-]+=/.test(text) || /^[\w.%]*\*[\w.%]*$/.test(text))) return false;
  // Words in a row (`escapes to heap`, `UPDATE inventory SET`): prose, tool output or a query.
  if (/[A-Za-z_]\w+ [A-Za-z_]\w+ [A-Za-z_]\w+/.test(text)) return false;
  // Placeholders make a pattern, not code: `goods_{id}`, `<name>`.
  text = text.replace(/\{[\w.]*\}|<[\w.]+>/g, '').trim();
  const tokens = codeTokens(text);
  if (!tokens.some((tok) => /^[A-Za-z_$]/.test(tok))) return false;
  // A name, qualified or not (`Sell`, `codes.ResourceExhausted`): names may live anywhere.
  if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(text)) return false;
  // Words and nothing else (`SET NX PX`, `select for update`): a phrase, not an expression.
  if (tokens.every((tok) => /^[\w$]+$/.test(tok))) return false;
  return true;
}

/** A span in a sentence that asks ("直接 `SELECT … FOR UPDATE` 不就好了？") proposes, it does not claim. */
function inQuestion(points: string, at: number): boolean {
  const rest = points.slice(at);
  const end = /[。；;！!？?\n]|\.(\s|$)/.exec(rest);
  return end !== null && /[？?]/.test(end[0]);
}

function inContrast(points: string, at: number): boolean {
  let start = at;
  while (start > 0 && !CLAUSE_END.test(points[start - 1]!)) start--;
  // Code spans earlier in the clause are not prose: "用 `a` 而不是 `b`" marks only `b`.
  const prefix = points.slice(start, at).replace(/`+[^`]*?`+/g, ' ');
  return CONTRAST.test(prefix);
}

/** "A → B → C", "先 A（…），再 B", "first A, then B", "A before B", "A 之后（才）B". */
function orderClaims(points: string, words: CodeWord[]): OrderClaim[] {
  const claims: OrderClaim[] = [];
  const sentences = splitSentences(points);
  for (const sentence of sentences) {
    const inside = words.filter((w) => w.start >= sentence.start && w.end <= sentence.end && isOrderOperand(w));
    // Arrows: consecutive operands with only an arrow between them.
    for (let i = 0; i + 1 < inside.length; i++) {
      const a = inside[i]!;
      const b = inside[i + 1]!;
      const between = points.slice(a.end, b.start);
      if (/^\s*(→|->|=>|⟶|➜)\s*$/.test(between)) claims.push(order(a, b));
      else if (/^\s*(before|之前|以前)\s*$/i.test(between)) claims.push(order(a, b));
      else if (/^\s*(之后|以后|后)才?\s*$/.test(between)) claims.push(order(a, b));
    }
    // 先 A … 再 B / first A … then B: the first operand after each marker.
    const text = points.slice(sentence.start, sentence.end);
    const markers = /(先|\bfirst\b)([\s\S]*?)(再|然后|随后|\bthen\b)/gi;
    for (const match of text.matchAll(markers)) {
      const firstFrom = sentence.start + match.index + match[1]!.length;
      const thenFrom = sentence.start + match.index + match[0].length;
      const a = inside.find((w) => w.start >= firstFrom && w.end <= thenFrom - match[3]!.length);
      const b = inside.find((w) => w.start >= thenFrom);
      if (!a || !b) continue;
      // B must follow the marker closely: "再 B", "then call B", not a word three clauses on.
      if (/[，,：:。；;]/.test(points.slice(thenFrom, b.start))) continue;
      if (inContrast(points, a.start)) continue;
      claims.push(order(a, b));
    }
  }
  const seen = new Set<string>();
  return claims.filter((c) => {
    const key = `${c.start}:${c.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function order(a: CodeWord, b: CodeWord): OrderClaim {
  return { kind: 'order', first: a.text.trim(), then: b.text.trim(), start: a.start, end: b.end };
}

/** An operand of an order: a code span or bare identifier with at least one identifier in it. */
function isOrderOperand(word: CodeWord): boolean {
  const text = word.text.trim();
  if (!/^[\x20-\x7e]+$/.test(text) || FILE_EXTENSION.test(text)) return false;
  // A bare word must look like an identifier (`Commit`, `unlock_all`, `tx.Commit`, `close()`), not
  // like an English word of the sentence ("before", "then").
  if (!word.span && !/[A-Z_.]|\(\)$/.test(text)) return false;
  return codeTokens(text).some((tok) => /^[A-Za-z_$]/.test(tok));
}

function splitSentences(text: string): Array<{ start: number; end: number }> {
  const result: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (const match of text.matchAll(/[。；;！？!?\n]|\.(\s|$)/g)) {
    result.push({ start, end: match.index });
    start = match.index + match[0].length;
  }
  result.push({ start, end: text.length });
  return result.filter((s) => s.end > s.start);
}

// ---------------------------------------------------------------------------------------------
// Comparing with code

/**
 * Tokens of code: identifiers, numbers, and every other non-space character on its own (so `>=`
 * and `> =` compare equal). String literals are tokenized too: `stocks - ?` is found in
 * `gorm.Expr("stocks - ?")`.
 */
export function codeTokens(text: string): string[] {
  const tokens = text.match(/[A-Za-z_$][\w$]*|\d[\w.]*|[^\s\w$]/g) ?? [];
  // A trailing comma is formatting (`f(\n  ctx,\n)` is `f(ctx)`).
  return tokens.filter((tok, i) => !(tok === ',' && /^[)\]}]$/.test(tokens[i + 1] ?? '')));
}

/** Does the code contain the span's tokens, in a row (`...` / `…` in the span standing for anything)? */
function containsCode(tokens: readonly string[], span: string): boolean {
  const parts = span.split(/\.\.\.|…/).map((part) => codeTokens(part)).filter((part) => part.length > 0);
  if (parts.length === 0) return true;
  const starts = positionsOf(tokens, parts[0]!, 0);
  return starts.some((start) => {
    let at = start + parts[0]!.length;
    for (const part of parts.slice(1)) {
      // What `...` stands for stays within one statement (a bounded look-ahead).
      const next = positionsOf(tokens, part, at).find((p) => p - at <= 200);
      if (next === undefined) return false;
      at = next + part.length;
    }
    return true;
  });
}

function positionsOf(tokens: readonly string[], wanted: readonly string[], from: number): number[] {
  const found: number[] = [];
  outer: for (let i = from; i + wanted.length <= tokens.length; i++) {
    for (let j = 0; j < wanted.length; j++) if (tokens[i + j] !== wanted[j]) continue outer;
    found.push(i);
  }
  return found;
}

/**
 * Token positions where an order operand occurs. A code span with structure by its tokens; a word
 * by identifiers that are it or start or end with it at a camel-case or `_` boundary
 * (`Unlock` ~ `unlockAll`, `Commit` ~ `tx.Commit`).
 */
function occurrences(tokens: readonly string[], operand: string): number[] {
  const opTokens = codeTokens(operand.replace(/\(\)$/, ''));
  if (opTokens.length > 1) {
    const parts = operand.split(/\.\.\.|…/)[0]!;
    return positionsOf(tokens, codeTokens(parts), 0);
  }
  const word = opTokens[0];
  if (word === undefined) return [];
  const lower = word.toLowerCase();
  const found: number[] = [];
  tokens.forEach((tok, i) => {
    if (!/^[A-Za-z_$]/.test(tok)) return;
    const low = tok.toLowerCase();
    if (low === lower) found.push(i);
    else if (low.startsWith(lower) && /^[A-Z_\d]/.test(tok.slice(word.length))) found.push(i);
    else if (low.endsWith(lower) && /[A-Z]/.test(tok[tok.length - word.length]!) && /[a-z\d_]$|^_/.test(tok.slice(0, tok.length - word.length) || '_')) found.push(i);
  });
  return found;
}

/** The code without comments (string literals kept, so `//` in a URL stays). */
export function stripComments(text: string, hash: boolean): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !(c !== '`' && text[j] === '\n')) j += text[j] === '\\' && c !== '`' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (!hash && c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (!hash && c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const comment = text.slice(i, end < 0 ? text.length : end + 2);
      out += comment.replace(/[^\n]/g, ' ');
      i += comment.length;
      continue;
    }
    if (hash && c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
