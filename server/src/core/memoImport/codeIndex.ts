/**
 * The code under an import's root, read on demand: the file list (for path suffixes), file texts,
 * and declarations (for names). Pure engine code: reads through the FileSystem only.
 */
import { CODE_EXTENSIONS, indexByName, matchPathSuffixIn, type SuffixMatch } from '../codePaths';
import { findFiles } from '../discover';
import type { FileSystem } from '../fileSystem';
import { extname, relativePath, resolvePath } from '../paths';
import { withoutNamespace, type SymbolIndex } from '../symbols/symbolIndex';
import type { SymbolDecl } from '../symbols/types';
import { decodeText, normalizeLine, splitLines } from '../text';

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
}

/** Words that start a declaration in one of the languages with a grammar (see symbols/languages.ts). */
const DECLARATION_KEYWORDS = 'func|type|var|const|let|def|class|function|fn|struct|enum|trait|interface|module|namespace|record|union|impl|mod|static|object';

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
  private parsable: string[] | undefined;

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
   * name). Only files whose text contains the name are parsed.
   */
  async declarationsNamed(name: string): Promise<Array<{ rel: string; decl: SymbolDecl }>> {
    const short = name.slice(name.lastIndexOf('.') + 1);
    this.parsable ??= (await this.list()).filter((rel) => this.symbols.supports(rel)).slice(0, MAX_PARSED_FILES);
    const found: Array<{ rel: string; decl: SymbolDecl }> = [];
    // A cheap filter before the parser decides, for every language: the name on a declaration
    // keyword's line, at the start of a line (specs inside `var (…)`), after a type or a `Type::`
    // (`void name(`, `Foo::name(`: Java, C#, C, C++), or bound to a function (`name = () =>`,
    // `name: function`). A file that only calls it through a receiver is skipped.
    const escaped = short.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const maybeDeclared = new RegExp(
      [
        `\\b(?:${DECLARATION_KEYWORDS})\\b[^\\n]*\\b${escaped}\\b`,
        `^[ \\t]*${escaped}\\b`,
        `[\\w>\\]*&?]\\s+(?:[\\w:]+::)?~?${escaped}\\s*[(<]`,
        `\\b${escaped}\\s*[:=]\\s*(?:async\\b\\s*)?(?:function\\b|\\(|\\w+\\s*=>|lambda\\b)`,
      ].join('|'),
      'm',
    );
    for (const rel of this.parsable) {
      const file = await this.read(rel);
      if (!file || !file.text.includes(short) || !maybeDeclared.test(file.text)) continue;
      for (const decl of await this.declarations(rel)) if (declarationMatches(decl, name)) found.push({ rel, decl });
    }
    return found;
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
