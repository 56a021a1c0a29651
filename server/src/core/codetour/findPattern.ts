/**
 * CodeTour's `pattern`: a regular expression matched against the whole file in multi-line mode;
 * the line of its first match is the step's line.
 *
 * Patterns come from untrusted tour files, and any JavaScript regular expression can backtrack
 * exponentially: with a quantifier (`(a+)+$`) or without one (`(a|a)(a|a)…b`), through lookarounds
 * or backreferences. No analysis of the pattern catches every shape, a linear-time engine (RE2)
 * would match differently from CodeTour (no lookarounds or backreferences, other `$`, `.` and `\s`
 * rules), and a running match cannot be interrupted on the thread that runs it (a `vm` timeout
 * still blocks that thread until it fires). So every match runs in a worker thread that is
 * terminated when its time is up: the server keeps answering meanwhile, and the CLI never hangs.
 *
 * The time is budgeted per tour (`PatternMatcher`): each pattern gets at most `perPatternMs` while
 * the tour has time left (`perTourMs` for all its matches); once that is spent, each further
 * pattern gets only `floorMs` (plenty for one that does not backtrack: a scan of a 5 MB file takes
 * a few milliseconds), and once `maxTimeouts` matches of the tour ran out of time, the rest are not
 * tried at all (each abandoned match costs a new worker): a tour of 200 slow patterns costs about
 * a second, not minutes. A pattern
 * that ran out of time on a file is remembered and not tried again while the file is edited (only
 * once it changes on disk, or everything is reloaded), and results are kept per file text, so a
 * keystroke in the tour re-resolves its steps without matching again.
 */
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { t } from '../l10n';

/** Longer patterns are refused outright (they are not written by hand). */
export const MAX_PATTERN_LENGTH = 1000;
/** Time one match may take before it is abandoned. */
export const PATTERN_BUDGET_MS = 250;
/** Time all the matches of one tour may take together (each still at most PATTERN_BUDGET_MS). */
export const TOUR_PATTERN_BUDGET_MS = 1000;
/** Time a match gets once its tour's budget is spent. */
export const PATTERN_FLOOR_MS = 25;
/** Matches of one tour that may run out of time before the rest are not tried. */
export const TOUR_MAX_TIMEOUTS = 8;

export type PatternResult =
  | { kind: 'found'; line: number }
  | { kind: 'not-found' }
  | { kind: 'invalid'; message: string }
  /** It ran out of time (now, or before on this file: `remembered`). */
  | { kind: 'too-slow'; remembered?: boolean }
  /** Not tried: the tour's other patterns used up its time. */
  | { kind: 'skipped' };

/** Is the pattern usable at all? A message for the diagnostic when it is not. */
export function checkPattern(pattern: string): string | undefined {
  if (pattern.trim() === '') return t('`pattern` is empty.');
  if (pattern.length > MAX_PATTERN_LENGTH) return t('`pattern` is longer than {0} characters.', MAX_PATTERN_LENGTH);
  try {
    new RegExp(pattern, 'm');
    return undefined;
  } catch (error) {
    return t('`pattern` is not a valid regular expression: {0}', error instanceof Error ? error.message : String(error));
  }
}

/**
 * The worker, its code a string (`eval: true`) so that the bundled server and CLI need no second
 * file. It keeps the last few texts by key, so that 200 steps on one file send the file once; it
 * answers `missing` for a key it no longer holds, and is then sent the text again.
 */
const WORKER_TEXTS = 4;
function newWorker(): Worker {
  return new Worker(`
const { parentPort } = require('node:worker_threads');
const texts = new Map();
parentPort.on('message', (job) => {
  if (job.text !== undefined) {
    texts.delete(job.key);
    texts.set(job.key, job.text);
    if (texts.size > ${WORKER_TEXTS}) texts.delete(texts.keys().next().value);
  }
  const text = texts.get(job.key);
  if (text === undefined) return parentPort.postMessage({ id: job.id, missing: true });
  let match;
  try {
    match = new RegExp(job.pattern, 'm').exec(text);
  } catch (error) {
    return parentPort.postMessage({ id: job.id, error: String(error && error.message || error) });
  }
  if (!match) return parentPort.postMessage({ id: job.id, line: -1 });
  // Lines counted the way the engine splits them (core/text.ts): CRLF, CR and LF each end a line.
  let line = 0;
  for (let i = 0; i < match.index; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  parentPort.postMessage({ id: job.id, line });
});
`, { eval: true });
}

interface Job {
  key: string;
  text: string;
  pattern: string;
  budgetMs: number;
}

type Reply = { id: number; missing: true } | { id: number; error: string } | { id: number; line: number };

/**
 * One worker thread that runs matches one at a time, each under its deadline; a match that
 * overruns terminates the worker (a new one starts for the next match). Unreferenced, so that it
 * never keeps a CLI process alive; a match under way keeps it alive through its deadline timer.
 */
class MatchWorker {
  private worker: Promise<Worker> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;
  private nextKey = 0;
  /** The text last sent under each key (the worker holds it unless it dropped it: then it says so). */
  private readonly held = new Map<string, string>();

  /** Runs `pattern` over `text` (flag `m`); `key` names the text, so that the worker can keep it. */
  run(job: Job): Promise<PatternResult> {
    const result = this.queue.then(() => this.exec(job, false));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** A key for a text nobody will ask about again. */
  freshKey(): string {
    return `\0once ${++this.nextKey}`;
  }

  private start(): Promise<Worker> {
    this.worker ??= new Promise((resolve, reject) => {
      const worker = newWorker();
      // Referenced while it starts (someone waits for it); afterwards a match's deadline timer keeps the process alive.
      worker.once('online', () => {
        worker.unref();
        resolve(worker);
      });
      worker.once('error', reject);
    });
    return this.worker;
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.held.clear();
    void worker?.then((w) => w.terminate()).catch(() => undefined);
  }

  private async exec(job: Job, resend: boolean): Promise<PatternResult> {
    let worker: Worker;
    try {
      worker = await this.start();
    } catch (error) {
      this.worker = undefined;
      return { kind: 'invalid', message: t('`pattern` could not be evaluated: {0}', error instanceof Error ? error.message : String(error)) };
    }
    const id = ++this.nextId;
    const withText = resend || this.held.get(job.key) !== job.text;
    if (withText) {
      this.held.delete(job.key);
      this.held.set(job.key, job.text);
      if (this.held.size > WORKER_TEXTS) this.held.delete(this.held.keys().next().value!);
    }
    const reply = await new Promise<Reply | 'timeout' | Error>((resolve) => {
      const done = (value: Reply | 'timeout' | Error) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(value);
      };
      const onMessage = (message: Reply) => {
        if (message.id === id) done(message);
      };
      const onError = (error: Error) => done(error);
      worker.on('message', onMessage);
      worker.on('error', onError);
      // The text is copied for the worker here, on this thread: the clock starts after that.
      worker.postMessage({ id, key: job.key, pattern: job.pattern, ...(withText ? { text: job.text } : {}) });
      const timer = setTimeout(() => done('timeout'), job.budgetMs);
    });
    if (reply === 'timeout') {
      this.stop();
      return { kind: 'too-slow' };
    }
    if (reply instanceof Error) {
      this.stop();
      return { kind: 'invalid', message: t('`pattern` could not be evaluated: {0}', reply.message) };
    }
    if ('missing' in reply) {
      this.held.delete(job.key);
      return withText ? { kind: 'invalid', message: t('`pattern` could not be evaluated: the file text did not reach the matching thread.') } : this.exec(job, true);
    }
    if ('error' in reply) return { kind: 'invalid', message: t('`pattern` could not be evaluated: {0}', reply.error) };
    return reply.line < 0 ? { kind: 'not-found' } : { kind: 'found', line: reply.line };
  }
}

const shared = new MatchWorker();

/** The 0-based line of the first match of `pattern` in `text`, CodeTour's way (flag `m`), within `budgetMs`. */
export function findPattern(text: string, pattern: string, budgetMs = PATTERN_BUDGET_MS): Promise<PatternResult> {
  const problem = checkPattern(pattern);
  if (problem) return Promise.resolve({ kind: 'invalid', message: problem });
  return shared.run({ key: shared.freshKey(), text, pattern, budgetMs });
}

export interface PatternLimits {
  /** Time one match may take. */
  perPatternMs: number;
  /** Time the matches of one tour may take together. */
  perTourMs: number;
  /** Time a match gets once the tour's time is spent. */
  floorMs: number;
  /** Matches of one tour that may run out of time (after its time is spent) before the rest are skipped. */
  maxTimeouts: number;
}

/** What is left of one tour's matching time; make one per resolution of a tour (`PatternMatcher.budget`). */
export interface PatternBudget {
  remainingMs: number;
  timeouts: number;
}

/** Files whose match results are kept (the texts being worked on). */
const RESULT_FILES = 64;

/**
 * The engine's matcher: budgets per tour, remembers the patterns that ran out per file, keeps the
 * results per file text.
 */
export class PatternMatcher {
  private readonly limits: PatternLimits;
  private readonly tooSlow = new Map<string, Set<string>>();
  private readonly results = new Map<string, { text: string; byPattern: Map<string, PatternResult> }>();
  /** Matches abandoned because they ran out of time (for tests and benchmarks). */
  timeouts = 0;
  /** Matches run in the worker (for tests and benchmarks). */
  runs = 0;

  constructor(limits: Partial<PatternLimits> = {}) {
    this.limits = { perPatternMs: limits.perPatternMs ?? PATTERN_BUDGET_MS, perTourMs: limits.perTourMs ?? TOUR_PATTERN_BUDGET_MS, floorMs: limits.floorMs ?? PATTERN_FLOOR_MS, maxTimeouts: limits.maxTimeouts ?? TOUR_MAX_TIMEOUTS };
  }

  /** A fresh budget for one tour's matches. */
  budget(): PatternBudget {
    return { remainingMs: this.limits.perTourMs, timeouts: 0 };
  }

  async find(file: string, text: string, pattern: string, budget: PatternBudget): Promise<PatternResult> {
    const problem = checkPattern(pattern);
    if (problem) return { kind: 'invalid', message: problem };
    if (this.tooSlow.get(file)?.has(pattern)) return { kind: 'too-slow', remembered: true };
    let entry = this.results.get(file);
    if (entry && entry.text !== text) entry = undefined;
    const known = entry?.byPattern.get(pattern);
    if (known) return known;
    if (budget.remainingMs <= 0 && budget.timeouts >= this.limits.maxTimeouts) return { kind: 'skipped' };
    const started = performance.now();
    this.runs++;
    const budgetMs = Math.max(this.limits.floorMs, Math.min(this.limits.perPatternMs, budget.remainingMs));
    const result = await shared.run({ key: file, text, pattern, budgetMs });
    budget.remainingMs -= performance.now() - started;
    if (result.kind === 'too-slow') {
      this.timeouts++;
      budget.timeouts++;
      const patterns = this.tooSlow.get(file) ?? new Set<string>();
      patterns.add(pattern);
      this.tooSlow.set(file, patterns);
      return result;
    }
    // Most recently used last; the text may have changed while the match ran.
    entry = this.results.get(file);
    if (!entry || entry.text !== text) entry = { text, byPattern: new Map() };
    this.results.delete(file);
    this.results.set(file, entry);
    if (this.results.size > RESULT_FILES) this.results.delete(this.results.keys().next().value!);
    entry.byPattern.set(pattern, result);
    return result;
  }

  /** The file changed on disk: its slow patterns get another chance. */
  forget(file: string): void {
    this.tooSlow.delete(file);
    this.results.delete(file);
  }

  clear(): void {
    this.tooSlow.clear();
    this.results.clear();
  }
}
