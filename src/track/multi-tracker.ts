import type { ImageLike, Rect } from '../image/types.js';
import { createTracker, type TrackerOptions } from './create-tracker.js';
import { isTrackerMethod, TRACKER_METHODS } from './methods.js';
import { createTrackResult, type TrackResult, type Tracker, type TrackerMethod } from './types.js';

/** Options of `MultiTracker`: those of `createTracker()`, used for every target. */
export type MultiTrackerOptions = TrackerOptions;

/** Tracker options without `method` (`MultiTracker.setOptions`): each method reads its own. */
export type TrackerOptionValues = Omit<TrackerOptions, 'method'>;

/**
 * Checks tracker options as `MultiTracker.setOptions` does: a TypeError for `method` or a name
 * no tracker has, a RangeError for a bad value of any method's option.
 */
export function checkTrackerOptionValues(options: TrackerOptionValues): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`tracker options must be an object such as { rotationStep: 5 }, got ${Array.isArray(options) ? 'an array' : String(options)}`);
  }
  if ('method' in options) throw new TypeError('tracker options cannot set method: set the method on its own');
  for (const method of TRACKER_METHODS) createTracker({ ...options, method });
}

/** One target's result in a frame: the tracker's `TrackResult` plus the target's `id`. */
export interface TargetTrackResult extends TrackResult {
  id: number;
}

/** A target of a `MultiTracker`. */
export interface TrackedTarget {
  readonly id: number;
  /** Its tracker, null until the target is learnt (on the next frame after `add()` without one). */
  readonly tracker: Tracker | null;
  /** The box to learn on the next frame, else null. */
  readonly pending: Rect | null;
  /** The last result (owned and overwritten every frame; status 'lost' with the learnt box before the first). */
  readonly result: TargetTrackResult;
}

interface Entry {
  id: number;
  tracker: Tracker | null;
  pending: Rect | null;
  result: TargetTrackResult;
}

/**
 * Several targets tracked in the same frames, each by its own tracker of the same method: the
 * frame is read once per frame by the caller and shared by all the trackers, and each target
 * keeps an `id` (1, 2, ..., never reused). Works the same in Node, in a Worker and on the page:
 *
 * ```ts
 * const trackers = new MultiTracker({ method: 'camshift' });
 * const a = trackers.add(boxA, frame0), b = trackers.add(boxB, frame0);
 * for (const frame of frames) for (const r of trackers.track(frame)) console.log(r.id, r.box);
 * ```
 *
 * `add(box)` without a frame learns the box on the next `track()` frame (as the web
 * component does when a person drags a box). `setMethod()` switches every target to another
 * method, learnt again on its current box on the next frame.
 */
export class MultiTracker {
  private options: MultiTrackerOptions;
  private currentMethod: TrackerMethod;
  private readonly entries: Entry[] = [];
  private readonly results: TargetTrackResult[] = [];
  private nextId = 1;

  constructor(options: MultiTrackerOptions = {}) {
    const method = options.method ?? TRACKER_METHODS[0];
    createTracker({ ...options, method }); // an unknown method or bad option fails here, with its message
    this.options = { ...options };
    this.currentMethod = method;
  }

  /** The method every target is tracked with. */
  get method(): TrackerMethod {
    return this.currentMethod;
  }

  /** The targets, in the order they were added. */
  get targets(): readonly TrackedTarget[] {
    return this.entries;
  }

  /** Number of targets. */
  get size(): number {
    return this.entries.length;
  }

  /** The target with this id, if any. */
  get(id: number): TrackedTarget | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /**
   * Adds a target and returns its id. With `frame` the box is learnt at once (and a box
   * outside the frame throws, adding nothing); without, it is learnt on the next `track()`.
   * `id` picks the id (a positive integer not in use), for callers that mirror another
   * `MultiTracker` (the web component's Worker); by default the next free one.
   */
  add(box: Rect, frame?: ImageLike, id?: number): number {
    checkBox(box);
    if (id !== undefined) {
      if (!Number.isInteger(id) || id < 1) throw new RangeError(`id must be a positive integer, got ${String(id)}`);
      if (this.entries.some((e) => e.id === id)) throw new RangeError(`a target with id ${id} already exists: remove it first, or leave id out`);
    }
    const entry: Entry = {
      id: id ?? this.nextId,
      tracker: null,
      pending: { x: box.x, y: box.y, width: box.width, height: box.height },
      result: { ...createTrackResult(), id: id ?? this.nextId },
    };
    copyBox(box, entry.result.box);
    if (frame) this.learn(entry, frame); // throws before anything is added
    this.nextId = Math.max(this.nextId, entry.id + 1);
    this.entries.push(entry);
    return entry.id;
  }

  /** Removes a target; false when there is none with this id. */
  remove(id: number): boolean {
    const i = this.entries.findIndex((e) => e.id === id);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    return true;
  }

  /** Removes every target (ids are not reused afterwards). */
  clear(): void {
    this.entries.length = 0;
  }

  /**
   * Switches every target to `method`: each is learnt again with it on its current box on the
   * next `track()` frame (no target is lost by switching). Throws for an unknown method,
   * changing nothing.
   */
  setMethod(method: TrackerMethod): void {
    if (!isTrackerMethod(method)) {
      throw new RangeError(`method must be one of ${TRACKER_METHODS.map((m) => `'${m}'`).join(', ')}, got '${String(method)}'`);
    }
    if (method === this.currentMethod) return;
    createTracker({ ...this.options, method }); // an unavailable method fails now, not on the next frame
    this.currentMethod = method;
    this.relearn();
  }

  /**
   * Sets the trackers' options (`createTracker()`'s, each method reading its own, as in the
   * constructor; `method` stays as it is): every target learns its current box again with
   * them on the next `track()` frame. Throws a TypeError for a name no tracker has and a
   * RangeError for a bad value (of any method's), changing nothing.
   */
  setOptions(options: TrackerOptionValues): void {
    checkTrackerOptionValues(options);
    this.options = { ...options, method: this.currentMethod };
    this.relearn();
  }

  /** Makes every learnt target learn its current box again on the next frame (after a change of frame size, say). */
  relearn(): void {
    for (const e of this.entries) {
      if (!e.pending) e.pending = { ...e.result.box };
      e.tracker = null;
    }
  }

  /**
   * Tracks every target in `frame` (targets still to be learnt are learnt on it first).
   * Returns one result per target, in target order (owned and reused: copy what you keep).
   * A target whose pending box lies outside the frame is removed and the error thrown after
   * the other targets were tracked.
   */
  track(frame: ImageLike, timestamp?: number): readonly TargetTrackResult[] {
    const out = this.results;
    out.length = 0;
    let failure: unknown = null;
    for (const e of this.entries.slice()) {
      try {
        out.push(this.trackTarget(e.id, frame, timestamp));
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure) throw failure;
    return out;
  }

  /**
   * Tracks one target in `frame`, learning it first if it is pending. A pending box outside
   * the frame throws and removes the target.
   */
  trackTarget(id: number, frame: ImageLike, timestamp?: number): TargetTrackResult {
    const e = this.entries.find((t) => t.id === id);
    if (!e) throw new RangeError(`no target with id ${id}`);
    if (e.pending || !e.tracker) {
      try {
        this.learn(e, frame);
      } catch (err) {
        this.remove(id);
        throw err;
      }
    }
    const r = e.tracker!.track(frame, timestamp);
    const o = e.result;
    o.status = r.status;
    copyBox(r.box, o.box);
    const a = r.rotatedBox, b = o.rotatedBox;
    b.cx = a.cx;
    b.cy = a.cy;
    b.width = a.width;
    b.height = a.height;
    b.angle = a.angle;
    o.score = r.score;
    o.iterations = r.iterations;
    o.timestamp = r.timestamp;
    return o;
  }

  private learn(e: Entry, frame: ImageLike): void {
    const box = e.pending ?? e.result.box;
    const tracker = createTracker({ ...this.options, method: this.currentMethod });
    tracker.init(frame, box);
    e.tracker = tracker;
    e.pending = null;
  }
}

function checkBox(box: Rect): void {
  const { x, y, width, height } = box ?? ({} as Rect);
  if (![x, y, width, height].every((v) => typeof v === 'number' && Number.isFinite(v)) || !(width > 0) || !(height > 0)) {
    throw new RangeError(`a target box needs finite x, y and a positive width and height in frame pixels, got ${JSON.stringify(box)}`);
  }
}

function copyBox(a: Rect, b: Rect): void {
  b.x = a.x;
  b.y = a.y;
  b.width = a.width;
  b.height = a.height;
}
