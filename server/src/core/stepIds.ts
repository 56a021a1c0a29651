/**
 * Stable step ids (pure): practice history and tour progress are keyed by walkthrough id + step
 * id, and a step without an explicit `id` gets its position ("3"), which silently moves to another
 * step when steps are reordered. This finds such steps (an info diagnostic on the step's first
 * key) and suggests an id for the "Add stable id" quick fix.
 */
import { t } from './l10n';
import type { StepSpec, WalkthroughSpec } from './format/parseWalkthrough';
import type { Diagnostic, Range } from './types';

/** The first key of a step in the YAML (the line the `- ` is on), where the diagnostic and the fix go. */
export function firstKeyRange(step: StepSpec): Range | undefined {
  const spans = Object.values(step.spans).filter((s): s is NonNullable<typeof s> => s !== undefined);
  spans.sort((a, b) => a.key.start.line - b.key.start.line || a.key.start.character - b.key.start.character);
  return spans[0]?.key;
}

/** Steps written as a mapping without an `id` key. */
export function stepsWithoutId(spec: WalkthroughSpec): StepSpec[] {
  return spec.steps.filter((step) => step.spans.id === undefined && firstKeyRange(step) !== undefined);
}

export function missingStepIdDiagnostics(spec: WalkthroughSpec): Diagnostic[] {
  // A CodeTour `.tour` has no `id` field to add (Convert CodeTour Tour writes stable ids).
  if (spec.format === 'codetour') return [];
  return stepsWithoutId(spec).map((step) => ({
    file: spec.file,
    range: firstKeyRange(step)!,
    severity: 'info',
    code: 'missing-step-id',
    message: t('Step {0} has no `id`: its practice history and progress are keyed by its position, so they would move to another step when steps are reordered. Add a stable `id`.', step.index + 1),
    stepIndex: step.index,
  }));
}

/** Lower-case ASCII words of `text` joined by "-" (at most 40 characters); empty for e.g. Chinese text. */
function slug(text: string | undefined): string {
  if (!text) return '';
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/**
 * An id for the step: from its title, else its symbol, else its file name, else `step-N`;
 * unique among `taken` (the walkthrough's other ids) by a numeric suffix. Never purely numeric,
 * so it cannot collide with another step's positional id. The quick fix, recording ("Add Step
 * from Selection") and "Convert CodeTour Tour" all name new steps with it.
 */
export function suggestStepId(step: Pick<StepSpec, 'index' | 'title' | 'symbol' | 'file'>, taken: ReadonlySet<string>): string {
  const fileBase = step.file?.split('/').pop()?.replace(/\.[^.]+$/, '');
  let base = slug(step.title) || slug(step.symbol) || slug(fileBase) || `step-${step.index + 1}`;
  if (/^\d+$/.test(base)) base = `step-${base}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** Ids suggested for every step without one, unique together with the explicit ids. */
export function suggestAllStepIds(spec: WalkthroughSpec): Map<StepSpec, string> {
  const taken = new Set(spec.steps.filter((s) => s.spans.id !== undefined).map((s) => s.id));
  const result = new Map<StepSpec, string>();
  for (const step of stepsWithoutId(spec)) {
    const id = suggestStepId(step, taken);
    taken.add(id);
    result.set(step, id);
  }
  return result;
}
