const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Compares file names the way people number frames: `2.jpg` before `10.jpg`. */
export function compareNatural(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Extensions of the frame files the readers take, lower case without the dot. */
export const FRAME_EXTENSIONS: readonly string[] = ['jpg', 'jpeg', 'png', 'webp'];

/** True when a file name looks like a frame (`.jpg`, `.jpeg`, `.png`, `.webp`, any case). */
export function isFrameFile(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && FRAME_EXTENSIONS.includes(name.slice(dot + 1).toLowerCase()) && !name.startsWith('.');
}
