/**
 * The robust tracker's colour bins, one definition for every place that reads a pixel's
 * colour (template sampling, the colour search, the probability map): RGB at 32 levels a
 * channel (32³ bins), or 32 gray levels for gray targets and one-channel frames. `j` is the
 * pixel's first byte; `g1`, `g2` the offsets of its second and third channel (0 for one channel).
 */
export const RGB_BINS = 32768;
export const GRAY_BINS = 32;

export function colourBinCount(gray: boolean): number {
  return gray ? GRAY_BINS : RGB_BINS;
}

/** The RGB levels (0..31) of an RGB colour bin, for cell colour features. */
export function binRed(bin: number): number {
  return bin >> 10;
}
export function binGreen(bin: number): number {
  return (bin >> 5) & 31;
}
export function binBlue(bin: number): number {
  return bin & 31;
}

export function colourBin(data: Uint8Array | Uint8ClampedArray, j: number, g1: number, g2: number, gray: boolean): number {
  return gray
    ? (0.299 * data[j] + 0.587 * data[j + g1] + 0.114 * data[j + g2]) >> 3
    : ((data[j] >> 3) << 10) | ((data[j + g1] >> 3) << 5) | (data[j + g2] >> 3);
}
