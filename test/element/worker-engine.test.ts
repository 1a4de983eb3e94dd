// WorkerEngine's bookkeeping with a stand-in Worker (no browser): the stream watchdog, the
// flush, stream frames by generation. Fake timers: nothing here depends on real time.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { StreamFrameReply, TrackingWorkerReply, TrackingWorkerRequest } from '../../src/dom/tracking-worker.js';
import { WorkerEngine } from '../../src/dom/worker-engine.js';

/** A Worker stand-in: records what the page posts; the test answers for it. */
class FakeWorker {
  readonly posted: TrackingWorkerRequest[] = [];
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  postMessage(msg: TrackingWorkerRequest): void {
    this.posted.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(msg: TrackingWorkerReply): void {
    this.onmessage?.({ data: msg } as MessageEvent);
  }
}

function engine() {
  const w = new FakeWorker();
  const e = new WorkerEngine('robust', () => w as unknown as Worker);
  const fails: string[] = [];
  e.onfail = (reason) => fails.push(reason);
  w.answer({ t: 'ready' });
  return { w, e, fails };
}

const frame = (gen: number, index: number): StreamFrameReply => ({
  t: 'stream-frame', gen, frame: index, width: 4, height: 4, readAt: 0,
  stats: { read: index + 1, processed: index + 1, skippedBusy: 0 },
  result: { results: [], failures: [], probability: [], workMs: 0, retracks: 0, grabMode: 'videoframe' },
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WorkerEngine with a stream', () => {
  test('a worker that goes silent is asked, then declared dead after 2 s without an answer', () => {
    const { w, e, fails } = engine();
    e.attachStream(new ReadableStream(), 1);
    expect(w.posted.map((m) => m.t)).toEqual(['method', 'stream']);
    vi.advanceTimersByTime(1000);
    expect(w.posted.filter((m) => m.t === 'ping').length).toBe(1); // asked once, not per check
    expect(fails).toEqual([]);
    vi.advanceTimersByTime(1250);
    expect(fails).toEqual(['the tracking worker did not answer within 2 s']);
    expect(w.terminated).toBe(true);
    expect(e.streamAttached).toBe(false);
  });

  test('a worker that answers pings, or sends frames, is never declared dead', () => {
    const { w, e, fails } = engine();
    const got: number[] = [];
    e.onstreamframe = (m) => got.push(m.frame);
    e.attachStream(new ReadableStream(), 3);
    for (let k = 0; k < 40; k++) {
      vi.advanceTimersByTime(250);
      if (w.posted.at(-1)?.t === 'ping') w.answer({ t: 'pong' });
    }
    for (let k = 0; k < 40; k++) {
      vi.advanceTimersByTime(100);
      w.answer(frame(3, k));
    }
    expect(fails).toEqual([]);
    expect(got).toEqual(Array.from({ length: 40 }, (_, k) => k));
  });

  test('detachStream stops the watchdog and frames; flush resolves in order and rejects when the worker fails', async () => {
    const { w, e, fails } = engine();
    const got: number[] = [];
    e.onstreamframe = (m) => got.push(m.frame);
    e.attachStream(new ReadableStream(), 1);
    e.detachStream();
    expect(w.posted.at(-1)).toEqual({ t: 'unstream' });
    w.answer(frame(1, 0)); // a frame already on its way
    vi.advanceTimersByTime(10_000);
    expect(fails).toEqual([]);
    expect(got).toEqual([]);
    const flushed = e.flush();
    await Promise.resolve(); // (commands leave at the end of the task)
    const n = (w.posted.at(-1) as { t: 'flush'; n: number }).n;
    w.answer({ t: 'flushed', n });
    await expect(flushed).resolves.toBeUndefined();
    const pending = e.flush();
    w.answer({ t: 'error', message: 'boom' });
    await expect(pending).rejects.toThrow('the tracking worker was stopped');
    expect(fails).toEqual(['the tracking worker failed: boom']);
    expect(() => e.attachStream(new ReadableStream(), 2)).toThrow('the tracking worker has failed');
  });

  test('the probability flag follows the page while streaming', async () => {
    const { w, e } = engine();
    e.showProbability = true; // not streaming: sent with the stream
    e.attachStream(new ReadableStream(), 1);
    expect(w.posted.at(-1)).toMatchObject({ t: 'stream', gen: 1, probability: true });
    e.showProbability = false;
    e.showProbability = false;
    await Promise.resolve();
    expect(w.posted.filter((m) => m.t === 'probability')).toEqual([{ t: 'probability', on: false }]);
  });

  test('tracker options are checked on the page and reach the worker in order with the other commands', async () => {
    const { w, e } = engine();
    await Promise.resolve();
    e.setOptions({ rotationStep: 5 });
    e.add(1, { x: 1, y: 2, width: 3, height: 4 });
    expect(() => e.setOptions({ rotationStep: 90 })).toThrow(/rotationStep must be in 0\.\.45/);
    expect(() => e.setOptions({ rotationStp: 5 } as never)).toThrow(/did you mean "rotationStep"/);
    await Promise.resolve();
    expect(w.posted.slice(1)).toEqual([
      { t: 'batch', list: [{ t: 'options', options: { rotationStep: 5 } }, { t: 'add', id: 1, rect: { x: 1, y: 2, width: 3, height: 4 } }] },
    ]);
  });

  test('the commands of one task reach the worker as one batch, in order, before anything posted after them', async () => {
    const { w, e } = engine();
    await Promise.resolve();
    expect(w.posted).toEqual([{ t: 'method', method: 'robust' }]); // alone: not wrapped
    e.add(1, { x: 1, y: 2, width: 3, height: 4 });
    e.add(2, { x: 5, y: 6, width: 7, height: 8 });
    e.remove(1);
    expect(w.posted.length).toBe(1); // not yet: the task is not over
    await Promise.resolve();
    expect(w.posted.slice(1)).toEqual([
      {
        t: 'batch',
        list: [
          { t: 'add', id: 1, rect: { x: 1, y: 2, width: 3, height: 4 } },
          { t: 'add', id: 2, rect: { x: 5, y: 6, width: 7, height: 8 } },
          { t: 'remove', id: 1 },
        ],
      },
    ]);
    // a stream attached in the same task as a command goes after it
    e.clear();
    e.attachStream(new ReadableStream(), 4);
    expect(w.posted.slice(2).map((m) => m.t)).toEqual(['clear', 'stream']);
    await Promise.resolve();
    expect(w.posted.length).toBe(4);
  });
});
