// Page helpers shared by the e2e tests of <modeseek-tracker>.
import type { Page } from 'playwright-core';

/** Resolves once the object has just come to rest at the frame's centre (seen in the video's pixels). */
export async function waitForRest(page: Page, W: number, H: number, selector = 'modeseek-tracker'): Promise<void> {
  await page.evaluate(
    ({ W, H, selector }) =>
      new Promise<void>((resolve, reject) => {
        const video = document.querySelector(selector)!.shadowRoot!.querySelector('video')!;
        const cw = 160, ch = 90;
        const ctx = new OffscreenCanvas(cw, ch).getContext('2d', { willReadFrequently: true })!;
        let wasAway = false;
        const timer = setTimeout(() => reject(new Error('the object never came to rest at the centre')), 15_000);
        const check = () => {
          ctx.drawImage(video, 0, 0, cw, ch);
          const d = ctx.getImageData(0, 0, cw, ch).data;
          let n = 0, sx = 0, sy = 0;
          for (let y = 0; y < ch; y++) {
            for (let x = 0; x < cw; x++) {
              const j = (y * cw + x) * 4;
              if (d[j] > 150 && d[j + 2] < 90 && d[j] - d[j + 1] > 50) {
                n++;
                sx += x;
                sy += y;
              }
            }
          }
          const atCentre = n > 20 && Math.hypot((sx / n) * (W / cw) - W / 2, (sy / n) * (H / ch) - H / 2) < 12;
          if (atCentre && wasAway) {
            clearTimeout(timer);
            resolve();
            return;
          }
          if (!atCentre) wasAway = true;
          video.requestVideoFrameCallback(check);
        };
        video.requestVideoFrameCallback(check);
      }),
    { W, H, selector },
  );
}

