/**
 * OpenCV.js (@techstark/opencv-js, a dev dependency) loaded in Node: the reference for
 * parity tests and `modeseek bench`. Node only.
 *
 * The Emscripten module is a thenable whose `then` hands back the module itself, so it must
 * never be awaited directly (that never settles); we wait for `onRuntimeInitialized`.
 */
import { createRequire } from 'node:module';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CV = any;

let ready: Promise<CV> | null = null;

/** Loads OpenCV.js once; rejects with a clear message when the package is not installed. */
export function loadOpenCV(): Promise<CV> {
  if (!ready) {
    ready = new Promise<CV>((resolve, reject) => {
      let cv: CV;
      try {
        cv = createRequire(import.meta.url)('@techstark/opencv-js');
      } catch (e) {
        reject(new Error(`OpenCV.js is not installed (npm install -D @techstark/opencv-js): ${(e as Error).message}`));
        return;
      }
      const done = () => {
        // Resolving a promise with the thenable module would never settle: drop its `then`.
        if (typeof cv.then === 'function') delete cv.then;
        resolve(cv);
      };
      if (cv.Mat) done();
      else cv.onRuntimeInitialized = done;
    });
  }
  return ready;
}
