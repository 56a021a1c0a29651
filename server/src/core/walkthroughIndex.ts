/**
 * The loaded walkthroughs and everything looked up across them: reverse indexes (file →
 * walkthroughs that read it, that have steps in it, that cite it as a memo), the sorted list,
 * the id index and the cross-file diagnostics (duplicate ids, `next` not found, several primary).
 * Kept up to date walkthrough by walkthrough (`set`), never rebuilt over every step.
 */
import type { ResolvedStep } from './resolveStep';
import type { Diagnostic } from './types';
import type { WalkthroughSpec } from './format/parseWalkthrough';
import { relativePath } from '../../../common/src/paths';
import { plural, t } from './l10n';

/** A diagnostic that lists other files names at most this many. */
export const MAX_LISTED_FILES = 5;

export interface LoadedWalkthrough {
  spec: WalkthroughSpec;
  file: string;
  /** The workspace folder it belongs to. */
  folder: string;
  root: string;
  memoFile?: string;
  steps: ResolvedStep[];
  /** Diagnostics of this file alone (format and resolution). Cross-file ones: see `diagnostics()`. */
  ownDiagnostics: Diagnostic[];
  /** Every file whose change can change this walkthrough (code files and memos). */
  dependencies: Set<string>;
}

/** What decides the cross-file diagnostics of a walkthrough and of the others. */
export function shapeOf(w: LoadedWalkthrough | undefined): string {
  return w ? `${w.spec.id}\0${w.spec.next ?? '\u0001'}\0${w.spec.primary ? 1 : 0}\0${w.folder}` : '';
}

export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((d, i) => {
    const e = b[i]!;
    return d.code === e.code && d.message === e.message && d.severity === e.severity && JSON.stringify(d.range) === JSON.stringify(e.range);
  });
}

function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
}

function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

export class WalkthroughIndex {
  private readonly walkthroughs = new Map<string, LoadedWalkthrough>();
  private readonly dependentsOf = new Map<string, Set<string>>();
  private readonly walkthroughsInFile = new Map<string, Set<string>>();
  private readonly walkthroughsCitingMemo = new Map<string, Set<string>>();
  /** Walkthroughs with a step that searched folders (a moved or missing file). */
  private readonly scanners = new Set<string>();
  private readonly inFileCache = new Map<string, ResolvedStep[]>();
  private readonly citingCache = new Map<string, ResolvedStep[]>();

  /** Sorted list and id index: rebuilt only when the set of walkthroughs or their id/next/primary change. */
  private sorted: LoadedWalkthrough[] | undefined;
  private sortedIndex: Map<string, number> | undefined;
  private byIdIndex: Map<string, LoadedWalkthrough[]> | undefined;
  private readonly crossDiagnostics = new Map<string, Diagnostic[]>();

  get(file: string): LoadedWalkthrough | undefined {
    return this.walkthroughs.get(file);
  }

  has(file: string): boolean {
    return this.walkthroughs.has(file);
  }

  files(): string[] {
    return [...this.walkthroughs.keys()];
  }

  values(): LoadedWalkthrough[] {
    return [...this.walkthroughs.values()];
  }

  /** Walkthroughs whose steps searched folders (see `set`'s `scanning`). */
  scanning(): ReadonlySet<string> {
    return this.scanners;
  }

  /**
   * Replaces (or removes) one walkthrough and updates every index for it alone. The sorted list,
   * the id index and the cross-file diagnostics of the others are kept when its place in them
   * (file, id, next, primary) did not change. `scanning`: a step of it searched folders.
   */
  set(file: string, next: LoadedWalkthrough | undefined, scanning = false): void {
    const before = this.walkthroughs.get(file);
    if (before) {
      for (const dependency of before.dependencies) removeFrom(this.dependentsOf, dependency, file);
      for (const step of before.steps) {
        if (step.file && step.span) {
          removeFrom(this.walkthroughsInFile, step.file, file);
          this.inFileCache.delete(step.file);
        }
        if (step.memoFile && step.section) {
          removeFrom(this.walkthroughsCitingMemo, step.memoFile, file);
          this.citingCache.delete(step.memoFile);
        }
      }
      this.scanners.delete(file);
    }
    if (next) {
      this.walkthroughs.set(file, next);
      for (const dependency of next.dependencies) addTo(this.dependentsOf, dependency, file);
      for (const step of next.steps) {
        if (step.file && step.span) {
          addTo(this.walkthroughsInFile, step.file, file);
          this.inFileCache.delete(step.file);
        }
        if (step.memoFile && step.section) {
          addTo(this.walkthroughsCitingMemo, step.memoFile, file);
          this.citingCache.delete(step.memoFile);
        }
      }
      if (scanning) this.scanners.add(file);
    } else {
      this.walkthroughs.delete(file);
    }
    this.crossDiagnostics.delete(file);
    if (!before || !next || shapeOf(before) !== shapeOf(next)) {
      this.sorted = undefined;
      this.sortedIndex = undefined;
      this.byIdIndex = undefined;
      this.crossDiagnostics.clear();
    } else if (this.sorted) {
      // Same place in the list: swap the object, keep the order and the indexes.
      const at = this.sortedIndex!.get(file)!;
      this.sorted[at] = next;
      if (this.byIdIndex) {
        const same = this.byIdIndex.get(next.spec.id)!;
        same[same.indexOf(before)] = next;
      }
    }
  }

  /** Primary first, then by file. */
  sortedList(): readonly LoadedWalkthrough[] {
    if (!this.sorted) {
      this.sorted = [...this.walkthroughs.values()].sort((a, b) => Number(b.spec.primary) - Number(a.spec.primary) || a.file.localeCompare(b.file));
      this.sortedIndex = new Map(this.sorted.map((w, i) => [w.file, i]));
    }
    return this.sorted;
  }

  /** The walkthrough with this id (the first one, when ids collide; that is reported). */
  byId(id: string): LoadedWalkthrough | undefined {
    return this.idIndex().get(id)?.[0];
  }

  /** Every resolved step whose range lies in `file`, sorted by line. */
  stepsInFile(file: string): ResolvedStep[] {
    let steps = this.inFileCache.get(file);
    if (!steps) {
      steps = [];
      for (const walkthrough of this.byRank(this.walkthroughsInFile.get(file) ?? [])) {
        for (const step of walkthrough.steps) if (step.file === file && step.span) steps.push(step);
      }
      steps.sort((a, b) => a.span!.start - b.span!.start);
      this.inFileCache.set(file, steps);
    }
    return steps;
  }

  /** Steps whose memo section is in `memoFile`, sorted by walkthrough then step. */
  stepsCitingMemo(memoFile: string): ResolvedStep[] {
    let steps = this.citingCache.get(memoFile);
    if (!steps) {
      steps = [];
      for (const walkthrough of this.byRank(this.walkthroughsCitingMemo.get(memoFile) ?? [])) {
        for (const step of walkthrough.steps) if (step.memoFile === memoFile && step.section) steps.push(step);
      }
      this.citingCache.set(memoFile, steps);
    }
    return steps;
  }

  /** Walkthrough files whose results depend on `file` (a code file or memo they read), in list order. */
  dependents(file: string): string[] {
    return this.byRank(this.dependentsOf.get(file) ?? []).map((w) => w.file);
  }

  /** Walkthrough files that read `file`, in no particular order. */
  readersOf(file: string): ReadonlySet<string> {
    return this.dependentsOf.get(file) ?? new Set();
  }

  /** All diagnostics of a walkthrough file, including those that depend on other walkthroughs. */
  diagnostics(file: string): Diagnostic[] {
    const walkthrough = this.walkthroughs.get(file);
    if (!walkthrough) return [];
    return [...walkthrough.ownDiagnostics, ...this.crossOf(file)];
  }

  /** Cross-file diagnostics of every walkthrough (computed once per change, cached until the next). */
  allCrossDiagnostics(): Map<string, Diagnostic[]> {
    const all = new Map<string, Diagnostic[]>();
    for (const file of this.walkthroughs.keys()) all.set(file, this.crossOf(file));
    return all;
  }

  private crossOf(file: string): Diagnostic[] {
    let cross = this.crossDiagnostics.get(file);
    if (!cross) {
      cross = this.crossFileDiagnostics(this.walkthroughs.get(file)!);
      this.crossDiagnostics.set(file, cross);
    }
    return cross;
  }

  private crossFileDiagnostics(walkthrough: LoadedWalkthrough): Diagnostic[] {
    const { spec, file } = walkthrough;
    const result: Diagnostic[] = [];
    const ids = this.idIndex();
    const sameId = (ids.get(spec.id) ?? []).filter((w) => w.file !== file);
    if (sameId.length > 0) {
      // Name a few, count the rest: 2,000 files sharing an id must not print 2,000 names each.
      const named = sameId.slice(0, MAX_LISTED_FILES).map((w) => relativePath(walkthrough.folder, w.file));
      result.push({
        file,
        range: spec.spans.id?.value ?? spec.spans.title?.key ?? spec.range,
        severity: 'error',
        code: 'duplicate-walkthrough-id',
        message: sameId.length > MAX_LISTED_FILES
          ? t('{0} other walkthroughs have the id `{1}`: {2} and {3} more. Set a distinct `id`.', sameId.length, spec.id, named.join(', '), sameId.length - MAX_LISTED_FILES)
          : plural(sameId.length, 'Another walkthrough has the id `{1}`: {2}. Set a distinct `id`.', '{0} other walkthroughs have the id `{1}`: {2}. Set a distinct `id`.', spec.id, named.join(', ')),
      });
    }
    if (spec.next !== undefined && !ids.has(spec.next)) {
      result.push({ file, range: spec.spans.next!.value, severity: 'warning', code: 'next-not-found', message: t('No walkthrough has the id `{0}`.', spec.next) });
    }
    if (spec.primary) {
      const other = this.sortedList().find((w) => w.spec.primary && w.file !== file && w.folder === walkthrough.folder);
      if (other) {
        result.push({
          file,
          range: spec.spans.primary!.value,
          severity: 'warning',
          code: 'multiple-primary',
          message: t('Several walkthroughs are marked primary (also `{0}`); only one is offered first.', other.spec.id),
        });
      }
    }
    return result;
  }

  /** Position of a walkthrough in the sorted list. */
  private rank(file: string): number {
    this.sortedList();
    return this.sortedIndex!.get(file) ?? Number.MAX_SAFE_INTEGER;
  }

  private byRank(files: Iterable<string>): LoadedWalkthrough[] {
    return [...files].sort((a, b) => this.rank(a) - this.rank(b)).map((f) => this.walkthroughs.get(f)!);
  }

  private idIndex(): Map<string, LoadedWalkthrough[]> {
    if (!this.byIdIndex) {
      const index = new Map<string, LoadedWalkthrough[]>();
      for (const walkthrough of this.sortedList()) {
        const same = index.get(walkthrough.spec.id);
        if (same) same.push(walkthrough);
        else index.set(walkthrough.spec.id, [walkthrough]);
      }
      this.byIdIndex = index;
    }
    return this.byIdIndex;
  }
}
