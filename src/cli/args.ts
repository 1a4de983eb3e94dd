/**
 * The one argument parser of the `modeseek` subcommands, on Node's `util.parseArgs`: `--name value`,
 * `--name=value`, short flags (`-j 2`, `-j2`), boolean `--flag`, positionals, `--` ends the options.
 * An unknown option is a `UsageError` that names the nearest valid one; every subcommand turns a
 * `UsageError` into a one-line message and exit code 2.
 */
import { parseArgs as nodeParseArgs } from 'node:util';

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | boolean | string[] | undefined>;
}

/** A wrong command line: the CLI prints the message (and where to find the usage) and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An option: `'string'` takes a value, `'boolean'` does not; `short` is a one-letter alias. */
export type OptionSpec = 'string' | 'boolean' | { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length];
}

/** The known option nearest to `name` (edit distance, or a prefix), or null when none is close. */
export function nearestOption(name: string, known: readonly string[]): string | null {
  let best: string | null = null, bestD = Infinity;
  for (const k of known) {
    const d = k.startsWith(name) || name.startsWith(k) ? Math.min(1, distance(name, k)) : distance(name, k);
    if (d < bestD) (best = k), (bestD = d);
  }
  return best !== null && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

/** Parses `argv` against `spec` (option name -> kind). Throws a UsageError that says what was wrong. */
export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, s] of Object.entries(spec)) options[name] = typeof s === 'string' ? { type: s } : { ...s };
  const longs = Object.keys(options);
  try {
    const { values, positionals } = nodeParseArgs({ args: argv, options, strict: true, allowPositionals: true });
    return { positionals, options: { ...(values as ParsedArgs['options']) } };
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const raw = /'([^']+)'/.exec(e.message)?.[1] ?? '';
      const name = raw.replace(/^-+/, '').replace(/=.*$/, '');
      const near = raw.startsWith('--') || name.length > 1 ? nearestOption(name, longs) : null;
      const shorts = Object.entries(options).filter(([, o]) => o.short).map(([n, o]) => `-${o.short} (--${n})`);
      throw new UsageError(
        `unknown option ${raw}` +
          (near ? `; did you mean --${near}?` : `; options: ${longs.map((k) => `--${k}`).join(', ')}${shorts.length ? `, ${shorts.join(', ')}` : ''}`),
      );
    }
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      // Node names it '--json <value>' or, with a short alias, '-j, --jobs <value>': keep the long name
      const name = /'(?:-\w, )?(-{1,2}[^' ]+)/.exec(e.message)?.[1] ?? 'an option';
      if (/does not take an argument/.test(e.message)) throw new UsageError(`${name} takes no value`);
      throw new UsageError(`${name} needs a value${/ambiguous/.test(e.message) ? ` (to give one that starts with a dash, write ${name}=-...)` : ''}`);
    }
    if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(e.message);
    throw err;
  }
}

/** An integer option in [min, max], with a clear error. */
export function intOption(value: string | boolean | string[] | undefined, name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in ${min}..${max}`}, got '${String(value)}'`);
  }
  return n;
}

/** A finite number option, with a clear error. */
export function numberOption(value: string | boolean | string[] | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got '${String(value)}'`);
  return n;
}

/**
 * Runs a subcommand body, turning a UsageError into `modeseek <cmd>: message` plus a pointer to
 * `--help`, exit code 2; any other error into a one-line message (no stack trace), exit code 1.
 */
export async function withUsage(command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`modeseek ${command}: ${err.message}\n(modeseek ${command} --help shows the options)\n`);
      return 2;
    }
    process.stderr.write(`modeseek ${command}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
