/**
 * Node only: decodes JPEG/PNG/WebP frames with sharp (libvips, libjpeg-turbo/mozjpeg, libspng):
 * the fastest well-kept decoder for Node, and asynchronous (it decodes on libuv's thread pool),
 * so the next frames decode while the current one is tracked.
 */
import sharp from 'sharp';
import type { ImageLike } from '../../image/types.js';

sharp.cache(false);

/** A decoded RGB frame (3 channels, as the browser's RGB without the alpha). */
export interface DecodedFrame extends ImageLike {
  data: Uint8Array;
  channels: 3;
}

/** The decoder's reason, never an empty or "Unknown error" message alone. */
function reason(err: unknown): string {
  const m = (err instanceof Error ? err.message : String(err)).trim().split('\n')[0];
  if (m === '' || /^unknown error$/i.test(m)) return 'the decoder gave no reason (the file may be corrupt, truncated or not an image)';
  return m;
}

/**
 * Decodes an image file to 8-bit RGB. Grayscale JPEGs come out with R = G = B (what a browser
 * canvas gives too), so the trackers' automatic colour model sees the same pixels in the CLI and
 * on the replay page; alpha is dropped. The decoder's warnings are errors (`failOn: 'warning'`):
 * a JPEG with corrupt data decodes "successfully" with wrong pixels otherwise, and would be
 * scored. An unreadable file is an error naming it (and `frame`, 1-based, when given).
 */
export async function decodeFrame(file: string, frame?: number): Promise<DecodedFrame> {
  try {
    const { data, info } = await sharp(file, { failOn: 'warning' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
  } catch (err) {
    throw new Error(`${frame !== undefined ? `frame ${frame} ` : ''}${file} cannot be decoded: ${reason(err)}; replace it with a valid JPEG/PNG/WebP image`);
  }
}

/**
 * Yields the decoded frames of `files` in order, keeping up to `prefetch` decodes in flight
 * ahead of the consumer (decoding overlaps tracking). Stops decoding when the consumer stops.
 */
export async function* decodeFrames(files: readonly string[], prefetch = 3): AsyncGenerator<DecodedFrame> {
  const pending: Promise<DecodedFrame>[] = [];
  let next = 0;
  const fill = (): void => {
    while (pending.length < prefetch && next < files.length) {
      const p = decodeFrame(files[next], next + 1);
      next++;
      p.catch(() => {}); // handled when awaited; avoid an unhandled rejection while queued
      pending.push(p);
    }
  };
  fill();
  while (pending.length > 0) {
    const frame = await pending.shift()!;
    fill();
    yield frame;
  }
}

/** A small JPEG of an image, as a data URL (thumbnails of the HTML report). */
export async function thumbnailDataUrl(image: ImageLike | string, width: number, quality = 72): Promise<string> {
  const input =
    typeof image === 'string'
      ? sharp(image)
      : sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels ?? 4 } });
  const buf = await input.removeAlpha().toColourspace('srgb').resize({ width, withoutEnlargement: false }).jpeg({ quality }).toBuffer();
  return `data:image/jpeg;base64,${buf.toString('base64')}`;
}
