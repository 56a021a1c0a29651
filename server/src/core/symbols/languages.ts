/**
 * The languages whose declarations steps can name as `symbol`. Adding a language means adding a
 * tree-sitter grammar package (with its .wasm) and a function that lists declarations.
 */
import type { Node } from 'web-tree-sitter';
import { extname } from '../paths';
import { goDeclarations } from './go';
import type { SymbolDecl } from './types';

export interface LanguageSpec {
  id: string;
  extensions: string[];
  /** The grammar's wasm file, shipped by the npm package of the same name. */
  wasm: string;
  declarations(root: Node): SymbolDecl[];
}

export const LANGUAGES: LanguageSpec[] = [{ id: 'go', extensions: ['.go'], wasm: 'tree-sitter-go.wasm', declarations: goDeclarations }];

export function languageFor(file: string): LanguageSpec | undefined {
  const ext = extname(file);
  return LANGUAGES.find((language) => language.extensions.includes(ext));
}
