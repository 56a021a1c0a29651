/**
 * Every handler runs through `safely`: an exception (from the engine, a malformed file, a bug) is
 * logged with context and the client gets an InternalError answer, never an empty result it would
 * show as if there were nothing. A cancelled request is answered RequestCancelled. The server
 * never dies on workspace content.
 */
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { t } from '../core/l10n';
import { CancelledError } from './jobQueue';
import { describeError, type Logger } from './log';

export function safely<P, R>(logger: Logger, name: string, handler: (params: P, token: CancellationToken | undefined) => R | Promise<R>): (params: P, token?: CancellationToken) => Promise<R> {
  return async (params: P, token?: CancellationToken) => {
    try {
      const result = await handler(params, token);
      // Work finished after the client gave up is not sent as if it were wanted.
      if (token?.isCancellationRequested) throw new CancelledError();
      return result;
    } catch (error) {
      // Protocol errors (not initialized, shut down) are answers, not failures.
      if (error instanceof ResponseError) throw error;
      if (error instanceof CancelledError) throw new ResponseError(LSPErrorCodes.RequestCancelled, t('The request was cancelled.'));
      logger.error(`[${name}] failed for ${describeParams(params)}: ${describeError(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, t('The walkthroughs server failed to answer {0}; see its log.', name));
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
