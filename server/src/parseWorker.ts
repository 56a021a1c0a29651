/**
 * A parse worker (parsePool.ts starts these as worker threads): parses the files it is sent with
 * the same code as the main thread (core/symbols/parseFile.ts) and posts the plain results back.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { LANGUAGES } from './core/symbols/languages';
import { parseFileSymbols, ParserSet } from './core/symbols/parseFile';
import type { FileSymbols } from './core/symbols/types';

export interface ParseRequest {
  id: number;
  language: string;
  text: string;
  facts: boolean;
}

export type ParseReply = { id: number; result: FileSymbols | null } | { id: number; failed: string };

const parsers = new ParserSet();
const port = parentPort;
/** Replies go to the pool's port (which it can read without waiting for its event loop), else to the parent. */
const replies = (workerData as { replyPort?: MessagePort } | undefined)?.replyPort ?? port;
if (port && replies) {
  port.on('message', (request: ParseRequest) => {
    void handle(request).then((reply) => replies.postMessage(reply));
  });
}

async function handle(request: ParseRequest): Promise<ParseReply> {
  try {
    const language = LANGUAGES.find((l) => l.id === request.language);
    if (!language) return { id: request.id, failed: `unknown-language:${request.language}` };
    const parser = await parsers.get(language);
    return { id: request.id, result: parseFileSymbols(parser, language, request.text, request.facts) ?? null };
  } catch (error) {
    return { id: request.id, failed: error instanceof Error ? error.message : String(error) };
  }
}
