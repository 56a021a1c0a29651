/**
 * Declarations in every language with a grammar, on a small realistic module per language
 * (test/fixtures/languages/): the exact names steps write, kinds, and spans. A span is written as
 * its first line's text and its last line's raw text (the first line at or after the start that
 * equals it), never as numbers. A grammar upgrade that renames a node type makes the language's
 * query fail to compile, and one that renames a field loses names: either fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Language } from 'web-tree-sitter';
import { declarationQuery } from '../../server/src/core/symbols/declarations';
import { LANGUAGES, languageFor } from '../../server/src/core/symbols/languages';
import { ensureParserRuntime } from '../../server/src/core/symbols/parser';
import { SymbolIndex } from '../../server/src/core/symbols/symbolIndex';

const FIXTURES = path.join(__dirname, '../fixtures/languages');

/** [name, kind, first line (trimmed), last line (raw; omitted for one line), which occurrence of it after the start (1 when omitted)]. */
type Expected = [string, string, string, string?, number?];

const EXPECTED: Record<string, Expected[]> = {
  'BookingService.cs': [
    ['Hotel.Bookings', 'type', "namespace Hotel.Bookings", "}"],
    ['Hotel.Bookings.Booking', 'type', "public record Booking(string Guest, DateTime From, DateTime To);"],
    ['Hotel.Bookings.IClock', 'type', "public interface IClock", "    }"],
    ['Hotel.Bookings.IClock.Now', 'method', "DateTime Now();"],
    ['Hotel.Bookings.BookingService', 'type', "public class BookingService", "    }"],
    ['Hotel.Bookings.BookingService.BookingService', 'method', "public BookingService(IClock clock)", "        }"],
    ['Hotel.Bookings.BookingService.Count', 'method', "public int Count => _bookings.Count;"],
    ['Hotel.Bookings.BookingService.Book', 'method', "[Obsolete(\"use Book(Booking)\")]", "        }"],
    ['Hotel.Bookings.BookingService.Book', 'method', "public Booking Book(Booking booking)", "        }"],
    ['Hotel.Bookings.BookingService.Book.Overlaps', 'function', "bool Overlaps(Booking other) => other.From < booking.To && booking.From < other.To;"],
    ['Hotel.Bookings.BookingService.Upcoming', 'method', "public IEnumerable<Booking> Upcoming()", "        }"],
    ['Hotel.Bookings.Nights', 'type', "internal static class Nights", "    }"],
    ['Hotel.Bookings.Nights.Between', 'method', "public static int Between(DateTime from, DateTime to)", "        }"],
  ],
  'InventoryService.java': [
    ['InventoryService', 'type', "public class InventoryService {", "}"],
    ['InventoryService.InventoryService', 'method', "public InventoryService(AuditLog audit) {", "    }"],
    ['InventoryService.InventoryService', 'method', "public InventoryService() {", "    }"],
    ['InventoryService.restock', 'method', "@Deprecated", "    }"],
    ['InventoryService.reserve', 'method', "public boolean reserve(String sku, int quantity) {", "    }"],
    ['InventoryService.reserveAll', 'method', "public int reserveAll(List<String> skus) {", "    }"],
    ['InventoryService.AuditLog', 'type', "public static class AuditLog {", "    }"],
    ['InventoryService.AuditLog.record', 'method', "void record(String line) {", "        }"],
    ['InventoryService.AuditLog.toString', 'method', "@Override", "        }"],
    ['InventoryService.Level', 'type', "enum Level {", "    }"],
    ['InventoryService.Level.isLow', 'method', "boolean isLow(int quantity) {", "        }"],
  ],
  'Panel.tsx': [
    ['PanelProps', 'type', "export interface PanelProps {", "}"],
    ['Panel', 'function', "export function Panel({ title, load }: PanelProps) {", "}"],
    ['Panel.renderItem', 'function', "const renderItem = (item: string, index: number) => (", "  );"],
    ['ErrorBoundary', 'type', "export class ErrorBoundary extends React.Component<{ children: React.ReactNode }, { failed: boolean }> {", "}"],
    ['ErrorBoundary.getDerivedStateFromError', 'method', "static getDerivedStateFromError() {", "  }"],
    ['ErrorBoundary.render', 'method', "render() {", "  }"],
  ],
  'UserController.php': [
    ['Notifier', 'type', "interface Notifier", "}"],
    ['Notifier.notify', 'method', "public function notify(User $user, string $message): void;"],
    ['UserController', 'type', "class UserController", "}"],
    ['UserController.__construct', 'method', "public function __construct(private Notifier $notifier)", "    }"],
    ['UserController.store', 'method', "#[Route('/users', methods: ['POST'])]", "    }"],
    ['UserController.destroy', 'method', "public function destroy(string $email): void", "    }"],
    ['Timestamps', 'type', "trait Timestamps", "}"],
    ['Timestamps.touch', 'method', "public function touch(): void", "    }"],
    ['slugify', 'function', "function slugify(string $text): string", "}"],
  ],
  'cache.cpp': [
    ['store', 'type', "namespace store {", "}  // namespace store"],
    ['store.LruCache', 'type', "template <typename V>", "};"],
    ['store.LruCache.LruCache', 'method', "explicit LruCache(std::size_t capacity) : capacity_(capacity) {}"],
    ['store.LruCache.get', 'method', "std::optional<V> get(const std::string& key) {", "  }"],
    ['store.LruCache.put', 'method', "void put(const std::string& key, V value) {", "  }"],
    ['store.LruCache.evict', 'method', "void evict() {", "  }"],
    ['store.Stats', 'type', "class Stats {", "};"],
    ['store.Stats.hit', 'method', "void Stats::hit() { hits_++; }"],
    ['store.Stats.miss', 'method', "void Stats::miss() { misses_++; }"],
    ['store.Stats.ratio', 'method', "double Stats::ratio() const {", "}"],
  ],
  'cart.rb': [
    ['Shop', 'type', "module Shop", "end"],
    ['Shop.Cart', 'type', "class Cart", "  end"],
    ['Shop.Cart.initialize', 'method', "def initialize(customer)", "    end"],
    ['Shop.Cart.add', 'method', "def add(sku, quantity = 1)", "    end"],
    ['Shop.Cart.total', 'method', "def total(prices)", "    end"],
    ['Shop.Cart.from_json', 'method', "def self.from_json(text)", "    end"],
    ['Shop.Checkout', 'type', "class Checkout", "  end"],
    ['Shop.Checkout.initialize', 'method', "def initialize(cart, gateway)", "    end"],
    ['Shop.Checkout.run', 'method', "def run(prices)", "    end"],
    ['format_price', 'function', "def format_price(amount)", "end"],
  ],
  'queue.c': [
    ['queue_t', 'type', "typedef struct {", "} queue_t;"],
    ['stats', 'type', "struct stats {", "};"],
    ['grow', 'function', "static int grow(queue_t *q) {", "}"],
    ['queue_push', 'function', "int queue_push(queue_t *q, int value) {", "}"],
    ['queue_pop', 'function', "int queue_pop(queue_t *q, int *out) {", "}"],
    ['queue_free', 'function', "void queue_free(queue_t *q) {", "}"],
  ],
  'service.js': [
    ['fs', 'const', "const fs = require('fs');"],
    ['path', 'const', "const path = require('path');"],
    ['DEFAULT_PORT', 'const', "const DEFAULT_PORT = 8080;"],
    ['Router', 'type', "class Router {", "}"],
    ['Router.constructor', 'method', "constructor(prefix) {", "  }"],
    ['Router.add', 'method', "add(method, route, handler) {", "  }"],
    ['Router.match', 'method', "match(method, url) {", "  }"],
    ['serveStatic', 'function', "function serveStatic(root) {", "}"],
    ['serveStatic.resolveFile', 'function', "function resolveFile(url) {", "  }"],
    ['logRequest', 'function', "const logRequest = (req) => {", "};"],
    ['createServer', 'function', "exports.createServer = function (options) {", "};"],
  ],
  'service.py': [
    ['log', 'var', "log = logging.getLogger(__name__)"],
    ['TAX_RATE', 'const', "TAX_RATE = 0.2"],
    ['Order', 'type', "@dataclasses.dataclass", "    total: float = 0.0"],
    ['OrderRepository', 'type', "class OrderRepository:", "        return order", 2],
    ['OrderRepository.__init__', 'method', "def __init__(self):", "        self._orders = {}"],
    ['OrderRepository.save', 'method', "def save(self, order):", "        return order"],
    ['OrderRepository.find', 'method', "def find(self, order_id):", "        return order"],
    ['OrderService', 'type', "class OrderService:", "        return order", 2],
    ['OrderService.__init__', 'method', "def __init__(self, repository):", "        self.repository = repository"],
    ['OrderService.quote', 'method', "@functools.lru_cache(maxsize=128)", "        return round(price * (1 + TAX_RATE), 2)"],
    ['OrderService.place', 'method', "def place(self, order_id, items):", "        return order"],
    ['OrderService.place.line_total', 'function', "def line_total(item):", "            return self.quote(sku, quantity)"],
    ['OrderService.cancel', 'method', "def cancel(self, order_id):", "        return order"],
    ['unit_price', 'function', "def unit_price(sku):", "    return prices[sku]"],
    ['parse_items', 'function', "def parse_items(text):", "    return items"],
  ],
  'service.rs': [
    ['Account', 'type', "#[derive(Debug, Clone)]", "}"],
    ['LedgerError', 'type', "#[derive(Debug)]", "}"],
    ['Audit', 'type', "pub trait Audit {", "}"],
    ['Audit.note', 'method', "fn note(&mut self, line: String);"],
    ['Ledger', 'type', "pub struct Ledger {", "}"],
    ['Ledger.new', 'method', "pub fn new() -> Self {", "    }"],
    ['Ledger.open', 'method', "pub fn open(&mut self, id: u32) -> &Account {", "    }"],
    ['Ledger.transfer', 'method', "pub fn transfer(&mut self, from: u32, to: u32, amount: i64) -> Result<(), LedgerError> {", "    }"],
    ['Ledger.transfer.check', 'function', "fn check(account: &Account, amount: i64) -> Result<(), LedgerError> {", "        }"],
    ['Ledger.note', 'method', "fn note(&mut self, line: String) {", "    }"],
    ['LedgerError.fmt', 'method', "fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {", "    }"],
    ['format_cents', 'function', "pub fn format_cents(cents: i64) -> String {", "}"],
    ['tests', 'type', "#[cfg(test)]", "}"],
    ['tests.formats_negative_amounts', 'function', "#[test]", "    }"],
  ],
  'service.ts': [
    ['Tour', 'type', "export interface Tour {", "}"],
    ['TourStep', 'type', "export interface TourStep {", "}"],
    ['SaveMode', 'type', "export enum SaveMode {", "}"],
    ['TourStore', 'type', "export class TourStore {", "}"],
    ['TourStore.constructor', 'method', "constructor(private readonly root: string) {}"],
    ['TourStore.saveTour', 'method', "async saveTour(tour: Tour, mode: SaveMode = SaveMode.Create): Promise<string> {", "  }"],
    ['TourStore.loadTour', 'method', "async loadTour(file: string): Promise<Tour> {", "  }"],
    ['TourStore.removeStep', 'method', "removeStep(tour: Tour, index: number): Tour {", "  }"],
    ['TourRecorder', 'type', "export class TourRecorder {", "}"],
    ['TourRecorder.constructor', 'method', "constructor(private readonly store: TourStore) {}"],
    ['TourRecorder.record', 'method', "record(file: string, line: number, description: string): void {", "  }"],
    ['TourRecorder.onStop', 'method', "onStop = async (title: string): Promise<string> => {", "  };"],
    ['registerRecorderCommands', 'function', "export function registerRecorderCommands(root: string, recorder: TourRecorder): () => void {", "}"],
    ['registerRecorderCommands.listener', 'function', "const listener = (file: string, line: number) => {", "  };"],
    ['registerRecorderCommands.dispose', 'function', "function dispose(): void {", "  }"],
    ['slug', 'function', "export const slug = (title: string): string =>", "    .replace(/^-|-$/g, '');"],
    ['DEFAULT_TITLE', 'const', "export const DEFAULT_TITLE = 'Untitled tour';"],
  ],
};

function span(lines: string[], [name, , first, last, occurrence = 1]: Expected, from: number): [number, number] {
  const start = lines.findIndex((line, i) => i >= from && line.trim() === first);
  assert.ok(start >= 0, `${name}: no line ${JSON.stringify(first)}`);
  const ends = lines.map((line, i) => (i >= start && line === last ? i : -1)).filter((i) => i >= 0);
  const end = last === undefined ? start : (ends[occurrence - 1] ?? -1);
  assert.ok(end >= start, `${name}: no line ${JSON.stringify(last)} after ${start}`);
  return [start, end];
}

describe('declarations in every language', () => {
  const index = new SymbolIndex();
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${languageFor(file)?.id ?? file}: ${file}`, async () => {
      const text = readFileSync(path.join(FIXTURES, file), 'utf8');
      const lines = text.split('\n');
      const result = await index.symbols(`/ws/${file}`, text);
      assert.ok(result, `${file} has a grammar`);
      assert.equal(result.hasErrors, false, `${file} parses without errors (lines ${result.errorLines.join(', ')})`);
      let from = 0;
      const want = expected.map((entry) => {
        const [start, end] = span(lines, entry, from);
        from = start;
        return `${entry[0]} ${entry[1]} ${start + 1}-${end + 1}`;
      });
      assert.deepEqual(result.symbols.map((s) => `${s.name} ${s.kind} ${s.span.start + 1}-${s.span.end + 1}`), want);
    });
  }

  it('every language has a fixture here, and every query compiles against its grammar', async () => {
    await ensureParserRuntime();
    for (const language of LANGUAGES) {
      if (language.id === 'go') continue; // Go's own test: symbols.test.ts.
      assert.ok(Object.keys(EXPECTED).some((file) => languageFor(file) === language), `a fixture for ${language.id}`);
      const grammar = await Language.load(require.resolve(`${language.grammarPackage}/${language.wasm}`));
      assert.doesNotThrow(() => declarationQuery(language.rules!, grammar), language.id);
    }
  });

  it('a namespace may be left out of a name, a class may not', async () => {
    const text = readFileSync(path.join(FIXTURES, 'cache.cpp'), 'utf8');
    assert.equal((await index.lookup('/ws/cache.cpp', text, 'LruCache.get')).kind, 'found');
    assert.equal((await index.lookup('/ws/cache.cpp', text, 'store.LruCache.get')).kind, 'found');
    assert.equal((await index.lookup('/ws/cache.cpp', text, 'get')).kind, 'not-found');
  });

  it('overloads share a name: ambiguous, both listed', async () => {
    const text = readFileSync(path.join(FIXTURES, 'InventoryService.java'), 'utf8');
    const lookup = await index.lookup('/ws/InventoryService.java', text, 'InventoryService.InventoryService');
    assert.equal(lookup.kind, 'ambiguous');
    assert.equal(lookup.kind === 'ambiguous' && lookup.symbols.length, 2);
  });
});

describe('a grammar that cannot be loaded', () => {
  it('leaves its language to text anchors: no symbols, no exception', async () => {
    const index = new SymbolIndex();
    const python = LANGUAGES.find((language) => language.id === 'python')!;
    const saved = python.wasm;
    python.wasm = 'tree-sitter-missing.wasm';
    try {
      assert.equal(await index.symbols('/ws/a.py', 'def f():\n    pass\n'), undefined);
      assert.equal((await index.lookup('/ws/a.py', 'def f():\n    pass\n', 'f')).kind, 'unsupported');
    } finally {
      python.wasm = saved;
    }
  });
});
