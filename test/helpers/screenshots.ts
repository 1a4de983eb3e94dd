// Screenshots of the pages the e2e tests drive, for README.md (`npm run screenshots` writes
// docs/images/*.png): saved only when MODESEEK_E2E_SCREENSHOTS names a folder; scaled to at
// most 800 px wide and palette-compressed so they stay small enough to commit.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';

export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const dir = process.env.MODESEEK_E2E_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const png = await page.screenshot({ fullPage: options.fullPage ?? false });
  await sharp(png)
    .resize({ width: 800, withoutEnlargement: true })
    .png({ palette: true, quality: 85, compressionLevel: 9, effort: 10 })
    .toFile(join(dir, `${name}.png`));
}
