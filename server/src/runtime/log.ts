/** Where the server's failures go (the client's log by default), and how an error is told there. */
export interface Logger {
  error(message: string): void;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
