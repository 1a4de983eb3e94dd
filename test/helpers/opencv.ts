/** OpenCV.js in Node, the reference for parity tests (see src/cli/opencv-ref.ts). */
export { loadOpenCV, type CV } from '../../src/cli/opencv-ref.js';
