/**
 * The Code Walkthroughs language server's entry: builds the connection from the arguments
 * (`node dist/server.js --stdio`, node-ipc for VS Code, pipes/sockets) over the real disk and
 * starts the server on it (`startServer.ts`).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { inspect } from 'node:util';
import { NodeFileSystem } from './core/nodeFileSystem';
import { FramingGuard } from './runtime/framing';
import { describeError } from './runtime/log';
import { GitCli } from './gitHistory';
import { serverSymbols } from './serverSymbols';
import { startServer } from './startServer';

// Over stdio, input passes a guard that drops malformed frames (see framing.ts); the console
// is sent to the client's log, as the library does when it owns stdio itself.
const stdio = process.argv.includes('--stdio');
let reportMalformed = (_reason: string): void => undefined;
const connection = stdio
  ? createConnection(ProposedFeatures.all, process.stdin.pipe(new FramingGuard((reason) => reportMalformed(reason))), process.stdout)
  : createConnection(ProposedFeatures.all);
if (stdio) {
  const toLog = (...args: unknown[]) => connection.console.log(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
  console.log = console.info = console.debug = console.warn = console.error = toLog;
}
const log = { error: (message: string) => connection.console.error(message) };
reportMalformed = (reason) => log.error(`[transport] ${reason}`);

// The server must outlive any bug triggered by workspace content.
process.on('uncaughtException', (error) => log.error(`[uncaught] ${describeError(error)}`));
process.on('unhandledRejection', (error) => log.error(`[unhandled rejection] ${describeError(error)}`));

// Nothing outside the workspace folders is read, even through symbolic links.
// Parses are kept between sessions in the folder the client gives (initializationOptions.cacheDir).
startServer(connection, { fs: (folders) => new NodeFileSystem({ confineTo: folders }), logger: log, git: new GitCli(), symbols: serverSymbols });
