/**
 * Ctrl-C and SIGTERM for the long commands (`eval`, `track`, `bench`): the first signal says
 * what is being kept and aborts `signal`, so the command stops and writes what finished; a
 * second one quits at once (exit 130). Node only.
 */
export interface Interrupt {
  /** Aborted by the first signal. */
  readonly signal: AbortSignal;
  /**
   * The test hook: when `count` is the number in the environment variable given, says
   * `paused after <what>` and waits for a signal (interrupt tests without races).
   */
  pauseAt(count: number, what: string): Promise<void>;
  /** Stops listening for the signals. */
  dispose(): void;
}

export interface InterruptOptions {
  /** The command's name, in its messages. */
  command: string;
  /** What the first signal keeps: "writing the boxes tracked so far". */
  keeping: string;
  /** What a second signal gives up: "writing the boxes". */
  losing: string;
  /** The environment variable of `pauseAt()`'s count. */
  pauseEnv: string;
  /** Written before each message (clears a progress line). Default: nothing. */
  clearLine?: () => string;
}

export function onInterrupt({ command, keeping, losing, pauseEnv, clearLine = () => '' }: InterruptOptions): Interrupt {
  const stop = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (stop.signal.aborted) {
      process.stderr.write(`${clearLine()}modeseek ${command}: ${sig} again: quitting without ${losing}\n`);
      process.exit(130);
    }
    process.stderr.write(`${clearLine()}modeseek ${command}: ${sig}: stopping; ${keeping} (again to quit now)\n`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const pauseAfter = Number(process.env[pauseEnv] ?? NaN);
  return {
    signal: stop.signal,
    async pauseAt(count, what) {
      if (count !== pauseAfter || stop.signal.aborted) return;
      process.stderr.write(`${clearLine()}modeseek ${command}: paused after ${what} (${pauseEnv}); waiting for a signal\n`);
      const keepAlive = setInterval(() => {}, 1 << 30); // an abort listener alone does not keep Node running
      await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
      clearInterval(keepAlive);
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
