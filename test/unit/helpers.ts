/** Builds in-memory workspaces for engine tests. */
import { WalkthroughEngine } from '../../server/src/core/engine';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import type { ResolvedStep } from '../../server/src/core/resolveStep';

export const WS = '/ws';

export async function loadWorkspace(files: Record<string, string | Uint8Array>, folders = [WS]) {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([name, content]) => [name.startsWith('/') ? name : `${WS}/${name}`, content])));
  const engine = new WalkthroughEngine({ fs, folders });
  await engine.loadAll();
  return { fs, engine };
}

/** The steps of the only (or the named) walkthrough. */
export function stepsOf(engine: WalkthroughEngine, file = `${WS}/t.walkthrough.yaml`): ResolvedStep[] {
  const walkthrough = engine.get(file);
  if (!walkthrough) throw new Error(`walkthrough ${file} not loaded`);
  return walkthrough.steps;
}

export function codes(engine: WalkthroughEngine, file = `${WS}/t.walkthrough.yaml`): string[] {
  return engine.diagnostics(file).map((d) => d.code);
}

/** 1-based [start, end] of a resolved step, for readable assertions. */
export function lines(step: ResolvedStep | undefined): [number, number] | undefined {
  return step?.span ? [step.span.start + 1, step.span.end + 1] : undefined;
}

/** The 1-based line number of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`"${needle}" not in text`);
  return index + 1;
}
