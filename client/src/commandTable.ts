// Commands as tables (`{ id: handler }`), registered in one loop at activation: each feature says
// which commands it has; extension.ts registers them all, once.
import * as vscode from 'vscode';

export type CommandHandler = (...args: unknown[]) => unknown;
export type CommandTable = Readonly<Record<string, CommandHandler>>;

/** Registers every command of the tables; an id in two tables is a programming error. */
export function registerCommandTables(tables: readonly CommandTable[]): vscode.Disposable {
  const seen = new Set<string>();
  const registered: vscode.Disposable[] = [];
  for (const table of tables) {
    for (const [id, handler] of Object.entries(table)) {
      if (seen.has(id)) throw new Error(`The command ${id} is registered twice.`);
      seen.add(id);
      registered.push(vscode.commands.registerCommand(id, handler));
    }
  }
  return vscode.Disposable.from(...registered);
}
