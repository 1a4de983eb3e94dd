import { channelsOf, type ImageLike } from '../../image/types.js';
import type { TargetBox } from './boxes.js';
import { GrayPlane } from './gray-plane.js';
import { HogFeatures } from './hog-features.js';
import { PatchSampler } from './patch-sampler.js';
import type { RobustKernel } from './robust-kernel.js';
import { rotateTemplate, turnTemplate, type Template, type TurnCoefficients } from './rotate-template.js';

/**
 * The windows one detection reads from a frame, each in a slot: resampled to a `size` ×
 * `size` template (gray and colour bins, `PatchSampler`), turned back by the target's turn
 * when it has one, and described by HOG cell features (`HogFeatures`). The slots' windows
 * share one gray plane of the frame (`GrayPlane`), so the three scales of a detection convert
 * its pixels once. With a kernel, the templates, features and plane are the kernel's and it
 * does the work; without one, the JS loops, with the same results. Allocates nothing after
 * construction.
 */
export class WindowSampler {
  private readonly samplers: PatchSampler[] = [];
  private readonly hogs: HogFeatures[] = [];
  /** The gray of the current frame around the windows, shared by the samplers. */
  private readonly plane: GrayPlane;
  /** The JS loops' copy of a template being turned (none with the kernel). */
  private readonly unturned: Template | null;
  /** The pixels being read (its own record: a caller may reuse its frame object). */
  private readonly frame: Required<ImageLike> = { data: new Uint8Array(0), width: 0, height: 0, channels: 4 };

  /** `gray`: colour bins by gray level, and no opponent-colour features (a gray target). */
  constructor(readonly size: number, cell: number, slots: number, private readonly gray: boolean, private readonly kernel: RobustKernel | null) {
    this.plane = new GrayPlane((2 * size + 4) * (2 * size + 4), kernel);
    for (let i = 0; i < slots; i++) {
      this.samplers.push(new PatchSampler(size, kernel, i));
      this.hogs.push(new HogFeatures(size, cell, kernel?.features[i]));
    }
    this.unturned = kernel ? null : { gray: new Float32Array(size * size), bins: new Uint16Array(size * size) };
  }

  /** A new frame (call before its first `read()`): what was converted from the last one is forgotten. */
  newFrame(): void {
    this.plane.newFrame();
  }

  /** Samples `frame` from now on; what was converted from it since `newFrame()` is kept (several detections may read one frame). */
  read(frame: ImageLike): void {
    const f = this.frame;
    f.data = frame.data;
    f.width = frame.width;
    f.height = frame.height;
    f.channels = channelsOf(frame);
  }

  /** The frame being read. */
  get lastFrame(): ImageLike {
    return this.frame;
  }

  /** The colour bins of the template in `slot`. */
  bins(slot: number): Uint16Array {
    return this.samplers[slot].bins;
  }

  /**
   * Samples `window` of the frame being read into `slot`, turned about its centre by `turn`
   * when given (the target's turn undone: `turnCoefficients` of the window's proportions and
   * minus the turn), then that template's features; returns them (the slot's, overwritten by
   * its next sample).
   */
  sample(slot: number, window: TargetBox, turn: TurnCoefficients | null): Float64Array {
    const sampler = this.samplers[slot];
    sampler.sample(this.frame, window, this.gray, this.plane);
    if (turn) {
      const js = this.unturned;
      if (js) {
        js.gray.set(sampler.gray);
        js.bins.set(sampler.bins);
        turnTemplate(js, sampler, this.size, turn);
      } else this.kernel!.turn(slot, turn);
    }
    return this.describe(slot);
  }

  /**
   * Writes into `to` the template of `from` turned by `degrees` (anticlockwise on screen) as
   * if its window, of `sx` · size × `sy` · size frame pixels, had been sampled turned
   * (`rotateTemplate`), then that template's features; returns them. `from` is unchanged.
   */
  turnCopy(from: number, to: number, sx: number, sy: number, degrees: number): Float64Array {
    rotateTemplate(this.samplers[from], this.samplers[to], this.size, sx, sy, degrees);
    return this.describe(to);
  }

  /** The HOG features of the template in `slot`. */
  private describe(slot: number): Float64Array {
    const sampler = this.samplers[slot];
    if (this.kernel) this.kernel.hog(slot, !this.gray);
    else this.hogs[slot].compute(sampler.gray, this.gray ? null : sampler.bins);
    return this.hogs[slot].data;
  }
}
