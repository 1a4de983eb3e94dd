import { escapeHtml as esc } from './html.js';
import { PRECISION_AT, PRECISION_THRESHOLDS, SUCCESS_THRESHOLDS } from './metrics.js';

/** One curve of a plot: a tracker's mean success or precision curve and its score for the legend. */
export interface PlotCurve {
  name: string;
  values: readonly number[];
  /** Shown in the legend as OTB does: AUC for success, precision at 20 px for precision. */
  score: number;
}

/** Colour of the ground-truth box (dashed) on thumbnails and the replay page: none of CURVE_COLORS. */
export const TRUTH_COLOR = '#ffd000';

/** Colours of the curves, in order (also used for the boxes drawn on thumbnails). */
export const CURVE_COLORS: readonly string[] = ['#d62728', '#1f77b4', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

export interface PlotOptions {
  width?: number;
  height?: number;
  title?: string;
}

/** The OTB success plot (fraction of frames with IoU > threshold) as a standalone SVG string. */
export function successPlotSvg(curves: readonly PlotCurve[], options: PlotOptions = {}): string {
  return plotSvg(curves, SUCCESS_THRESHOLDS, 'Overlap threshold', 'Success rate', options.title ?? 'Success plot (AUC)', options, 'AUC');
}

/** The OTB precision plot (fraction of frames with centre error ≤ threshold px) as an SVG string. */
export function precisionPlotSvg(curves: readonly PlotCurve[], options: PlotOptions = {}): string {
  return plotSvg(curves, PRECISION_THRESHOLDS, 'Location error threshold (px)', 'Precision', options.title ?? `Precision plot (at ${PRECISION_AT} px)`, options, 'P@20');
}

function plotSvg(
  curves: readonly PlotCurve[],
  xs: readonly number[],
  xLabel: string,
  yLabel: string,
  title: string,
  options: PlotOptions,
  scoreLabel: string,
): string {
  const W = options.width ?? 420, H = options.height ?? 320;
  const L = 52, R = 12, T = 30, B = 44;
  const pw = W - L - R, ph = H - T - B;
  const x0 = xs[0], x1 = xs[xs.length - 1];
  const sx = (x: number): number => L + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number): number => T + (1 - y) * ph;
  const p: string[] = [];
  p.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="11">`);
  p.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>`);
  p.push(`<text x="${W / 2}" y="18" text-anchor="middle" font-size="13" font-weight="600">${esc(title)}</text>`);
  for (let i = 0; i <= 10; i++) {
    const y = i / 10;
    p.push(`<line x1="${L}" x2="${L + pw}" y1="${r1(sy(y))}" y2="${r1(sy(y))}" stroke="#e5e5e5"/>`);
    if (i % 2 === 0) p.push(`<text x="${L - 6}" y="${r1(sy(y) + 4)}" text-anchor="end">${y.toFixed(1)}</text>`);
  }
  const ticks = x1 === 1 ? [0, 0.2, 0.4, 0.6, 0.8, 1] : [0, 10, 20, 30, 40, 50];
  for (const t of ticks) {
    p.push(`<line x1="${r1(sx(t))}" x2="${r1(sx(t))}" y1="${T}" y2="${T + ph}" stroke="#e5e5e5"/>`);
    p.push(`<text x="${r1(sx(t))}" y="${T + ph + 15}" text-anchor="middle">${x1 === 1 ? t.toFixed(1) : t}</text>`);
  }
  p.push(`<rect x="${L}" y="${T}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`);
  p.push(`<text x="${L + pw / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>`);
  p.push(`<text transform="translate(14 ${T + ph / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  // legend sorted by score, best first, as the OTB toolkit draws it
  const order = curves.map((c, i) => i).sort((a, b) => curves[b].score - curves[a].score);
  curves.forEach((c, i) => {
    const color = CURVE_COLORS[i % CURVE_COLORS.length];
    const pts = c.values.map((v, k) => `${r1(sx(xs[k]))},${r1(sy(v))}`).join(' ');
    p.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="2"/>`);
  });
  // success curves fall to the right, precision curves rise: put the legend where they are not
  const lx = x1 === 1 ? L + pw - 156 : L + 12, ly0 = T + 10;
  p.push(`<rect x="${lx - 6}" y="${ly0 - 4}" width="150" height="${16 * curves.length + 6}" fill="#fff" fill-opacity="0.85" stroke="#ccc"/>`);
  order.forEach((i, row) => {
    const c = curves[i];
    const color = CURVE_COLORS[i % CURVE_COLORS.length];
    const y = ly0 + 16 * row + 8;
    p.push(`<line x1="${lx}" x2="${lx + 18}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="2"/>`);
    p.push(`<text x="${lx + 24}" y="${y + 4}">${esc(c.name)} [${scoreLabel} ${c.score.toFixed(3)}]</text>`);
  });
  p.push('</svg>');
  return p.join('');
}

function r1(v: number): number {
  return Math.round(v * 10) / 10;
}
