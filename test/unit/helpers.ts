/** Builds in-memory workspaces for engine tests. */
import { WalkthroughEngine, type EngineOptions } from '../../server/src/core/engine';
import { MemoryFileSystem, type FileKind, type FileSystem } from '../../server/src/core/fileSystem';
import type { ResolvedStep } from '../../server/src/core/resolveStep';
import type { Diagnostic } from '../../server/src/core/types';

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

/** A FileSystem that records every path read (files and directories), to prove what was never touched. */
export class RecordingFileSystem implements FileSystem {
  readonly fileReads: string[] = [];
  readonly directoryReads: string[] = [];

  constructor(readonly inner: MemoryFileSystem) {}

  readFile(file: string): Promise<Uint8Array | undefined> {
    this.fileReads.push(file);
    return this.inner.readFile(file);
  }

  size(file: string): Promise<number | undefined> {
    this.fileReads.push(file);
    return this.inner.size(file);
  }

  readDirectory(dir: string): Promise<Array<[string, FileKind]>> {
    this.directoryReads.push(dir);
    return this.inner.readDirectory(dir);
  }

  /** Every path read, files and directories. */
  get reads(): string[] {
    return [...this.fileReads, ...this.directoryReads];
  }
}

/** Like loadWorkspace, with absolute paths allowed anywhere and every read recorded. */
export async function loadRecorded(files: Record<string, string | Uint8Array>, options: Partial<Omit<EngineOptions, 'fs'>> = {}) {
  const memory = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([name, content]) => [name.startsWith('/') ? name : `${WS}/${name}`, content])));
  const fs = new RecordingFileSystem(memory);
  const engine = new WalkthroughEngine({ folders: [WS], ...options, fs });
  await engine.loadAll();
  return { fs, memory, engine };
}

/** The diagnostics of a walkthrough with this code. */
export function diagnosticsWith(engine: WalkthroughEngine, code: string, file = `${WS}/t.walkthrough.yaml`): Diagnostic[] {
  return engine.diagnostics(file).filter((d) => d.code === code);
}
