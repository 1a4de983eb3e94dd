import type { TrackResult } from '../track/types.js';

const SVG = 'http://www.w3.org/2000/svg';

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
  g: SVGGElement;
  box: SVGRectElement;
  ellipse: SVGEllipseElement;
  label: SVGTextElement;
}

/**
 * Draws every target over the video in an SVG (video-pixel viewBox): a box per target in its
 * own colour (`part="box"`, `data-status` tracking/lost, `data-id`), CamShift's ellipse
 * (`part="ellipse"`) and, with several targets, the id beside the box (`part="label"`).
 * Elements are made once per target and updated in place every frame.
 */
export class TargetOverlay {
  private readonly layer: SVGGElement;
  private readonly shapes = new Map<number, Shape>();
  /** Show ids beside the boxes (several targets). */
  labels = false;

  constructor(layer: SVGGElement) {
    this.layer = layer;
  }

  draw(id: number, r: TrackResult, ellipse: boolean): void {
    const s = this.shape(id);
    const b = r.box;
    s.box.setAttribute('x', String(b.x));
    s.box.setAttribute('y', String(b.y));
    s.box.setAttribute('width', String(b.width));
    s.box.setAttribute('height', String(b.height));
    if (s.box.getAttribute('data-status') !== r.status) s.box.setAttribute('data-status', r.status);
    s.g.removeAttribute('hidden');
    const rb = r.rotatedBox;
    if (ellipse && r.status === 'tracking') {
      s.ellipse.setAttribute('cx', String(rb.cx));
      s.ellipse.setAttribute('cy', String(rb.cy));
      s.ellipse.setAttribute('rx', String(rb.width / 2));
      s.ellipse.setAttribute('ry', String(rb.height / 2));
      s.ellipse.setAttribute('transform', `rotate(${(rb.angle * 180) / Math.PI} ${rb.cx} ${rb.cy})`);
      s.ellipse.removeAttribute('hidden');
    } else s.ellipse.setAttribute('hidden', '');
    if (this.labels) {
      s.label.setAttribute('x', String(b.x + 4));
      s.label.setAttribute('y', String(Math.max(14, b.y - 6)));
      s.label.removeAttribute('hidden');
    } else s.label.setAttribute('hidden', '');
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
    for (const s of this.shapes.values()) s.g.setAttribute('hidden', '');
  }

  private shape(id: number): Shape {
    let s = this.shapes.get(id);
    if (s) return s;
    const doc = this.layer.ownerDocument;
    const g = doc.createElementNS(SVG, 'g');
    g.setAttribute('class', 'target');
    g.setAttribute('data-id', String(id));
    g.setAttribute('style', `--_c: ${targetColor(id)}`);
    const ellipse = doc.createElementNS(SVG, 'ellipse');
    ellipse.setAttribute('part', 'ellipse');
    ellipse.setAttribute('hidden', '');
    const box = doc.createElementNS(SVG, 'rect');
    box.setAttribute('part', 'box');
    box.setAttribute('data-id', String(id));
    const label = doc.createElementNS(SVG, 'text');
    label.setAttribute('part', 'label');
    label.setAttribute('hidden', '');
    label.textContent = String(id);
    g.append(ellipse, box, label);
    this.layer.append(g);
    s = { g, box, ellipse, label };
    this.shapes.set(id, s);
    return s;
  }
}
