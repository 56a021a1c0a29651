/**
 * The drift suite in every language with a grammar. Each language has a small realistic module
 * (test/fixtures/languages/) and hand-written edits of it (LANGUAGE_EDITS below): lines inserted
 * above, a function moved in the file and to another file, the file renamed, the code re-indented,
 * code extracted into a helper, a method moved to another class, a local variable renamed, and
 * comments and strings edited. The steps are what Add Step from Selection writes for every line
 * of every function body (anchor, lines, symbol), and each must land on the same code in the
 * edited version: where that code is unchanged, ≥ 99 % exactly (`ok` or `moved` on its line); and
 * never `ok` or `moved` on other code (silently wrong), whatever the edit.
 *
 * Where a step should land is computed from the edit, never typed in: the same symbol (or the one
 * the edit moved the code to), the same occurrence of the same line text inside it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { stepLocation } from '../../server/src/core/format/stepLocation';
import { SymbolIndex } from '../../server/src/core/symbols/symbolIndex';
import type { SymbolDecl } from '../../server/src/core/symbols/types';
import { loadWorkspace, stepsOf, WS } from './helpers';

const FIXTURES = path.join(__dirname, '../fixtures/languages');

interface LanguageEdits {
  /** The fixture file. */
  file: string;
  /** Line comment prefix. */
  comment: string;
  /** A function or method moved to the end of the file, and to another file. */
  move: string;
  /** How a moved function reads alone in a file (a Java method needs a class), and its name there. */
  alone?: (block: string) => string;
  movedName?: string;
  /** Code extracted into a helper: the exact text replaced, its replacement, the helper and where it goes. */
  extract: { from: string; to: string; helper: string; helperName: string; after?: string };
  /** A method moved to another class: the line of that class after which it is inserted. */
  moveMethod: { from: string; to: string; after: string };
  /** A local variable renamed in one function (every whole-word occurrence inside it). */
  rename: { symbol: string; from: string; to: string };
  /** Strings edited: [old, new] replaced everywhere. */
  strings: Array<[string, string]>;
}

const LANGUAGE_EDITS: LanguageEdits[] = [
  {
    file: 'service.go',
    comment: '//',
    move: 'FormatPrice',
    alone: (block) => `package catalog\n\nimport "fmt"\n\n${block}\n`,
    extract: {
      from: '\tif strings.TrimSpace(p.Name) == "" {\n\t\treturn fmt.Errorf("product %s has no name", p.ID)\n\t}\n',
      to: '\tif err := validate(p); err != nil {\n\t\treturn err\n\t}\n',
      helper: '\nfunc validate(p Product) error {\n\tif strings.TrimSpace(p.Name) == "" {\n\t\treturn fmt.Errorf("product %s has no name", p.ID)\n\t}\n\treturn nil\n}\n',
      helperName: 'validate',
    },
    // Go methods belong to their receiver: "moved to another type" is a receiver changed.
    moveMethod: { from: '', to: '', after: '' },
    rename: { symbol: 'Catalog.Search', from: 'found', to: 'result' },
    strings: [['"product %s has no name"', '"product %s needs a name"']],
  },
  {
    file: 'service.ts',
    comment: '//',
    move: 'slug',
    extract: {
      from: "    const body = JSON.stringify({ title: tour.title, steps: tour.steps }, null, 2);\n",
      to: '    const body = serialize(tour);\n',
      helper: "\nfunction serialize(tour: Tour): string {\n  const body = JSON.stringify({ title: tour.title, steps: tour.steps }, null, 2);\n  return body;\n}\n",
      helperName: 'serialize',
    },
    moveMethod: { from: 'TourStore.removeStep', to: 'TourRecorder', after: '  private steps: TourStep[] = [];' },
    // The issue's case: `folder` and `target` lines of saveTour exist verbatim in registerRecorderCommands.
    rename: { symbol: 'TourStore.saveTour', from: 'target', to: 'destination' },
    strings: [['A tour named', 'There is already a tour named'], ["'utf8'", "'utf-8'"]],
  },
  {
    file: 'Panel.tsx',
    comment: '//',
    move: 'ErrorBoundary',
    extract: {
      from: "    return <div className=\"panel-error\">Could not load {title}: {error}</div>;\n",
      to: '    return <LoadError title={title} error={error} />;\n',
      helper: "\nfunction LoadError({ title, error }: { title: string; error: string }) {\n  return <div className=\"panel-error\">Could not load {title}: {error}</div>;\n}\n",
      helperName: 'LoadError',
    },
    moveMethod: { from: 'ErrorBoundary.getDerivedStateFromError', to: 'Fallback', after: 'export class Fallback extends React.Component {' },
    rename: { symbol: 'Panel', from: 'cancelled', to: 'stale' },
    strings: [['Something went wrong.', 'Something broke.']],
  },
  {
    file: 'service.js',
    comment: '//',
    move: 'logRequest',
    extract: {
      from: "    const file = path.join(root, path.normalize(url));\n    if (!file.startsWith(root)) {\n      throw new Error('outside the root: ' + url);\n    }\n",
      to: '    const file = inside(root, url);\n',
      helper: "\nfunction inside(root, url) {\n  const file = path.join(root, path.normalize(url));\n  if (!file.startsWith(root)) {\n    throw new Error('outside the root: ' + url);\n  }\n  return file;\n}\n",
      helperName: 'inside',
    },
    moveMethod: { from: 'Router.match', to: 'Matcher', after: 'class Matcher {' },
    rename: { symbol: 'Router.match', from: 'wanted', to: 'verb' },
    strings: [["'not found'", "'no such file'"]],
  },
  {
    file: 'service.py',
    comment: '#',
    move: 'unit_price',
    extract: {
      from: '        if order.total <= 0:\n            raise ValueError("an order needs at least one priced item")\n',
      to: '        check_total(order)\n',
      helper: '\n\ndef check_total(order):\n    if order.total <= 0:\n        raise ValueError("an order needs at least one priced item")\n',
      helperName: 'check_total',
    },
    moveMethod: { from: 'OrderRepository.find', to: 'OrderService', after: 'class OrderService:' },
    rename: { symbol: 'OrderService.cancel', from: 'order', to: 'cancelled' },
    strings: [['"replacing order %s"', '"order %s replaced"'], ['f"unknown sku {sku}"', 'f"no price for {sku}"']],
  },
  {
    file: 'InventoryService.java',
    comment: '//',
    move: 'InventoryService.reserveAll',
    alone: (block) => `package com.example.inventory;\n\nclass Bulk {\n${block}\n}\n`,
    movedName: 'Bulk.reserveAll',
    extract: {
      from: '        if (quantity <= 0) {\n            throw new IllegalArgumentException("quantity must be positive");\n        }\n',
      to: '        requirePositive(quantity);\n',
      helper: '\n    private static void requirePositive(int quantity) {\n        if (quantity <= 0) {\n            throw new IllegalArgumentException("quantity must be positive");\n        }\n    }\n',
      helperName: 'InventoryService.requirePositive',
      after: '    }',
    },
    moveMethod: { from: 'InventoryService.AuditLog.toString', to: 'InventoryService.Level', after: '        LOW, NORMAL;' },
    rename: { symbol: 'InventoryService.reserve', from: 'available', to: 'inStock' },
    strings: [['"short "', '"not enough "'], ['"restock "', '"restocked "']],
  },
  {
    file: 'service.rs',
    comment: '//',
    move: 'format_cents',
    extract: {
      from: '        self.accounts.get_mut(&from).unwrap().balance -= amount;\n        self.accounts.get_mut(&to).ok_or(LedgerError::UnknownAccount(to))?.balance += amount;\n',
      to: '        self.apply(from, to, amount)?;\n',
      helper: '\nimpl Ledger {\n    fn apply(&mut self, from: u32, to: u32, amount: i64) -> Result<(), LedgerError> {\n        self.accounts.get_mut(&from).unwrap().balance -= amount;\n        self.accounts.get_mut(&to).ok_or(LedgerError::UnknownAccount(to))?.balance += amount;\n        Ok(())\n    }\n}\n',
      helperName: 'Ledger.apply',
    },
    moveMethod: { from: 'Ledger.open', to: 'Account', after: 'impl Account {' },
    rename: { symbol: 'Ledger.transfer', from: 'source', to: 'payer' },
    strings: [['"open {}"', '"opened {}"'], ['"no account {}"', '"unknown account {}"']],
  },
  {
    file: 'BookingService.cs',
    comment: '//',
    move: 'Hotel.Bookings.BookingService.Upcoming',
    alone: (block) => `namespace Hotel.Bookings\n{\n    public partial class BookingService\n    {\n${block}\n    }\n}\n`,
    extract: {
      from: '            if (booking.To <= booking.From)\n            {\n                throw new ArgumentException("a booking needs at least one night");\n            }\n',
      to: '            RequireNights(booking);\n',
      helper: '\n        private static void RequireNights(Booking booking)\n        {\n            if (booking.To <= booking.From)\n            {\n                throw new ArgumentException("a booking needs at least one night");\n            }\n        }\n',
      helperName: 'Hotel.Bookings.BookingService.RequireNights',
      after: '        }',
    },
    moveMethod: { from: 'Hotel.Bookings.BookingService.Upcoming', to: 'Hotel.Bookings.Nights', after: '    internal static class Nights\n    {' },
    rename: { symbol: 'Hotel.Bookings.Nights.Between', from: 'span', to: 'gap' },
    strings: [['"a booking needs at least one night"', '"book one night or more"']],
  },
  {
    file: 'queue.c',
    comment: '//',
    move: 'queue_free',
    extract: {
      from: '    for (size_t i = 0; i < q->count; i++) {\n        items[i] = q->items[(q->head + i) % q->capacity];\n    }\n',
      to: '    copy_items(q, items);\n',
      helper: '\nstatic void copy_items(const queue_t *q, int *items) {\n    for (size_t i = 0; i < q->count; i++) {\n        items[i] = q->items[(q->head + i) % q->capacity];\n    }\n}\n',
      helperName: 'copy_items',
      after: 'static struct stats totals;',
    },
    moveMethod: { from: 'queue_pop', to: '', after: '' },
    rename: { symbol: 'grow', from: 'capacity', to: 'size' },
    strings: [],
  },
  {
    file: 'cache.cpp',
    comment: '//',
    move: 'store.Stats.ratio',
    alone: (block) => `namespace store {\n\n${block}\n\n}  // namespace store\n`,
    extract: {
      from: '    while (order_.size() > capacity_) {\n      index_.erase(order_.back().first);\n      order_.pop_back();\n    }\n',
      to: '    trim(capacity_);\n',
      helper: '\n  void trim(std::size_t limit) {\n    while (order_.size() > capacity_) {\n      index_.erase(order_.back().first);\n      order_.pop_back();\n    }\n  }\n',
      helperName: 'store.LruCache.trim',
      after: ' private:',
    },
    moveMethod: { from: 'store.Stats.miss', to: '', after: '' },
    rename: { symbol: 'store.LruCache.get', from: 'found', to: 'hit' },
    strings: [],
  },
  {
    file: 'cart.rb',
    comment: '#',
    move: 'format_price',
    extract: {
      from: "      subtotal = @lines.sum { |l| prices.fetch(l[:sku]) * l[:quantity] }\n",
      to: '      subtotal = subtotal_for(prices)\n',
      helper: "\n    def subtotal_for(prices)\n      subtotal = @lines.sum { |l| prices.fetch(l[:sku]) * l[:quantity] }\n      subtotal\n    end\n",
      helperName: 'Shop.Cart.subtotal_for',
      after: '    attr_reader :lines',
    },
    moveMethod: { from: 'Shop.Cart.from_json', to: 'Shop.Checkout', after: '  class Checkout' },
    rename: { symbol: 'Shop.Cart.add', from: 'line', to: 'existing' },
    strings: [["'empty cart'", "'nothing to pay'"]],
  },
  {
    file: 'UserController.php',
    comment: '//',
    move: 'slugify',
    alone: (block) => `<?php\n\n${block}\n`,
    extract: {
      from: "        $email = strtolower(trim($input['email'] ?? ''));\n        if ($email === '') {\n            throw new InvalidArgumentException('an email is required');\n        }\n",
      to: "        $email = $this->emailFrom($input);\n",
      helper: "\n    private function emailFrom(array $input): string\n    {\n        $email = strtolower(trim($input['email'] ?? ''));\n        if ($email === '') {\n            throw new InvalidArgumentException('an email is required');\n        }\n        return $email;\n    }\n",
      helperName: 'UserController.emailFrom',
      after: '    private array $users = [];',
    },
    moveMethod: { from: 'UserController.destroy', to: 'Timestamps', after: 'trait Timestamps\n{' },
    rename: { symbol: 'UserController.store', from: '$user', to: '$created' },
    strings: [["'Welcome!'", "'Welcome aboard!'"]],
  },
];

/** A step as authored, and what identifies its code: the symbol and the occurrence of its line in it. */
interface AuthoredStep {
  line: number;
  symbol: string;
  text: string;
  occurrence: number;
}

/** Where a step must land in an edited version: the symbol there (and its file) and its line's text. */
interface Target {
  file: string;
  symbol: string;
  text: string;
  occurrence: number;
}

interface Variant {
  name: string;
  /**
   * Counted apart, not failed: a deleted function's line that is unique elsewhere in the file is
   * kept there by design (rule 6 of docs/walkthrough-format.md: a renamed function looks the
   * same), as `moved` with a symbol-not-found warning.
   */
  lenient?: boolean;
  files: Record<string, string>;
  target(step: AuthoredStep): Target | undefined;
}

const index = new SymbolIndex();
const totals: string[] = [];

async function symbolsOf(file: string, text: string): Promise<SymbolDecl[]> {
  const result = await index.symbols(`${WS}/${file}`, text);
  assert.ok(result, file);
  assert.equal(result.hasErrors, false, `${file} parses (errors on lines ${result.errorLines.map((l) => l + 1).join(', ')})`);
  return result.symbols;
}

function spanOf(symbols: SymbolDecl[], name: string): SymbolDecl {
  const found = symbols.filter((s) => s.name === name);
  assert.equal(found.length, 1, `one ${name} in ${symbols.map((s) => s.name).join(', ')}`);
  return found[0]!;
}

/** Lines of `text` that a step could be about: inside a function or method, with some code on them. */
async function authoredSteps(file: string, text: string): Promise<AuthoredStep[]> {
  const symbols = await symbolsOf(file, text);
  const lines = text.split('\n');
  const steps: AuthoredStep[] = [];
  for (let line = 0; line < lines.length; line++) {
    const trimmed = lines[line]!.trim();
    if (trimmed.replace(/[^\w]/g, '').length < 4) continue;
    const location = stepLocation(lines, { start: { line, character: 0 }, end: { line, character: 0 } }, symbols);
    const symbol = location.ok ? location.location.symbol : undefined;
    const decl = symbol ? symbols.find((s) => s.name === symbol) : undefined;
    if (!decl || (decl.kind !== 'function' && decl.kind !== 'method') || line === decl.span.start) continue;
    const occurrence = lines.slice(decl.span.start, line).filter((l) => l.trim() === trimmed).length;
    steps.push({ line, symbol: symbol!, text: trimmed, occurrence });
  }
  return steps;
}

function walkthrough(file: string, steps: AuthoredStep[]): string {
  return `title: drift\nsteps:\n${steps.map((s) => `  - file: src/${file}\n    lines: ${s.line + 1}\n    symbol: ${s.symbol}\n    anchor: ${JSON.stringify(s.text)}\n`).join('')}`;
}

/** The block of a declaration's lines, and the text without it (and without one blank line after it). */
function cut(text: string, decl: SymbolDecl): { block: string; rest: string } {
  const lines = text.split('\n');
  const block = lines.slice(decl.span.start, decl.span.end + 1).join('\n');
  const drop = lines[decl.span.end + 1]?.trim() === '' ? decl.span.end + 2 : decl.span.end + 1;
  return { block, rest: [...lines.slice(0, decl.span.start), ...lines.slice(drop)].join('\n') };
}

function insertAfter(text: string, line: string, insert: string): string {
  const at = text.indexOf(`${line}\n`);
  assert.ok(at >= 0, `no line ${JSON.stringify(line)}`);
  return text.slice(0, at + line.length + 1) + insert + text.slice(at + line.length + 1);
}

function renamed(symbol: string, from: string, to: string): string {
  return symbol === from || symbol.startsWith(`${from}.`) ? to + symbol.slice(from.length) : symbol;
}

async function variants(edits: LanguageEdits, original: string): Promise<Variant[]> {
  const file = edits.file;
  const ext = path.extname(file);
  const symbols = await symbolsOf(file, original);
  const same = (rename: (symbol: string) => string = (s) => s, codeFile = file) => (step: AuthoredStep): Target => ({ file: codeFile, symbol: rename(step.symbol), text: step.text, occurrence: step.occurrence });
  const result: Variant[] = [{ name: 'unchanged', files: { [file]: original }, target: same() }];

  const lines = original.split('\n');
  const inserted = [lines[0], `${edits.comment} three lines`, `${edits.comment} inserted`, `${edits.comment} above`, ...lines.slice(1)].join('\n');
  result.push({ name: 'lines inserted above', files: { [file]: inserted }, target: same() });

  const moved = cut(original, spanOf(symbols, edits.move));
  // To the end of what holds it (its class, namespace or module), else of the file.
  const movedDecl = spanOf(symbols, edits.move);
  const holder = symbols
    .filter((s) => s !== movedDecl && s.span.start <= movedDecl.span.start && s.span.end >= movedDecl.span.end && s.span.end > movedDecl.span.end)
    .sort((a, b) => a.span.end - a.span.start - (b.span.end - b.span.start))[0];
  let movedInFile = `${moved.rest.trimEnd()}\n\n${moved.block}\n`;
  if (holder) {
    const restLines = moved.rest.split('\n');
    const removed = moved.rest.split('\n').length - original.split('\n').length;
    const closingLine = holder.span.end + removed;
    movedInFile = [...restLines.slice(0, closingLine), '', moved.block, ...restLines.slice(closingLine)].join('\n');
  }
  result.push({ name: 'function moved in the file', files: { [file]: movedInFile }, target: same() });
  const otherFile = `other${ext}`;
  result.push({
    name: 'function moved to another file',
    files: { [file]: moved.rest, [otherFile]: edits.alone ? edits.alone(moved.block) : `${moved.block}\n` },
    target: (step) => (step.symbol === edits.move || step.symbol.startsWith(`${edits.move}.`) ? same((symbol) => renamed(symbol, edits.move, edits.movedName ?? edits.move), otherFile)(step) : same()(step)),
  });
  result.push({ name: 'file renamed', files: { [`renamed${ext}`]: original }, target: same(undefined, `renamed${ext}`) });
  result.push({ name: 're-indented', files: { [file]: original.replace(/^[ \t]+/gm, (indent) => indent + indent) }, target: same() });

  // Code extracted into a helper: its lines are now the helper's.
  assert.ok(original.includes(edits.extract.from), `${file}: the extracted code`);
  const extractStart = original.slice(0, original.indexOf(edits.extract.from)).split('\n').length - 1;
  const extractLines = edits.extract.from.split('\n').length - 1;
  let extracted = original.replace(edits.extract.from, edits.extract.to);
  extracted = edits.extract.after ? insertAfter(extracted, edits.extract.after, edits.extract.helper) : `${extracted.trimEnd()}\n${edits.extract.helper}`;
  result.push({
    name: 'code extracted into a helper',
    files: { [file]: extracted },
    target: (step) => {
      if (step.line < extractStart || step.line >= extractStart + extractLines) return same()(step);
      const region = edits.extract.from.split('\n').slice(0, step.line - extractStart);
      return { file, symbol: edits.extract.helperName, text: step.text, occurrence: region.filter((l) => l.trim() === step.text).length };
    },
  });

  if (edits.moveMethod.to) {
    const method = cut(original, spanOf(symbols, edits.moveMethod.from));
    const shortName = edits.moveMethod.from.split('.').pop()!;
    // Into a class declared for it when the fixture has no other one (`Matcher`, `Fallback`, `impl Account`).
    let rest = method.rest;
    if (!rest.includes(`${edits.moveMethod.after}\n`)) rest = `${rest.trimEnd()}\n\n${edits.moveMethod.after}\n${closing(edits.moveMethod.after)}\n`;
    const text = insertAfter(rest, edits.moveMethod.after, `${method.block}\n`);
    const toName = edits.moveMethod.to;
    result.push({ name: 'method moved to another class', files: { [file]: text }, target: same((s) => renamed(s, edits.moveMethod.from, `${toName}.${shortName}`)) });
  }

  // The function deleted: its steps have nowhere to be, even where another function has the same lines.
  result.push({
    name: 'function deleted',
    lenient: true,
    files: { [file]: moved.rest },
    target: (step) => (step.symbol === edits.move || step.symbol.startsWith(`${edits.move}.`) ? undefined : same()(step)),
  });

  // A local variable renamed in one function: its lines that held the name changed; nothing else did.
  const renameDecl = spanOf(symbols, edits.rename.symbol);
  const word = new RegExp(`(?<![\\w$])${edits.rename.from.replace(/[$]/g, '\\$')}(?![\\w])`, 'g');
  const renamedLines = lines.map((line, i) => (i > renameDecl.span.start && i <= renameDecl.span.end ? line.replace(word, edits.rename.to) : line));
  result.push({
    name: 'local variable renamed',
    files: { [file]: renamedLines.join('\n') },
    target: (step) => ({ ...same()(step), text: renamedLines[step.line]!.trim() }),
  });

  // Comments and strings edited.
  let commented = original
    .split('\n')
    .map((line) => {
      const trimmed = line.trim();
      if (trimmed.endsWith('*/')) return line.replace(/\*\/$/, '(edited) */');
      if (trimmed.startsWith('"""') && trimmed.endsWith('"""') && trimmed.length > 6) return line.replace(/"""$/, ' (edited)"""');
      return trimmed.startsWith(edits.comment) || /^\s*\*(?!\/)/.test(line) ? `${line} (edited)` : line;
    })
    .join('\n');
  for (const [from, to] of edits.strings) commented = commented.split(from).join(to);
  const commentedLines = commented.split('\n');
  result.push({ name: 'comments and strings edited', files: { [file]: commented }, target: (step) => ({ ...same()(step), text: commentedLines[step.line]!.trim() }) });
  return result;
}

/** The closing line of a class opened by `line` in the fixture's languages. */
function closing(line: string): string {
  if (line.trim().endsWith(':')) return '    pass';
  if (/^\s*class \w+$/.test(line) && !line.includes('{')) return line.match(/^\s*/)![0] + 'end';
  return '}';
}

describe('drift in every language: steps follow their code', () => {
  for (const edits of LANGUAGE_EDITS) {
    it(edits.file, async () => {
      const original = readFileSync(path.join(FIXTURES, edits.file), 'utf8');
      const authored = await authoredSteps(edits.file, original);
      assert.ok(authored.length >= 12, `${edits.file}: ${authored.length} steps`);
      let unchanged = 0;
      let exact = 0;
      let wrong = 0;
      let keptAfterDelete = 0;
      const problems: string[] = [];
      for (const variant of await variants(edits, original)) {
        const files: Record<string, string> = { 't.walkthrough.yaml': walkthrough(edits.file, authored) };
        for (const [name, text] of Object.entries(variant.files)) files[`src/${name}`] = text;
        const { engine } = await loadWorkspace(files);
        const steps = stepsOf(engine);
        for (const [i, step] of authored.entries()) {
          const resolved = steps[i]!;
          const target = variant.target(step);
          let want: { file: string; line: number } | undefined;
          if (target) {
            const text = variant.files[target.file]!;
            const lines = text.split('\n');
            const holding = (d: SymbolDecl) => lines.some((l, n) => n >= d.span.start && n <= d.span.end && l.trim() === target.text);
            const declared = await symbolsOf(target.file, text);
            // Overloads share a name: the one holding the line. A namespace may be left out.
            let named = declared.filter((s) => s.name === target.symbol);
            if (named.length === 0) named = declared.filter((s) => target.symbol.endsWith(`.${s.name}`));
            const decl = named.length === 1 ? named[0] : named.filter(holding).length === 1 ? named.filter(holding)[0] : undefined;
            const matches = decl ? lines.map((l, n) => (n >= decl.span.start && n <= decl.span.end && l.trim() === target.text ? n : -1)).filter((n) => n >= 0) : [];
            const line = matches[target.occurrence];
            if (line !== undefined) want = { file: `${WS}/src/${target.file}`, line };
          }
          const placed = resolved.status === 'ok' || resolved.status === 'moved';
          const onTarget = want !== undefined && resolved.file === want.file && resolved.span?.start === want.line;
          const codeUnchanged = target !== undefined && target.text === step.text;
          if (codeUnchanged) {
            unchanged++;
            if (placed && onTarget) exact++;
            else problems.push(`${variant.name}: ${step.symbol} "${step.text}" → ${resolved.status} ${resolved.file?.slice(WS.length + 1)}:${(resolved.span?.start ?? -2) + 1}, want ${want ? `${want.file.slice(WS.length + 1)}:${want.line + 1}` : 'nothing'}`);
          }
          if (placed && !onTarget && variant.lenient) {
            keptAfterDelete++;
            assert.ok(engine.diagnostics(`${WS}/t.walkthrough.yaml`).some((d) => d.stepIndex === i && d.code === 'symbol-not-found' && d.severity === 'warning'), `${step.symbol}: kept with a warning`);
          } else if (placed && !onTarget) {
            wrong++;
            problems.push(`SILENTLY WRONG ${variant.name}: ${step.symbol} "${step.text}" → ${resolved.status} ${resolved.file?.slice(WS.length + 1)}:${(resolved.span?.start ?? -2) + 1}, want ${want ? `${want.file.slice(WS.length + 1)}:${want.line + 1}` : 'nothing'}`);
          }
        }
      }
      const rate = exact / unchanged;
      totals.push(`${edits.file.padEnd(24)} ${String(authored.length).padStart(3)} steps × variants: ${exact}/${unchanged} exact where unchanged (${(rate * 100).toFixed(1)} %), ${wrong} silently wrong, ${keptAfterDelete} kept after their function was deleted (with a warning)`);
      assert.equal(wrong, 0, problems.filter((p) => p.startsWith('SILENTLY')).join('\n'));
      assert.ok(rate >= 0.99, `${(rate * 100).toFixed(1)} % exact\n${problems.join('\n')}`);
      if (process.env.CW_DRIFT_REPORT && problems.length) console.log(problems.join('\n'));
    });
  }
  after(() => {
    if (process.env.CW_DRIFT_REPORT) console.log(totals.join('\n'));
  });
});
