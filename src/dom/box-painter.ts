import type { TrackResult } from '../track/types.js';

/** How the boxes are drawn on an overlay canvas, and the canvas's size (what the page tells the worker). */
export interface OverlayView {
  /** The canvas's size in CSS pixels, and device pixels a CSS pixel. */
  width: number;
  height: number;
  dpr: number;
  /** Colour of target `id` is `colors[(id - 1) % colors.length]` (resolved CSS colours). */
  colors: string[];
  /** Colour of a lost target's dashed box, and of CamShift's ellipse. */
  lost: string;
  ellipse: string;
  /** Show each target's id beside its box (several targets). */
  labels: boolean;
}

/** One target's result, as the painter reads it. */
export type PaintedTarget = Pick<TrackResult, 'status' | 'box' | 'rotatedBox'> & { id: number };

/** Sizes the canvas's backing store for `view` (device pixels); true when it changed (the content is gone). */
export function fitCanvas(canvas: OffscreenCanvas | HTMLCanvasElement, view: OverlayView): boolean {
  const w = Math.max(1, Math.round(view.width * view.dpr)), h = Math.max(1, Math.round(view.height * view.dpr));
  if (canvas.width === w && canvas.height === h) return false;
  canvas.width = w;
  canvas.height = h;
  return true;
}

/**
 * Draws every target over a `frameW` × `frameH` video shown with `object-fit: contain` on the
 * canvas: the box in the target's colour (dashed in the lost colour while lost; its 3 px line
 * inside the box, as the element's `part="box"` border; turned as the target is, where the
 * robust tracker follows its turn), CamShift's ellipse when `ellipse`,
 * and the id above the box when `view.labels`. Clears the canvas first. DOM-free: the
 * tracking Worker draws with it on a transferred canvas, so moving boxes cost the page's main
 * thread no rendering work.
 */
export function paintBoxes(ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D, view: OverlayView,
  frameW: number, frameH: number, targets: readonly PaintedTarget[], ellipse: boolean): void {
  const d = view.dpr;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  if (!(frameW > 0 && frameH > 0) || targets.length === 0) return;
  const k = Math.min(view.width / frameW, view.height / frameH);
  const ox = (view.width - frameW * k) / 2, oy = (view.height - frameH * k) / 2;
  ctx.setTransform(d, 0, 0, d, 0, 0);
  ctx.lineWidth = 3;
  for (const t of targets) {
    const b = t.box, x = ox + b.x * k, y = oy + b.y * k, w = b.width * k, h = b.height * k;
    const colour = view.colors[(Math.max(1, t.id) - 1) % view.colors.length];
    const lost = t.status === 'lost';
    ctx.setLineDash(lost ? [6, 4] : []);
    ctx.strokeStyle = lost ? view.lost : colour;
    // the robust tracker's turn (its rotatedBox is its box turned; CamShift's is the ellipse's)
    const turn = ellipse ? 0 : t.rotatedBox.angle;
    if (turn !== 0) {
      ctx.translate(x + w / 2, y + h / 2);
      ctx.rotate(turn);
      ctx.strokeRect(-w / 2 + 1.5, -h / 2 + 1.5, Math.max(0, w - 3), Math.max(0, h - 3));
      ctx.setTransform(d, 0, 0, d, 0, 0);
    } else ctx.strokeRect(x + 1.5, y + 1.5, Math.max(0, w - 3), Math.max(0, h - 3));
    if (ellipse && !lost) {
      const r = t.rotatedBox;
      ctx.setLineDash([]);
      ctx.lineWidth = 2;
      ctx.strokeStyle = view.ellipse;
      ctx.beginPath();
      ctx.ellipse(ox + r.cx * k, oy + r.cy * k, Math.max(0, (r.width * k) / 2 - 1), Math.max(0, (r.height * k) / 2 - 1), r.angle, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.lineWidth = 3;
    }
    if (view.labels) {
      ctx.setLineDash([]);
      ctx.font = '600 16px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      ctx.shadowColor = '#000';
      ctx.shadowBlur = 3;
      ctx.fillStyle = colour;
      ctx.fillText(String(t.id), x + 4, Math.max(0, y - 26));
      ctx.shadowBlur = 0;
    }
  }
}
