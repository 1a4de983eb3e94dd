/**
 * The colour feature of the robust tracker: a pixel's histogram bin from per-channel lookup
 * tables, `bin = lutR[d[j]] + lutG[d[j + offG]] + lutB[d[j + offB]]`, so one loop serves RGB
 * (16×16×16 bins, as ASMS) and gray (64 levels; one-channel frames read the same byte thrice
 * with zero tables for G and B).
 */
export type RobustColorSpace = 'rgb' | 'gray';

export class ColorBins {
  readonly space: RobustColorSpace;
  readonly size: number;
  readonly lutR = new Uint16Array(256);
  readonly lutG = new Uint16Array(256);
  readonly lutB = new Uint16Array(256);
  /** Byte offsets of the second and third channel read (0 for one-channel frames). */
  readonly offG: number;
  readonly offB: number;

  constructor(space: RobustColorSpace, channels: number) {
    this.space = space;
    const one = channels === 1;
    this.offG = one ? 0 : 1;
    this.offB = one ? 0 : 2;
    if (space === 'rgb' && !one) {
      this.size = 4096;
      for (let v = 0; v < 256; v++) {
        this.lutR[v] = (v >> 4) << 8;
        this.lutG[v] = (v >> 4) << 4;
        this.lutB[v] = v >> 4;
      }
    } else {
      this.size = 64;
      if (one) {
        for (let v = 0; v < 256; v++) this.lutR[v] = v >> 2;
      } else {
        // gray level ≈ (R + 2G + B) / 16, in 0..61
        for (let v = 0; v < 256; v++) {
          this.lutR[v] = v >> 4;
          this.lutG[v] = v >> 3;
          this.lutB[v] = v >> 4;
        }
      }
    }
  }
}
