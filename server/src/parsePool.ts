/**
 * A bounded pool of parse workers (worker threads running parseWorker.ts), for the CLI and the
 * server when much is cold (issue 25). `tryParse` hands a parse to an idle worker or declines at
 * once: the caller (SymbolIndex) then parses in its own thread, so no request ever waits in a
 * queue behind other files' parses, and a busy pool only adds parallelism. Workers start on the
 * first parse (a run that finds every parse in the cache starts none) and never keep the process
 * alive. A worker that fails or exits is dropped and its parse declined (the caller parses).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { LanguageSpec } from './core/symbols/languages';
import type { SymbolParser } from './core/symbols/symbolIndex';
import type { FileSymbols } from './core/symbols/types';
import type { ParseReply, ParseRequest } from './parseWorker';

/**
 * Workers by default: one per core beyond the first, at least one. On two cores one worker beside
 * the main thread pays since it takes about half the parses (see the README's "Parse cache and
 * workers" for the numbers); it starts on the first parse, so a run served by the cache starts none.
 */
export function defaultParseWorkers(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

interface Slot {
  worker: Worker;
  /** Where the worker replies: read at once by `tryParse` (`receiveMessageOnPort`), else by its 'message' event. */
  replies: MessagePort;
  busy: boolean;
  pending?: { id: number; resolve: (result: FileSymbols | undefined | 'failed') => void };
  onReply: (reply: ParseReply) => void;
  /** Ends the worker when it stays idle (ParsePoolOptions.idleMs). */
  idleTimer?: ReturnType<typeof setTimeout>;
  /** Ended on purpose (idle or closed): its exit is no death. */
  retired?: boolean;
}

export interface ParsePoolOptions {
  /**
   * End a worker once it has been idle this long; the next parse starts one again. The server
   * sets it (a parse thread and its grammar memory are not kept after a load); the CLI, which
   * closes the pool when done, does not.
   */
  idleMs?: number;
  /**
   * Start a worker only for a burst: once parses of this many files were asked within `withinMs`
   * (a load, a checkout), never for the parses of the file being typed in, which the caller does faster than
   * a worker starts. Without it a worker starts on the first parse (the CLI).
   */
  burst?: { parses: number; withinMs: number };
}

export class ParsePool implements SymbolParser {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  private deaths = 0;
  /** When the last parses were asked, and of which file (ParsePoolOptions.burst), oldest first. */
  private readonly asked: Array<{ at: number; file: string | undefined }> = [];
  /** Parses done by workers, and declined because every worker was busy; for benchmarks. */
  readonly counts = { parsed: 0, declined: 0, failed: 0 };

  constructor(
    readonly size: number,
    private readonly workerFile = locateWorker(),
    private readonly options: ParsePoolOptions = {},
  ) {}

  /** Workers running now. */
  get workers(): number {
    return this.slots.length;
  }

  tryParse(language: LanguageSpec, text: string, facts: boolean, file?: string): Promise<FileSymbols | undefined | 'failed'> | undefined {
    if (this.closed || this.size < 1) return undefined;
    // Replies that arrived while this thread was busy (a long run of steps that never returns to
    // the event loop): taken now, so a worker that is done takes the next parse instead of
    // looking busy until the event loop comes round.
    for (const busy of this.slots) {
      if (!busy.busy) continue;
      const reply = receiveMessageOnPort(busy.replies);
      if (reply) busy.onReply(reply.message as ParseReply);
    }
    let slot = this.slots.find((s) => !s.busy);
    if (!slot && this.slots.length < this.size) {
      if (!this.isBurst(file)) {
        this.counts.declined++;
        return undefined;
      }
      try {
        slot = this.start();
      } catch {
        this.closed = true;
        return undefined;
      }
      // With bursts (the server), the parse that starts a worker is done by the caller: no
      // request waits for a thread to boot and load its grammar; the next parses go to it.
      if (this.options.burst) {
        this.counts.declined++;
        this.armRetirement(slot);
        return undefined;
      }
    }
    if (!slot) {
      this.counts.declined++;
      return undefined;
    }
    const id = this.nextId++;
    clearTimeout(slot.idleTimer);
    slot.busy = true;
    // A parse under way keeps the process alive (its caller waits for it); an idle pool does not.
    slot.replies.ref();
    return new Promise((resolve) => {
      slot.pending = { id, resolve };
      const request: ParseRequest = { id, language: language.id, text, facts };
      slot.worker.postMessage(request);
    });
  }

  /** Ends every worker (the CLI before it exits; the server on shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      slot.retired = true;
      clearTimeout(slot.idleTimer);
      slot.pending?.resolve('failed');
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private start(): Slot {
    // From sources the worker is TypeScript: tsx's require hook loads it (a worker's entry ignores `--import tsx`).
    const { port1: replies, port2: replyPort } = new MessageChannel();
    const options = { workerData: { replyPort }, transferList: [replyPort] };
    const worker = this.workerFile.endsWith('.ts')
      ? new Worker(`require(${JSON.stringify(createRequire(__filename).resolve('tsx/cjs'))}); require(${JSON.stringify(this.workerFile)});`, { eval: true, ...options })
      : new Worker(this.workerFile, options);
    worker.unref();
    replies.unref();
    const slot: Slot = { worker, replies, busy: false, onReply: () => undefined };
    const settle = (result: FileSymbols | undefined | 'failed') => {
      const pending = slot.pending;
      slot.pending = undefined;
      slot.busy = false;
      slot.replies.unref();
      this.armRetirement(slot);
      pending?.resolve(result);
    };
    slot.onReply = (reply: ParseReply) => {
      if (slot.pending?.id !== reply.id) return;
      if ('failed' in reply) {
        this.counts.failed++;
        settle('failed');
      } else {
        this.counts.parsed++;
        settle(reply.result ?? undefined);
      }
    };
    replies.on('message', slot.onReply);
    // `on` refs the port: only a parse under way may keep the process alive.
    replies.unref();
    const drop = () => {
      if (slot.retired) return;
      replies.close();
      const index = this.slots.indexOf(slot);
      if (index !== -1) this.slots.splice(index, 1);
      this.counts.failed += slot.pending ? 1 : 0;
      settle('failed');
      // Workers that keep dying (a damaged install): parse in the caller's thread from now on.
      if (++this.deaths >= 3) this.closed = true;
    };
    worker.on('error', drop);
    worker.on('exit', drop);
    this.slots.push(slot);
    return slot;
  }

  /**
   * Is this parse part of a burst (see ParsePoolOptions.burst)? Always, without the option.
   * Parses of one file count once: typing reparses the file typed in, a load parses many files.
   */
  private isBurst(file: string | undefined): boolean {
    const burst = this.options.burst;
    if (!burst) return true;
    const now = performance.now();
    this.asked.push({ at: now, file });
    while (this.asked.length > 0 && now - this.asked[0]!.at > burst.withinMs) this.asked.shift();
    // Bounded: a few more than needed, the oldest dropped.
    if (this.asked.length > burst.parses * 4) this.asked.shift();
    let anonymous = 0;
    const files = new Set<string>();
    for (const ask of this.asked) {
      if (ask.file === undefined) anonymous++;
      else files.add(ask.file);
    }
    return files.size + anonymous >= burst.parses;
  }

  private armRetirement(slot: Slot): void {
    const idleMs = this.options.idleMs;
    if (idleMs === undefined) return;
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      if (slot.busy || slot.retired) return;
      slot.retired = true;
      const index = this.slots.indexOf(slot);
      if (index !== -1) this.slots.splice(index, 1);
      slot.replies.close();
      void slot.worker.terminate();
    }, idleMs);
    // An idle pool never keeps the process alive.
    slot.idleTimer.unref?.();
  }
}

/** dist/parseWorker.js beside the bundle; from sources (tests, benchmarks), parseWorker.ts under tsx. */
function locateWorker(): string {
  const bundled = path.join(__dirname, 'parseWorker.js');
  return existsSync(bundled) ? bundled : path.join(__dirname, 'parseWorker.ts');
}
