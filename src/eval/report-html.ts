import type { Rect } from '../image/types.js';
import { meanCurve } from './metrics.js';
import { escapeHtml as esc } from './html.js';
import { CURVE_COLORS, TRUTH_COLOR, precisionPlotSvg, successPlotSvg } from './plots.js';
import type { EvalJson } from './result.js';
import { formatEvalTable } from './table.js';

/** Per-sequence material of the report beyond the JSON: curves and worst-frame thumbnails. */
export interface ReportSequence {
  name: string;
  width: number;
  height: number;
  /** Per tracker (in the report's tracker order): success and precision curves. */
  curves: { success: number[]; precision: number[] }[];
  thumbnails: { index: number; dataUrl: string; truth: Rect | null; boxes: (Rect | null)[]; ious: (number | null)[] }[];
}

export interface ReportInput {
  title?: string;
  /** The command that made it, shown in the header. */
  command?: string;
  /** One JSON per tracker, in order. */
  results: EvalJson[];
  sequences: ReportSequence[];
  /** Wall time of the evaluation, in seconds. */
  seconds?: number;
}


const PROTOCOL_TEXT: Record<string, string> = {
  ope: 'One-pass evaluation (OPE, OTB): each tracker starts from the first ground-truth box.',
  tre: 'Temporal robustness evaluation (TRE, OTB): 20 runs a sequence, from the ground truth at evenly spaced frames to the end; frames of all runs pooled per sequence.',
  sre: 'Spatial robustness evaluation (SRE, OTB): 12 runs a sequence from the first box shifted (8) or scaled by 0.8, 0.9, 1.1, 1.2 (4); frames of all runs pooled per sequence.',
};

/**
 * A self-contained HTML report: success and precision plots (the mean over sequences, one
 * curve per tracker), the per-sequence table, and a strip of each sequence's worst frames
 * (lowest IoU) with the ground truth (green, dashed) and every tracker's box drawn over the
 * thumbnail as SVG. No external resource: plots are inline SVG, thumbnails JPEG data URLs.
 */
export function renderReportHtml(input: ReportInput): string {
  const { results, sequences } = input;
  const trackers = results.map((r) => r.tracker);
  const succ = trackers.map((t, i) => ({
    name: t,
    values: meanCurve(sequences.map((s) => s.curves[i].success)),
    score: results[i].mean?.auc ?? NaN,
  }));
  const prec = trackers.map((t, i) => ({
    name: t,
    values: meanCurve(sequences.map((s) => s.curves[i].precision)),
    score: results[i].mean?.precision20 ?? NaN,
  }));
  const protocol = results[0]?.protocol ?? 'ope';
  const P = protocol.toUpperCase();
  const title = input.title ?? `modeseek eval: ${trackers.join(', ')}`;
  const frames = sequences.reduce((a, s) => a + (results[0].sequences.find((q) => q.name === s.name)?.frames ?? 0), 0);
  const h: string[] = [];
  h.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`);
  h.push(`<title>${esc(title)}</title><style>${CSS}</style></head><body><main>`);
  h.push(`<h1>${esc(title)}</h1>`);
  h.push(
    `<p class="meta">${sequences.length} sequence${sequences.length === 1 ? '' : 's'}, ${frames} frames` +
      (input.seconds !== undefined ? `, evaluated in ${input.seconds.toFixed(1)} s` : '') +
      ` · ${esc(new Date().toISOString().slice(0, 19).replace('T', ' '))} UTC` +
      (input.command ? `<br><code>${esc(input.command)}</code>` : '') +
      `<br>${PROTOCOL_TEXT[protocol]} Success: fraction of frames with IoU &gt; threshold (AUC: mean over 21 thresholds); precision: fraction with centre error ≤ threshold.</p>`,
  );
  if (results.some((r) => r.interrupted)) {
    h.push(`<p class="bad"><b>Interrupted:</b> the run was stopped; only the sequences finished before that are scored here.</p>`);
  }
  if (sequences.length > 0) {
    h.push(`<section class="plots">${successPlotSvg(succ, { title: `Success plots of ${P} (AUC)` })}${precisionPlotSvg(prec, { title: `Precision plots of ${P} (at 20 px)` })}</section>`);
  } else {
    h.push(`<p class="bad">No sequence scored.</p>`);
  }
  h.push(`<h2>Per sequence</h2>${tableHtml(results)}`);
  const failed = results[0].failed ?? [];
  if (failed.length > 0) {
    h.push(`<h2 class="bad">Failed</h2><ul class="failed">${failed.map((f) => `<li><b>${esc(f.name)}</b>: ${esc(f.error)}</li>`).join('')}</ul>`);
  }
  h.push(`<h2>Worst frames${protocol === 'ope' ? '' : ` <small>(of each sequence's first ${P} run)</small>`}</h2><p class="legend"><span style="--c:${TRUTH_COLOR}" class="dash">ground truth</span>`);
  trackers.forEach((t, i) => h.push(`<span style="--c:${CURVE_COLORS[i % CURVE_COLORS.length]}">${esc(t)}</span>`));
  h.push(`</p>`);
  for (const s of sequences) {
    h.push(`<section class="seq"><h3>${esc(s.name)}</h3><div class="strip">`);
    if (s.thumbnails.length === 0) h.push('<p class="meta">no thumbnails</p>');
    for (const t of s.thumbnails) h.push(thumbSvg(s, t, trackers));
    h.push(`</div></section>`);
  }
  h.push(`<details><summary>Text table</summary><pre>${esc(formatEvalTable(results))}</pre></details>`);
  h.push(`</main></body></html>\n`);
  return h.join('');
}

function tableHtml(results: readonly EvalJson[]): string {
  const names = results[0].sequences.map((s) => s.name);
  for (const r of results) for (const s of r.sequences) if (!names.includes(s.name)) names.push(s.name);
  const best = (vals: (number | undefined)[], v: number | undefined, low = false): string => {
    const ok = vals.filter((x): x is number => x !== undefined);
    if (v === undefined || ok.length < 2) return '';
    return v === (low ? Math.min(...ok) : Math.max(...ok)) ? ' class="best"' : '';
  };
  const t: string[] = ['<table><thead><tr><th rowspan="2">Sequence</th><th rowspan="2">Frames</th>'];
  results.forEach((r, i) => t.push(`<th colspan="4" style="border-bottom:3px solid ${CURVE_COLORS[i % CURVE_COLORS.length]}">${esc(r.tracker)}</th>`));
  t.push('</tr><tr>');
  for (const _ of results) t.push('<th>AUC</th><th>P@20</th><th>mIoU</th><th>ms/frame</th>');
  t.push('</tr></thead><tbody>');
  const row = (label: string, frames: string, get: (r: EvalJson) => { auc: number; precision20: number; meanIoU: number; msPerFrame: number | null } | undefined, cls = ''): void => {
    const vals = results.map(get);
    t.push(`<tr${cls}><td>${esc(label)}</td><td>${frames}</td>`);
    for (const v of vals) {
      if (!v) {
        t.push('<td colspan="4">-</td>');
        continue;
      }
      t.push(
        `<td${best(vals.map((x) => x?.auc), v.auc)}>${v.auc.toFixed(3)}</td><td${best(vals.map((x) => x?.precision20), v.precision20)}>${v.precision20.toFixed(3)}</td>` +
          `<td${best(vals.map((x) => x?.meanIoU), v.meanIoU)}>${v.meanIoU.toFixed(3)}</td><td>${v.msPerFrame === null ? '-' : v.msPerFrame.toFixed(2)}</td>`,
      );
    }
    t.push('</tr>');
  };
  for (const n of names) {
    const first = results.map((r) => r.sequences.find((s) => s.name === n)).find((s) => s);
    const ex = (first?.excluded ? ` <small>(${first.excluded} excl.)</small>` : '') + (first?.runs !== undefined && first.runs !== 1 ? ` <small>(${first.runs} runs)</small>` : '');
    row(n, `${first?.frames ?? ''}${ex}`, (r) => r.sequences.find((s) => s.name === n));
  }
  const scored = results[0].sequences.length;
  row(
    scored > 0 ? `Mean of ${scored} sequence${scored === 1 ? '' : 's'}` : 'Mean: no sequence scored',
    String(results[0].sequences.reduce((a, s) => a + s.frames, 0)),
    (r) => r.mean ?? undefined,
    ' class="mean"',
  );
  t.push('</tbody></table>');
  return t.join('');
}

function thumbSvg(s: ReportSequence, t: ReportSequence['thumbnails'][number], trackers: readonly string[]): string {
  const W = s.width, H = s.height;
  const sw = Math.max(1.5, W / 160);
  const rect = (b: Rect, color: string, dash = false): string =>
    `<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" fill="none" stroke="${color}" stroke-width="${sw}"${dash ? ` stroke-dasharray="${sw * 3} ${sw * 2}"` : ''}/>`;
  const parts = [`<figure><svg viewBox="0 0 ${W} ${H}" preserveAspectRatio="xMidYMid meet"><image href="${t.dataUrl}" x="0" y="0" width="${W}" height="${H}"/>`];
  if (t.truth) parts.push(rect(t.truth, TRUTH_COLOR, true));
  t.boxes.forEach((b, i) => {
    if (b) parts.push(rect(b, CURVE_COLORS[i % CURVE_COLORS.length]));
  });
  parts.push('</svg><figcaption>');
  parts.push(`#${t.index + 1} · ${trackers.map((n, i) => `<span style="color:${CURVE_COLORS[i % CURVE_COLORS.length]}">${t.ious[i] == null || Number.isNaN(t.ious[i]) ? '-' : t.ious[i].toFixed(2)}</span>`).join(' / ')}`);
  parts.push('</figcaption></figure>');
  return parts.join('');
}

const CSS = `
:root{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;background:#fafafa}
main{max-width:1180px;margin:0 auto;padding:16px 20px 40px}
h1{font-size:22px;margin:8px 0}h2{font-size:17px;margin:24px 0 8px}h3{font-size:14px;margin:14px 0 6px}
.meta{color:#555;font-size:13px;line-height:1.5}code{font-size:12px;background:#eee;padding:1px 4px;border-radius:3px}
.plots{display:flex;flex-wrap:wrap;gap:12px}.plots svg{border:1px solid #ddd;border-radius:4px;max-width:100%;height:auto}
table{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums;background:#fff}
th,td{padding:3px 8px;border-bottom:1px solid #e3e3e3;text-align:right}th:first-child,td:first-child{text-align:left}
thead th{background:#f0f0f0}td.best{font-weight:700}tr.mean td{border-top:2px solid #999;font-weight:600}
.bad{color:#b00020}.failed li{color:#b00020;font-size:13px}
.legend span{display:inline-block;margin-right:14px;font-size:13px}.legend span::before{content:"";display:inline-block;width:18px;height:0;border-top:3px solid var(--c);vertical-align:middle;margin-right:5px}
.legend span.dash::before{border-top-style:dashed}
.strip{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0;background:#fff;border:1px solid #ddd;border-radius:4px;padding:3px}
figure svg{display:block;width:168px;height:auto}figcaption{font-size:11px;color:#444;text-align:center;padding-top:2px}
details{margin-top:24px}pre{font-size:12px;background:#fff;border:1px solid #ddd;padding:8px;overflow:auto}
`;
