import { describe, expect, it } from 'vitest';
import { nearestOption, parseArgs, UsageError } from '../../src/cli/args.js';
import { resolveShard } from '../../src/cli/shard.js';

describe('the argument parser', () => {
  const spec = { tracker: { type: 'string', short: 't' }, json: 'string', 'no-progress': { type: 'boolean', short: 'q' } } as const;

  it('takes --name value, --name=value, short flags and positionals', () => {
    expect(parseArgs(['a', '--json=x.json', '-t', 'camshift', 'b', '-q'], spec)).toEqual({
      positionals: ['a', 'b'],
      options: { json: 'x.json', tracker: 'camshift', 'no-progress': true },
    });
    expect(parseArgs(['-tmeanshift'], spec).options.tracker).toBe('meanshift');
  });

  it('names an unknown option with the nearest valid one, and says what a value is missing for', () => {
    expect(() => parseArgs(['--trakcer', 'x'], spec)).toThrow(new UsageError('unknown option --trakcer; did you mean --tracker?'));
    expect(() => parseArgs(['--no-progres'], spec)).toThrow(/did you mean --no-progress\?/);
    expect(() => parseArgs(['--zzzzzz'], spec)).toThrow(/unknown option --zzzzzz; options: --tracker, --json, --no-progress, -t \(--tracker\), -q \(--no-progress\)/);
    expect(() => parseArgs(['--json'], spec)).toThrow(new UsageError('--json needs a value'));
    expect(() => parseArgs(['--no-progress=1'], spec)).toThrow(new UsageError('--no-progress takes no value'));
    expect(nearestOption('jsn', ['json', 'jobs'])).toBe('json');
    expect(nearestOption('protocl', ['protocol', 'predictions'])).toBe('protocol');
  });
});

describe('--shard', () => {
  it('i/n as given, auto from a Kubernetes Indexed Job (0-based) with the count passed', () => {
    expect(resolveShard('2/5', undefined, {})).toEqual({ index: 2, count: 5 });
    expect(resolveShard('auto', '4', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 4 });
    expect(resolveShard('auto/4', undefined, { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 4, count: 4 });
    expect(() => resolveShard('auto', undefined, { JOB_COMPLETION_INDEX: '1' })).toThrow(/gives the index but not the count; pass it as --shard auto\/N or --shards N/);
    expect(() => resolveShard('auto/4', undefined, { JOB_COMPLETION_INDEX: '4' })).toThrow(/outside 4 shards/);
    expect(() => resolveShard('auto/4', '3', { JOB_COMPLETION_INDEX: '1' })).toThrow(/disagree/);
  });

  it('auto from CI matrices: GitLab (1-based, with its total), CircleCI (0-based)', () => {
    expect(resolveShard('auto', undefined, { CI_NODE_INDEX: '3', CI_NODE_TOTAL: '3' })).toEqual({ index: 3, count: 3 });
    expect(resolveShard('auto', undefined, { CIRCLE_NODE_INDEX: '0', CIRCLE_NODE_TOTAL: '2' })).toEqual({ index: 1, count: 2 });
    expect(() => resolveShard('auto', undefined, {})).toThrow(/found no shard index in the environment; set one of .*JOB_COMPLETION_INDEX/);
    expect(() => resolveShard('3/2', undefined, {})).toThrow(/--shard must be i\/n/);
    expect(resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '1' })).toBeUndefined();
  });
});
