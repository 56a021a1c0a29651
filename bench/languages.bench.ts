/**
 * Parse cost per language: the declarations of 100 KB of code (the language's fixture module
 * repeated), through SymbolIndex as resolution uses it. Cold: the grammar's first use in the
 * process (loading and compiling its wasm, then the parse); warm: later parses of new text (the
 * cache is keyed by content, so each run changes one line). The wasm runtime's own start-up is
 * printed apart. `npm run bench -- --languages` prints only this table.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LANGUAGES } from '../server/src/core/symbols/languages';
import { ensureParserRuntime } from '../server/src/core/symbols/parser';
import { SymbolIndex } from '../server/src/core/symbols/symbolIndex';
import { percentile, sample } from './stats';

const FIXTURES = path.join(__dirname, '../test/fixtures/languages');
const SIZE = 100 * 1024;

/** A fixture per language (Go: the bundled sample's inventory handler). */
function sourceFor(id: string): { file: string; text: string } | undefined {
  const fixtures: Record<string, string> = {
    typescript: 'service.ts', tsx: 'Panel.tsx', javascript: 'service.js', python: 'service.py', java: 'InventoryService.java', rust: 'service.rs',
    csharp: 'BookingService.cs', c: 'queue.c', cpp: 'cache.cpp', ruby: 'cart.rb', php: 'UserController.php',
  };
  if (id === 'go') {
    const go = path.join(__dirname, '../sample-repo/inventory_srv/handler/inventory.go');
    try {
      return { file: 'x.go', text: readFileSync(go, 'utf8') };
    } catch {
      return undefined;
    }
  }
  const name = fixtures[id];
  return name ? { file: name, text: readFileSync(path.join(FIXTURES, name), 'utf8') } : undefined;
}

/** `text` repeated to about 100 KB (a PHP file keeps one `<?php`). */
function grow(text: string): string {
  const body = text.replace(/^<\?php\n/, '');
  let out = text.startsWith('<?php') ? '<?php\n' : '';
  while (out.length < SIZE) out += `${body}\n`;
  return out;
}

export async function languagesBench(): Promise<string[]> {
  const out = ['Parse cost per language (declarations of 100 KB, ms per 100 KB)'];
  const started = performance.now();
  await ensureParserRuntime();
  out.push(`  wasm runtime start-up ${(performance.now() - started).toFixed(1)} ms (once per process)`);
  out.push(`  ${'language'.padEnd(12)} ${'cold'.padStart(9)} ${'warm p50'.padStart(9)} ${'warm p99'.padStart(9)}  declarations`);
  for (const language of LANGUAGES) {
    const source = sourceFor(language.id);
    if (!source) continue;
    const text = grow(source.text);
    const scale = SIZE / text.length;
    const index = new SymbolIndex();
    const file = `/bench/${path.basename(source.file, path.extname(source.file))}${language.extensions[0]}`;
    const coldStart = performance.now();
    const first = await index.symbols(file, text);
    const cold = (performance.now() - coldStart) * scale;
    const times = await sample(20, (i) => index.symbols(file, text.replace(/\n/, `\n${language.id === 'python' || language.id === 'ruby' ? '#' : '//'} ${i}\n`)));
    const warm = times.map((t) => t * scale);
    out.push(`  ${language.id.padEnd(12)} ${cold.toFixed(1).padStart(9)} ${percentile(warm, 50).toFixed(1).padStart(9)} ${percentile(warm, 99).toFixed(1).padStart(9)}  ${first?.symbols.length ?? 0}`);
  }
  return out;
}

if (require.main === module) {
  languagesBench().then((lines) => console.log(lines.join('\n')), (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
