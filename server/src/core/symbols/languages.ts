/**
 * The languages whose declarations steps can name as `symbol`. Each has a tree-sitter grammar
 * (a .wasm file from an npm package, loaded on the first file of the language: see parser.ts)
 * and a function that lists declarations (one file per language under languages/).
 *
 * Grammars: Go from `tree-sitter-go`, C from `tree-sitter-c` (the upstream packages, which ship a
 * .wasm), every other language from `@vscode/tree-sitter-wasm` (the grammars VS Code itself uses,
 * built with the tree-sitter 0.25 runtime that web-tree-sitter 0.25.10 is). package.json pins
 * them and web-tree-sitter together: a grammar built for another runtime can fail to load.
 */
import type { Node } from 'web-tree-sitter';
import { extname } from '../../../../common/src/paths';
import { declarationsByRules, type DeclarationRules } from './declarations';
import { goDeclarations } from './go';
import { cRules } from './languages/c';
import { cppRules } from './languages/cpp';
import { csharpRules } from './languages/csharp';
import { javaRules } from './languages/java';
import { javascriptRules } from './languages/javascript';
import { phpRules } from './languages/php';
import { pythonRules } from './languages/python';
import { rubyRules } from './languages/ruby';
import { rustRules } from './languages/rust';
import { typescriptRules } from './languages/typescript';
import type { SymbolDecl } from './types';

export interface LanguageSpec {
  /** A stable id (`typescript`, `tsx`, `python`…), also the key of its parser. */
  id: string;
  /** File extensions, lowercase with the dot. */
  extensions: string[];
  /** The grammar's wasm file name, unique across languages (dist/ holds them side by side). */
  wasm: string;
  /** The npm package and the folder in it that hold `wasm`. */
  grammarPackage: string;
  declarations(root: Node): SymbolDecl[];
  /**
   * Compiled at server start-up, in the background, rather than on the first file of the
   * language: only Go's small grammar (220 KB), as before other languages existed, so that the
   * Go sample's first CodeLens does not wait for it. Every other grammar (0.4–5 MB) is loaded on
   * the first file of its language, and a workspace that has none never pays for it.
   */
  preload?: boolean;
  /** For query-based languages: the node rules (tests compile them against the grammar). */
  rules?: DeclarationRules;
}

const VSCODE_GRAMMARS = '@vscode/tree-sitter-wasm/wasm';

function byRules(spec: Omit<LanguageSpec, 'declarations' | 'grammarPackage'> & { rules: DeclarationRules; grammarPackage?: string }): LanguageSpec {
  const rules = spec.rules;
  return { grammarPackage: VSCODE_GRAMMARS, ...spec, declarations: (root) => declarationsByRules(root, rules) };
}

export const LANGUAGES: LanguageSpec[] = [
  { id: 'go', extensions: ['.go'], wasm: 'tree-sitter-go.wasm', grammarPackage: 'tree-sitter-go', declarations: goDeclarations, preload: true },
  byRules({ id: 'typescript', extensions: ['.ts', '.mts', '.cts'], wasm: 'tree-sitter-typescript.wasm', rules: typescriptRules }),
  byRules({ id: 'tsx', extensions: ['.tsx'], wasm: 'tree-sitter-tsx.wasm', rules: typescriptRules }),
  byRules({ id: 'javascript', extensions: ['.js', '.jsx', '.mjs', '.cjs'], wasm: 'tree-sitter-javascript.wasm', rules: javascriptRules }),
  byRules({ id: 'python', extensions: ['.py', '.pyi'], wasm: 'tree-sitter-python.wasm', rules: pythonRules }),
  byRules({ id: 'java', extensions: ['.java'], wasm: 'tree-sitter-java.wasm', rules: javaRules }),
  byRules({ id: 'rust', extensions: ['.rs'], wasm: 'tree-sitter-rust.wasm', rules: rustRules }),
  byRules({ id: 'csharp', extensions: ['.cs'], wasm: 'tree-sitter-c-sharp.wasm', rules: csharpRules }),
  byRules({ id: 'c', extensions: ['.c'], wasm: 'tree-sitter-c.wasm', grammarPackage: 'tree-sitter-c', rules: cRules }),
  // `.h` is C or C++; the C++ grammar reads both.
  byRules({ id: 'cpp', extensions: ['.cc', '.cpp', '.cxx', '.c++', '.hh', '.hpp', '.hxx', '.h', '.ipp', '.inl'], wasm: 'tree-sitter-cpp.wasm', rules: cppRules }),
  byRules({ id: 'ruby', extensions: ['.rb', '.rake', '.gemspec'], wasm: 'tree-sitter-ruby.wasm', rules: rubyRules }),
  byRules({ id: 'php', extensions: ['.php', '.phtml'], wasm: 'tree-sitter-php.wasm', rules: phpRules }),
];

const byExtension = new Map(LANGUAGES.flatMap((language) => language.extensions.map((ext) => [ext, language] as const)));

export function languageFor(file: string): LanguageSpec | undefined {
  return byExtension.get(extname(file).toLowerCase());
}

/**
 * Languages whose code moves between each other's files: a function moved from `a.ts` to
 * `b.tsx` or `c.js`, from `x.c` to `x.h` (read as C++). Other languages only to their own.
 */
const FAMILIES: Record<string, string> = { typescript: 'ecmascript', tsx: 'ecmascript', javascript: 'ecmascript', c: 'c', cpp: 'c' };

/** Can a declaration of `a` have moved to `b`? Both have a grammar, of the same language or family. */
export function sameLanguageFamily(a: string, b: string): boolean {
  const left = languageFor(a);
  const right = languageFor(b);
  if (!left || !right) return false;
  return left === right || (FAMILIES[left.id] !== undefined && FAMILIES[left.id] === FAMILIES[right.id]);
}

/** The extensions symbols work in, for messages: `.go, .ts, .tsx, …`. */
export function supportedExtensions(): string[] {
  return LANGUAGES.flatMap((language) => language.extensions);
}
