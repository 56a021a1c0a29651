/**
 * The registration table's entries: each feature file exports its handlers as
 * `{ type, handler }` (`export const hoverHandler = onRequest(HoverRequest.type, …)`), typed by the
 * message's `RequestType`, so params and result are the contract's (common/src/protocol.ts, or
 * LSP's own) and never restated. startServer.ts registers the table in one loop; every request
 * runs through `safely` (errors logged and answered InternalError, cancellation RequestCancelled).
 */
import { ProtocolRequestType, type CancellationToken, type Connection, type Disposable, type NotificationType, type RequestType } from 'vscode-languageserver';
import { safely } from './safe';
import type { Server } from './server';

export interface RequestEntry<P, R> {
  readonly type: RequestType<P, R, unknown>;
  readonly handler: (params: P, server: Server, token: CancellationToken | undefined) => R | Promise<R>;
  /** Listens for the request on `connection`, answering through `handler`. */
  register(connection: Connection, server: Server): Disposable;
}

export interface NotificationEntry<P> {
  readonly type: NotificationType<P>;
  readonly handler: (params: P, server: Server) => void;
  register(connection: Connection, server: Server): Disposable;
}

/** What the table holds: requests and notifications of any params and result. */
export interface Registration {
  readonly type: { readonly method: string };
  register(connection: Connection, server: Server): Disposable;
}

/** A request handler. Standard requests pass LSP's `XRequest.type`, custom ones the contract's. */
export function onRequest<P, R, E>(type: RequestType<P, R, E>, handler: RequestEntry<P, R>['handler']): RequestEntry<P, R> {
  return {
    type,
    handler,
    register: (connection, server) => {
      const answer = safely(server.log, type.method, (params: P, token) => handler(params, server, token));
      // LSP's own requests are registered by their type, as vscode-languageserver's `onHover`… do
      // (one without params is answered InvalidParams); the contract's by method, as they always
      // were (their params are optional on the wire). The erasure to `unknown` is only for the
      // compiler, which cannot resolve LSP's result type (`null` → `void`) for a generic R.
      if (type instanceof ProtocolRequestType) return connection.onRequest(type as RequestType<unknown, unknown, unknown>, answer as (params: unknown, token: CancellationToken) => Promise<unknown>);
      return connection.onRequest(type.method, answer);
    },
  };
}

/** A notification handler (a notification has no answer: failures are the handler's to log). */
export function onNotification<P>(type: NotificationType<P>, handler: NotificationEntry<P>['handler']): NotificationEntry<P> {
  // By method, as the contract's notifications always were (see `onRequest`).
  return { type, handler, register: (connection, server) => connection.onNotification(type.method, (params: P) => handler(params, server)) };
}
