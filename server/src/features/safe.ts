/**
 * Every handler runs through `safely`: an exception (from the engine, a malformed file, a bug) is
 * logged with context and the client gets the empty result. The server never dies on workspace
 * content.
 */
import { ResponseError } from 'vscode-languageserver';

export interface Logger {
  error(message: string): void;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

export function safely<P, R>(logger: Logger, name: string, fallback: R, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
  return async (params: P) => {
    try {
      return await handler(params);
    } catch (error) {
      // Protocol errors (not initialized, shut down) are answers, not failures.
      if (error instanceof ResponseError) throw error;
      logger.error(`[${name}] failed for ${describeParams(params)}: ${describeError(error)}`);
      return fallback;
    }
  };
}

function describeParams(params: unknown): string {
  if (params && typeof params === 'object') {
    const p = params as { textDocument?: { uri?: string }; position?: { line: number; character: number } };
    if (p.textDocument?.uri) return `${p.textDocument.uri}${p.position ? `:${p.position.line + 1}:${p.position.character + 1}` : ''}`;
  }
  try {
    return JSON.stringify(params).slice(0, 200);
  } catch {
    return String(params);
  }
}
