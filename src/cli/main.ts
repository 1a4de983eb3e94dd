/** The `modeseek` command line: dispatches to subcommands. Node only. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'bench': {
      const { runBench } = await import('./bench.js');
      return runBench(rest);
    }
    case 'eval': {
      const { runEval } = await import('./eval.js');
      return runEval(rest);
    }
    case 'segment': {
      const { runSegment } = await import('./segment.js');
      return runSegment(rest);
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
  eval <sequence-or-folder>... [--tracker NAME[,NAME]] [--json FILE] [--predictions DIR] [--report FILE.html]
       [--jobs N] [--shard i/n]    (modeseek eval --help for all options)
                                     replay sequences with ground truth and score trackers (OTB metrics)
  eval merge PART.json... --json FILE
                                     join the JSON parts of a sharded evaluation
  bench [--json FILE] [--frames N]   per-frame cost of each tracker beside OpenCV.js
  segment IN.png --out OUT.png [--labels L.png] [--spatial-radius 7 --color-radius 6.5 --min-region 20]
                                     mean-shift segmentation of an image
`;
