/**
 * sRGB (8-bit) ↔ CIE L*u*v* (D65), floats: L in 0..100, u and v roughly -100..180.
 * The same formulas as OpenCV's floating-point COLOR_RGB2Luv / COLOR_Luv2RGB (sRGB gamma).
 */

const XN = 0.950456;
const ZN = 1.088754;
const UN = (4 * XN) / (XN + 15 + 3 * ZN);
const VN = 9 / (XN + 15 + 3 * ZN);

/** sRGB byte → linear light, 0..1. */
const LINEAR = new Float64Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}

/** Converts packed 8-bit RGB (3 channels) to packed Luv floats. */
export function rgbToLuv(rgb: Uint8Array, out?: Float32Array): Float32Array {
  const n = rgb.length / 3;
  const dst = out ?? new Float32Array(n * 3);
  for (let i = 0; i < n * 3; i += 3) {
    const r = LINEAR[rgb[i]];
    const g = LINEAR[rgb[i + 1]];
    const b = LINEAR[rgb[i + 2]];
    const X = 0.412453 * r + 0.35758 * g + 0.180423 * b;
    const Y = 0.212671 * r + 0.71516 * g + 0.072169 * b;
    const Z = 0.019334 * r + 0.119193 * g + 0.950227 * b;
    const L = Y > 0.008856 ? 116 * Math.cbrt(Y) - 16 : 903.3 * Y;
    const d = X + 15 * Y + 3 * Z;
    if (d === 0) {
      dst[i] = L;
      dst[i + 1] = 0;
      dst[i + 2] = 0;
    } else {
      dst[i] = L;
      dst[i + 1] = 13 * L * ((4 * X) / d - UN);
      dst[i + 2] = 13 * L * ((9 * Y) / d - VN);
    }
  }
  return dst;
}

function toByte(linear: number): number {
  const c = linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
  const v = Math.round(c * 255);
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** Converts packed Luv floats back to packed 8-bit RGB. */
export function luvToRgb(luv: Float32Array, out?: Uint8Array): Uint8Array {
  const n = luv.length / 3;
  const dst = out ?? new Uint8Array(n * 3);
  for (let i = 0; i < n * 3; i += 3) {
    const L = luv[i];
    if (L <= 0) {
      dst[i] = dst[i + 1] = dst[i + 2] = 0;
      continue;
    }
    const Y = L > 8 ? Math.pow((L + 16) / 116, 3) : L / 903.3;
    const up = luv[i + 1] / (13 * L) + UN;
    const vp = luv[i + 2] / (13 * L) + VN;
    const X = (9 * Y * up) / (4 * vp);
    const Z = (Y * (12 - 3 * up - 20 * vp)) / (4 * vp);
    const r = 3.240479 * X - 1.53715 * Y - 0.498535 * Z;
    const g = -0.969256 * X + 1.875991 * Y + 0.041556 * Z;
    const b = 0.055648 * X - 0.204043 * Y + 1.057311 * Z;
    dst[i] = toByte(r);
    dst[i + 1] = toByte(g);
    dst[i + 2] = toByte(b);
  }
  return dst;
}
