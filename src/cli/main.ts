/** The `modeseek` command line: dispatches to subcommands. Node only. */
import { readFileSync } from 'node:fs';

/** Optional packages some commands need, and what for (they are not installed with modeseek). */
const OPTIONAL: Record<string, string> = {
  sharp: 'to decode images',
  '@techstark/opencv-js': 'to run OpenCV.js beside modeseek',
};

export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (e) {
    const pkg = missingPackage(e);
    if (pkg === null) throw e;
    process.stderr.write(
      `modeseek ${argv[0]} needs the package ${pkg} ${OPTIONAL[pkg]}, and it is not installed.\n` +
        `Install it beside modeseek:\n\n  npm i ${pkg}\n`,
    );
    return 1;
  }
}

/** The optional package whose absence made `e` (a failed import), else null. */
function missingPackage(e: unknown): string | null {
  const err = e as { code?: string; message?: string };
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' && err?.code !== 'MODULE_NOT_FOUND') return null;
  for (const pkg of Object.keys(OPTIONAL)) {
    if (err.message?.includes(`'${pkg}'`) || err.message?.includes(`"${pkg}"`)) return pkg;
  }
  return null;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function dispatch(argv: string[]): Promise<number> {
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
    case 'track': {
      const { runTrack } = await import('./track.js');
      return runTrack(rest);
    }
    case 'score': {
      const { runScore } = await import('./score.js');
      return runScore(rest);
    }
    case 'segment': {
      const { runSegment } = await import('./segment.js');
      return runSegment(rest);
    }
    case '-v':
    case '--version':
      process.stdout.write(`${version()}\n`);
      return 0;
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default: {
      const { nearestOption } = await import('./args.js');
      const near = nearestOption(command, ['eval', 'track', 'score', 'bench', 'segment']);
      process.stderr.write(`modeseek: unknown command "${command}"${near ? `; did you mean ${near}?` : ''}\n\n${USAGE}`);
      return 2;
    }
  }
}

const USAGE = `Usage: modeseek <command> [options]     (modeseek <command> --help for all options)
       modeseek --version | --help

Commands:
  eval <sequence-or-folder>... [-t NAME[,NAME]] [-p ope|tre|sre] [-o FILE.json] [--predictions DIR]
       [-r FILE.html] [--compare DIR[:NAME]] [-j N] [--shard i/n|auto]
                                     replay sequences with ground truth and score trackers (OTB metrics)
  eval merge PART.json... [-o FILE.json] [-r FILE.html]
                                     join the parts of a sharded evaluation (JSON and report)
  track <video-or-folder> --box x,y,w,h [-t NAME] [--boxes FILE.csv|.txt|.json] [-o annotated.mp4]
                                     track recorded video with no ground truth from a first box
  score <sequence-or-folder>... --results DIR [-n NAME] [-o FILE.json] [-r FILE.html]
                                     score another tracker's result files with the same metrics
  bench [-o FILE.json] [--frames N]  per-frame cost of each tracker beside OpenCV.js
  segment IN.png -o OUT.png|.jpg|.webp [--labels L.png] [--spatial-radius 7 --color-radius 6.5 --min-region 20]
                                     mean-shift segmentation of an image
`;
