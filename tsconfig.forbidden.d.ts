// Not a module, on purpose. server/ and common/ map the modules they must not import (`vscode`,
// `vscode-languageclient`: they only exist inside VS Code, and the server also runs in other
// editors, the CLI and a web worker) to this file, so such an import fails to compile with
// "File '…/tsconfig.forbidden.d.ts' is not a module".
