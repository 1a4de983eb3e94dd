/**
 * `--shard i/n`, or `--shard auto` (with `--shard auto/n` or `--shards n` for the count) from a
 * batch engine's environment: a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX`, 0-based), GitLab
 * CI `parallel:` (`CI_NODE_INDEX`, 1-based, `CI_NODE_TOTAL`), CircleCI (`CIRCLE_NODE_INDEX`,
 * 0-based, `CIRCLE_NODE_TOTAL`), Buildkite (`BUILDKITE_PARALLEL_JOB`, 0-based,
 * `BUILDKITE_PARALLEL_JOB_COUNT`), or any engine through `MODESEEK_SHARD_INDEX` (1-based) and
 * `MODESEEK_SHARD_COUNT`.
 */
import { UsageError } from './args.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

const ENGINES: { name: string; index: string; base: 0 | 1; count?: string }[] = [
  { name: 'modeseek', index: 'MODESEEK_SHARD_INDEX', base: 1, count: 'MODESEEK_SHARD_COUNT' },
  { name: 'Kubernetes Indexed Job', index: 'JOB_COMPLETION_INDEX', base: 0 },
  { name: 'GitLab CI', index: 'CI_NODE_INDEX', base: 1, count: 'CI_NODE_TOTAL' },
  { name: 'CircleCI', index: 'CIRCLE_NODE_INDEX', base: 0, count: 'CIRCLE_NODE_TOTAL' },
  { name: 'Buildkite', index: 'BUILDKITE_PARALLEL_JOB', base: 0, count: 'BUILDKITE_PARALLEL_JOB_COUNT' },
];

function int(v: string | undefined): number {
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
}

/** Resolves `--shard` (and `--shards`) to a 1-based shard, or undefined when neither is given. */
export function resolveShard(shard: string | undefined, shards: string | undefined, env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  let countGiven: number | undefined;
  if (shards !== undefined) {
    countGiven = int(shards);
    if (!(countGiven >= 1)) throw new UsageError(`--shards must be an integer ≥ 1, got ${shards}`);
  }
  if (shard === undefined) {
    if (countGiven !== undefined) throw new UsageError('--shards gives the count for --shard auto; add --shard auto (or give --shard i/n)');
    return undefined;
  }
  const auto = /^auto(?:\/(\d+))?$/.exec(shard);
  if (!auto) {
    const m = /^(\d+)\/(\d+)$/.exec(shard);
    const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
    if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 1/4), or auto, got ${shard}`);
    return { index, count };
  }
  if (auto[1] !== undefined) {
    const c = Number(auto[1]);
    if (countGiven !== undefined && countGiven !== c) throw new UsageError(`--shard ${shard} and --shards ${shards} disagree on the count`);
    countGiven = c;
  }
  for (const e of ENGINES) {
    const raw = env[e.index];
    if (raw === undefined || raw === '') continue;
    const i = int(raw);
    if (Number.isNaN(i)) throw new UsageError(`--shard auto: ${e.index}=${raw} (${e.name}) is not an integer`);
    const count = countGiven ?? (e.count ? int(env[e.count]) : NaN);
    if (!(count >= 1)) {
      throw new UsageError(`--shard auto: ${e.index} (${e.name}) gives the index but not the count; pass it as --shard auto/N or --shards N (the Job's completions)`);
    }
    const index = i - e.base + 1;
    if (index < 1 || index > count) throw new UsageError(`--shard auto: ${e.index}=${raw} (${e.name}) is outside ${count} shards`);
    return { index, count };
  }
  throw new UsageError(
    `--shard auto found no shard index in the environment; set one of ${ENGINES.map((e) => e.index).join(', ')} (a Kubernetes Indexed Job sets JOB_COMPLETION_INDEX), or give --shard i/n`,
  );
}
