// What the e2e scenarios expect, read straight from the sample workspace's YAML and Go files
// (with the `yaml` package, not with the product's own engine), so the UI is checked against the
// files a user sees rather than against the code under test.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface SampleStep {
  /** 0-based position in the walkthrough. */
  index: number;
  id: string;
  title?: string;
  /** Absolute path of the step's code file, if any. */
  file?: string;
  anchor?: string;
  symbol?: string;
  /** The `lines` hint as written, e.g. "74-78". */
  lines?: string;
  question?: string;
  points?: string;
}

export interface SampleWalkthrough {
  /** Absolute path of the YAML file. */
  yamlFile: string;
  id: string;
  title: string;
  primary: boolean;
  steps: SampleStep[];
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.git', 'dist', 'out'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.walkthrough\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}

export function loadWalkthroughs(workspace: string): SampleWalkthrough[] {
  return walk(workspace).sort().map((yamlFile) => {
    const doc = parse(readFileSync(yamlFile, 'utf8')) as Record<string, unknown>;
    const root = path.resolve(path.dirname(yamlFile), typeof doc.root === 'string' ? doc.root : path.relative(path.dirname(yamlFile), workspace));
    const steps = (Array.isArray(doc.steps) ? doc.steps : []).map((raw: Record<string, unknown>, index: number): SampleStep => ({
      index,
      id: raw.id === undefined ? String(index + 1) : String(raw.id),
      ...(typeof raw.title === 'string' ? { title: raw.title } : {}),
      ...(typeof raw.file === 'string' ? { file: path.resolve(root, raw.file) } : {}),
      ...(typeof raw.anchor === 'string' ? { anchor: raw.anchor } : {}),
      ...(typeof raw.symbol === 'string' ? { symbol: raw.symbol } : {}),
      ...(raw.lines !== undefined ? { lines: String(raw.lines) } : {}),
      ...(typeof raw.question === 'string' ? { question: raw.question } : {}),
      ...(typeof raw.points === 'string' ? { points: raw.points } : {}),
    }));
    return {
      yamlFile,
      id: typeof doc.id === 'string' ? doc.id : path.basename(yamlFile).replace(/\.walkthrough\.ya?ml$/, ''),
      title: String(doc.title),
      primary: doc.primary === true,
      steps,
    };
  });
}

export function primaryWalkthrough(workspace: string): SampleWalkthrough {
  const all = loadWalkthroughs(workspace);
  const primary = all.find((w) => w.primary);
  if (!primary) throw new Error(`no primary walkthrough among ${all.map((w) => w.yamlFile).join(', ')}`);
  return primary;
}

/** Lines of a file as on disk (index 0 = line 1). */
export function fileLines(file: string): string[] {
  return readFileSync(file, 'utf8').split(/\r?\n/);
}

/** Name of the Go function or method whose body contains `line` (1-based), e.g. "Sell". */
export function enclosingGoFunc(file: string, line: number): string | undefined {
  const lines = fileLines(file);
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const m = /^func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)/.exec(lines[i]!);
    if (m) return m[1];
    if (i < line - 1 && /^}/.test(lines[i]!)) return undefined; // left a previous top-level block
  }
  return undefined;
}

/** First non-empty line of a markdown/text value, without list markers and emphasis. */
export function firstLine(text: string | undefined): string {
  const line = (text ?? '').split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  return line.replace(/^([-*+]|\d+\.)\s+/, '').replace(/[*_`]/g, '').trim();
}

const normLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * 1-based line where the step's anchor starts in the file as it is on disk now: the match of the
 * anchor's first line nearest to the `lines` hint.
 */
export function anchorLineOnDisk(step: SampleStep): number {
  if (!step.file || !step.anchor) throw new Error(`step ${step.id} has no file/anchor`);
  const want = normLine(step.anchor.split('\n')[0]!);
  const hint = Number.parseInt(step.lines ?? '1', 10);
  const matches = fileLines(step.file).flatMap((l, i) => (normLine(l) === want ? [i + 1] : []));
  if (matches.length === 0) throw new Error(`anchor of step ${step.id} not found in ${step.file}`);
  return matches.sort((a, b) => Math.abs(a - hint) - Math.abs(b - hint))[0]!;
}

/** 1-based line of `key:` inside the step's block of the YAML file (e.g. 'lines', 'file'). */
export function stepKeyLine(walkthrough: SampleWalkthrough, step: SampleStep, key: string): number {
  const lines = fileLines(walkthrough.yamlFile);
  const stepsAt = lines.findIndex((l) => /^steps:\s*$/.test(l));
  let seen = -1;
  let inStep = false;
  for (let i = stepsAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\S/.test(line)) break; // next top-level key
    const item = /^(\s*)- /.exec(line);
    if (item && item[1]!.length <= 2) {
      seen++;
      inStep = seen === step.index;
      if (inStep && new RegExp(`^\\s*- ${key}:`).test(line)) return i + 1;
      continue;
    }
    if (inStep && new RegExp(`^\\s+${key}:`).test(line)) return i + 1;
  }
  throw new Error(`no ${key}: in step ${step.id} of ${walkthrough.yamlFile}`);
}
