/**
 * No import circles among the sources: a module is never (through others) its own dependency at
 * run time. Type-only imports are erased by the compiler and do not count.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { REPO } from '../../scripts/l10n';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(file) : file.endsWith('.ts') && !file.endsWith('.d.ts') ? [file] : [];
  });
}

/** The relative modules `file` imports or re-exports at run time. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (ts.isExportDeclaration(statement) && statement.isTypeOnly) continue;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      if (clause && !clause.name && named && named.length > 0 && named.every((element) => element.isTypeOnly)) continue;
    }
    const specifier = statement.moduleSpecifier.text;
    if (!specifier.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), specifier);
    const resolved = [`${target}.ts`, path.join(target, 'index.ts')].find((candidate) => existsSync(candidate));
    if (resolved) found.push(resolved);
  }
  return found;
}

/** Strongly connected components of more than one module (Tarjan): every import circle. */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (module: string): void => {
    order.set(module, order.size);
    low.set(module, order.get(module)!);
    stack.push(module);
    onStack.add(module);
    for (const next of graph.get(module) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(module, Math.min(low.get(module)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(module, Math.min(low.get(module)!, order.get(next)!));
    }
    if (low.get(module) !== order.get(module)) return;
    const component: string[] = [];
    for (let top = stack.pop()!; ; top = stack.pop()!) {
      onStack.delete(top);
      component.push(top);
      if (top === module) break;
    }
    if (component.length > 1) found.push(component.sort());
  };
  for (const module of graph.keys()) if (!order.has(module)) visit(module);
  return found;
}

describe('import structure', () => {
  it('has no import circles in common/, server/ or client/', () => {
    const files = ['common/src', 'server/src', 'client/src'].flatMap((dir) => sources(path.join(REPO, dir)));
    assert.ok(files.length > 100, `found the sources (${files.length})`);
    const graph = new Map(files.map((file) => [path.relative(REPO, file), runtimeImports(file).map((target) => path.relative(REPO, target))]));
    assert.deepEqual(circles(graph), []);
  });

  it('the detector finds circles, long and short, and nothing else', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['f', 'a']],
      ['f', ['e']],
    ]);
    assert.deepEqual(circles(graph).sort(), [['a', 'b', 'c'], ['e', 'f']]);
  });
});
