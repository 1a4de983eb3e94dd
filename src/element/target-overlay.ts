import type { TrackResult } from '../track/types.js';

/**
 * Colours of the targets' boxes, by order of id: the first is the `--modeseek-box-color`
 * custom property, then a fixed palette readable on video.
 */
export const TARGET_COLORS: readonly string[] = Object.freeze([
  'var(--_box)', '#3a86ff', '#ff006e', '#fb8500', '#8338ec', '#00b4d8', '#e9c46a', '#f15bb5',
]);

/** The colour of target `id` (ids 1, 2, ... cycle through `TARGET_COLORS`). */
export function targetColor(id: number): string {
  return TARGET_COLORS[(Math.max(1, id) - 1) % TARGET_COLORS.length];
}

interface Shape {
  g: HTMLDivElement;
  box: HTMLDivElement;
  ellipse: HTMLDivElement;
  label: HTMLSpanElement;
  /** Last drawn values (CSS pixels of the layer), to write styles only when they change. */
  last: { x: number; y: number; w: number; h: number; turn: number; status: string; ell: string; shown: boolean; label: boolean };
  /** The last result, to redraw after a resize. */
  result: TrackResult | null;
  ellipseOn: boolean;
}

/**
 * Draws every target over the video: a box per target in its own colour (`part="box"`,
 * `data-status` tracking/lost, `data-id`), CamShift's ellipse (`part="ellipse"`) and, with
 * several targets, the id beside the box (`part="label"`). Boxes are absolutely positioned
 * elements moved with `transform` (each on its own compositor layer), so a frame repaints only
 * what changed, not the whole overlay; a box's position or size is written only when it moved
 * by at least `MIN_MOVE_PX` (half a CSS pixel), so a still or jittering target costs the page
 * no style work at all.
 * Coordinates are video pixels, mapped as `object-fit: contain` shows the video.
 */
/** The least change of a box's position or size (CSS pixels) that is drawn. */
export const MIN_MOVE_PX = 0.5;

export class TargetOverlay {
  private readonly layer: HTMLElement;
  private readonly shapes = new Map<number, Shape>();
  private frameW = 0;
  private frameH = 0;
  private scale = 1;
  private ox = 0;
  private oy = 0;
  private readonly resize: ResizeObserver | null;
  /** Show ids beside the boxes (several targets). */
  labels = false;

  constructor(layer: HTMLElement) {
    this.layer = layer;
    this.resize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.fit()) : null;
    this.resize?.observe(layer);
  }

  /** The video frame's size (pixels); boxes are redrawn if it changed. */
  setFrameSize(width: number, height: number): void {
    if (width === this.frameW && height === this.frameH) return;
    this.frameW = width;
    this.frameH = height;
    this.fit();
  }

  draw(id: number, r: TrackResult, ellipse: boolean): void {
    const s = this.shape(id);
    s.result = r;
    s.ellipseOn = ellipse;
    this.paint(s);
  }

  remove(id: number): void {
    this.shapes.get(id)?.g.remove();
    this.shapes.delete(id);
  }

  clear(): void {
    for (const s of this.shapes.values()) s.g.remove();
    this.shapes.clear();
  }

  /** Hides every box until it is drawn again. */
  hide(): void {
    for (const s of this.shapes.values()) {
      s.result = null;
      if (s.last.shown) {
        s.g.hidden = true;
        s.last.shown = false;
      }
    }
  }

  disconnect(): void {
    this.resize?.disconnect();
  }

  private fit(): void {
    const cw = this.layer.clientWidth, ch = this.layer.clientHeight;
    if (!cw || !ch || !this.frameW || !this.frameH) return;
    this.scale = Math.min(cw / this.frameW, ch / this.frameH);
    this.ox = (cw - this.frameW * this.scale) / 2;
    this.oy = (ch - this.frameH * this.scale) / 2;
    for (const s of this.shapes.values()) {
      s.last.x = s.last.y = s.last.w = s.last.h = Number.NaN;
      s.last.ell = '';
      if (s.result) this.paint(s);
    }
  }

  private paint(s: Shape): void {
    const r = s.result;
    if (!r) return;
    const k = this.scale, b = r.box, l = s.last;
    // quarter-pixel values, written only for a change of half a pixel or more: sub-pixel jitter repaints nothing
    const x = Math.round((this.ox + b.x * k) * 4) / 4, y = Math.round((this.oy + b.y * k) * 4) / 4;
    const w = Math.round(b.width * k * 4) / 4, h = Math.round(b.height * k * 4) / 4;
    // the robust tracker's turn, in tenths of a degree (CamShift's rotatedBox is its ellipse's)
    const turn = s.ellipseOn ? 0 : Math.round((r.rotatedBox.angle * 1800) / Math.PI) / 10;
    const moved = !(Math.abs(x - l.x) < MIN_MOVE_PX && Math.abs(y - l.y) < MIN_MOVE_PX);
    if (moved || turn !== l.turn) {
      // turned about the box's centre (its transform-origin)
      s.box.style.transform = turn ? `translate(${x}px, ${y}px) rotate(${turn}deg)` : `translate(${x}px, ${y}px)`;
      l.x = x;
      l.y = y;
      l.turn = turn;
    }
    if (!(Math.abs(w - l.w) < MIN_MOVE_PX && Math.abs(h - l.h) < MIN_MOVE_PX)) {
      s.box.style.width = `${w}px`;
      s.box.style.height = `${h}px`;
      l.w = w;
      l.h = h;
    }
    if (r.status !== l.status) {
      s.box.dataset.status = l.status = r.status;
    }
    if (!l.shown) {
      s.g.hidden = false;
      l.shown = true;
    }
    let ell = '';
    if (s.ellipseOn && r.status === 'tracking') {
      const rb = r.rotatedBox;
      const ew = Math.round(rb.width * k * 2) / 2, eh = Math.round(rb.height * k * 2) / 2;
      const ex = Math.round((this.ox + rb.cx * k - ew / 2) * 2) / 2, ey = Math.round((this.oy + rb.cy * k - eh / 2) * 2) / 2;
      ell = `${ex},${ey},${ew},${eh},${Math.round((rb.angle * 1800) / Math.PI) / 10}`;
      if (ell !== l.ell) {
        s.ellipse.style.transform = `translate(${ex}px, ${ey}px) rotate(${Math.round((rb.angle * 1800) / Math.PI) / 10}deg)`;
        s.ellipse.style.width = `${ew}px`;
        s.ellipse.style.height = `${eh}px`;
      }
    }
    if ((ell === '') !== (l.ell === '')) s.ellipse.hidden = ell === '';
    l.ell = ell;
    const label = this.labels;
    if (label !== !s.label.hidden) s.label.hidden = !label;
    if (label && (moved || !l.label)) s.label.style.transform = `translate(${l.x + 4}px, ${Math.max(0, l.y - 26)}px)`;
    l.label = label;
  }

  private shape(id: number): Shape {
    let s = this.shapes.get(id);
    if (s) return s;
    const doc = this.layer.ownerDocument;
    const g = doc.createElement('div');
    g.className = 'target';
    g.dataset.id = String(id);
    g.style.setProperty('--_c', targetColor(id));
    g.hidden = true;
    const ellipse = doc.createElement('div');
    ellipse.setAttribute('part', 'ellipse');
    ellipse.hidden = true;
    const box = doc.createElement('div');
    box.setAttribute('part', 'box');
    box.dataset.id = String(id);
    const label = doc.createElement('span');
    label.setAttribute('part', 'label');
    label.hidden = true;
    label.textContent = String(id);
    g.append(ellipse, box, label);
    this.layer.append(g);
    s = { g, box, ellipse, label, result: null, ellipseOn: false, last: { x: Number.NaN, y: Number.NaN, w: Number.NaN, h: Number.NaN, turn: 0, status: '', ell: '', shown: false, label: false } };
    this.shapes.set(id, s);
    return s;
  }
}
