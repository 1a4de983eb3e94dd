import type { OverlayView } from '../dom/box-painter.js';
import type { WorkerEngine } from '../dom/worker-engine.js';
import { TARGET_COLORS } from './target-overlay.js';

/**
 * How boxes are drawn by default (`boxes="auto"`): a canvas over the video, handed to the tracking
 * Worker (`transferControlToOffscreen`), on which the worker draws every target after every
 * frame it tracks (`paintBoxes`). The page then does no rendering work for moving boxes: its
 * main thread only receives the results and fires the events. The price: the boxes are
 * pixels, not elements, so `::part(box)` and `::part(label)` do not style them (the
 * `--modeseek-*-color` custom properties still do, read when the layer attaches and on
 * `update()`). Where tracking runs on the main thread the element draws its usual boxes.
 */
export class WorkerBoxLayer {
  private canvas: HTMLCanvasElement | null = null;
  private engine: WorkerEngine | null = null;
  private readonly resize: ResizeObserver | null;
  /** Show ids beside the boxes (several targets). */
  labels = false;

  constructor(private readonly layer: HTMLElement, private readonly host: HTMLElement) {
    this.resize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.update()) : null;
    this.resize?.observe(layer);
  }

  /** True while a worker draws the boxes. */
  get active(): boolean {
    return this.engine !== null;
  }

  /** Where the browser can hand a canvas to a worker. */
  static get supported(): boolean {
    return typeof HTMLCanvasElement === 'function' && typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function';
  }

  /** Lets `engine`'s worker draw the boxes; false (the element draws them) where the canvas cannot be handed over. */
  attach(engine: WorkerEngine): boolean {
    if (this.engine === engine) return true;
    this.detach();
    if (!WorkerBoxLayer.supported) return false;
    const canvas = this.layer.ownerDocument.createElement('canvas');
    canvas.className = 'worker-boxes';
    canvas.setAttribute('aria-hidden', 'true');
    this.layer.append(canvas);
    try {
      engine.drawOverlay(this.view(), canvas.transferControlToOffscreen());
    } catch {
      canvas.remove();
      return false;
    }
    this.canvas = canvas;
    this.engine = engine;
    return true;
  }

  /** The worker stops drawing; the canvas goes. */
  detach(): void {
    this.engine?.stopOverlay();
    this.engine = null;
    this.canvas?.remove();
    this.canvas = null;
  }

  /** Sends the current size, colours and labels (the canvas is cleared until the next frame). */
  update(): void {
    if (!this.engine) return;
    try {
      this.engine.drawOverlay(this.view());
    } catch {
      // the worker failed: the element falls back and detaches this layer
    }
  }

  disconnect(): void {
    this.detach();
    this.resize?.disconnect();
  }

  private view(): OverlayView {
    const cs = getComputedStyle(this.host);
    const prop = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
    const box = prop('--_box', '#29bf12');
    return {
      width: this.layer.clientWidth,
      height: this.layer.clientHeight,
      dpr: globalThis.devicePixelRatio || 1,
      colors: TARGET_COLORS.map((c) => (c.startsWith('var(') ? box : c)),
      lost: prop('--_lost', '#ff4d4f'),
      ellipse: prop('--_ellipse', '#ffd166'),
      labels: this.labels,
    };
  }
}
