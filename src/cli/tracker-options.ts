/**
 * `--options` of `modeseek eval` and `modeseek track`: tracker options (`createTracker()`'s,
 * as the README's "Tracker options" lists them) given inline as a JSON object or as a .json
 * file holding one. Checked before any frame is read: a malformed value, `method` (named with
 * `--tracker`) or a name that none of the trackers run has is a `UsageError`; the values
 * themselves are checked by `createTracker()` (see `checkTrackerOptions`).
 */
import { readFileSync } from 'node:fs';
import { createTracker, trackerOptionNames } from '../track/create-tracker.js';
import type { TrackerMethod } from '../track/types.js';
import { nearestOption, UsageError } from './args.js';

export type TrackerOptionValues = Record<string, unknown>;

const EXAMPLE = `--options '{"filterRate":0.02}'`;

/** The options in `value` (inline JSON, or a path to a JSON file); undefined when not given. */
export function parseTrackerOptions(value: string | boolean | string[] | undefined): TrackerOptionValues | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--options needs a JSON object of tracker options, such as ${EXAMPLE}, or a .json file holding one`);
  const text = value.trim();
  let parsed: unknown;
  if (/^[[{"\d-]|^(true|false|null)$/.test(text)) {
    // inline JSON
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`--options: not valid JSON (${(err as Error).message}); give an object such as ${EXAMPLE}`);
    }
  } else {
    let source: string;
    try {
      source = readFileSync(text, 'utf8');
    } catch (err) {
      throw new UsageError(`--options ${text}: not a JSON object and no readable file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give ${EXAMPLE} or a .json file`);
    }
    try {
      parsed = JSON.parse(source);
    } catch (err) {
      throw new UsageError(`--options ${text}: not valid JSON (${(err as Error).message}); the file must hold an object such as {"filterRate":0.02}`);
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`--options must be a JSON object of tracker options, such as ${EXAMPLE}; got ${Array.isArray(parsed) ? 'an array' : JSON.stringify(parsed)}`);
  }
  if ('method' in parsed) throw new UsageError('--options cannot set method: name the tracker with --tracker');
  return parsed as TrackerOptionValues;
}

/**
 * Checks `options` against the trackers a command runs: every name must be an option of at
 * least one of them, and `createTracker()` must accept the values for each (it leaves out the
 * options of other methods). Throws a `UsageError` naming the tracker and the option.
 */
export function checkTrackerOptions(options: TrackerOptionValues | undefined, trackers: readonly TrackerMethod[]): void {
  if (!options) return;
  const known = [...new Set(trackers.flatMap((t) => trackerOptionNames(t)))];
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      const near = nearestOption(name, known);
      throw new UsageError(`--options: '${name}' is no option of ${trackers.join(' or ')}${near ? `; did you mean '${near}'?` : ''} (README, "Tracker options")`);
    }
  }
  for (const t of trackers) {
    try {
      createTracker({ ...options, method: t });
    } catch (err) {
      throw new UsageError(`--options for ${t}: ${(err as Error).message}`);
    }
  }
}
