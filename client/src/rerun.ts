// One round of work at a time, run once more when asked while a round runs (pure: no vscode).

/**
 * Runs `work` one round at a time. A request made while a round runs — up to its very last
 * await — is not lost: one more round follows, and every caller waits for the round that saw
 * its request. (The walkthrough list lost a `walkthroughs/didChange` that arrived while its
 * round awaited `setContext` after its last check for more work.)
 */
export class Rerun {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly work: () => Promise<void>) {}

  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** The round under way (without asking for another), or a new one when none runs. */
  settled(): Promise<void> {
    return this.running ?? this.request();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.work();
    } while (this.again);
  }
}
