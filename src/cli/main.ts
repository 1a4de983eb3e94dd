/** The `modeseek` command line: dispatches to subcommands. Node only. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'bench': {
      const { runBench } = await import('./bench.js');
      return runBench(rest);
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`modeseek: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

const USAGE = `Usage: modeseek <command> [options]

Commands:
  bench [--json FILE] [--frames N]   per-frame cost of each tracker beside OpenCV.js
`;
