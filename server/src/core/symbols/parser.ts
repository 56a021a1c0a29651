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
/** Where the wasm files come from when there is no disk (the browser build): their bytes by file name. */
let readWasm: ((file: string) => Promise<Uint8Array>) | undefined;

/** The browser build reads the wasm files from the extension's URI (browserServer.ts); call before any parse. */
export function setWasmReader(read: (file: string) => Promise<Uint8Array>): void {
  readWasm = read;
}

/** `file` next to the bundle (dist/), or else in the npm package folder `packagePath` (`@vscode/tree-sitter-wasm/wasm`). */
function locate(file: string, packagePath: string): string {
  const beside = path.join(__dirname, file);
  if (existsSync(beside)) return beside;
  return require.resolve(`${packagePath}/${file}`);
}

export function ensureParserRuntime(): Promise<void> {
  const read = readWasm;
  init ??= read
    ? read('tree-sitter.wasm').then((wasmBinary) => Parser.init({ wasmBinary, locateFile: (name: string) => name }))
    : Parser.init({ locateFile: (name: string) => locate(name, 'web-tree-sitter') });
  return init;
}

/**
 * Loads a grammar such as `tree-sitter-go.wasm` once, from dist/ or the npm package folder
 * `packagePath` (by default the package named as the file).
 */
export function loadGrammar(wasmFile: string, packagePath = wasmFile.replace(/\.wasm$/, '')): Promise<Language> {
  let language = languages.get(wasmFile);
  if (!language) {
    const read = readWasm;
    language = ensureParserRuntime().then(async () => Language.load(read ? await read(wasmFile) : locate(wasmFile, packagePath)));
    languages.set(wasmFile, language);
  }
  return language;
}

export async function createParser(wasmFile: string, packagePath?: string): Promise<Parser> {
  const language = await loadGrammar(wasmFile, packagePath);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
