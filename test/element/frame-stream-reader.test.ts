import { describe, expect, test } from 'vitest';
import { FrameStreamReader } from '../../src/dom/frame-stream-reader.js';

/** A frame stand-in that records whether it was closed. */
class Frame {
  closed = 0;
  constructor(readonly n: number) {}
  close(): void {
    this.closed++;
  }
}

/** A stream the test feeds by hand, and a way to let the microtasks run. */
function source() {
  let ctl!: ReadableStreamDefaultController<Frame>;
  const readable = new ReadableStream<Frame>({ start: (c) => void (ctl = c) }, { highWaterMark: 0 });
  return { readable, push: (f: Frame) => ctl.enqueue(f), end: () => ctl.close(), error: (e: Error) => ctl.error(e) };
}
const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

/** A `process` whose calls resolve only when the test says so. */
function gate() {
  const calls: { n: number; index: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  const process = (f: Frame, index: number) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ n: f.n, index, resolve, reject });
    });
  return { calls, process };
}

describe('FrameStreamReader', () => {
  test('processes frames in order, one at a time, and closes each once it is processed', async () => {
    const s = source(), g = gate();
    const frames = [0, 1, 2].map((n) => new Frame(n));
    const r = new FrameStreamReader(s.readable, g.process);
    s.push(frames[0]);
    await flush();
    expect(g.calls.map((c) => c.n)).toEqual([0]);
    expect(frames[0].closed).toBe(0); // still being processed
    g.calls[0].resolve();
    await flush();
    expect(frames[0].closed).toBe(1);
    s.push(frames[1]);
    await flush();
    g.calls[1].resolve();
    await flush();
    s.push(frames[2]);
    await flush();
    g.calls[2].resolve();
    s.end();
    await r.done;
    expect(g.calls.map((c) => [c.n, c.index])).toEqual([[0, 0], [1, 1], [2, 2]]);
    expect(frames.map((f) => f.closed)).toEqual([1, 1, 1]);
    expect(r.stats).toEqual({ read: 3, processed: 3, skippedBusy: 0 });
    expect(r.running).toBe(false);
  });

  test('while busy only the newest frame waits: older ones are closed at once and counted as skipped', async () => {
    const s = source(), g = gate();
    const frames = [0, 1, 2, 3, 4].map((n) => new Frame(n));
    const r = new FrameStreamReader(s.readable, g.process);
    s.push(frames[0]);
    await flush();
    // frames 1, 2, 3 arrive while frame 0 is processed: 1 and 2 are dropped, 3 waits
    for (const k of [1, 2, 3]) {
      s.push(frames[k]);
      await flush();
    }
    expect(frames.map((f) => f.closed)).toEqual([0, 1, 1, 0, 0]);
    expect(r.stats.skippedBusy).toBe(2);
    g.calls[0].resolve();
    await flush();
    expect(g.calls.map((c) => [c.n, c.index])).toEqual([[0, 0], [3, 3]]);
    g.calls[1].resolve();
    await flush();
    s.push(frames[4]);
    await flush();
    g.calls[2].resolve();
    s.end();
    await r.done;
    expect(g.calls.map((c) => c.n)).toEqual([0, 3, 4]);
    expect(frames.map((f) => f.closed)).toEqual([1, 1, 1, 1, 1]);
    expect(r.stats).toEqual({ read: 5, processed: 3, skippedBusy: 2 });
  });

  test('stop() cancels the stream and closes the waiting frame; the frame in process is closed when it settles', async () => {
    const s = source(), g = gate();
    let cancelled = false;
    const frames = [0, 1].map((n) => new Frame(n));
    let ctl!: ReadableStreamDefaultController<Frame>;
    const readable = new ReadableStream<Frame>({ start: (c) => void (ctl = c), cancel: () => void (cancelled = true) }, { highWaterMark: 0 });
    void s;
    const r = new FrameStreamReader(readable, g.process);
    ctl.enqueue(frames[0]);
    await flush();
    ctl.enqueue(frames[1]);
    await flush();
    r.stop();
    await flush();
    expect(cancelled).toBe(true);
    expect(frames.map((f) => f.closed)).toEqual([0, 1]);
    g.calls[0].resolve();
    await r.done;
    expect(frames.map((f) => f.closed)).toEqual([1, 1]);
    expect(g.calls.length).toBe(1);
    expect(r.stats.skippedBusy).toBe(0); // stopped, not skipped for being busy
  });

  test('a process error is reported once, stops the reader and leaks no frame', async () => {
    const s = source(), g = gate();
    const errors: string[] = [];
    const frames = [0, 1].map((n) => new Frame(n));
    const r = new FrameStreamReader(s.readable, g.process, (e) => errors.push((e as Error).message));
    s.push(frames[0]);
    await flush();
    s.push(frames[1]);
    await flush();
    g.calls[0].reject(new Error('boom'));
    await r.done;
    expect(errors).toEqual(['boom']);
    expect(frames.map((f) => f.closed)).toEqual([1, 1]);
    expect(g.calls.length).toBe(1);
  });

  test('a synchronous throw in process and a stream error are reported too', async () => {
    const s1 = source();
    const errors: string[] = [];
    const f = new Frame(0);
    const r1 = new FrameStreamReader(s1.readable, () => {
      throw new Error('sync');
    }, (e) => errors.push((e as Error).message));
    s1.push(f);
    await r1.done;
    expect(f.closed).toBe(1);
    const s2 = source();
    const r2 = new FrameStreamReader(s2.readable, () => {}, (e) => errors.push((e as Error).message));
    s2.error(new Error('track gone'));
    await r2.done;
    expect(errors).toEqual(['sync', 'track gone']);
  });
});
