/**
 * Resolves one step of a walkthrough: its code file, current range and status, its memo section,
 * and the diagnostics that explain anything out of the ordinary.
 */
import { countExactMatches, exactMatches, resolveAnchor, type AnchorQuery, type AnchorResult, type InertLines } from './anchors/resolveAnchor';
import { mayBeInsideInert, noLineMayBeInert } from './anchors/multilineInert';
import type { PatternResult } from './codetour/findPattern';
import { findFiles } from './discover';
import { formatLines, type StepSpec } from './format/parseWalkthrough';
import { findSection, type Memo, type MemoSection } from './memo';
import { basename, extname, relativePath, resolvePath } from '../../../common/src/paths';
import { languageFor, sameLanguageFamily, supportedExtensions } from './symbols/languages';
import type { SymbolIndex, SymbolLookup } from './symbols/symbolIndex';
import { reachedDeclarations, type CodeFacts } from './symbols/facts';
import type { SymbolDecl } from './symbols/types';
import { anchorLines, describeUnreadable, normalizeLine, type TextResult } from './text';
import type { Diagnostic, DiagnosticCode, LineSpan, Range, Severity, StepStatus } from './types';
import type { FileSystem } from './fileSystem';
import { pathAffinity, uniqueBest } from './relocate/pathAffinity';
import { describeClaim, unconfirmedClaims, type Claim } from './claims';
import { plural, t } from './l10n';

export interface ResolvedStep {
  spec: StepSpec;
  /** Absolute path of the walkthrough YAML file. */
  walkthroughFile: string;
  status: StepStatus;
  statusMessage?: string;
  /** The code file, absolute; for a moved file, its new place. */
  file?: string;
  /** The current range, 0-based inclusive. */
  span?: LineSpan;
  title: string;
  contentOnly: boolean;
  memoFile?: string;
  section?: MemoSection;
  /** For fuzzy and approximate steps: the text now found where the anchor was. */
  foundText?: string;
  /** For stale steps: the most similar lines found anyway (below the fuzzy threshold). */
  closestSpan?: LineSpan;
  /** The declaration (`symbol`) the step landed in, 0-based inclusive, and its name. */
  declarationSpan?: LineSpan;
  declarationName?: string;
  /**
   * Claims of the step's talking points that its code does not bear out (see core/claims.ts):
   * from the inline `points`, or from the memo section when the step has no points of its own.
   */
  unconfirmed?: Array<{ claim: Claim; source: 'points' | 'section'; text: string }>;
}

export interface StepContext {
  fs: FileSystem;
  symbols: SymbolIndex;
  /** The workspace folder the walkthrough belongs to: nothing outside it is read. */
  folder: string;
  /** Folder that step files are relative to. */
  root: string;
  /** Folder that step `memo` paths are relative to (the YAML file's folder). */
  yamlDir: string;
  /** The walkthrough's memo, if it has one and it loaded. */
  memo?: Memo;
  memoFile?: string;
  /** The walkthrough names a memo (one that could not be read is reported once, at its `memo`). */
  declaresMemo?: boolean;
  readText(file: string): Promise<TextResult>;
  /** The text split into lines, raw and normalized; cached per text so 200 steps split once. */
  linesOf(text: string): { lines: string[]; normalized: string[] };
  readMemo(file: string): Promise<Memo | TextResult>;
  /** May the walkthrough read files under this folder? (The workspace folder, or a bundled one.) */
  mayRead(file: string): boolean;
  /** The walkthrough file's text the spec was parsed from (for ranges inside values). */
  sourceText?: string;
  /** A CodeTour `pattern` matched in `file` (whose text is `text`), under the tour's time budget. */
  findPattern(file: string, text: string, pattern: string): Promise<PatternResult>;
  /**
   * `lazy` (the default): a file is parsed only when the result depends on it (see
   * `resolvedWithoutParse`); `eager`: every anchored step's file is parsed, as a reference.
   */
  parse?: 'lazy' | 'eager';
}

export async function resolveStep(spec: StepSpec, walkthroughFile: string, ctx: StepContext, diagnostics: Diagnostic[]): Promise<ResolvedStep> {
  const report = (range: Range | undefined, severity: Severity, code: DiagnosticCode, message: string) => {
    diagnostics.push({ file: walkthroughFile, range: range ?? spec.range, severity, code, message, stepIndex: spec.index });
  };
  const cited = await resolveSection(spec, ctx, report);
  const placed = await placeStep(spec, ctx, report);
  const step: ResolvedStep = {
    spec,
    walkthroughFile,
    ...placed,
    title: spec.title ?? defaultTitle(spec, ctx, placed, cited.section),
    contentOnly: spec.file === undefined,
    ...cited,
  };
  const unconfirmed = await checkClaims(spec, ctx, step, report);
  if (unconfirmed) step.unconfirmed = unconfirmed;
  return step;
}

/** A step without a `title`: its memo heading, else its file and lines (`order.go:12-20`), else its number. */
function defaultTitle(spec: StepSpec, ctx: StepContext, placed: Placement, section: MemoSection | undefined): string {
  if (section) return section.heading;
  const span = placed.span ?? spec.lines;
  const file = placed.file ?? (spec.file === undefined ? undefined : resolvePath(ctx.root, spec.file));
  return file ? basename(file) + (span ? `:${formatLines(span)}` : '') : `Step ${spec.index + 1}`;
}

type Report = (range: Range | undefined, severity: Severity, code: DiagnosticCode, message: string) => void;

/** Where the step's code is and in what state: the part of a resolved step that `placeStep` decides. */
type Placement = Pick<ResolvedStep, 'status' | 'statusMessage' | 'file' | 'span' | 'foundText' | 'closestSpan' | 'declarationSpan' | 'declarationName'>;

/** The code file found (perhaps moved) and its text. */
interface LocatedFile {
  /** Where the spec says the file is. */
  file: string;
  /** Where it is now (a moved file, or the same). */
  current: string;
  code: string;
}

/** The file, and in it the step's declaration when it names one. */
interface LocatedSymbol extends LocatedFile {
  declaration?: { span: LineSpan; name: string };
  /** The step names a declaration the parser looked for and did not find. */
  symbolMissing: boolean;
}

/**
 * Finds the step's code: file, current range and status. A pipeline: the file (`locateFile`),
 * the declaration in it (`locateSymbol`), the anchor in that (`locateAnchor`), then what the
 * outcome means for the user (`describe`, one entry per outcome). Each stage either ends the
 * step (a placement) or hands the next what it found; nothing given to it is changed.
 */
async function placeStep(spec: StepSpec, ctx: StepContext, report: Report): Promise<Placement> {
  if (spec.malformed) return { status: 'invalid', statusMessage: spec.malformed };
  if (spec.file === undefined) return { status: 'ok' };
  const file = await locateFile(spec, spec.file, ctx, report);
  if ('status' in file) return file;
  const located = await locateSymbol(spec, ctx, file, report);
  if ('status' in located) return located;
  const declaration = located.declaration ? { declarationSpan: located.declaration.span, declarationName: located.declaration.name } : {};
  if (spec.pattern !== undefined && !spec.lines && spec.anchor === undefined) {
    return { file: located.current, ...declaration, ...placeByPattern(spec, await ctx.findPattern(located.current, located.code, spec.pattern), report) };
  }
  const result = await locateAnchor(spec, ctx, located);
  return { file: located.current, ...declaration, ...describe(result, { spec, ctx, located, report }) };
}

/** The step's file: as written, else where its declaration or its path moved; the end of the step when it cannot be read. */
async function locateFile(spec: StepSpec, path: string, ctx: StepContext, report: Report): Promise<LocatedFile | Placement> {
  const fileRange = spec.spans.file?.value;
  const file = resolvePath(ctx.root, path);
  if (!ctx.mayRead(file)) {
    report(fileRange, 'error', 'outside-workspace', t('`{0}` is outside the workspace folder; it was not read.', path));
    return invalid(t('The file is outside the workspace.'));
  }
  const text = await ctx.readText(file);
  if (text.kind === 'text') return { file, current: file, code: text.text };
  if (text.kind === 'missing') {
    const moved = spec.symbol ? await findMovedSymbol(ctx, file, spec.symbol, path, spec.anchor) : undefined;
    if (moved) {
      report(fileRange, 'warning', 'file-moved', t('`{0}` no longer exists; `{1}` is now in `{2}`.', path, spec.symbol!, relativePath(ctx.root, moved.file)));
      return { file, current: moved.file, code: moved.text.text };
    }
    // Another folder layout (`order-web/api/order/order.go` for `order_web/api/order.go`).
    const relocated = await findRelocatedFile(ctx, file, path);
    if (relocated) {
      report(fileRange, 'warning', 'file-moved', t('`{0}` no longer exists; the file is now `{1}`.', path, relativePath(ctx.root, relocated.file)));
      return { file, current: relocated.file, code: relocated.text.text };
    }
    report(fileRange, 'error', 'file-not-found', relativePath(ctx.folder, ctx.root) === '.' ? t('File not found: `{0}` (relative to the workspace folder).', path) : t('File not found: `{0}` (relative to `{1}`).', path, relativePath(ctx.folder, ctx.root)));
    return { status: 'missing', statusMessage: t('File not found: {0}', path) };
  }
  report(fileRange, 'error', 'unreadable-file', t('`{0}` {1}; anchors need a text file.', path, describeUnreadable(text)));
  return invalid(t('The file {0}.', describeUnreadable(text)));
}

/** The step's declaration (`symbol`) in the file, or where it moved; the end of the step when it was the only locator and is gone. */
async function locateSymbol(spec: StepSpec, ctx: StepContext, file: LocatedFile, report: Report): Promise<LocatedSymbol | Placement> {
  if (!spec.symbol) return { ...file, symbolMissing: false };
  // Anchors may need the parse-tree facts: parse with them at once, so the symbol lookups and any
  // later step in the file reuse that one parse. Parsing without them when this step's anchor sits
  // at its hint cost more: another step of the file usually needs them (a moved or fuzzy anchor, a
  // line below a comment opener), and then the file was parsed twice (bench/cache.bench.ts at 10k
  // steps: 3,200 parses for 2,000 files; the facts cost about half a parse, a second parse a whole one).
  if (spec.anchor !== undefined) await ctx.symbols.symbols(file.current, file.code, { facts: true });
  const found = await lookupSymbol(ctx, file.current, file.code, spec.symbol, spec.anchor);
  if ('span' in found) return declared(spec, { ...file, declaration: found, symbolMissing: false }, report);
  if (found.code === 'symbol-not-found' && ctx.symbols.supports(file.current)) {
    // The declaration left this file: follow it when one other file declares it (the closest
    // to the step's path, when several do).
    const moved = await findMovedSymbol(ctx, file.current, spec.symbol, spec.file!, spec.anchor);
    if (moved) {
      report(spec.spans.file?.value, 'warning', 'file-moved', t('`{0}` is no longer in `{1}`; it is now in `{2}`.', spec.symbol, spec.file!, relativePath(ctx.root, moved.file)));
      return declared(spec, { file: file.file, current: moved.file, code: moved.text.text, declaration: { span: moved.decl.span, name: moved.decl.name }, symbolMissing: false }, report);
    }
  }
  // Without an anchor the symbol is the only way to find the code: its absence is fatal.
  const onlyLocator = spec.anchor === undefined && !spec.lines;
  // A language without a grammar: the anchor places the step as it would without a symbol.
  report(spec.spans.symbol?.value, onlyLocator ? 'error' : found.code === 'symbol-unsupported' ? 'info' : 'warning', found.code, found.message);
  // Nothing else to place the step by: stale, for this reason alone (one error, not two).
  if (onlyLocator) return { file: file.current, status: 'stale', statusMessage: found.message };
  return { ...file, symbolMissing: found.code === 'symbol-not-found' && ctx.symbols.supports(file.current) };
}

/** The declaration found: reported when it was renamed. */
function declared(spec: StepSpec, located: LocatedSymbol, report: Report): LocatedSymbol {
  const name = located.declaration!.name;
  // Found without its namespaces (`Cart.total` for `Shop.Cart.total`) is not a rename.
  if (name !== spec.symbol && !name.endsWith(`.${spec.symbol}`)) report(spec.spans.symbol?.value, 'info', 'symbol-renamed', t('`{0}` is now declared as `{1}`.', spec.symbol!, name));
  return located;
}

/** The anchor (or hint, or declaration) in the located code. */
async function locateAnchor(spec: StepSpec, ctx: StepContext, located: LocatedSymbol): Promise<AnchorResult> {
  const { lines, normalized } = ctx.linesOf(located.code);
  const symbolSpan = located.declaration?.span;
  const symbolName = located.declaration?.name;
  const query = { lines, normalized, hint: spec.lines, anchor: spec.anchor, symbolSpan };
  let result = ctx.parse === 'eager' ? undefined : resolvedWithoutParse(located, query);
  if (!result) {
    // The parse (cached per text) says which lines are only comments or strings, and what the symbol reaches.
    const parsed = spec.anchor !== undefined ? await ctx.symbols.symbols(located.current, located.code, { facts: true }) : undefined;
    const inert = parsed?.facts ? inertLineSet(parsed.facts) : undefined;
    result = resolveAnchor({ ...query, inert });
    if (parsed && symbolSpan && symbolName && (result.status === 'fuzzy' || result.status === 'approximate' || ('inert' in result && result.inert))) {
      // Only now, when the symbol holds no exact match in live code, look at what it reaches.
      const helpers = reachedDeclarations(parsed, symbolSpan, symbolName);
      if (helpers.length > 0) result = resolveAnchor({ ...query, helpers, inert });
    }
  }
  if (located.symbolMissing && spec.anchor !== undefined && (result.status === 'ok' || result.status === 'moved' || result.status === 'fuzzy')) {
    const uniqueExact = result.status !== 'fuzzy' && countExactMatches(normalized, spec.anchor) === 1;
    // The step's declaration is gone: a similar or repeated text may be another function's. A guess, not a ✓.
    if (!uniqueExact) return { status: 'approximate', span: result.span, similarity: result.status === 'fuzzy' ? result.similarity : 1, found: lines.slice(result.span.start, result.span.end + 1).join('\n') };
  }
  return result;
}

/**
 * The anchor's place when the parse cannot change it, else undefined (parse, then resolve). The
 * parse gives the comment and string lines (a match there ranks below live code) and the helpers
 * a symbol reaches (asked only for fuzzy or approximate results). A match can be in a comment or
 * string only on a line that may lie inside one begun above (multilineInert.ts). So the result
 * without the parse stands when no line of the file can be inert; when the anchor is exactly at
 * its hint on a line that cannot be; or when it is found exactly and no exact match in the
 * searched lines (the symbol, or the file) can be inert — the nearest to the hint is then live
 * code with or without the parse. For a step with a symbol, only when it is not fuzzy or approximate.
 */
function resolvedWithoutParse(located: LocatedSymbol, query: AnchorQuery): AnchorResult | undefined {
  const wanted = query.anchor === undefined ? [] : anchorLines(query.anchor);
  // Without anchor text the comment and string lines play no part.
  if (wanted.length === 0) return resolveAnchor(query);
  const { lines, hint, symbolSpan } = query;
  const file = located.current;
  if (!noLineMayBeInert(file, lines)) {
    // Only an exact match can stand: the cheap index lookup says whether one may be inert before any fuzzy search runs.
    const normalized = query.normalized ?? lines.map(normalizeLine);
    const starts = exactMatches(normalized, wanted, symbolSpan ?? { start: 0, end: lines.length - 1 });
    const allLive = starts.length > 0 && starts.every((start) => !mayBeInsideInert(file, lines, start));
    const atLiveHint = hint !== undefined && starts.includes(hint.start) && !mayBeInsideInert(file, lines, hint.start);
    if (!allLive && !atLiveHint) return undefined;
  }
  const result = resolveAnchor(query);
  if (symbolSpan && (result.status === 'fuzzy' || result.status === 'approximate')) return undefined;
  return result;
}

interface Described {
  spec: StepSpec;
  ctx: StepContext;
  located: LocatedSymbol;
  report: Report;
}

type Outcome = Omit<Placement, 'file' | 'declarationSpan' | 'declarationName'>;

/** What each outcome of the anchor search means: the step's status, its message and the diagnostic. */
const DESCRIBE: { [S in AnchorResult['status']]: (result: Extract<AnchorResult, { status: S }>, d: Described) => Outcome } = {
  ok(result, { spec, ctx, located, report }) {
    if (located.current !== located.file) return { status: 'moved', span: result.span, statusMessage: t('Moved to {0}.', relativePath(ctx.root, located.current)) };
    if (spec.anchor === undefined && spec.symbol === undefined && spec.lines) {
      report(
        spec.spans.lines?.value,
        'info',
        'lines-only',
        spec.codeTour
          ? t('This CodeTour step points at a fixed line: it drifts when the file changes. Convert the tour to a walkthrough ("Convert CodeTour Tour to Walkthrough") to anchor it to its code.')
          : t('This step has only a line number: add an `anchor` (the text of its first line) so it follows the code when the file changes.'),
      );
    }
    return { status: 'ok', span: result.span };
  },
  moved(result, { spec, located, report }) {
    const now = linesAt(result.span);
    const anchorRange = spec.spans.anchor?.value;
    const symbolName = located.declaration?.name ?? '';
    if (result.helper && result.via === 'construct') {
      report(anchorRange, 'info', 'anchor-moved', t('The code moved into `{0}` (reached from `{1}`): it is now at {2}.', result.helper, symbolName, now));
      return { status: 'moved', span: result.span, statusMessage: t('Found in `{0}`, a method of a value that `{1}` constructs, at {2}.', result.helper, symbolName, now) };
    }
    if (result.helper) {
      report(anchorRange, 'info', 'anchor-moved', t('The code moved into `{0}` (called from `{1}`): it is now at {2}.', result.helper, symbolName, now));
      return { status: 'moved', span: result.span, statusMessage: t('Found in `{0}`, which `{1}` calls, at {2}.', result.helper, symbolName, now) };
    }
    report(spec.spans.lines?.value ?? anchorRange, 'info', 'anchor-moved', t('The code moved: it is now at {0} (`lines` says {1}).', now, spec.lines ? formatLines(spec.lines) : '?'));
    return { status: 'moved', span: result.span, statusMessage: t('Found at {0}; the `lines` hint says {1}.', now, formatLines(result.from ?? result.span)) };
  },
  fuzzy(result, { spec, report }) {
    const percent = Math.round(result.similarity * 100);
    report(spec.spans.anchor?.value, 'warning', 'anchor-fuzzy', t('The anchor text changed: the closest match is at line {0} ({1}% similar): `{2}`.', result.span.start + 1, percent, firstLine(result.found)));
    return { status: 'fuzzy', span: result.span, foundText: result.found, statusMessage: t('The anchor text changed; closest match at line {0} ({1}% similar).', result.span.start + 1, percent) };
  },
  approximate(result, { spec, located, report }) {
    const percent = Math.round(result.similarity * 100);
    const declaration = located.declaration;
    const where = declaration ? t('in `{0}`', declaration.name) : t('in the file');
    const why = declaration ? t('The anchor text is not in the symbol') : t('`{0}` was not found', spec.symbol ?? '');
    report(spec.spans.anchor?.value, 'warning', 'anchor-approximate', t('{0}: the step is placed on the most similar lines {1}, line {2} ({3}% similar): `{4}`. Check it, then update the anchor or use this location.', why, where, result.span.start + 1, percent, firstLine(result.found)));
    return { status: 'approximate', span: result.span, foundText: result.found, statusMessage: t('{0}; closest lines {1}: line {2} ({3}% similar). Check the place.', why, where, result.span.start + 1, percent) };
  },
  stale(result, { spec, report }) {
    report(spec.spans.anchor?.value ?? spec.spans.symbol?.value ?? spec.spans.lines?.value, 'error', 'anchor-stale', t('{0} The step cannot be placed on the code.', result.reason));
    return { status: 'stale', statusMessage: result.reason, ...(result.closest ? { closestSpan: result.closest } : {}) };
  },
  'out-of-range'(result, { spec, report }) {
    report(spec.spans.lines?.value, 'error', 'lines-out-of-range', plural(result.lineCount, '`lines` {1} is past the end of `{2}` ({0} line).', '`lines` {1} is past the end of `{2}` ({0} lines).', formatLines(spec.lines!), spec.file!));
    return { status: 'stale', statusMessage: plural(result.lineCount, '`lines` is past the end of the file ({0} line).', '`lines` is past the end of the file ({0} lines).') };
  },
};

function describe(result: AnchorResult, d: Described): Outcome {
  return (DESCRIBE[result.status] as (result: AnchorResult, d: Described) => Outcome)(result, d);
}

/**
 * The step's talking points against the code it landed on: each claim its code does not bear out
 * is a warning on the point and is kept on the step (card, hover, report, practice).
 */
async function checkClaims(spec: StepSpec, ctx: StepContext, step: Readonly<ResolvedStep>, report: Report): Promise<ResolvedStep['unconfirmed']> {
  if (!step.file || !step.span || step.status === 'stale' || step.status === 'missing' || step.status === 'invalid') return;
  const own = spec.points?.trim() ? spec.points : undefined;
  const points = own ?? step.section?.body;
  if (!points) return;
  const text = await ctx.readText(step.file);
  if (text.kind !== 'text') return;
  // The declaration when it holds the range; a declaration elsewhere (the step left it) is not the step's code.
  const declaration = step.declarationSpan && step.declarationSpan.start <= step.span.start && step.declarationSpan.end >= step.span.end ? step.declarationSpan : undefined;
  const claimScope = {
    text: text.text,
    range: step.span,
    ...(declaration ? { declaration } : {}),
    hashComments: /\.(py|rb|sh|bash|ya?ml|toml|pl|r)$/i.test(step.file),
  };
  let claims = unconfirmedClaims(points, claimScope);
  if (claims.length > 0 && declaration && step.declarationName) {
    // Only now, with claims left, look at the helpers the declaration calls (costly).
    const parsed = await ctx.symbols.symbols(step.file, text.text, { facts: true });
    const helpers = parsed ? reachedDeclarations(parsed, declaration, step.declarationName) : [];
    if (helpers.length > 0) claims = unconfirmedClaims(points, { ...claimScope, helpers: helpers.map((h) => h.span) });
  }
  if (claims.length === 0) return undefined;
  const source = own !== undefined ? 'points' : 'section';
  for (const claim of claims) {
    const range = source === 'points' ? pointRange(spec, ctx.sourceText, points, claim) : spec.spans.section?.value;
    const message = claim.kind === 'code'
      ? t('Not in your code: {0} is not in the lines this step landed on or in its declaration. Check the point before you rehearse it.', describeClaim(claim))
      : t('Not in your code: the point says {0}, but this code does it the other way round. Check the point before you rehearse it.', describeClaim(claim));
    report(range, 'warning', 'claim-not-in-code', message);
  }
  return claims.map((claim) => ({ claim, source, text: describeClaim(claim) }));
}

/** Where a claim stands in the walkthrough file: its text on the source line of the `points` value, else the whole value. */
function pointRange(spec: StepSpec, source: string | undefined, points: string, claim: Claim): Range | undefined {
  const value = spec.spans.points?.value;
  if (!value || source === undefined) return value;
  const snippet = points.slice(claim.start, claim.end).split('\n')[0]!;
  const lines = source.split(/\r\n|\r|\n/);
  const expected = value.start.line + points.slice(0, claim.start).split('\n').length - 1;
  let best: Range | undefined;
  for (let line = value.start.line; line <= value.end.line && line < lines.length; line++) {
    const column = lines[line]!.indexOf(snippet);
    if (column < 0) continue;
    const candidate = { start: { line, character: column }, end: { line, character: column + snippet.length } };
    if (!best || Math.abs(line - expected) < Math.abs(best.start.line - expected)) best = candidate;
  }
  return best ?? value;
}

/** A CodeTour `pattern`: the line of its first match, looked up afresh on every change (so it follows the code). */
function placeByPattern(spec: StepSpec, found: PatternResult, report: Report): Outcome {
  const where = spec.spans.pattern?.value;
  switch (found.kind) {
    case 'found':
      return { status: 'ok', span: { start: found.line, end: found.line } };
    case 'not-found':
      report(where, 'error', 'pattern-not-found', t('`pattern` matches nothing in `{0}`: the step cannot be placed on the code.', spec.file ?? ''));
      return { status: 'stale', statusMessage: t('The pattern matches nothing in the file.') };
    case 'too-slow':
      report(
        where,
        'error',
        'invalid-pattern',
        found.remembered
          ? t('`pattern` took too long to match in this file before (it backtracks catastrophically); it is tried again when the file is saved. Simplify it.')
          : t('`pattern` took too long to match (it backtracks catastrophically) and was abandoned; simplify it.'),
      );
      return invalid(t('The pattern took too long to match.'));
    case 'skipped':
      report(where, 'error', 'invalid-pattern', t('`pattern` was not tried: slower patterns of this tour used up its time for matching. Simplify them.'));
      return invalid(t('The pattern was not tried: the tour ran out of matching time.'));
    case 'invalid':
      report(where, 'error', 'invalid-pattern', found.message);
      return invalid(found.message);
  }
}

/** `line 7` or `lines 7-9`. */
function linesAt(span: LineSpan): string {
  return span.start === span.end ? t('line {0}', formatLines(span)) : t('lines {0}', formatLines(span));
}

function invalid(message: string): Outcome {
  return { status: 'invalid', statusMessage: message };
}

/** The memo section the step cites, and its memo file: `{}` when it cites none or it cannot be read. */
async function resolveSection(spec: StepSpec, ctx: StepContext, report: Report): Promise<Pick<ResolvedStep, 'memoFile' | 'section'>> {
  if (spec.section === undefined) return {};
  const sectionRange = spec.spans.section?.value;
  let memo = ctx.memo;
  let memoFile = ctx.memoFile;
  if (spec.memo !== undefined) {
    memoFile = resolvePath(ctx.yamlDir, spec.memo);
    if (!ctx.mayRead(memoFile)) {
      report(spec.spans.memo?.value, 'error', 'outside-workspace', t('`{0}` is outside the workspace folder; it was not read.', spec.memo));
      return {};
    }
    const loaded = await ctx.readMemo(memoFile);
    if (!('sections' in loaded)) {
      report(spec.spans.memo?.value, 'error', 'memo-not-found', t('Memo `{0}` {1}.', spec.memo, describeUnreadable(loaded as Exclude<TextResult, { kind: 'text' }>)));
      return {};
    }
    memo = loaded;
  }
  if (!memo || !memoFile) {
    if (spec.memo === undefined && ctx.memoFile === undefined && !ctx.declaresMemo) {
      report(spec.spans.section?.key, 'error', 'memo-not-found', t('`section` needs a memo: set `memo` on the walkthrough or on this step.'));
    }
    return {};
  }
  const lookup = findSection(memo, spec.section);
  if (lookup.kind === 'found') return { memoFile, section: lookup.section };
  if (lookup.kind === 'ambiguous') {
    const slugs = lookup.sections.map((s) => `#${s.slug}`).join(', ');
    report(sectionRange, 'error', 'section-ambiguous', t('Several headings read "{0}" (lines {1}): cite one by its slug: {2}.', spec.section, lookup.sections.map((s) => s.line + 1).join(', '), slugs));
  } else {
    const message = lookup.suggestion
      ? t('No heading "{0}" in `{1}`. Did you mean "{2}"?', spec.section, basename(memoFile), lookup.suggestion.heading)
      : t('No heading "{0}" in `{1}`.', spec.section, basename(memoFile));
    report(sectionRange, 'error', 'section-not-found', message);
  }
  return { memoFile };
}

type SymbolFound = { span: LineSpan; name: string } | { code: DiagnosticCode; message: string };

/** The anchor's text is found exactly inside `span`. */
function holdsAnchor(ctx: StepContext, text: string, span: LineSpan, anchor: string): boolean {
  const wanted = anchorLines(anchor);
  return wanted.length > 0 && exactMatches(ctx.linesOf(text).normalized, wanted, span).some((start) => start + wanted.length - 1 <= span.end);
}

/**
 * The declaration of `name` in a file. A method whose receiver type was renamed
 * (`InventoryServer.Sell` → `StockService.Sell`) is found by its method name when that is unique.
 */
async function lookupDecl(ctx: StepContext, file: string, text: string, name: string): Promise<SymbolLookup> {
  const lookup = await ctx.symbols.lookup(file, text, name);
  if (lookup.kind !== 'not-found' || !name.includes('.')) return lookup;
  const matches = await ctx.symbols.methodsNamed(file, text, `.${name.slice(name.lastIndexOf('.') + 1)}`);
  return matches.length === 1 ? { kind: 'found', symbol: matches[0]! } : lookup;
}

async function lookupSymbol(ctx: StepContext, file: string, text: string, name: string, anchor: string | undefined): Promise<SymbolFound> {
  const lookup = await lookupDecl(ctx, file, text, name);
  switch (lookup.kind) {
    case 'found':
      return { span: lookup.symbol.span, name: lookup.symbol.name };
    case 'ambiguous': {
      // Overloads (Java, C#, C++) share a name: the one that holds the anchor is the step's.
      const holding = anchor === undefined ? [] : lookup.symbols.filter((symbol) => holdsAnchor(ctx, text, symbol.span, anchor));
      if (holding.length === 1) return { span: holding[0]!.span, name: holding[0]!.name };
      const where = lookup.symbols.map((symbol) => String(symbol.span.start + 1)).join(', ');
      return { code: 'symbol-ambiguous', message: t('`{0}` is declared {1} times in `{2}` (lines {3}): the step\'s `anchor` picks the one that contains it.', name, lookup.symbols.length, basename(file), where) };
    }
    case 'unsupported':
      return {
        code: 'symbol-unsupported',
        message: languageFor(file)
          ? t('`{0}` could not be parsed; the step is placed by its anchor alone.', basename(file))
          : t('Symbols are not available for `{0}` files (they are for {1}): steps there are placed by their anchor alone.', extname(file) || basename(file), supportedExtensions().join(', ')),
      };
    case 'not-found': {
      const close = lookup.available.filter((n) => n.toLowerCase().includes(name.split('.').pop()!.toLowerCase())).slice(0, 3);
      const message = close.length
        ? t('No declaration `{0}` in `{1}`. Did you mean {2}?', name, basename(file), close.map((n) => `\`${n}\``).join(', '))
        : t('No declaration `{0}` in `{1}`.', name, basename(file));
      return { code: 'symbol-not-found', message };
    }
  }
}

/**
 * The declaration left `file` (or the file is gone): the one other file under root, in the same
 * language, that declares it; when several do, the one whose path is closest to the step's
 * (`stepPath`, relative to root), if that is unique. Exact names first, then renamed receivers.
 */
async function findMovedSymbol(ctx: StepContext, file: string, name: string, stepPath: string, anchor: string | undefined): Promise<{ file: string; text: TextResult & { kind: 'text' }; decl: SymbolDecl } | undefined> {
  if (!ctx.symbols.supports(file)) return undefined;
  const candidates = await findFiles(ctx.fs, ctx.root, (f) => f !== file && sameLanguageFamily(f, file) && ctx.mayRead(f), 5000);
  const exact: Array<{ file: string; text: TextResult & { kind: 'text' }; decl: SymbolDecl }> = [];
  const renamed: typeof exact = [];
  const short = name.split('.').pop()!;
  for (const candidate of candidates) {
    const text = await ctx.readText(candidate);
    if (text.kind !== 'text' || !text.text.includes(short)) continue;
    const lookup = await lookupDecl(ctx, candidate, text.text, name);
    // Overloads: the one that holds the anchor.
    const holding = lookup.kind === 'ambiguous' && anchor !== undefined ? lookup.symbols.filter((s) => holdsAnchor(ctx, text.text, s.span, anchor)) : [];
    const decl = lookup.kind === 'found' ? lookup.symbol : holding.length === 1 ? holding[0] : undefined;
    if (!decl) continue;
    (decl.name === name ? exact : renamed).push({ file: candidate, text, decl });
  }
  const hits = exact.length > 0 ? exact : renamed;
  return uniqueBest(hits, (hit) => pathAffinity(stepPath, relativePath(ctx.root, hit.file)).score);
}

/** The file is gone: the one file under root whose path has every segment of the step's (another layout). */
async function findRelocatedFile(ctx: StepContext, file: string, stepPath: string): Promise<{ file: string; text: TextResult & { kind: 'text' } } | undefined> {
  const name = basename(file).toLowerCase().replace(/[-_]/g, '');
  const candidates = await findFiles(ctx.fs, ctx.root, (f) => f !== file && basename(f).toLowerCase().replace(/[-_]/g, '') === name && ctx.mayRead(f), 5000);
  const complete = candidates.filter((c) => pathAffinity(stepPath, relativePath(ctx.root, c)).complete);
  const best = uniqueBest(complete, (c) => -relativePath(ctx.root, c).split('/').length);
  if (!best) return undefined;
  const text = await ctx.readText(best);
  return text.kind === 'text' ? { file: best, text } : undefined;
}

/** The parse's inert lines as sets, built once per parse result. */
const inertSets = new WeakMap<CodeFacts, InertLines>();

function inertLineSet(facts: CodeFacts): InertLines {
  let sets = inertSets.get(facts);
  if (!sets) inertSets.set(facts, (sets = { lines: new Set(facts.inertLines), starts: new Set(facts.inertStarts) }));
  return sets;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}
