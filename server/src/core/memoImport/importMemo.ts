/**
 * `walkthrough import`: turns a memo's code references into walkthrough steps placed on the
 * *current* code under a root. Pure engine code (reads through the FileSystem, writes nothing):
 * the CLI and the language server decide where the YAML goes.
 *
 * A reference is placed, in this order, by
 * - its path: the longest suffix that exists under the root (a memo's paths come from another machine);
 * - a declaration named next to it (`Sell` 方法, `order.go:ExecuteLocalTransaction`), through the parser;
 * - the text of its code (a fenced snippet, or inline code next to a line mention), through the
 *   anchor engine: exact, then fuzzy, inside the declaration in context first.
 * Line numbers in the memo are hints only: they come from another version of the code.
 */
import type { ImportMemoReference } from '../../protocol';
import { t } from '../l10n';
import { resolveAnchor } from '../anchors/resolveAnchor';
import type { FileSystem } from '../fileSystem';
import { formatLines } from '../format/parseWalkthrough';
import { findSection, parseMemo, type Memo } from '../memo';
import { basename, dirname, extname, relativePath } from '../paths';
import { SymbolIndex } from '../symbols/symbolIndex';
import type { SymbolDecl } from '../symbols/types';
import type { LineSpan } from '../types';
import { CodeIndex, enclosingDeclaration, isSecondaryFile, type CodeFile } from './codeIndex';
import { mergeWalkthroughYaml, renderWalkthroughYaml } from './emit';
import { scanMemo, type MemoUnit } from './references';
import { cleanTitle, isBareName, titleBesideQuestion } from './naming';

export interface ImportOptions {
  fs: FileSystem;
  /** Absolute path of the memo. */
  memoFile: string;
  memoText: string;
  /** Folder of the code (absolute). */
  root: string;
  /** Where the walkthrough will be written (absolute); paths in it are relative to its folder. */
  outFile: string;
  /** The current content of `outFile`, when it exists: re-import updates it in place. */
  existingYaml?: string;
  symbols?: SymbolIndex;
  /** An explicit walkthrough id for a new file (when the default, its file name, is taken). */
  walkthroughId?: string;
}

export interface ImportedStep {
  id: string;
  title: string;
  /** Relative to the root. */
  file: string;
  /** 0-based inclusive; undefined for a step about a whole file. */
  span?: LineSpan;
  anchor?: string;
  symbol?: string;
  section?: string;
  question?: string;
  /** 0-based memo line of the reference. */
  memoLine: number;
}

/** One line of the import report: the protocol's shape (the engine and the wire say the same). */
export type ImportReportEntry = ImportMemoReference;
export type ReferenceKind = ImportMemoReference['kind'];

export interface ImportResult {
  yaml: string;
  steps: ImportedStep[];
  report: ImportReportEntry[];
  /** On re-import: steps updated in place, added, and kept as they were (not in the memo any more). */
  merge?: { updated: number; added: number; kept: number };
  /** Set when nothing may be written (the existing file does not parse). */
  error?: string;
}

interface Context {
  file?: string;
  fileLevel: number;
  symbol?: SymbolDecl;
  symbolLevel: number;
}

interface Placement {
  file: string;
  span?: LineSpan;
  symbol?: SymbolDecl;
  how: string;
}

const GO_KEYWORDS = new Set(['if', 'else', 'for', 'range', 'return', 'defer', 'go', 'func', 'type', 'var', 'const', 'package', 'import', 'select', 'switch', 'case', 'chan', 'map', 'struct', 'interface', 'nil', 'true', 'false', 'err', 'error', 'string', 'int', 'int32', 'int64', 'uint', 'byte', 'bool', 'float64', 'main']);

const FENCE_EXTENSIONS: Record<string, string[]> = {
  go: ['.go'], golang: ['.go'], ts: ['.ts', '.tsx'], typescript: ['.ts', '.tsx'], js: ['.js', '.mjs', '.cjs', '.jsx'], javascript: ['.js', '.mjs', '.cjs', '.jsx'],
  py: ['.py'], python: ['.py'], rust: ['.rs'], rs: ['.rs'], java: ['.java'], kotlin: ['.kt'], c: ['.c', '.h'], cpp: ['.cc', '.cpp', '.hpp', '.h'],
  csharp: ['.cs'], cs: ['.cs'], ruby: ['.rb'], php: ['.php'], swift: ['.swift'], proto: ['.proto'], protobuf: ['.proto'], sql: ['.sql'],
  yaml: ['.yaml', '.yml'], yml: ['.yaml', '.yml'], json: ['.json'], toml: ['.toml'], sh: ['.sh'], bash: ['.sh'], shell: ['.sh'],
};

export async function importMemo(options: ImportOptions): Promise<ImportResult> {
  const index = new CodeIndex(options.fs, options.root, options.symbols ?? new SymbolIndex());
  const scan = scanMemo(options.memoText);
  const memo = parseMemo(options.memoFile, options.memoText);
  const report: ImportReportEntry[] = [];
  const steps: ImportedStep[] = [];
  const fileMentions: Array<{ unit: MemoUnit; file: string; entry: ImportReportEntry }> = [];
  const ctx: Context = { fileLevel: 0, symbolLevel: 0 };
  const units = scan.units;

  const addStep = (unit: MemoUnit, placement: Placement, title: string, entry: ImportReportEntry) => {
    const section = sectionRef(memo, unit);
    const duplicate = steps.find((s) => s.file === placement.file && s.section === section && sameSpan(s.span, placement.span));
    Object.assign(entry, {
      placed: true,
      how: placement.how,
      file: placement.file,
      ...(placement.span ? { startLine: placement.span.start + 1, endLine: placement.span.end + 1 } : {}),
      ...(placement.symbol ? { symbol: placement.symbol.name } : {}),
    });
    if (duplicate) {
      entry.step = duplicate.id;
      entry.reason = t('same code as step `{0}`', duplicate.id);
      return;
    }
    const step: ImportedStep = {
      id: uniqueId(steps, placement.symbol ? placement.symbol.name.slice(placement.symbol.name.lastIndexOf('.') + 1) : basename(placement.file)),
      // The card shows the question under the title: a title that only repeats it says nothing.
      title: titleBesideQuestion(title, unit.question, placement.symbol?.name, titleFrom(unit.text), basename(placement.file)),
      file: placement.file,
      memoLine: unit.line,
      ...(placement.span ? { span: placement.span } : {}),
      ...(section ? { section } : {}),
      ...(unit.question ? { question: unit.question } : {}),
      ...(placement.symbol ? { symbol: placement.symbol.name } : {}),
    };
    steps.push(step);
    entry.step = step.id;
  };

  for (let u = 0; u < units.length; u++) {
    const unit = units[u]!;
    if (unit.kind === 'heading') {
      // A heading ends the file and declaration in context when it is at their level or above.
      if (ctx.file && unit.level! <= ctx.fileLevel) ctx.file = undefined;
      if (ctx.symbol && unit.level! <= ctx.symbolLevel) ctx.symbol = undefined;
      continue;
    }
    const level = unit.section?.level ?? 0;

    if (unit.kind === 'code') {
      const lead = leadingUnit(units, u);
      const entry: ImportReportEntry = { memoLine: unit.line + 1, kind: 'snippet', reference: shorten(firstCodeLine(unit.code!.text)), placed: false };
      report.push(entry);
      const placement = await placeSnippet(index, unit.code!.text, unit.code!.language, ctx);
      if (!placement) {
        entry.reason = ctx.file ? t('the code was not found in {0} nor elsewhere under the root', ctx.file) : t('the code was not found under the root');
        continue;
      }
      addStep(unit, placement, titleFrom(lead?.text) ?? shorten(firstCodeLine(unit.code!.text), 60), entry);
      ctx.file = placement.file;
      ctx.fileLevel = Math.max(ctx.fileLevel, level);
      continue;
    }

    // Paths first: they set the file in context for this unit and the ones that follow.
    let unitFile: string | undefined;
    for (const mention of unit.paths) {
      const entry: ImportReportEntry = { memoLine: unit.line + 1, kind: mention.kind, reference: shorten(mention.raw), placed: false };
      report.push(entry);
      const match = await index.findPath(mention.link.path);
      let file: string | undefined;
      if (match.kind === 'found') file = match.file;
      else if (match.kind === 'ambiguous') {
        // The file in context, or a declaration named in the same unit, tells the candidates apart.
        file = ctx.file && match.files.includes(ctx.file) ? ctx.file : await disambiguate(index, match.files, [...(mention.name ? [mention.name] : []), ...unit.names]);
        if (!file) {
          entry.reason = t('{0} files end with `{1}`: {2}{3}', match.files.length, match.suffix, match.files.slice(0, 4).join(', '), match.files.length > 4 ? ', …' : '');
          continue;
        }
      } else {
        entry.reason = t('no file named `{0}`', basename(mention.link.path));
        continue;
      }
      unitFile = file;
      ctx.file = file;
      ctx.fileLevel = level;
      ctx.symbol = undefined;
      const names = [...(mention.name ? [mention.name] : []), ...unit.names];
      const placement = await placeNamesInFile(index, file, names);
      if (placement) {
        addStep(unit, placement, placement.symbol ? placement.symbol.name : titleFrom(unit.text) ?? basename(file), entry);
        if (placement.symbol) {
          ctx.symbol = placement.symbol;
          ctx.symbolLevel = level;
        }
      } else {
        // A bare path (涉及文件：…) becomes a step about the whole file only if nothing more precise lands in it.
        Object.assign(entry, { placed: true, how: 'path', file });
        if (mention.link.line) entry.reason = t('line {0} not used: line numbers in a memo come from another version of the code', mention.link.line);
        fileMentions.push({ unit, file, entry });
      }
    }
    if (unit.paths.length > 0) continue;

    // No path: declaration names, or code next to a line mention, in the file in context.
    const hasLine = unit.lines.length > 0;
    let placedAny = false;
    for (const name of unit.names) {
      const expression = isCodeExpression(name);
      if (!hasLine && !expression && !isIdentifier(name)) continue;
      const placement = await placeName(index, name, ctx, hasLine || expression);
      if (!placement) {
        if (hasLine) report.push({ memoLine: unit.line + 1, kind: 'line', reference: shorten(`${unit.lines[0]!.raw}: ${name}`), placed: false, reason: ctx.file ? t('`{0}` was not found in {1}', shorten(name, 40), ctx.file) : t('no file in context for `{0}`', shorten(name, 40)) });
        continue;
      }
      const entry: ImportReportEntry = { memoLine: unit.line + 1, kind: hasLine ? 'line' : 'name', reference: shorten(hasLine ? `${unit.lines[0]!.raw}: ${name}` : name), placed: false };
      report.push(entry);
      addStep(unit, placement, titleFrom(unit.text) ?? name, entry);
      placedAny = true;
      if (placement.how === 'declaration' && placement.symbol) {
        ctx.symbol = placement.symbol;
        ctx.symbolLevel = level;
      }
    }
    if (hasLine && !placedAny && unit.names.length === 0) {
      // A line mention whose code follows in a fence is placed by the fence.
      if (units[u + 1]?.kind === 'code') continue;
      report.push({ memoLine: unit.line + 1, kind: 'line', reference: shorten(unit.lines.map((l) => l.raw).join(', ')), placed: false, reason: t('a line number alone: memo line numbers come from another version of the code, and no code or name is given next to it') });
    }
    void unitFile;
  }

  // Whole-file steps for files that are cited but where no step of the same section landed.
  for (const mention of fileMentions) {
    const end = sectionEnd(scan.headings, mention.unit);
    const covered = steps.find((s) => s.file === mention.file && s.span && s.memoLine >= (mention.unit.section?.line ?? 0) && s.memoLine < end);
    if (covered) {
      mention.entry.reason = mention.entry.reason ? t('{0}; file in context for the references below it', mention.entry.reason) : t('file in context for the references below it');
      continue;
    }
    const section = sectionRef(memo, mention.unit);
    if (steps.some((s) => s.file === mention.file && !s.span && s.section === section)) continue;
    const step: ImportedStep = {
      id: uniqueId(steps, basename(mention.file)),
      // The sentence that cites the file, else its section's heading; the bare file name last.
      title: titleBesideQuestion(titleFrom(mention.unit.text) ?? titleFrom(mention.unit.section?.text) ?? basename(mention.file), mention.unit.question, basename(mention.file)),
      file: mention.file,
      memoLine: mention.unit.line,
      ...(section ? { section } : {}),
      ...(mention.unit.question ? { question: mention.unit.question } : {}),
    };
    mention.entry.how = 'file';
    mention.entry.step = step.id;
    steps.push(step);
  }
  steps.sort((a, b) => a.memoLine - b.memoLine);

  for (const step of steps) {
    if (!step.span) continue;
    const file = await index.read(step.file);
    if (file) step.anchor = anchorFor(file, step.span);
  }

  const yamlDir = dirname(options.outFile);
  const header = {
    title: scan.title ?? basename(options.memoFile).replace(/\.[^.]+$/, ''),
    root: relativePath(yamlDir, options.root),
    memo: relativePath(yamlDir, options.memoFile),
    memoName: basename(options.memoFile),
    ...(options.walkthroughId !== undefined ? { id: options.walkthroughId } : {}),
  };
  if (options.existingYaml !== undefined && options.existingYaml.trim() !== '') {
    const merged = await mergeWalkthroughYaml(options.existingYaml, steps, header, index);
    if ('error' in merged) return { yaml: options.existingYaml, steps, report, error: merged.error };
    return { yaml: merged.yaml, steps, report, merge: merged.counts };
  }
  return { yaml: renderWalkthroughYaml(steps, header), steps, report };
}

/** The section a unit cites: its heading's text, or its slug when several headings read the same. */
function sectionRef(memo: Memo, unit: MemoUnit): string | undefined {
  if (!unit.section) return undefined;
  const section = memo.sections.find((s) => s.line === unit.section!.line);
  if (!section) return undefined;
  return findSection(memo, section.heading).kind === 'found' ? section.heading : `#${section.slug}`;
}

function sectionEnd(headings: Array<{ line: number; level: number }>, unit: MemoUnit): number {
  if (!unit.section) return Number.POSITIVE_INFINITY;
  const next = headings.find((h) => h.line > unit.section!.line && h.level <= unit.section!.level);
  return next?.line ?? Number.POSITIVE_INFINITY;
}

function sameSpan(a: LineSpan | undefined, b: LineSpan | undefined): boolean {
  return a === undefined ? b === undefined : b !== undefined && a.start === b.start;
}

/** The text just before a fence (its list item, or the paragraph that introduces it). */
function leadingUnit(units: readonly MemoUnit[], index: number): MemoUnit | undefined {
  const previous = units[index - 1];
  if (!previous || previous.kind !== 'text') return undefined;
  return units[index]!.line - previous.line <= 3 ? previous : undefined;
}

function isIdentifier(name: string): boolean {
  const bare = name.replace(/\(\)$/, '');
  return /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*){0,2}$/.test(bare) && bare.length >= 3 && !GO_KEYWORDS.has(bare);
}

/** Inline code that reads as code (a call, an assignment, a comparison), not as a word. */
function isCodeExpression(name: string): boolean {
  if (name.length < 6 || /[\u3400-\u9fff]/.test(name)) return false;
  return /[A-Za-z_]\w*\s*\(/.test(name) && /[.(]/.test(name) || /\s(?::=|[-+*/]?=|==|!=|<=|>=|<|>)\s/.test(name);
}

async function disambiguate(index: CodeIndex, files: string[], names: string[]): Promise<string | undefined> {
  for (const name of names.filter(isIdentifier)) {
    const holders: string[] = [];
    for (const file of files) if ((await index.declarations(file)).some((d) => matchesName(d, name))) holders.push(file);
    if (holders.length === 1) return holders[0];
  }
  const primary = files.filter((file) => !isSecondaryFile(file));
  return primary.length === 1 ? primary[0] : undefined;
}

function matchesName(decl: SymbolDecl, name: string): boolean {
  const bare = name.replace(/\(\)$/, '');
  return decl.name === bare || (decl.kind === 'method' && decl.name.endsWith(`.${bare}`));
}

/** A declaration named in the unit, else a code expression of the unit, in `file`. */
async function placeNamesInFile(index: CodeIndex, file: string, names: string[]): Promise<Placement | undefined> {
  const decls = await index.declarations(file);
  for (const name of names) {
    if (!isIdentifier(name)) continue;
    const found = decls.filter((d) => matchesName(d, name));
    if (found.length === 1) return { file, span: found[0]!.span, symbol: found[0], how: 'path + declaration' };
  }
  for (const name of names) {
    if (!isCodeExpression(name) && !isIdentifier(name)) continue;
    const placed = await placeText(index, file, name, undefined);
    if (placed) return { ...placed, how: `path + ${placed.how}` };
  }
  return undefined;
}

/** A name without a path: in the declaration and file in context, else a declaration under the root. */
async function placeName(index: CodeIndex, name: string, ctx: Context, asText: boolean): Promise<Placement | undefined> {
  if (isIdentifier(name)) {
    if (ctx.file) {
      const found = (await index.declarations(ctx.file)).filter((d) => matchesName(d, name));
      if (found.length === 1) return { file: ctx.file, span: found[0]!.span, symbol: found[0], how: 'declaration' };
    }
  }
  if (asText && ctx.file) {
    const placed = await placeText(index, ctx.file, name, ctx.symbol?.span);
    if (placed) return placed;
  }
  if (!isIdentifier(name)) return undefined;
  const bare = name.replace(/\(\)$/, '');
  let found = await index.declarationsNamed(bare);
  // A call through a package or variable (`global.InventorySrvClient.Sell`) is not a declaration name.
  if (found.length > 1) {
    const primary = found.filter((f) => !isSecondaryFile(f.rel));
    if (primary.length > 0) found = primary;
  }
  if (found.length > 1) {
    const callables = found.filter((f) => f.decl.kind === 'function' || f.decl.kind === 'method');
    if (callables.length > 0) found = callables;
  }
  if (found.length !== 1) return undefined;
  return { file: found[0]!.rel, span: found[0]!.decl.span, symbol: found[0]!.decl, how: 'declaration' };
}

/** A line holding the expression (parts around `...` in order), inside `scope` first. */
async function placeText(index: CodeIndex, rel: string, expression: string, scope: LineSpan | undefined): Promise<Placement | undefined> {
  const file = await index.read(rel);
  if (!file) return undefined;
  const parts = expression.split(/\.{3}|…/).map(compact).filter((p) => p.length > 0);
  if (parts.length === 0 || parts.join('').length < 3) return undefined;
  const matches = (line: string) => {
    const text = compact(line);
    let at = 0;
    for (const part of parts) {
      const found = text.indexOf(part, at);
      if (found === -1) return false;
      at = found + part.length;
    }
    return true;
  };
  const scopes: LineSpan[] = scope ? [scope, { start: 0, end: file.lines.length - 1 }] : [{ start: 0, end: file.lines.length - 1 }];
  for (const s of scopes) {
    for (let line = s.start; line <= Math.min(s.end, file.lines.length - 1); line++) {
      if (/^\s*(?:\/\/|#|\*)/.test(file.lines[line]!)) continue;
      if (matches(file.lines[line]!)) {
        const symbol = enclosingDeclaration(await index.declarations(rel), line);
        return { file: rel, span: { start: line, end: line }, ...(symbol ? { symbol } : {}), how: 'text' };
      }
    }
  }
  return undefined;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Snippet lines worth comparing: no blanks, comments, ellipses; trailing comments cut. */
export function snippetLines(code: string): string[] {
  const out: string[] = [];
  for (const raw of code.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || /^(?:\/\/|#(?!include)|\/\*|\*|--)/.test(line) || /^(?:\.{3}|…)+$/.test(line)) continue;
    const comment = line.search(/\s\/\/\s/);
    if (comment > 0 && ((line.slice(0, comment).match(/["`]/g)?.length ?? 0) % 2 === 0)) line = line.slice(0, comment).trim();
    out.push(line);
  }
  return out;
}

async function placeSnippet(index: CodeIndex, code: string, language: string, ctx: Context): Promise<Placement | undefined> {
  const wanted = snippetLines(code);
  if (wanted.length === 0 || wanted.join('').length < 6) return undefined;
  if (ctx.file) {
    const found = await locateInFile(index, ctx.file, wanted, ctx.symbol?.span);
    if (found) return found;
  }
  const extensions = FENCE_EXTENSIONS[language] ?? (ctx.file ? [extname(ctx.file)] : undefined);
  const candidates = (await index.list()).filter((rel) => rel !== ctx.file && (!extensions || extensions.includes(extname(rel))));
  // Vote: the file holding the most of the snippet's distinctive lines.
  const distinctive = [...new Set(wanted.filter((line) => line.length >= 12))];
  if (distinctive.length === 0) return undefined;
  let best: { rel: string; votes: number } | undefined;
  for (const rel of candidates) {
    let votes = 0;
    for (const line of distinctive) if (await index.hasLine(rel, line)) votes++;
    if (votes > 0 && (!best || votes > best.votes || (votes === best.votes && isSecondaryFile(best.rel) && !isSecondaryFile(rel)))) best = { rel, votes };
  }
  const needed = distinctive.length <= 2 ? 1 : Math.ceil(distinctive.length * 0.4);
  if (!best || best.votes < needed) return undefined;
  return locateInFile(index, best.rel, wanted, undefined);
}

/** The snippet in one file: the anchor engine (exact, then fuzzy), else the densest cluster of its lines. */
async function locateInFile(index: CodeIndex, rel: string, wanted: string[], scope: LineSpan | undefined): Promise<Placement | undefined> {
  const file = await index.read(rel);
  if (!file || file.lines.length === 0) return undefined;
  const decls = await index.declarations(rel);
  const withSymbol = (span: LineSpan, how: string): Placement => {
    const symbol = enclosingDeclaration(decls, span.start);
    return { file: rel, span, ...(symbol ? { symbol } : {}), how };
  };
  for (const symbolSpan of scope ? [scope, undefined] : [undefined]) {
    const result = resolveAnchor({ lines: file.lines, normalized: file.normalized, anchor: wanted.join('\n'), ...(symbolSpan ? { symbolSpan } : {}) });
    if (result.status === 'ok' || result.status === 'moved') return withSymbol(trimSpan(file, result.span), 'snippet (exact)');
    if (result.status === 'fuzzy') return withSymbol(trimSpan(file, result.span), `snippet (fuzzy ${Math.round(result.similarity * 100)}%)`);
  }
  const cluster = densestCluster(file, wanted, scope);
  return cluster ? withSymbol(cluster, t('snippet (matching lines)')) : undefined;
}

function densestCluster(file: CodeFile, wanted: string[], scope: LineSpan | undefined): LineSpan | undefined {
  const distinctive = wanted.filter((line) => line.length >= 8);
  const hits: Array<{ line: number; which: number }> = [];
  const inScope = (line: number) => !scope || (line >= scope.start && line <= scope.end);
  file.normalized.forEach((text, line) => {
    const which = distinctive.indexOf(text);
    if (which !== -1 && inScope(line)) hits.push({ line, which });
  });
  if (hits.length === 0) return undefined;
  const window = wanted.length * 2 + 4;
  let best: { start: number; end: number; count: number } | undefined;
  for (let i = 0; i < hits.length; i++) {
    const seen = new Set<number>();
    let end = hits[i]!.line;
    for (let j = i; j < hits.length && hits[j]!.line - hits[i]!.line <= window; j++) {
      seen.add(hits[j]!.which);
      end = hits[j]!.line;
    }
    if (!best || seen.size > best.count) best = { start: hits[i]!.line, end, count: seen.size };
  }
  const enough = distinctive.length <= 1 ? best!.count === 1 && (distinctive[0]?.length ?? 0) >= 20 : best!.count >= Math.max(2, Math.ceil(distinctive.length / 2));
  return enough ? { start: best!.start, end: best!.end } : undefined;
}

/** No leading or trailing blank lines in a placed range. */
function trimSpan(file: CodeFile, span: LineSpan): LineSpan {
  let { start, end } = span;
  while (start < end && file.normalized[start] === '') start++;
  while (end > start && file.normalized[end] === '') end--;
  return { start, end };
}

/** The anchor: the range's first line, with the next ones until the text is unique in the file (at most 3). */
export function anchorFor(file: CodeFile, span: LineSpan): string {
  const lines: string[] = [];
  for (let line = span.start; line <= span.end && lines.length < 3; line++) {
    const text = file.normalized[line] ?? '';
    if (lines.length === 0 && text === '') continue;
    lines.push(text);
    if (occurrences(file.normalized, lines) === 1) break;
  }
  return lines.join('\n');
}

function occurrences(normalized: readonly string[], wanted: readonly string[]): number {
  let count = 0;
  for (let i = 0; i + wanted.length <= normalized.length; i++) {
    if (wanted.every((line, k) => normalized[i + k] === line)) count++;
  }
  return count;
}

/** A step title from memo prose: line mentions, numbering and trailing punctuation removed, one clause. */
function titleFrom(raw: string | undefined): string | undefined {
  // Blockquote and list markers, quotes; a bare file or folder name is no title (naming.ts).
  const text = cleanTitle(raw);
  if (!text) return undefined;
  let title = text
    .replace(/[(（]\s*(?:Lines?|L)\s?\d[\d\s,/–~-]*[)）]/gi, '')
    .replace(/(?:\b(?:Lines?|L)\s?\d+(?:\s*[-–~]\s*L?\d+)?|第\s*\d+\s*(?:[-–~到至]\s*\d+\s*)?行)\s*[:：]?/gi, '')
    .replace(/[(（]\s*Ref:[^)）]*[)）]/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  title = title.split(/[。；;！!]|[:：]\s/)[0]!.replace(/^[\s\d.、)）:：*-]+/, '').replace(/[\s:：,，.、]+$/, '').trim();
  title = cleanTitle(title) ?? '';
  if (title.length < 2 || isBareName(title)) return undefined;
  return shorten(title, 60);
}

function firstCodeLine(code: string): string {
  return code.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('//')) ?? code.trim();
}

function shorten(text: string, max = 80): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > max ? `${single.slice(0, max - 1)}…` : single;
}

function uniqueId(steps: readonly ImportedStep[], base: string): string {
  const slug =
    base
      .replace(/\.[A-Za-z0-9]+$/, '')
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'step';
  const taken = new Set(steps.map((s) => s.id));
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n++) if (!taken.has(`${slug}-${n}`)) return `${slug}-${n}`;
}

export { formatLines };
