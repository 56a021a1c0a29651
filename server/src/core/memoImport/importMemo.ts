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
import type { ImportMemoReference } from '../../../../common/src/protocol';
import { t } from '../l10n';
import { resolveAnchor } from '../anchors/resolveAnchor';
import type { FileSystem } from '../fileSystem';
import { formatLines } from '../format/parseWalkthrough';
import { findSection, parseMemo, type Memo } from '../memo';
import { basename, dirname, extname, relativePath } from '../../../../common/src/paths';
import { SymbolIndex, withoutNamespace } from '../symbols/symbolIndex';
import type { SymbolDecl } from '../symbols/types';
import type { LineSpan } from '../types';
import { CodeIndex, enclosingDeclaration, isSecondaryFile, MIN_INDEXED_LINE, type CodeFile } from './codeIndex';
import { mergeWalkthroughYaml, renderWalkthroughYaml, type Checkpoint, type MergeCounts } from './emit';
import { ReferenceKeys } from './referenceKeys';
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
  /**
   * Called often during the import: the server yields to other requests there and throws to
   * cancel. Cheap to call (the caller decides when to really pause).
   */
  checkpoint?: Checkpoint;
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
  /** Keys of the memo references that landed on this step (see referenceKeys.ts). */
  refs?: string[];
}

/** One line of the import report: the protocol's shape (the engine and the wire say the same). */
export type ImportReportEntry = ImportMemoReference;
export type ReferenceKind = ImportMemoReference['kind'];

export interface ImportResult {
  yaml: string;
  steps: ImportedStep[];
  report: ImportReportEntry[];
  /** On re-import: steps updated in place, added, and kept as they were (not in the memo any more). */
  merge?: MergeCounts;
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
  /** Why a name found under the whole root was taken, for the report. */
  note?: string;
}

/** Words of the languages with a grammar that name no declaration of the code. */
const KEYWORDS = new Set([
  'if', 'else', 'for', 'range', 'return', 'defer', 'go', 'func', 'type', 'var', 'const', 'package', 'import', 'select', 'switch', 'case', 'chan', 'map', 'struct', 'interface', 'nil', 'true', 'false', 'err', 'error', 'string', 'int', 'int32', 'int64', 'uint', 'byte', 'bool', 'float64', 'main',
  'self', 'this', 'super', 'None', 'True', 'False', 'null', 'undefined', 'def', 'class', 'function', 'let', 'new', 'async', 'await', 'public', 'private', 'protected', 'static', 'void', 'lambda', 'yield', 'while', 'impl', 'trait', 'enum', 'pub', 'mod', 'use', 'mut', 'export', 'extends', 'implements', 'namespace', 'module', 'end', 'elif', 'pass', 'try', 'catch', 'except', 'finally', 'throw', 'raise', 'with', 'from', 'as', 'not', 'and', 'or', 'char', 'float', 'double', 'long', 'short', 'boolean', 'object', 'number', 'any', 'str', 'list', 'dict',
]);

const FENCE_EXTENSIONS: Record<string, string[]> = {
  go: ['.go'], golang: ['.go'], ts: ['.ts', '.tsx', '.mts', '.cts'], typescript: ['.ts', '.tsx', '.mts', '.cts'], tsx: ['.tsx'], js: ['.js', '.mjs', '.cjs', '.jsx'], javascript: ['.js', '.mjs', '.cjs', '.jsx'], jsx: ['.jsx', '.js'],
  py: ['.py', '.pyi'], python: ['.py', '.pyi'], python3: ['.py'], py3: ['.py'], rust: ['.rs'], rs: ['.rs'], java: ['.java'], kotlin: ['.kt'], kt: ['.kt'], c: ['.c', '.h'], h: ['.h', '.c'],
  cpp: ['.cc', '.cpp', '.cxx', '.hpp', '.hh', '.h'], 'c++': ['.cc', '.cpp', '.cxx', '.hpp', '.hh', '.h'], cxx: ['.cc', '.cpp', '.cxx', '.hpp', '.h'], cc: ['.cc', '.cpp', '.h'], hpp: ['.hpp', '.h'],
  csharp: ['.cs'], cs: ['.cs'], 'c#': ['.cs'], ruby: ['.rb'], rb: ['.rb'], php: ['.php'], swift: ['.swift'], proto: ['.proto'], protobuf: ['.proto'], sql: ['.sql'],
  yaml: ['.yaml', '.yml'], yml: ['.yaml', '.yml'], json: ['.json'], toml: ['.toml'], sh: ['.sh'], bash: ['.sh'], shell: ['.sh'],
};

/** What an import gathers as it walks the memo's units, shared by the three kinds of unit. */
interface ImportRun {
  index: CodeIndex;
  units: readonly MemoUnit[];
  report: ImportReportEntry[];
  steps: ImportedStep[];
  /** Paths cited on their own: whole-file steps, unless a step of their section lands in the file. */
  fileMentions: Array<{ unit: MemoUnit; file: string; entry: ImportReportEntry; memoPath: string; weak: boolean; ref: string }>;
  /** Memo paths whose declarations were found in other files (split or renamed since the memo). */
  aliases: PathAlias[];
  /** Declarations the memo named next to a path and that were placed: a later bare mention may use them. */
  placedNames: Set<string>;
  /** `member` → the lowercase values or packages the memo writes it on (`tx.Rollback()` → Rollback: tx). */
  members: Map<string, Set<string>>;
  /** The file and declaration in context for the units that follow. */
  ctx: Context;
  keys: ReferenceKeys;
  ids: StepIds;
  sections: SectionRefs;
  /** Steps by file, section and first line: a second reference to the same code joins the first step. */
  placed: Map<string, ImportedStep>;
}

const placedKey = (file: string, section: string | undefined, span: LineSpan | undefined) => `${file}\u0000${section ?? ''}\u0000${span ? span.start : ''}`;

export async function importMemo(options: ImportOptions): Promise<ImportResult> {
  const index = new CodeIndex(options.fs, options.root, options.symbols ?? new SymbolIndex());
  const checkpoint = options.checkpoint ?? (async () => undefined);
  // The two markdown parses of a memo at the size limit take seconds each: a pause between them.
  await checkpoint();
  const scan = scanMemo(options.memoText);
  await checkpoint();
  const memo = parseMemo(options.memoFile, options.memoText);
  const units = scan.units;
  // Indexes instead of scans: a memo may hold tens of thousands of references.
  const run: ImportRun = {
    index,
    units,
    report: [],
    steps: [],
    fileMentions: [],
    aliases: [],
    placedNames: new Set(),
    members: memberQualifiers(units),
    ctx: { fileLevel: 0, symbolLevel: 0 },
    keys: new ReferenceKeys(),
    ids: new StepIds(),
    sections: new SectionRefs(memo),
    placed: new Map(),
  };
  const { report, steps } = run;

  for (let u = 0; u < units.length; u++) {
    await checkpoint();
    const unit = units[u]!;
    if (unit.kind === 'heading') {
      // A heading ends the file and declaration in context when it is at their level or above.
      if (run.ctx.file && unit.level! <= run.ctx.fileLevel) run.ctx.file = undefined;
      if (run.ctx.symbol && unit.level! <= run.ctx.symbolLevel) run.ctx.symbol = undefined;
    } else if (unit.kind === 'code') await importSnippet(run, u);
    else if (unit.paths.length > 0) await importPaths(run, unit);
    else await importNames(run, u);
  }

  await addWholeFileSteps(run, scan.headings, checkpoint);
  steps.sort((a, b) => a.memoLine - b.memoLine);

  for (const step of steps) {
    await checkpoint();
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
    const merged = await mergeWalkthroughYaml(options.existingYaml, steps, header, index, checkpoint);
    if ('error' in merged) return { yaml: options.existingYaml, steps, report, error: merged.error };
    return { yaml: merged.yaml, steps, report, merge: merged.counts };
  }
  return { yaml: renderWalkthroughYaml(steps, header), steps, report };
}

/** Whole-file steps for files that are cited but where no step of the same section landed. */
async function addWholeFileSteps(run: ImportRun, headings: ReadonlyArray<{ line: number; level: number }>, checkpoint: Checkpoint): Promise<void> {
  const { steps, fileMentions, aliases, ids, sections, placed } = run;
  const ends = sectionEnds(headings);
  const rangeSteps = new Map<string, number[]>();
  for (const s of steps) if (s.span) (rangeSteps.get(s.file) ?? rangeSteps.set(s.file, []).get(s.file)!).push(s.memoLine);
  for (const lines of rangeSteps.values()) lines.sort((a, b) => a - b);
  for (const mention of fileMentions) {
    await checkpoint();
    const moved = aliasesOf(aliases, mention.memoPath);
    const alias = mention.weak ? moved[0] : undefined;
    if (alias) {
      mention.entry.placed = false;
      delete mention.entry.how;
      delete mention.entry.file;
      mention.entry.reason = t('not used: only the file name of {0} matches, and the declarations the memo names with this path are in {1}', mention.file, alias.file);
      continue;
    }
    const from = mention.unit.section?.line ?? 0;
    const end = mention.unit.section ? ends.get(mention.unit.section.line) ?? Number.POSITIVE_INFINITY : Number.POSITIVE_INFINITY;
    // Covered by a step of the section in the file, or where the declarations the memo names with this path are now.
    const covered = [mention.file, ...moved.map((m) => m.file)].some((file) => anyInRange(rangeSteps.get(file), from, end));
    if (covered) {
      mention.entry.reason = mention.entry.reason ? t('{0}; file in context for the references below it', mention.entry.reason) : t('file in context for the references below it');
      continue;
    }
    const section = sections.of(mention.unit);
    const whole = placed.get(placedKey(mention.file, section, undefined));
    if (whole) {
      whole.refs!.push(mention.ref);
      continue;
    }
    const step: ImportedStep = {
      id: ids.take(basename(mention.file)),
      // The sentence that cites the file, else its section's heading; the bare file name last.
      title: titleBesideQuestion(titleFrom(mention.unit.text) ?? titleFrom(mention.unit.section?.text) ?? basename(mention.file), mention.unit.question, basename(mention.file)),
      file: mention.file,
      memoLine: mention.unit.line,
      ...(section ? { section } : {}),
      ...(mention.unit.question ? { question: mention.unit.question } : {}),
      refs: [mention.ref],
    };
    mention.entry.how = mention.weak ? t('file (file name only)') : 'file';
    mention.entry.step = step.id;
    steps.push(step);
    placed.set(placedKey(step.file, section, undefined), step);
  }
}

/** A step for a placed reference, or the reference joins the step already on that code. */
function addStep(run: ImportRun, unit: MemoUnit, placement: Placement, title: string, entry: ImportReportEntry): void {
  const section = run.sections.of(unit);
  const ref = run.keys.next(section, entry.kind, entry.reference);
  const duplicate = run.placed.get(placedKey(placement.file, section, placement.span));
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
    duplicate.refs!.push(ref);
    return;
  }
  const step: ImportedStep = {
    id: run.ids.take(placement.symbol ? placement.symbol.name.slice(placement.symbol.name.lastIndexOf('.') + 1) : basename(placement.file)),
    // The card shows the question under the title: a title that only repeats it says nothing.
    title: titleBesideQuestion(title, unit.question, placement.symbol?.name, titleFrom(unit.text), basename(placement.file)),
    file: placement.file,
    memoLine: unit.line,
    ...(placement.span ? { span: placement.span } : {}),
    ...(section ? { section } : {}),
    ...(unit.question ? { question: unit.question } : {}),
    ...(placement.symbol ? { symbol: placement.symbol.name } : {}),
    refs: [ref],
  };
  run.steps.push(step);
  run.placed.set(placedKey(step.file, section, step.span), step);
  entry.step = step.id;
}

/** A fenced snippet: placed by its text, in the file in context first. */
async function importSnippet(run: ImportRun, u: number): Promise<void> {
  const { index, ctx, report } = run;
  const unit = run.units[u]!;
  const level = unit.section?.level ?? 0;
  const lead = leadingUnit(run.units, u);
  const entry: ImportReportEntry = { memoLine: unit.line + 1, kind: 'snippet', reference: shorten(firstCodeLine(unit.code!.text)), placed: false };
  report.push(entry);
  const placement = await placeSnippet(index, unit.code!.text, unit.code!.language, ctx);
  if (!placement) {
    entry.reason = ctx.file ? t('the code was not found in {0} nor elsewhere under the root', ctx.file) : t('the code was not found under the root');
    return;
  }
  addStep(run, unit, placement, titleFrom(lead?.text) ?? shorten(firstCodeLine(unit.code!.text), 60), entry);
  ctx.file = placement.file;
  ctx.fileLevel = Math.max(ctx.fileLevel, level);
}

/** A paragraph citing paths: each path placed on a declaration named with it, else its named code, else the whole file. */
async function importPaths(run: ImportRun, unit: MemoUnit): Promise<void> {
  const { index, ctx, report, aliases, placedNames, fileMentions, keys, sections } = run;
  const level = unit.section?.level ?? 0;
  // Each path sets the file in context for the rest of this unit and the units that follow.
  const unitNames = unit.names.filter((name) => !unit.examples?.includes(name));
  for (const mention of unit.paths) {
    const entry: ImportReportEntry = { memoLine: unit.line + 1, kind: mention.kind, reference: shorten(mention.raw), placed: false };
    report.push(entry);
    const names = [...(mention.name ? [mention.name] : []), ...unitNames];
    const match = await index.findPath(mention.link.path);
    let file: string | undefined;
    let unplacedReason: string | undefined;
    if (match.kind === 'found') file = match.file;
    else if (match.kind === 'ambiguous') {
      // The file in context, or a declaration named in the same unit, tells the candidates apart.
      file = ctx.file && match.files.includes(ctx.file) ? ctx.file : await disambiguate(index, match.files, names);
      if (!file) unplacedReason = t('{0} files end with `{1}`: {2}{3}', match.files.length, match.suffix, match.files.slice(0, 4).join(', '), match.files.length > 4 ? ', …' : '');
    } else unplacedReason = t('no file named `{0}`', basename(mention.link.path));
    // Only the file name matched while the memo gives folders: the memo may mean another file.
    const weak = file !== undefined && match.kind !== 'not-found' && !match.suffix.includes('/') && memoFolders(mention.link.path).length > 0;

    // A declaration named here, in the file, else the closest one under the root (the file may
    // have been split or renamed), else the named code as text in the file.
    let placement = file ? await placeDeclarationInFile(index, file, names) : undefined;
    let byDeclaration = placement !== undefined;
    if (!placement) {
      const near = await declarationNearPath(index, names, mention.link.path, file && !weak ? file : undefined, mention.name);
      // The named file still calling it, and the declaration in another package: the memo points at the call.
      const call = near && 'decl' in near && file && !weak && dirname(`/${near.rel}`) !== dirname(`/${file}`) ? await placeTextNamed(index, file, [near.name], []) : undefined;
      if (call) placement = call;
      else if (near && 'decl' in near) {
        placement = { file: near.rel, span: near.decl.span, symbol: near.decl, how: t('declaration near the path') };
        byDeclaration = true;
        entry.reason =
          file && !weak
            ? t('`{0}` is not declared in {1}; it is in {2}, the closest declaration of that name to the memo’s path', near.name, file, near.rel)
            : file
              ? t('only the file name of {0} matches the memo’s path, and it does not declare `{1}`; it is in {2}, the closest declaration of that name to the memo’s path', file, near.name, near.rel)
              : t('`{0}` is declared in {1}, the closest declaration of that name to the memo’s path', near.name, near.rel);
        aliases.push({ memoPath: mention.link.path, file: near.rel, symbol: near.decl });
      } else if (near) unplacedReason ??= near.reason;
    }
    if (!placement && file) placement = await placeTextNamed(index, file, names, aliasesOf(aliases, mention.link.path));
    if (!placement && !file) {
      entry.reason = unplacedReason;
      continue;
    }
    if (placement) {
      addStep(run, unit, placement, placement.symbol ? placement.symbol.name : titleFrom(unit.text) ?? basename(placement.file), entry);
        ctx.file = placement.file;
      ctx.fileLevel = level;
      ctx.symbol = undefined;
      if (placement.symbol) {
        ctx.symbol = placement.symbol;
        ctx.symbolLevel = level;
        if (byDeclaration) placedNames.add(shortName(placement.symbol.name));
      }
      continue;
    }
    // A bare path (涉及文件：…) becomes a step about the whole file only if nothing more precise lands in it.
    // A weak match gives way to where the memo's declarations for this path were found.
      ctx.file = (weak ? aliasesOf(aliases, mention.link.path)[0]?.file : undefined) ?? file;
    ctx.fileLevel = level;
    ctx.symbol = undefined;
    Object.assign(entry, { placed: true, how: weak ? t('path (file name only)') : 'path', file });
    if (weak) entry.reason = t('weak match: only the file name is the same; the memo’s folders `{0}` are not those of {1}', memoFolders(mention.link.path).slice(0, 3).reverse().join('/'), file!);
    else if (mention.link.line) entry.reason = t('line {0} not used: line numbers in a memo come from another version of the code', mention.link.line);
    fileMentions.push({ unit, file: file!, entry, memoPath: mention.link.path, weak, ref: keys.next(sections.of(unit), entry.kind, entry.reference) });
  }
}

/** A paragraph without a path: declaration names, or code next to a line mention, in the file in context. */
async function importNames(run: ImportRun, u: number): Promise<void> {
  const { index, ctx, report, placedNames, members } = run;
  const unit = run.units[u]!;
  const level = unit.section?.level ?? 0;
  // No path: declaration names, or code next to a line mention, in the file in context.
  const hasLine = unit.lines.length > 0;
  let placedAny = false;
  /** Files this paragraph's names landed in: their folders are in context for the names after them. */
  const placedInUnit: string[] = [];
  for (const name of unit.names) {
    const expression = isCodeExpression(name);
    if (!hasLine && !expression && !isIdentifier(name)) continue;
    const reference = shorten(hasLine ? `${unit.lines[0]!.raw}: ${name}` : name);
    if (unit.examples?.includes(name)) {
      if (isIdentifier(name)) report.push({ memoLine: unit.line + 1, kind: 'name', reference, placed: false, reason: t('not taken: the memo uses `{0}` here only as an example (a rename), not as a reference to the code', shorten(name, 40)) });
      continue;
    }
    const bare = name.replace(/\(\)$/, '');
    const contextFolders = [...(ctx.file ? [ctx.file] : []), ...placedInUnit].map((f) => dirname(`/${f}`));
    const placement = await placeName(index, name, ctx, hasLine || expression, { calledDeclaration: callsItDeclaration(unit.text, name), placedBefore: placedNames.has(bare), contextFolders, memberOf: [...(members.get(bare) ?? [])] });
    if (!placement || 'reason' in placement) {
      if (placement) report.push({ memoLine: unit.line + 1, kind: hasLine ? 'line' : 'name', reference, placed: false, reason: placement.reason });
      else if (hasLine) report.push({ memoLine: unit.line + 1, kind: 'line', reference, placed: false, reason: ctx.file ? t('`{0}` was not found in {1}', shorten(name, 40), ctx.file) : t('no file in context for `{0}`', shorten(name, 40)) });
      continue;
    }
    const entry: ImportReportEntry = { memoLine: unit.line + 1, kind: hasLine ? 'line' : 'name', reference, placed: false };
    report.push(entry);
    if (placement.note) entry.reason = placement.note;
    addStep(run, unit, placement, titleFrom(unit.text) ?? name, entry);
    placedInUnit.push(placement.file);
    placedAny = true;
    // Placed on a declaration (its span is the declaration's): the references below are inside it.
    if (placement.symbol && placement.span === placement.symbol.span) {
      ctx.symbol = placement.symbol;
      ctx.symbolLevel = level;
    }
  }
  if (hasLine && !placedAny && unit.names.length === 0) {
    // A line mention whose code follows in a fence is placed by the fence.
    if (run.units[u + 1]?.kind === 'code') return;
    report.push({ memoLine: unit.line + 1, kind: 'line', reference: shorten(unit.lines.map((l) => l.raw).join(', ')), placed: false, reason: t('a line number alone: memo line numbers come from another version of the code, and no code or name is given next to it') });
  }
}

/** The section a unit cites: its heading's text, or its slug when several headings read the same (computed once per heading). */
class SectionRefs {
  private readonly byLine = new Map<number, string | undefined>();
  private bySectionLine: Map<number, Memo['sections'][number]> | undefined;

  constructor(private readonly memo: Memo) {}

  of(unit: MemoUnit): string | undefined {
    if (!unit.section) return undefined;
    const line = unit.section.line;
    if (this.byLine.has(line)) return this.byLine.get(line);
    this.bySectionLine ??= new Map(this.memo.sections.map((s) => [s.line, s]));
    const section = this.bySectionLine.get(line);
    const ref = !section ? undefined : findSection(this.memo, section.heading).kind === 'found' ? section.heading : `#${section.slug}`;
    this.byLine.set(line, ref);
    return ref;
  }
}

/** For each heading's line, the line of the next heading at its level or above (one pass with a stack). */
function sectionEnds(headings: ReadonlyArray<{ line: number; level: number }>): Map<number, number> {
  const ends = new Map<number, number>();
  const open: Array<{ line: number; level: number }> = [];
  for (const heading of headings) {
    while (open.length > 0 && open[open.length - 1]!.level >= heading.level) ends.set(open.pop()!.line, heading.line);
    open.push(heading);
  }
  return ends;
}

/** Is any of the sorted numbers in [from, to)? */
function anyInRange(sorted: readonly number[] | undefined, from: number, to: number): boolean {
  if (!sorted || sorted.length === 0) return false;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]! < to;
}

/** The text just before a fence (its list item, or the paragraph that introduces it). */
function leadingUnit(units: readonly MemoUnit[], index: number): MemoUnit | undefined {
  const previous = units[index - 1];
  if (!previous || previous.kind !== 'text') return undefined;
  return units[index]!.line - previous.line <= 3 ? previous : undefined;
}

/** A declaration name as steps write it: `Shop::Cart#add`, `Cart->add()`, `Cart.add()` → `Shop.Cart.add`, `Cart.add`. */
function bareName(name: string): string {
  return name.replace(/\(\)$/, '').replace(/::|#|->/g, '.');
}

function isIdentifier(name: string): boolean {
  const bare = bareName(name);
  return /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*){0,2}$/.test(bare) && bare.length >= 3 && !KEYWORDS.has(bare);
}

/** Inline code that reads as code (a call, an assignment, a comparison), not as a word. */
function isCodeExpression(name: string): boolean {
  if (name.length < 6 || /[\u3400-\u9fff]/.test(name)) return false;
  return /[A-Za-z_]\w*\s*\(/.test(name) && /[.(]/.test(name) || /\s(?::=|[-+*/]?=|==|!=|<=|>=|<|>)\s/.test(name);
}

async function disambiguate(index: CodeIndex, files: string[], names: string[]): Promise<string | undefined> {
  for (const name of names.filter(isIdentifier)) {
    const holders: string[] = [];
    for (const file of files) if (namedIn(await index.declarations(file), name).length > 0) holders.push(file);
    if (holders.length === 1) return holders[0];
  }
  const primary = files.filter((file) => !isSecondaryFile(file));
  return primary.length === 1 ? primary[0] : undefined;
}

/**
 * The declarations of a file that `name` names (as matchesName decides), in file order, through
 * an index built once per file: a memo naming thousands of declarations of one big file costs a
 * lookup per name, not a pass over the file's declarations.
 */
function namedIn(decls: readonly SymbolDecl[], name: string): SymbolDecl[] {
  let index = declIndexes.get(decls);
  if (!index) {
    index = new Map();
    decls.forEach((decl, order) => {
      const keys = new Set([decl.name]);
      if (decl.kind === 'method') {
        // `Type.Method` is also named by `Method` (and by any dotted tail of its name).
        for (let dot = decl.name.indexOf('.'); dot !== -1; dot = decl.name.indexOf('.', dot + 1)) keys.add(decl.name.slice(dot + 1));
      }
      for (const key of keys) {
        const list = index!.get(key);
        if (list) list.push(order);
        else index!.set(key, [order]);
      }
    });
    declIndexes.set(decls, index);
  }
  const bare = name.replace(/\(\)$/, '');
  return (index.get(bare) ?? []).map((order) => decls[order]!).filter((decl) => matchesName(decl, name));
}

const declIndexes = new WeakMap<readonly SymbolDecl[], Map<string, number[]>>();

function matchesName(decl: SymbolDecl, name: string): boolean {
  const bare = bareName(name);
  return decl.name === bare || withoutNamespace(decl, bare) || (decl.kind === 'method' && decl.name.endsWith(`.${bare}`));
}

/** A declaration named in the unit, declared in `file`. */
async function placeDeclarationInFile(index: CodeIndex, file: string, names: string[]): Promise<Placement | undefined> {
  const decls = await index.declarations(file);
  for (const name of names) {
    if (!isIdentifier(name)) continue;
    const found = namedIn(decls, name);
    if (found.length === 1) return { file, span: found[0]!.span, symbol: found[0], how: 'path + declaration' };
  }
  const folded = declaredIgnoringCase(decls, names);
  return folded ? { file, span: folded.span, symbol: folded, how: t('path + declaration (ignoring case)') } : undefined;
}

/** The one declaration named like one of `names` but for letter case (`sellAgain` for `SellAgain`). */
function declaredIgnoringCase(decls: readonly SymbolDecl[], names: readonly string[]): SymbolDecl | undefined {
  for (const name of names) {
    if (!isIdentifier(name)) continue;
    const wanted = name.replace(/\(\)$/, '').toLowerCase();
    const found = decls.filter((d) => d.name.toLowerCase() === wanted || (d.kind === 'method' && shortName(d.name).toLowerCase() === wanted && !wanted.includes('.')));
    if (found.length === 1) return found[0];
  }
  return undefined;
}

/**
 * A code expression (or name) of the unit as text in `file`; first inside the declarations the
 * memo named with the same path and that were found elsewhere, where the memo's code went.
 */
async function placeTextNamed(index: CodeIndex, file: string, names: string[], moved: readonly PathAlias[]): Promise<Placement | undefined> {
  for (const name of names) {
    if (!isCodeExpression(name) && !isIdentifier(name)) continue;
    for (const alias of moved) {
      const placed = await placeText(index, alias.file, name, alias.symbol.span);
      if (placed?.span && placed.span.start >= alias.symbol.span.start && placed.span.end <= alias.symbol.span.end) return { ...placed, how: `path + ${placed.how}` };
    }
    const placed = await placeText(index, file, name, undefined);
    if (placed) return { ...placed, how: `path + ${placed.how}` };
  }
  return undefined;
}

/** A memo path whose named declaration was found in another file. */
interface PathAlias {
  memoPath: string;
  file: string;
  symbol: SymbolDecl;
}

/** The aliases of a memo path: the same path, however it was written (a link, `path:353`, a shorter suffix). */
function aliasesOf(aliases: readonly PathAlias[], memoPath: string): PathAlias[] {
  const parts = (path: string) => path.split('/').filter((p) => p !== '' && p !== '.' && p !== '..');
  const wanted = parts(memoPath);
  return aliases.filter((alias) => {
    const have = parts(alias.memoPath);
    const shared = Math.min(wanted.length, have.length);
    // At least a folder and the file name in common, read from the end.
    return shared >= 2 && wanted.slice(-shared).join('/') === have.slice(-shared).join('/');
  });
}

/** Every `value.Member` the memo writes (inline code and code blocks), by member: only lowercase qualifiers (values, packages). */
function memberQualifiers(units: readonly MemoUnit[]): Map<string, Set<string>> {
  const members = new Map<string, Set<string>>();
  for (const unit of units) {
    for (const code of unit.code ? [unit.code.text] : unit.names) {
      for (const m of code.matchAll(/(?<![\w$])([a-z_][\w$]*)(?=\.([A-Za-z_]\w*))/g)) {
        const set = members.get(m[2]!) ?? new Set<string>();
        set.add(m[1]!);
        members.set(m[2]!, set);
      }
    }
  }
  return members;
}

/** The folders of a memo path, nearest first: `/Users/a/order_srv/handler/order.go` → handler, order_srv, a, Users. */
function memoFolders(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.' && p !== '..').slice(0, -1).reverse();
}

function shortName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * How close a file is to a memo's path, compared in order: in the folder of the file the path
 * matched; the folders it shares with the memo's path read from the end (`order_srv/handler`);
 * the memo's folder names it has anywhere.
 */
function closeness(rel: string, memoPath: string, matched: string | undefined): number[] {
  const folders = rel.split('/').slice(0, -1).reverse();
  const memo = memoFolders(memoPath);
  let trailing = 0;
  // The memo's nearest folders at the end of the file's folders, or of one of its parents'.
  for (let skip = 0; skip < folders.length && trailing === 0; skip++) {
    while (trailing < memo.length && folders[skip + trailing] === memo[trailing]) trailing++;
  }
  const anywhere = folders.filter((f) => memo.includes(f)).length;
  const sameFolder = matched !== undefined && dirname(`/${matched}`) === dirname(`/${rel}`) ? 1 : 0;
  return [sameFolder, trailing, anywhere];
}

function compareCloseness(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i]! - a[i]!;
  return 0;
}

/**
 * Rule for a declaration named next to a path that the path's file does not declare: every
 * declaration of the name under the root (not tests or generated code; functions and methods
 * first), the one closest to the memo's path when it is the only one that close.
 */
async function declarationNearPath(index: CodeIndex, names: string[], memoPath: string, matched: string | undefined, explicit: string | undefined): Promise<{ rel: string; decl: SymbolDecl; name: string } | { reason: string } | undefined> {
  let reason: string | undefined;
  for (const name of names) {
    if (!isIdentifier(name)) continue;
    const lookup = await projectDeclarations(index, name);
    if ('reason' in lookup) {
      reason ??= lookup.reason;
      continue;
    }
    let found = lookup.found.filter((f) => !isSecondaryFile(f.rel));
    const callables = found.filter((f) => f.decl.kind === 'function' || f.decl.kind === 'method');
    if (callables.length > 0) found = callables;
    if (found.length === 0) continue;
    const ranked = found.map((f) => ({ ...f, score: closeness(f.rel, memoPath, matched) })).sort((a, b) => compareCloseness(a.score, b.score));
    const best = ranked[0]!;
    const tied = ranked.filter((r) => compareCloseness(r.score, best.score) === 0);
    // Far from the memo's path (no folder in common): another subject the paragraph mentions, unless
    // the memo wrote it with the path (`order.go:ExecuteLocalTransaction`).
    if (name !== explicit && best.score.every((n) => n === 0)) continue;
    if (tied.length === 1) return { rel: best.rel, decl: best.decl, name: name.replace(/\(\)$/, '') };
    reason ??= t('`{0}` is declared in {1} places equally close to the memo’s path: {2}', name, tied.length, tied.slice(0, 4).map((f) => f.rel).join(', '));
  }
  return reason === undefined ? undefined : { reason };
}

/**
 * The project's declarations of a name. A name qualified by a package (`sync.Map`, `json.Marshal`,
 * `mutex.Lock`) is the project's only when a folder or file of the declaration has that name
 * (`slice.Map` in pkg/slice/); else it belongs to a library (or a variable) and nothing is found.
 */
async function projectDeclarations(index: CodeIndex, name: string): Promise<ProjectLookup> {
  // One lookup per name and import: a memo names the same declarations again and again.
  let cache = lookups.get(index);
  if (!cache) lookups.set(index, (cache = new Map()));
  let found = cache.get(name);
  if (!found) cache.set(name, (found = lookUpProjectDeclarations(index, name)));
  return found;
}

type ProjectLookup = { found: Array<{ rel: string; decl: SymbolDecl }> } | { reason: string };
const lookups = new WeakMap<CodeIndex, Map<string, Promise<ProjectLookup>>>();

async function lookUpProjectDeclarations(index: CodeIndex, name: string): Promise<ProjectLookup> {
  const bare = bareName(name);
  const qualified = /^([a-z_][\w]*)\.([A-Za-z_]\w*)$/.exec(bare);
  if (!qualified) return { found: await index.declarationsNamed(bare) };
  const [, qualifier, member] = qualified as unknown as [string, string, string];
  const all = (await index.declarationsNamed(member)).filter((f) => shortName(f.decl.name) === member);
  const owned = all.filter((f) => packageNames(f.rel).includes(qualifier.toLowerCase()));
  if (owned.length === 0 && all.length > 0) return { reason: t('not taken: `{0}` is qualified by `{1}`, which is not a package of this project, so it is not the project’s `{2}` ({3})', bare, qualifier, all[0]!.decl.name, all[0]!.rel) };
  return { found: owned };
}

/** The names a file's code is imported by: its folders and its own name without extension. */
function packageNames(rel: string): string[] {
  const parts = rel.toLowerCase().split('/');
  const file = parts.pop()!;
  return [...parts, file.replace(/\.[^.]+$/, '')];
}

/** One word, no inner capital or underscore: `Sell`, `Rollback`, `User`, `epoch` (not `AutoReback`, `round_robin`). */
function isSingleWord(name: string): boolean {
  return /^[A-Za-z][a-z0-9]*$/.test(name.replace(/\(\)$/, ''));
}

/** Does the prose call the name a function, method, type or interface right next to it (`Sell` 方法, the `Sell` method, 调用 `Reback`)? */
function callsItDeclaration(text: string, name: string): boolean {
  const at = text.indexOf(name);
  if (at === -1) return false;
  const before = text.slice(Math.max(0, at - 12), at);
  const after = text.slice(at + name.length, at + name.length + 12);
  return /^\s*(?:\(\))?\s*(?:方法|函数|接口|类型|结构体?|method|function|func|type|struct|interface|class)/i.test(after) || /(?:方法|函数|接口|类型|结构体|调用?|method|function|func|type|struct|interface|class|calls?|calling|invokes?)\s*$/i.test(before) || /\(\)$/.test(name);
}

/** A name without a path: in the declaration and file in context, else a declaration under the root. */
async function placeName(
  index: CodeIndex,
  name: string,
  ctx: Context,
  asText: boolean,
  context: { calledDeclaration: boolean; placedBefore: boolean; contextFolders: readonly string[]; memberOf: readonly string[] },
): Promise<Placement | { reason: string } | undefined> {
  if (isIdentifier(name)) {
    if (ctx.file) {
      const decls = await index.declarations(ctx.file);
      const found = namedIn(decls, name);
      if (found.length === 1) return { file: ctx.file, span: found[0]!.span, symbol: found[0], how: 'declaration' };
      const folded = found.length === 0 ? declaredIgnoringCase(decls, [name]) : undefined;
      if (folded) return { file: ctx.file, span: folded.span, symbol: folded, how: t('declaration (ignoring case)') };
    }
  }
  if (asText && ctx.file) {
    const placed = await placeText(index, ctx.file, name, ctx.symbol?.span);
    if (placed) return placed;
  }
  if (!isIdentifier(name)) return undefined;
  const lookup = await projectDeclarations(index, name);
  if ('reason' in lookup) return lookup;
  let found = lookup.found;
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
  // A single word (`Rollback`, `Commit`, `Map`) found only outside the files in context is the
  // project's when the memo vouches for it: it calls it a declaration here, named it next to a
  // path before, or a file of its folder is in context. Else it is prose about a library when the
  // memo writes it as a member of something that is not the project's (`tx.Rollback()`), and a
  // method name alone (reached through a value) is not taken.
  const decl = found[0]!;
  const inContext = context.contextFolders.includes(dirname(`/${decl.rel}`));
  const vouched = context.calledDeclaration || context.placedBefore || inContext;
  if (isSingleWord(name) && !vouched) {
    const foreign = context.memberOf.filter((q) => !packageNames(decl.rel).includes(q.toLowerCase()));
    if (foreign.length > 0) return { reason: t('not taken: the memo writes `{0}` as a member of `{1}` (`{1}.{0}`), which is not this project’s, so the bare `{0}` is that one, not {2} in {3}', name, foreign[0]!, decl.decl.name, decl.rel) };
    if (decl.decl.kind === 'method') return { reason: t('not taken: `{0}` is a single-word method name that no file in context declares, and the memo neither calls it a function here nor named it next to a path (the project has {1} in {2})', name, decl.decl.name, decl.rel) };
  }
  const why = !isSingleWord(name)
    ? t('the only declaration of `{0}` under the root (tests and generated code aside)', name)
    : context.calledDeclaration
      ? t('the memo treats `{0}` as code here (a function, method or type, or a call to it), and it is declared only in {1}', name, decl.rel)
      : context.placedBefore
        ? t('the memo named `{0}` next to a path before', name)
        : inContext
          ? t('`{0}` is declared in the folder of the file in context', name)
          : t('the only declaration of `{0}` under the root (tests and generated code aside)', name);
  return { file: found[0]!.rel, span: found[0]!.decl.span, symbol: found[0]!.decl, how: 'declaration', note: why };
}

/**
 * A line holding the expression (parts around `...` in order, identifiers as whole words), inside
 * `scope` first; when none does, the same ignoring letter case (`&OrderInfo` for `&orderInfo`).
 */
async function placeText(index: CodeIndex, rel: string, expression: string, scope: LineSpan | undefined): Promise<Placement | undefined> {
  const file = await index.read(rel);
  if (!file) return undefined;
  const parts = expression.split(/\.{3}|…/).map(compact).filter((p) => p.length > 0);
  if (parts.length === 0 || parts.join('').length < 3) return undefined;
  const scopes: LineSpan[] = scope ? [scope, { start: 0, end: file.lines.length - 1 }] : [{ start: 0, end: file.lines.length - 1 }];
  // Letter case is ignored only for code (a call, a selector, an operator), never for a bare word;
  // last, a chain of selectors may have calls inserted since the memo (`global.DB.Where` for
  // `global.DB.WithContext(ctx).Where`), when it has at least three links.
  const code = /[^\w\s]/.test(expression.replace(/\(\)$/, ''));
  const links = parts.flatMap((p) => p.split(/(?=\.[A-Za-z_])/));
  const levels: Array<{ wanted: string[]; ignoreCase: boolean; how: string }> = [{ wanted: parts, ignoreCase: false, how: 'text' }];
  if (code) levels.push({ wanted: parts.map((p) => p.toLowerCase()), ignoreCase: true, how: t('text (ignoring case)') });
  if (code && links.length >= 3 && links.length > parts.length) levels.push({ wanted: links.map((p) => p.toLowerCase()), ignoreCase: true, how: t('text (ignoring case and calls inserted in the chain)') });
  for (const level of levels) {
    for (const s of scopes) {
      for (let line = s.start; line <= Math.min(s.end, file.lines.length - 1); line++) {
        if (/^\s*(?:\/\/|#|\*)/.test(file.lines[line]!)) continue;
        const text = compact(file.lines[line]!);
        if (containsInOrder(level.ignoreCase ? text.toLowerCase() : text, level.wanted)) {
          const symbol = enclosingDeclaration(await index.declarations(rel), line);
          return { file: rel, span: { start: line, end: line }, ...(symbol ? { symbol } : {}), how: level.how };
        }
      }
    }
  }
  return undefined;
}

/** The parts in order in `text`, each one not glued to a longer identifier (`Sell` is not in `SellStatus`). */
function containsInOrder(text: string, parts: readonly string[]): boolean {
  const word = /[\w$]/;
  let at = 0;
  for (const part of parts) {
    let found = text.indexOf(part, at);
    while (found !== -1 && ((word.test(part[0]!) && word.test(text[found - 1] ?? '')) || (word.test(part[part.length - 1]!) && word.test(text[found + part.length] ?? '')))) {
      found = text.indexOf(part, found + 1);
    }
    if (found === -1) return false;
    at = found + part.length;
  }
  return true;
}

/** The text without whitespace, but a space kept between two identifiers (`return sellAgain`, not `returnsellAgain`). */
function compact(text: string): string {
  return text.trim().replace(/\s+/g, (space, at: number, all: string) => (/[\w$]/.test(all[at - 1] ?? '') && /[\w$]/.test(all[at + space.length] ?? '') ? ' ' : ''));
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
  // Vote: the file holding the most of the snippet's distinctive lines (found through the line
  // index: the work is the snippet's lines, not every file under the root per snippet).
  const distinctive = [...new Set(wanted.filter((line) => line.length >= MIN_INDEXED_LINE))];
  if (distinctive.length === 0) return undefined;
  const votesOf = new Map<string, number>();
  for (const line of distinctive) for (const rel of await index.filesWithLine(line, extensions)) if (rel !== ctx.file) votesOf.set(rel, (votesOf.get(rel) ?? 0) + 1);
  let best: { rel: string; votes: number } | undefined;
  for (const rel of [...votesOf.keys()].sort((a, b) => index.positionOf(a) - index.positionOf(b))) {
    const votes = votesOf.get(rel)!;
    if (!best || votes > best.votes || (votes === best.votes && isSecondaryFile(best.rel) && !isSecondaryFile(rel))) best = { rel, votes };
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
    // What a fuzzy search would cover (an upper bound), charged to the import's shared budget.
    const cost = symbolSpan ? file.normalized.slice(symbolSpan.start, symbolSpan.end + 1).reduce((n, line) => n + line.length + 1, 0) : file.text.length + file.lines.length;
    const fuzzyBudget = index.takeFuzzy(cost);
    const result = resolveAnchor({ lines: file.lines, normalized: file.normalized, anchor: wanted.join('\n'), fuzzyBudget, ...(symbolSpan ? { symbolSpan } : {}) });
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
    if (!occursTwice(file, lines)) break;
  }
  return lines.join('\n');
}

/** Do these lines occur more than once in the file? Only the places of their first line are looked at. */
function occursTwice(file: CodeFile, wanted: readonly string[]): boolean {
  if (!file.linePositions) {
    file.linePositions = new Map();
    file.normalized.forEach((line, i) => {
      const at = file.linePositions!.get(line);
      if (at) at.push(i);
      else file.linePositions!.set(line, [i]);
    });
  }
  let count = 0;
  for (const i of file.linePositions.get(wanted[0]!) ?? []) {
    if (i + wanted.length <= file.normalized.length && wanted.every((line, k) => file.normalized[i + k] === line) && ++count > 1) return true;
  }
  return false;
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

/** Step ids from names: `CreateOrder` → `create-order`, then `create-order-2`, … (each suffix found in constant time). */
class StepIds {
  private readonly taken = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();

  take(base: string): string {
    const slug =
      base
        .replace(/\.[A-Za-z0-9]+$/, '')
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'step';
    let id = slug;
    if (this.taken.has(id)) {
      let n = this.nextSuffix.get(slug) ?? 2;
      while (this.taken.has(`${slug}-${n}`)) n++;
      this.nextSuffix.set(slug, n + 1);
      id = `${slug}-${n}`;
    }
    this.taken.add(id);
    return id;
  }
}

export { formatLines };
