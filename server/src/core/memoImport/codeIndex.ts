/**
 * The code under an import's root, read on demand: the file list (for path suffixes), file texts,
 * and declarations (for names). Pure engine code: reads through the FileSystem only.
 */
import { CODE_EXTENSIONS, indexByName, matchPathSuffixIn, type SuffixMatch } from '../codePaths';
import { findFiles } from '../discover';
import type { FileSystem } from '../fileSystem';
import { extname, relativePath, resolvePath } from '../../../../common/src/paths';
import { withoutNamespace, type SymbolIndex } from '../symbols/symbolIndex';
import type { SymbolDecl } from '../symbols/types';
import { FUZZY_BUDGET } from '../anchors/fuzzySearch';
import { decodeText, normalizeLine, splitLines } from '../text';

/** Lines shorter than this are not indexed by filesWithLine (too common to tell files apart). */
export const MIN_INDEXED_LINE = 12;

/**
 * The characters all fuzzy searches of one import may cover together (each one is also bounded by
 * FUZZY_BUDGET): a memo with thousands of code blocks found nowhere costs seconds, not hours.
 * Past it, code blocks are placed by exact text and matching lines only.
 */
export const IMPORT_FUZZY_BUDGET = 20_000_000;

/** At most this many files are parsed to find a declaration by name. */
export const MAX_PARSED_FILES = 5000;

export interface CodeFile {
  /** Relative to the root, forward slashes. */
  rel: string;
  text: string;
  lines: string[];
  normalized: string[];
  /** The normalized lines as a set (built on first use). */
  lineSet?: Set<string>;
  /** Where each normalized line occurs (built on first use). */
  linePositions?: Map<string, number[]>;
}

/** Words that start a declaration in one of the languages with a grammar (see symbols/languages.ts). */
const DECLARATION_KEYWORDS = 'func|type|var|const|let|def|class|function|fn|struct|enum|trait|interface|module|namespace|record|union|impl|mod|static|object';
const DECLARATION_KEYWORD = new RegExp(`\\b(?:${DECLARATION_KEYWORDS})\\b`);
/** `void name(`, `Foo::name(`, `List<T> name<`: a name after a type. */
const TYPED_NAME = /[\w>\]*&?]\s+(?:[\w:]+::)?~?(\w+)\s*[(<]/g;
/** `name = () =>`, `name: function`, `name = lambda`. */
const BOUND_FUNCTION = /\b(\w+)\s*[:=]\s*(?:async\b\s*)?(?:function\b|\(|\w+\s*=>|lambda\b)/g;

/** Generated or test code: a declaration there is chosen only when it is the only one. */
export function isSecondaryFile(rel: string): boolean {
  return (
    /(?:\.pb\.go|_grpc\.pb\.go|\.pb\.gw\.go|_test\.go|\.gen\.go|_mock\.go|\.d\.ts|\.min\.js|_pb2\.py|\.g\.cs|\.Designer\.cs)$|(?:^|\/)(?:vendor|mocks?|testdata|third_party|__tests__|__mocks__)\//.test(rel) ||
    // Tests: `a.test.ts`, `a.spec.js`, `test_a.py`, `a_test.py`, `ATest.java`, `a_spec.rb`, and `test/`/`tests/` folders.
    /(?:\.(?:test|spec)\.[cm]?[jt]sx?|_test\.py|_spec\.rb|_test\.rb|Tests?\.(?:java|cs))$|(?:^|\/)test_[^/]*\.py$|(?:^|\/)(?:tests?|spec)\//.test(rel)
  );
}

export class CodeIndex {
  private files: string[] | undefined;
  private byName: Map<string, string[]> | undefined;
  private readonly texts = new Map<string, CodeFile | null>();
  private readonly decls = new Map<string, SymbolDecl[]>();
  private maybeDeclared: Map<string, string[]> | undefined;
  /** What is left of IMPORT_FUZZY_BUDGET (see takeFuzzy). */
  private fuzzyLeft = IMPORT_FUZZY_BUDGET;
  private readonly linesByExtension = new Map<string, Map<string, string[]>>();
  private position: Map<string, number> | undefined;

  constructor(
    private readonly fs: FileSystem,
    readonly root: string,
    readonly symbols: SymbolIndex,
  ) {}

  async list(): Promise<string[]> {
    this.files ??= (await findFiles(this.fs, this.root, (file) => CODE_EXTENSIONS.has(extname(file)))).map((file) => relativePath(this.root, file));
    return this.files;
  }

  async findPath(path: string): Promise<SuffixMatch> {
    this.byName ??= indexByName(await this.list());
    return matchPathSuffixIn(path, this.byName);
  }

  async read(rel: string): Promise<CodeFile | undefined> {
    if (!this.texts.has(rel)) {
      const text = decodeText(await this.fs.readFile(resolvePath(this.root, rel)));
      if (text.kind !== 'text') this.texts.set(rel, null);
      else {
        const lines = splitLines(text.text);
        this.texts.set(rel, { rel, text: text.text, lines, normalized: lines.map(normalizeLine) });
      }
    }
    return this.texts.get(rel) ?? undefined;
  }

  async declarations(rel: string): Promise<SymbolDecl[]> {
    let found = this.decls.get(rel);
    if (!found) {
      const file = this.symbols.supports(rel) ? await this.read(rel) : undefined;
      found = file ? ((await this.symbols.symbols(resolvePath(this.root, rel), file.text))?.symbols ?? []) : [];
      this.decls.set(rel, found);
    }
    return found;
  }

  /**
   * Every declaration under the root named `name` (`Func`, `Type.Method`, or a method's short
   * name). Only files that may declare the name are parsed: those where it follows a declaration
   * keyword on a line, or starts a line (specs inside `var (…)`/`const (…)`); a file that only
   * calls it is skipped. Which words each file may declare is read once, so a memo with thousands
   * of names costs one pass over the files, not one per name.
   */
  async declarationsNamed(name: string): Promise<Array<{ rel: string; decl: SymbolDecl }>> {
    const short = name.slice(name.lastIndexOf('.') + 1);
    const holders = (await this.declaredWords()).get(short) ?? [];
    const found: Array<{ rel: string; decl: SymbolDecl }> = [];
    for (const rel of holders) {
      for (const decl of await this.declarations(rel)) if (declarationMatches(decl, name)) found.push({ rel, decl });
    }
    return found;
  }

  /** Word → the parsable files (in list order) where it may be declared. */
  private async declaredWords(): Promise<Map<string, string[]>> {
    if (this.maybeDeclared) return this.maybeDeclared;
    const words = new Map<string, string[]>();
    const parsable = (await this.list()).filter((rel) => this.symbols.supports(rel)).slice(0, MAX_PARSED_FILES);
    for (const rel of parsable) {
      const file = await this.read(rel);
      if (!file) continue;
      const inFile = new Set<string>();
      // A cheap filter before the parser decides, for every language: a word on a declaration
      // keyword's line after the keyword, at the start of a line (specs inside `var (…)`), after a
      // type or a `Type::` (`void name(`, `Foo::name(`: Java, C#, C, C++), or bound to a function
      // (`name = () =>`, `name: function`). A file that only calls a name through a receiver is skipped.
      for (const line of file.lines) {
        const first = /^[ \t]*(\w+)/.exec(line);
        if (first) inFile.add(first[1]!);
        const keyword = DECLARATION_KEYWORD.exec(line);
        if (keyword) for (const word of line.slice(keyword.index + keyword[0].length).match(/\w+/g) ?? []) inFile.add(word);
        for (const match of line.matchAll(TYPED_NAME)) inFile.add(match[1]!);
        for (const match of line.matchAll(BOUND_FUNCTION)) inFile.add(match[1]!);
      }
      for (const word of inFile) (words.get(word) ?? words.set(word, []).get(word)!).push(rel);
    }
    this.maybeDeclared = words;
    return words;
  }

  /**
   * The files (in list order, of these extensions, or of any) that hold this normalized line of
   * at least MIN_INDEXED_LINE characters. Each extension's files are read and indexed once, on
   * first use, so a memo with thousands of code blocks costs one pass over the code.
   */
  async filesWithLine(line: string, extensions?: readonly string[]): Promise<string[]> {
    const files = await this.list();
    this.position ??= new Map(files.map((rel, i) => [rel, i]));
    const wanted = extensions ?? [...new Set(files.map((rel) => extname(rel)))];
    const found: string[] = [];
    for (const extension of new Set(wanted)) {
      let index = this.linesByExtension.get(extension);
      if (!index) {
        index = new Map();
        for (const rel of files) {
          if (extname(rel) !== extension) continue;
          const file = await this.read(rel);
          if (!file) continue;
          for (const text of new Set(file.normalized)) {
            if (text.length < MIN_INDEXED_LINE) continue;
            const holders = index.get(text);
            if (holders) holders.push(rel);
            else index.set(text, [rel]);
          }
        }
        this.linesByExtension.set(extension, index);
      }
      found.push(...(index.get(line) ?? []));
    }
    return extensions && new Set(extensions).size > 1 ? found.sort((a, b) => this.position!.get(a)! - this.position!.get(b)!) : found;
  }

  /**
   * The budget for one fuzzy search covering `cost` characters: the per-search limit, or less
   * when the import's shared budget runs low; charged when the search will run.
   */
  takeFuzzy(cost: number): number {
    const budget = Math.min(FUZZY_BUDGET, this.fuzzyLeft);
    if (cost <= budget) this.fuzzyLeft -= cost;
    return budget;
  }

  /** Where the file comes in list() (after filesWithLine was asked once). */
  positionOf(rel: string): number {
    return this.position?.get(rel) ?? Number.MAX_SAFE_INTEGER;
  }

  /** Does the file hold this (normalized) line? */
  async hasLine(rel: string, line: string): Promise<boolean> {
    const file = await this.read(rel);
    if (!file) return false;
    file.lineSet ??= new Set(file.normalized);
    return file.lineSet.has(line);
  }
}

export function declarationMatches(decl: SymbolDecl, name: string): boolean {
  if (decl.name === name || withoutNamespace(decl, name)) return true;
  // `Sell` names `InventoryServer.Sell`; `handler.Sell` (package-qualified) names `Sell`.
  const short = decl.name.slice(decl.name.lastIndexOf('.') + 1);
  const wantedShort = name.slice(name.lastIndexOf('.') + 1);
  if (decl.kind === 'method') return !name.includes('.') && short === name;
  return name.includes('.') && /^[a-z]\w*$/.test(name.slice(0, name.indexOf('.'))) && name.split('.').length === 2 && decl.name === wantedShort;
}

/** The innermost function or method (else any declaration) that contains `line`. */
export function enclosingDeclaration(decls: readonly SymbolDecl[], line: number): SymbolDecl | undefined {
  const containing = decls.filter((d) => d.span.start <= line && line <= d.span.end);
  const callable = containing.filter((d) => d.kind === 'function' || d.kind === 'method');
  const pool = callable.length ? callable : containing;
  return pool.sort((a, b) => a.span.end - a.span.start - (b.span.end - b.span.start))[0];
}
