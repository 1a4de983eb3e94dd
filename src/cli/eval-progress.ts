/** Progress of `modeseek eval` on stderr: a bar on a terminal, a plain line every few seconds otherwise. */
export class EvalProgress {
  private done = 0;
  private seqDone = 0;
  private readonly t0 = performance.now();
  private lastDraw = 0;
  private firstAt = -1;
  private firstDone = 0;
  private readonly tty: boolean;
  private readonly interval: number;

  constructor(
    private readonly totalFrames: number,
    private readonly totalSequences: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
    enabled = true,
  ) {
    this.tty = enabled && Boolean(out.isTTY);
    this.interval = !enabled ? Infinity : this.tty ? 100 : 10_000;
  }

  frames(n: number): void {
    if (this.firstAt < 0) {
      // rate from the first report on: start-up (worker threads, first decodes) would skew the ETA
      this.firstAt = performance.now();
      this.firstDone = n;
    }
    this.done += n;
    this.maybeDraw();
  }

  sequence(): void {
    this.seqDone++;
    this.maybeDraw(true);
  }

  private maybeDraw(force = false): void {
    const now = performance.now();
    if (this.interval === Infinity) return;
    if (!force && now - this.lastDraw < this.interval) return;
    if (!this.tty && force && now - this.lastDraw < this.interval) return;
    this.lastDraw = now;
    const s = (now - this.t0) / 1000;
    const rs = (now - this.firstAt) / 1000;
    const fps = this.firstAt >= 0 && rs > 0.5 ? (this.done - this.firstDone) / rs : s > 0 ? this.done / s : 0;
    const total = Math.max(this.totalFrames, this.done);
    const frac = total > 0 ? this.done / total : 0;
    const eta = fps > 0 ? (total - this.done) / fps : NaN;
    const text = `${this.done}/${total} frames  ${fps.toFixed(0)} frames/s  ETA ${fmt(eta)}  ${this.seqDone}/${this.totalSequences} sequences`;
    if (this.tty) {
      const width = Math.max(10, Math.min(40, (this.out.columns ?? 80) - text.length - 4));
      const fill = Math.round(frac * width);
      this.out.write(`\r[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${text}\x1b[K`);
    } else this.out.write(`eval: ${text}\n`);
  }

  /** Clears the bar (terminal) and returns the elapsed seconds. */
  end(): number {
    if (this.tty) this.out.write('\r\x1b[K');
    return (performance.now() - this.t0) / 1000;
  }
}

function fmt(s: number): string {
  if (!Number.isFinite(s)) return '--';
  if (s < 60) return `${Math.ceil(s)}s`;
  return `${Math.floor(s / 60)}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`;
}
