/**
 * Landing figures: the bundled walkthroughs (`walkthroughs/`) applied to variant checkouts of the
 * sample (`test/fixtures/variants/<name>/code`), the way "Apply Bundled Walkthroughs to This Folder"
 * does. Per variant: the share of code steps that land in the right function, and the share placed
 * silently wrong (shown as found — ok, moved or fuzzy — but in another function).
 *
 * "Right function" is judged apart from the anchor engine: the Go parser names the declaration
 * around the landed line, and that is compared with the declaration the step is about — its
 * `symbol`, else the declaration around it in the unchanged sample — mapped through the variant's
 * `truth.json` (renames made by the variant's author, functions deleted, declarations and lines of
 * today's sample that this older checkout never had, per-step overrides for code moved into helpers).
 * Code a checkout does not have has no right place: a step about it must say so (approximate,
 * stale, missing), and one shown as found there counts as silently wrong. Steps outside any declaration (a .proto message, a top-level comment)
 * are right when the landed line holds the same text as in the sample.
 *
 * Run: `npm run bench:landing` (also part of `npm run bench`); guarded by test/unit/landing.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WalkthroughEngine } from '../server/src/core/engine';
import { findFiles } from '../server/src/core/discover';
import { isWalkthroughFile } from '../server/src/core/format/parseWalkthrough';
import { NodeFileSystem } from '../server/src/core/nodeFileSystem';
import { relativePath, toEnginePath } from '../common/src/paths';
import type { ResolvedStep } from '../server/src/core/resolveStep';
import { SymbolIndex } from '../server/src/core/symbols/symbolIndex';
import { normalizeLine, splitLines } from '../server/src/core/text';
import type { StepStatus } from '../common/src/protocol';

const REPO = toEnginePath(path.resolve(__dirname, '..'));
export const WALKTHROUGHS = `${REPO}/walkthroughs`;
export const SAMPLE = `${REPO}/sample-repo`;
export const VARIANTS = `${REPO}/test/fixtures/variants`;

/** `test/fixtures/variants/<name>/truth.json`, written by the variant's author. */
export interface VariantTruth {
  description: string;
  /** Declarations renamed (or inlined into another) in this variant: sample name → the declaration that holds its code now. */
  renames?: Record<string, string>;
  /** Declarations of the sample that this variant deleted (no step about them can be right). */
  deleted?: string[];
  /**
   * Declarations of today's sample that this checkout never had (added to the sample after it was
   * written): judged like deleted ones.
   */
  absent?: string[];
  /**
   * `walkthroughId/stepId` → what is missing: the step's lines were added to the sample after this
   * checkout was written, though its declaration exists here. Right: placed in that declaration
   * without claiming the code (not ok, not moved); ok or moved anywhere is silently wrong.
   */
  absentCode?: Record<string, string>;
  /** `walkthroughId/stepId` → the declarations its code lives in now (code moved into helpers). */
  steps?: Record<string, string[]>;
}

export interface StepVerdict {
  key: string;
  status: StepStatus;
  expected: string;
  landed: string;
  right: boolean;
  /** The step's code is not in this checkout (its declaration deleted or never written, or its lines never written). */
  absent: boolean;
  /** Shown as found (ok, moved, fuzzy) but not in the right function. */
  silentlyWrong: boolean;
}

export interface VariantFigures {
  name: string;
  description: string;
  steps: number;
  /** Steps about code this checkout does not have (deleted or never written, see VariantTruth). */
  absent: number;
  right: number;
  silentlyWrong: number;
  statuses: Partial<Record<StepStatus, number>>;
  verdicts: StepVerdict[];
}

const SHOWN_AS_FOUND = new Set<StepStatus>(['ok', 'moved', 'fuzzy']);

async function applyTo(target: string, symbols: SymbolIndex): Promise<WalkthroughEngine> {
  const fs = new NodeFileSystem({ confineTo: [WALKTHROUGHS, target] });
  const engine = new WalkthroughEngine({ fs, folders: [target], rootOverride: target, extraReadableFolders: [WALKTHROUGHS], symbols });
  await engine.loadFiles(await findFiles(fs, WALKTHROUGHS, isWalkthroughFile));
  return engine;
}

/** The innermost declaration around `line` of `file`, or undefined (outside any, or not Go). */
async function enclosing(symbols: SymbolIndex, file: string, line: number): Promise<string | undefined> {
  const text = readFileSync(file, 'utf8');
  const decls = (await symbols.symbols(file, text))?.symbols ?? [];
  const around = decls.filter((d) => d.span.start <= line && line <= d.span.end);
  around.sort((a, b) => a.span.end - a.span.start - (b.span.end - b.span.start));
  return around[0]?.name;
}

function lineText(file: string, line: number): string {
  return normalizeLine(splitLines(readFileSync(file, 'utf8'))[line] ?? '');
}

/** Where each bundled code step is about in the unchanged sample: its declaration, else its first line's text. */
export async function referencePlaces(symbols: SymbolIndex): Promise<Map<string, { decl?: string; text: string; status: StepStatus }>> {
  const engine = await applyTo(SAMPLE, symbols);
  const places = new Map<string, { decl?: string; text: string; status: StepStatus }>();
  for (const walkthrough of engine.list()) {
    for (const step of walkthrough.steps) {
      if (step.contentOnly) continue;
      const key = `${walkthrough.spec.id}/${step.spec.id}`;
      if (!step.file || !step.span) {
        places.set(key, { text: '', status: step.status });
        continue;
      }
      const decl = step.spec.symbol ?? (await enclosing(symbols, step.file, step.span.start));
      places.set(key, { ...(decl ? { decl } : {}), text: lineText(step.file, step.span.start), status: step.status });
    }
  }
  return places;
}

export function readTruth(name: string): VariantTruth {
  return JSON.parse(readFileSync(`${VARIANTS}/${name}/truth.json`, 'utf8')) as VariantTruth;
}

export async function measureVariant(name: string, symbols = new SymbolIndex(), reference?: Awaited<ReturnType<typeof referencePlaces>>, truth = readTruth(name)): Promise<VariantFigures> {
  const dir = `${VARIANTS}/${name}`;
  const places = reference ?? (await referencePlaces(symbols));
  const engine = await applyTo(`${dir}/code`, symbols);
  const verdicts: StepVerdict[] = [];
  const statuses: Partial<Record<StepStatus, number>> = {};
  for (const walkthrough of engine.list()) {
    for (const step of walkthrough.steps) {
      if (step.contentOnly) continue;
      const key = `${walkthrough.spec.id}/${step.spec.id}`;
      const place = places.get(key);
      if (!place) throw new Error(`${key} has no place in the sample`);
      statuses[step.status] = (statuses[step.status] ?? 0) + 1;
      verdicts.push(await judge(symbols, `${dir}/code`, key, step, place, truth));
    }
  }
  return {
    name,
    description: truth.description,
    steps: verdicts.length,
    absent: verdicts.filter((v) => v.absent).length,
    right: verdicts.filter((v) => v.right).length,
    silentlyWrong: verdicts.filter((v) => v.silentlyWrong).length,
    statuses,
    verdicts,
  };
}

async function judge(symbols: SymbolIndex, root: string, key: string, step: ResolvedStep, place: { decl?: string; text: string }, truth: VariantTruth): Promise<StepVerdict> {
  const renamed = place.decl === undefined ? undefined : (truth.renames?.[place.decl] ?? place.decl);
  const wanted = truth.steps?.[key] ?? (renamed === undefined ? [] : [renamed]);
  const deleted = place.decl !== undefined && (truth.deleted ?? []).includes(place.decl);
  const neverHad = place.decl !== undefined && (truth.absent ?? []).includes(place.decl);
  const gone = (deleted || neverHad) && truth.steps?.[key] === undefined;
  const codeAbsent = !gone && truth.absentCode?.[key] !== undefined;
  const expected = gone
    ? `(${deleted ? 'deleted' : 'absent'} ${place.decl})`
    : `${wanted.length ? wanted.join(' | ') : `text "${place.text.slice(0, 40)}"`}${codeAbsent ? ' (code absent: not ok/moved)' : ''}`;
  let landed = '(nowhere)';
  let right = false;
  if (step.file && step.span) {
    const decl = await enclosing(symbols, step.file, step.span.start);
    landed = `${relativePath(root, step.file)}:${step.span.start + 1}${decl ? ` ${decl}` : ''}`;
    if (!gone) right = wanted.length ? decl !== undefined && wanted.includes(decl) : lineText(step.file, step.span.start) === place.text;
    if (codeAbsent && (step.status === 'ok' || step.status === 'moved')) right = false;
  }
  return { key, status: step.status, expected, landed, right, absent: gone || codeAbsent, silentlyWrong: !right && SHOWN_AS_FOUND.has(step.status) && step.span !== undefined };
}

export function variantNames(): string[] {
  return readdirSync(VARIANTS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export async function measureAll(): Promise<VariantFigures[]> {
  const symbols = new SymbolIndex();
  const reference = await referencePlaces(symbols);
  const figures: VariantFigures[] = [];
  for (const name of variantNames()) figures.push(await measureVariant(name, symbols, reference));
  return figures;
}

const percent = (n: number, of: number) => `${of === 0 ? 0 : Math.round((n / of) * 1000) / 10}%`;

export function landingTable(figures: readonly VariantFigures[], details = false): string[] {
  const lines = ['Landing the bundled walkthroughs on variant checkouts (code steps only)', ''];
  lines.push('| variant | steps | code absent | right function | silently wrong | statuses |', '|---|---|---|---|---|---|');
  for (const f of figures) {
    const statuses = Object.entries(f.statuses).map(([s, n]) => `${n} ${s}`).join(', ');
    lines.push(`| ${f.name} | ${f.steps} | ${f.absent} | ${f.right} (${percent(f.right, f.steps)}) | ${f.silentlyWrong} (${percent(f.silentlyWrong, f.steps)}) | ${statuses} |`);
  }
  if (details) {
    for (const f of figures) {
      const misses = f.verdicts.filter((v) => !v.right);
      if (misses.length === 0) continue;
      lines.push('', `${f.name}: not in the right function`);
      for (const v of misses) lines.push(`  ${v.silentlyWrong ? '!! ' : ''}${v.key} [${v.status}] expected ${v.expected}, landed ${v.landed}`);
    }
  }
  return lines;
}

if (require.main === module) {
  measureAll().then(
    (figures) => console.log(landingTable(figures, process.argv.includes('--details')).join('\n')),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
