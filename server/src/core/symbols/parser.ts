/**
 * Loads web-tree-sitter and grammar wasm files once per process.
 * The bundled server and CLI find the wasm files next to themselves in dist/ (scripts/build.mjs
 * copies them there); from sources (tests) they come from node_modules.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

let init: Promise<void> | undefined;
const languages = new Map<string, Promise<Language>>();

function locate(file: string, packageName: string): string {
  const beside = path.join(__dirname, file);
  if (existsSync(beside)) return beside;
  return require.resolve(`${packageName}/${file}`);
}

export function ensureParserRuntime(): Promise<void> {
  init ??= Parser.init({ locateFile: (name: string) => locate(name, 'web-tree-sitter') });
  return init;
}

/** Loads a grammar such as `tree-sitter-go.wasm` from the npm package of the same name. */
export function loadGrammar(wasmFile: string): Promise<Language> {
  let language = languages.get(wasmFile);
  if (!language) {
    const packageName = wasmFile.replace(/\.wasm$/, '');
    language = ensureParserRuntime().then(() => Language.load(locate(wasmFile, packageName)));
    languages.set(wasmFile, language);
  }
  return language;
}

export async function createParser(wasmFile: string): Promise<Parser> {
  const language = await loadGrammar(wasmFile);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
