import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Rect } from '../image/types.js';

/** Smallest box a drag may select, in video pixels. */
export const MIN_SELECTION = 4;

/** What the selection controller needs from its element. */
export interface SelectionHost extends ReactiveControllerHost, HTMLElement {
  /** True when a box may be chosen (a source is playing and has a size). */
  readonly selectable: boolean;
  /** The video frame's size in pixels. */
  readonly frameSize: { width: number; height: number };
  /** The drag surface (the SVG over the video, viewBox in video pixels). */
  readonly dragSurface: SVGSVGElement | null;
  /** The rubber band. */
  readonly band: SVGRectElement | null;
  /** Called with the chosen box (video pixels). */
  selectFromUser(rect: Rect): void;
  /** Tells assistive technology something (polite live region). */
  announce(text: string): void;
}

/**
 * Lets a person choose a target: by dragging a box on the video (mouse, touch or pen; Esc
 * cancels), or with the keyboard on the focused element: Enter or Space shows a box at the
 * centre, arrow keys move it (Shift + arrows resize it; Alt for single pixels), Enter
 * confirms and Esc cancels. Listens on the host; stops any selection in `hostDisconnected`.
 */
export class SelectionController implements ReactiveController {
  private readonly host: SelectionHost;
  private drag: { id: number; x0: number; y0: number; x1: number; y1: number } | null = null;
  private keyBox: Rect | null = null;

  constructor(host: SelectionHost) {
    this.host = host;
    host.addController(this);
  }

  /** True while a drag or a keyboard selection is in progress. */
  get active(): boolean {
    return this.drag !== null || this.keyBox !== null;
  }

  hostConnected(): void {
    this.host.addEventListener('keydown', this.onKeyDown);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('keydown', this.onKeyDown);
    this.cancel();
  }

  /** Ends any selection in progress without choosing. */
  cancel = (): void => {
    const d = this.drag, surface = this.host.dragSurface;
    this.drag = null;
    this.keyBox = null;
    window.removeEventListener('keydown', this.onEscape, true);
    if (d && surface?.hasPointerCapture(d.id)) surface.releasePointerCapture(d.id);
    this.host.band?.setAttribute('hidden', '');
  };

  // ---- pointer --------------------------------------------------------------------------

  onPointerDown = (e: PointerEvent): void => {
    const surface = this.host.dragSurface;
    if (!surface || !this.host.selectable || this.drag || (e.pointerType === 'mouse' && e.button !== 0)) return;
    this.keyBox = null;
    const p = this.toVideo(e);
    this.drag = { id: e.pointerId, x0: p.x, y0: p.y, x1: p.x, y1: p.y };
    surface.setPointerCapture(e.pointerId);
    window.addEventListener('keydown', this.onEscape, true);
    this.drawBand(p.x, p.y, 0, 0);
    e.preventDefault();
  };

  onPointerMove = (e: PointerEvent): void => {
    const d = this.drag;
    if (!d || e.pointerId !== d.id) return;
    const p = this.toVideo(e);
    d.x1 = p.x;
    d.y1 = p.y;
    this.drawBand(Math.min(d.x0, d.x1), Math.min(d.y0, d.y1), Math.abs(d.x1 - d.x0), Math.abs(d.y1 - d.y0));
  };

  onPointerUp = (e: PointerEvent): void => {
    const d = this.drag;
    if (!d || e.pointerId !== d.id) return;
    const p = this.toVideo(e);
    const rect = { x: Math.min(d.x0, p.x), y: Math.min(d.y0, p.y), width: Math.abs(p.x - d.x0), height: Math.abs(p.y - d.y0) };
    this.cancel();
    if (rect.width < MIN_SELECTION || rect.height < MIN_SELECTION) return;
    this.host.selectFromUser(rect);
  };

  onPointerCancel = (): void => {
    if (this.drag) this.cancel();
  };

  private onEscape = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.drag) {
      e.preventDefault();
      e.stopPropagation();
      this.cancel();
    }
  };

  private toVideo(e: PointerEvent): { x: number; y: number } {
    const r = this.host.dragSurface!.getBoundingClientRect();
    const { width: W, height: H } = this.host.frameSize;
    const s = Math.min(r.width / W, r.height / H);
    const ox = (r.width - W * s) / 2, oy = (r.height - H * s) / 2;
    const x = (e.clientX - r.left - ox) / s, y = (e.clientY - r.top - oy) / s;
    return { x: Math.min(W, Math.max(0, x)), y: Math.min(H, Math.max(0, y)) };
  }

  // ---- keyboard -------------------------------------------------------------------------

  private onKeyDown = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || this.drag) return;
    // keys aimed at the element's own buttons stay theirs
    const from = e.composedPath()[0] as Element | undefined;
    if (from && from !== this.host && from.tagName === 'BUTTON') return;
    const box = this.keyBox;
    const { width: W, height: H } = this.host.frameSize;
    if (!box) {
      if ((e.key === 'Enter' || e.key === ' ') && this.host.selectable && W && H) {
        e.preventDefault();
        const w = Math.round(Math.min(W, H) / 4);
        this.keyBox = { x: Math.round((W - w) / 2), y: Math.round((H - w) / 2), width: w, height: w };
        this.drawKeyBox();
        this.host.announce(
          `Choosing a target: a ${w} by ${w} pixel box at the centre. Arrow keys move it, Shift and arrow keys resize it, Enter confirms, Escape cancels.`,
        );
      }
      return;
    }
    const step = e.altKey ? 1 : Math.max(2, Math.round(Math.min(W, H) / 48));
    let handled = true;
    switch (e.key) {
      case 'Enter':
      case ' ': {
        const rect = { ...box };
        this.cancel();
        this.host.selectFromUser(rect);
        break;
      }
      case 'Escape':
        this.cancel();
        this.host.announce('Selection cancelled.');
        break;
      case 'ArrowLeft':
        if (e.shiftKey) box.width = Math.max(MIN_SELECTION, box.width - step);
        else box.x -= step;
        break;
      case 'ArrowRight':
        if (e.shiftKey) box.width += step;
        else box.x += step;
        break;
      case 'ArrowUp':
        if (e.shiftKey) box.height = Math.max(MIN_SELECTION, box.height - step);
        else box.y -= step;
        break;
      case 'ArrowDown':
        if (e.shiftKey) box.height += step;
        else box.y += step;
        break;
      default:
        handled = false;
    }
    if (!handled) return;
    e.preventDefault();
    e.stopPropagation();
    if (this.keyBox) {
      // keep the box inside the frame
      box.width = Math.min(box.width, W);
      box.height = Math.min(box.height, H);
      box.x = Math.min(Math.max(0, box.x), W - box.width);
      box.y = Math.min(Math.max(0, box.y), H - box.height);
      this.drawKeyBox();
    }
  };

  private drawKeyBox(): void {
    const b = this.keyBox;
    if (b) this.drawBand(b.x, b.y, b.width, b.height);
  }

  private drawBand(x: number, y: number, w: number, h: number): void {
    const band = this.host.band;
    if (!band) return;
    band.setAttribute('x', String(x));
    band.setAttribute('y', String(y));
    band.setAttribute('width', String(w));
    band.setAttribute('height', String(h));
    band.removeAttribute('hidden');
  }
}
