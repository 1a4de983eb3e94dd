import type { ProbabilityPatch } from '../dom/tracking-pipeline.js';

/**
 * Paints trackers' probability maps (0..255, gray) on black into a frame-sized canvas: only
 * the patches of this frame are written, and what the last frame painted elsewhere is
 * cleared. Keeps one ImageData per frame size.
 */
export class ProbabilityPainter {
  private image: ImageData | null = null;
  private drawn: { x: number; y: number; width: number; height: number }[] = [];

  /** Forgets the canvas content (after a resize or when shown again). */
  reset(): void {
    this.image = null;
    this.drawn.length = 0;
  }

  paint(canvas: HTMLCanvasElement, width: number, height: number, patches: readonly ProbabilityPatch[]): void {
    const ctx = canvas.getContext('2d');
    if (!ctx || !width || !height) return;
    let img = this.image;
    if (!img || img.width !== width || img.height !== height || canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
      img = this.image = new ImageData(width, height);
      for (let i = 3; i < img.data.length; i += 4) img.data[i] = 255;
      ctx.putImageData(img, 0, 0);
      this.drawn.length = 0;
    }
    const d = img.data, W = width;
    const dirty = this.drawn.slice();
    // clear what the last frame painted (black, opaque)
    for (const r of this.drawn) {
      for (let y = r.y; y < r.y + r.height; y++) {
        for (let j = (y * W + r.x) * 4, e = j + r.width * 4; j < e; j += 4) d[j] = d[j + 1] = d[j + 2] = 0;
      }
    }
    this.drawn.length = 0;
    for (const p of patches) {
      const { x: x0, y: y0, width: w, height: h } = p.rect;
      if (x0 < 0 || y0 < 0 || x0 + w > width || y0 + h > height) continue;
      for (let y = 0; y < h; y++) {
        const src = p.offset + y * p.stride;
        for (let x = 0, j = ((y0 + y) * W + x0) * 4; x < w; x++, j += 4) {
          const v = p.data[src + x];
          d[j] = d[j + 1] = d[j + 2] = v;
        }
      }
      this.drawn.push({ x: x0, y: y0, width: w, height: h });
      dirty.push(this.drawn[this.drawn.length - 1]);
    }
    if (!dirty.length) return;
    let ux0 = width, uy0 = height, ux1 = 0, uy1 = 0;
    for (const r of dirty) {
      ux0 = Math.min(ux0, r.x);
      uy0 = Math.min(uy0, r.y);
      ux1 = Math.max(ux1, r.x + r.width);
      uy1 = Math.max(uy1, r.y + r.height);
    }
    if (ux1 > ux0 && uy1 > uy0) ctx.putImageData(img, 0, 0, ux0, uy0, ux1 - ux0, uy1 - uy0);
  }
}
