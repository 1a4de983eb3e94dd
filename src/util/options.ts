// The one way options objects are read: `undefined` means the default, and a name that is not
// an option is a TypeError that names the nearest valid one (a misspelt option is never ignored).

/** The merged options: every option with a default is present (and not undefined). */
export type MergedOptions<O, D> = Omit<O, keyof D> & { [K in keyof D]: K extends keyof O ? Exclude<O[K], undefined> : D[K] };

/**
 * Checks that `options` is an object (or undefined) whose every own key is in `names`.
 * Throws `TypeError('unknown option "bandwith" for meanShift; did you mean "bandwidth"?')`.
 */
export function checkOptionNames(owner: string, options: unknown, names: Iterable<string>): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`the options of ${owner} must be an object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  const valid = names instanceof Set ? (names as Set<string>) : new Set(names);
  for (const key of Object.keys(options)) {
    if (!valid.has(key)) throw new TypeError(unknownOptionMessage(owner, key, valid));
  }
}

/**
 * `defaults` overlaid with the options the caller set: an option that is absent or
 * `undefined` takes its default. Valid names are the keys of `defaults` plus `noDefault`
 * (options without a default, such as meanShift's `bandwidth`, which are passed through as
 * given); any other name throws a TypeError (see {@link checkOptionNames}). Values are not
 * checked here: each entry point checks its own ranges.
 */
export function mergeOptions<O extends object, D extends object>(
  owner: string,
  defaults: D,
  options: O | undefined,
  noDefault: readonly string[] = [],
): MergedOptions<O, D> {
  checkOptionNames(owner, options, [...Object.keys(defaults), ...noDefault]);
  const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  if (options) {
    for (const [key, value] of Object.entries(options)) if (value !== undefined) merged[key] = value;
  }
  return merged as MergedOptions<O, D>;
}

function unknownOptionMessage(owner: string, key: string, valid: Set<string>): string {
  let best = '';
  let bestDistance = Infinity;
  for (const name of valid) {
    const d = editDistance(key.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  // a suggestion only when it is plausibly the same word (at most a third of it differs)
  if (best && bestDistance <= Math.max(2, Math.floor(best.length / 3))) {
    return `unknown option "${key}" for ${owner}; did you mean "${best}"?`;
  }
  return `unknown option "${key}" for ${owner}; the options are ${[...valid].map((n) => `"${n}"`).join(', ')}`;
}

/** Levenshtein distance, with a transposition of two neighbours counting as one edit. */
function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}
