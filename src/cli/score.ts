/**
 * `modeseek score <sequence-or-folder>... --results DIR [--name NAME] [--json F] [--report F]`:
 * scores another tracker's result files (OTB layout `DIR/<sequence>.txt`) with the same metrics
 * and JSON as `modeseek eval`. Node only.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { buildEvalJson, type EvalFailure, type EvalSequenceResult } from '../eval/result.js';
import { formatEvalTable } from '../eval/table.js';
import { renderReportHtml, type ReportSequence } from '../eval/report-html.js';
import { findSequences } from '../eval/node/sources.js';
import { scoreResultFile } from '../eval/node/score-results.js';
import { parseArgs, UsageError, withUsage } from './args.js';
import { checkOutputFile } from './outputs.js';

export const SCORE_USAGE = `Usage: modeseek score <sequence-or-folder>... --results DIR [options]

Scores another tracker's results (CSRT, a Python tracker, a paper's published files) with the
same metrics and JSON as 'modeseek eval' (OPE: frame k of the file against line k of the ground
truth). DIR holds one file a sequence, DIR/<sequence>.txt, one x,y,w,h a frame, comma, tab or
space separated (as the OTB and pysot toolkits write them); a blank or NaN line is a frame the
tracker gave no box for. The sequences are given as to 'modeseek eval'.

Options:
  -R, --results DIR      the folder of result files (required)
  -n, --name NAME        the tracker's name in the table and JSON (default: DIR's name)
      --origin 0|1       pixel origin of the result files (default: the ground truth's; OTB 1)
  -o, --json FILE        the results as JSON (msPerFrame is null: the time is not known)
  -r, --report FILE.html the HTML report (plots and table)
  -h, --help             this help
`;

export async function runScore(argv: string[]): Promise<number> {
  return withUsage('score', async () => {
    const { positionals, options: o } = parseArgs(argv, {
      results: { type: 'string', short: 'R' },
      name: { type: 'string', short: 'n' },
      origin: 'string',
      json: { type: 'string', short: 'o' },
      report: { type: 'string', short: 'r' },
      help: { type: 'boolean', short: 'h' },
    });
    if (o.help) {
      process.stdout.write(SCORE_USAGE);
      return 0;
    }
    const dir = o.results as string | undefined;
    if (!dir) throw new UsageError('give --results DIR, the folder of the result files (<sequence>.txt)');
    if (positionals.length === 0) throw new UsageError('give at least one sequence or folder of sequences (for the ground truth)');
    let origin: 0 | 1 | undefined;
    if (o.origin !== undefined) {
      if (o.origin !== '0' && o.origin !== '1') throw new UsageError(`--origin must be 0 or 1, got ${String(o.origin)}`);
      origin = Number(o.origin) as 0 | 1;
    }
    const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
    if (!isDir) throw new UsageError(`--results ${dir}: no such folder; give the folder of the result files (<sequence>.txt)`);
    const json = o.json as string | undefined, report = o.report as string | undefined;
    if (json) await checkOutputFile(json, '--json');
    if (report) await checkOutputFile(report, '--report');
    const name = (o.name as string | undefined) ?? (basename(dir.replace(/[\\/]+$/, '')) || 'results');

    const { sources, errors } = await findSequences(positionals);
    const sequences: EvalSequenceResult[] = [];
    const failed: EvalFailure[] = [...errors];
    const reportSeqs: ReportSequence[] = [];
    for (const source of sources) {
      try {
        const s = await scoreResultFile(source, dir, origin);
        sequences.push({ name: source.name, frames: s.frames, auc: s.score.auc, precision20: s.score.precision20, meanIoU: s.score.meanIoU, msPerFrame: null, excluded: s.excluded });
        reportSeqs.push({ name: source.name, width: 0, height: 0, curves: [{ success: s.score.success, precision: s.score.precision }], thumbnails: [] });
      } catch (err) {
        failed.push({ name: source.name, error: (err as Error).message });
        process.stderr.write(`modeseek score: ${source.name} failed: ${(err as Error).message}\n`);
      }
    }
    for (const e of errors) process.stderr.write(`modeseek score: ${e.name} failed: ${e.error}\n`);
    const result = buildEvalJson(name, sequences, failed);
    process.stdout.write(formatEvalTable([result]));
    const write = async (file: string, text: string): Promise<void> => {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
    };
    if (json) await write(json, JSON.stringify(result, null, 2) + '\n');
    if (report) await write(report, renderReportHtml({ results: [result], sequences: reportSeqs, command: `modeseek score ${argv.join(' ')}` }));
    return failed.length > 0 ? 1 : 0;
  });
}
