/**
 * How the language server's Node process is started, for everyone who starts it: the extension
 * (client/src/nodeClient.ts) and the benchmarks (bench/lspClient.ts), so that what is measured is
 * what users run.
 *
 * `--max-semi-space-size=2` (MiB; V8's default lets the young generation grow to 16 MiB per semi-space):
 * on the 10k-step bench workspace, the server idle after its load held 128–136 MiB RSS
 * instead of 205–256 MiB, for 0–7% more CPU during the load and the same first CodeLens
 * (three alternating runs each, load ≈ 1).
 * The server's garbage is short-lived parse and YAML trees: a small young generation
 * collects it just as well and does not keep 32 MiB of semi-spaces committed.
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=2'];
