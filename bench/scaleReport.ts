/**
 * The scale series' table and results.json, as pure functions: a row is one number at one size,
 * beside its floor (ratio = value / floor) and its target (met or missed). Measuring lives in
 * scale.bench.ts; nothing here reads a clock or a file.
 */
import { percentile } from './stats';

export type Unit = 'ms' | 'MiB' | 'x';

/** `value ≤ limit`, on the row's value or on its ratio to the floor. */
export interface Target {
  on: 'value' | 'ratio';
  limit: number;
  /** How the target reads in the table, e.g. "≤ 3× floor". */
  label: string;
}

export interface Row {
  /** Steps in the workspace, or 'sample' for the bundled sample repository. */
  size: number | 'sample';
  name: string;
  unit: Unit;
  /** undefined when the measurement failed or timed out (see `problem`). */
  value?: number;
  floor?: { name: string; value: number };
  ratio?: number;
  target?: Target;
  /** true met, false missed, undefined when there is no target or no number. */
  met?: boolean;
  /** Why there is no number ("timed out after 300 s", "exit status 3", …), or that the run is not trustworthy. */
  problem?: string;
  /** Extra facts printed in the last column (n, p50/max, status counts). */
  note?: string;
  /** Any other numbers worth keeping in results.json. */
  details?: Record<string, unknown>;
}

export interface RowInput extends Omit<Row, 'ratio' | 'met' | 'floor'> {
  floor?: { name: string; value: number | undefined };
}

/** value / floor, or undefined when either is missing, not finite, or the floor is not positive. */
export function ratio(value: number | undefined, floor: number | undefined): number | undefined {
  if (value === undefined || floor === undefined || !Number.isFinite(value) || !Number.isFinite(floor) || floor <= 0) return undefined;
  return value / floor;
}

/** Whether the target is met; undefined when there is no target or nothing to compare. A row with a problem never meets its target. */
export function isMet(target: Target | undefined, value: number | undefined, rowRatio: number | undefined, problem?: string): boolean | undefined {
  if (!target) return undefined;
  if (problem !== undefined) return false;
  const compared = target.on === 'value' ? value : rowRatio;
  if (compared === undefined || !Number.isFinite(compared)) return undefined;
  return compared <= target.limit;
}

/** Completes a row: its ratio to the floor and whether it meets its target. */
export function row(input: RowInput): Row {
  const floorValue = input.floor?.value;
  const floor = input.floor && floorValue !== undefined && Number.isFinite(floorValue) ? { name: input.floor.name, value: floorValue } : undefined;
  const r = ratio(input.value, floor?.value);
  const out: Row = { ...input, floor, ...(r !== undefined ? { ratio: r } : {}) } as Row;
  if (!floor) delete out.floor;
  const met = isMet(input.target, input.value, r, input.problem);
  if (met !== undefined) out.met = met;
  return out;
}

/** Cost per 1,000 steps. */
export function perThousand(ms: number | undefined, steps: number): number | undefined {
  return ms === undefined || steps <= 0 ? undefined : (ms / steps) * 1000;
}

/** Median of unsorted samples (NaN when empty). */
export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** p50, p99 and max of unsorted samples. */
export function spread(values: number[]): { n: number; p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

/** Status counts that differ from what the workload is built to produce, as "moved 990 (intended 1000)"; empty when they match. */
export function countMismatches(measured: Record<string, number>, intended: Record<string, number>): string[] {
  const names = new Set([...Object.keys(intended), ...Object.keys(measured)]);
  const out: string[] = [];
  for (const name of names) {
    const got = measured[name] ?? 0;
    const want = intended[name] ?? 0;
    if (got !== want) out.push(`${name} ${got} (intended ${want})`);
  }
  return out;
}

function formatNumber(value: number | undefined, unit: Unit): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (unit === 'x') return `${value.toFixed(2)}×`;
  const digits = unit === 'MiB' ? 1 : value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${value.toFixed(digits)} ${unit}`;
}

function formatRatio(value: number | undefined): string {
  if (value === undefined) return '—';
  return `${value < 10 ? value.toFixed(2) : value.toFixed(0)}×`;
}

function sizeLabel(size: Row['size']): string {
  return size === 'sample' ? 'sample' : size >= 1000 && size % 1000 === 0 ? `${size / 1000}k` : String(size);
}

/** The table as aligned text lines. */
export function formatTable(rows: Row[]): string[] {
  const header = ['steps', 'measurement', 'value', 'floor', 'ratio', 'target', 'met', 'notes'];
  const cells = rows.map((r) => [
    sizeLabel(r.size),
    r.name,
    r.value === undefined ? (r.problem ?? '—') : formatNumber(r.value, r.unit),
    r.floor ? `${formatNumber(r.floor.value, r.unit === 'x' ? 'ms' : r.unit)} ${r.floor.name}` : '—',
    formatRatio(r.ratio),
    r.target?.label ?? '',
    r.met === undefined ? '' : r.met ? 'met' : 'MISSED',
    [r.value !== undefined && r.problem ? `⚠ ${r.problem}` : '', r.note ?? ''].filter(Boolean).join('; '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((cell, i) => (i === c.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
}
