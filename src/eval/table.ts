import type { EvalJson } from './result.js';

/**
 * A plain-text table of one or more trackers' results: one row a sequence (in the order of the
 * first tracker's JSON, failed sequences last), a column group a tracker, and a mean row.
 */
export function formatEvalTable(results: readonly EvalJson[]): string {
  if (results.length === 0) return '';
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    for (const s of r.sequences) if (!seen.has(s.name)) (seen.add(s.name), names.push(s.name));
  }
  const failed = new Map<string, string>();
  for (const r of results) for (const f of r.failed ?? []) if (!seen.has(f.name)) failed.set(f.name, f.error);
  const protocol = results[0].protocol ?? 'ope';
  const head = ['Sequence', protocol === 'ope' ? 'Frames' : `Frames (${protocol.toUpperCase()} runs)`];
  for (const r of results) head.push(`${r.tracker} AUC`, 'P@20', 'mIoU', 'ms/f');
  const rows: string[][] = [];
  for (const name of names) {
    const first = results.map((r) => r.sequences.find((s) => s.name === name)).find((s) => s);
    const row = [name, `${first?.frames ?? ''}${protocol !== 'ope' && first?.runs !== undefined ? ` (${first.runs})` : ''}`];
    for (const r of results) {
      const s = r.sequences.find((q) => q.name === name);
      if (s) row.push(f3(s.auc), f3(s.precision20), f3(s.meanIoU), f2(s.msPerFrame));
      else row.push('-', '-', '-', '-');
    }
    rows.push(row);
  }
  // the mean row says what it averages: the sequences scored (and their frames), or that none was
  const scored = results[0].sequences.length;
  const frames = results[0].sequences.reduce((a, s) => a + s.frames, 0);
  const mean = [`Mean of ${scored} sequence${scored === 1 ? '' : 's'}`, String(frames)];
  for (const r of results) {
    const m = r.mean;
    if (m) mean.push(f3(m.auc), f3(m.precision20), f3(m.meanIoU), f2(m.msPerFrame));
    else mean.push('-', '-', '-', '-');
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length), mean[i].length));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  let out = `${line(head)}\n${rule}\n`;
  for (const r of rows) out += `${line(r)}\n`;
  out += `${rule}\n${line(mean)}\n`;
  if (results.every((r) => r.mean === null)) out += 'no sequence scored\n';
  if (results.some((r) => r.interrupted)) out += 'INTERRUPTED: only the sequences finished before the interrupt are listed\n';
  for (const [name, error] of failed) out += `FAILED ${name}: ${error}\n`;
  return out;
}

function f3(v: number): string {
  return v.toFixed(3);
}
function f2(v: number | null): string {
  return v === null ? '-' : v.toFixed(2);
}
