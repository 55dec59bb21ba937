import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of the console land here (git-ignored). */
export const OUTPUT = path.resolve(import.meta.dirname, '../../test-output/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records every console error and uncaught exception, for a "no console errors" check. */
export async function watchedPage(browser: Browser, viewport = { width: 1366, height: 768 }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, `${name}.png`), fullPage: true });
}

/**
 * How many pixels of an element differ clearly from its top-left pixel (its background): a
 * glyph that was drawn shows as inked pixels, one clipped away does not. The screenshot is
 * decoded by the browser itself (an image on a canvas), so no image library is needed.
 */
export async function inkedPixels(browser: Browser, png: Buffer): Promise<number> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (dataUrl) => {
      // Runs in the page: the test's own TypeScript has no DOM types.
      const { Image, document } = globalThis as any;
      const img = new Image();
      img.src = dataUrl;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height) as { data: Uint8ClampedArray };
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) {
        const distance = Math.abs(data[i]! - data[0]!) + Math.abs(data[i + 1]! - data[1]!) + Math.abs(data[i + 2]! - data[2]!);
        if (distance > 96) inked += 1;
      }
      return inked;
    }, `data:image/png;base64,${png.toString('base64')}`);
  } finally {
    await page.close();
  }
}
