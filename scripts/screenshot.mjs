#!/usr/bin/env node
/**
 * Screenshots of the built site in headless Chromium, with a digit drawn:
 *   node scripts/screenshot.mjs [--out docs/screenshot.png] [--section draw] [--digit 4] [--width 1280 --height 860] [--skip-build] [--port 4321] [--present]
 * --present: opens presentation mode and waits for a written, read digit with its feature maps.
 */
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, chromiumPath } from './lib/chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: a } = parseArgs({
  options: {
    out: { type: 'string', default: 'docs/screenshot.png' },
    section: { type: 'string', default: 'draw' },
    digit: { type: 'string', default: '4' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '860' },
    'skip-build': { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    // Two checkouts taking screenshots at once need two ports.
    port: { type: 'string', default: '4321' },
    present: { type: 'boolean', default: false },
  },
});
const STROKES = {
  4: [[[0.6, 0.15], [0.28, 0.6], [0.75, 0.6]], [[0.6, 0.38], [0.6, 0.86]]],
  7: [[[0.28, 0.18], [0.72, 0.18], [0.45, 0.86]]],
  2: [[[0.3, 0.3], [0.4, 0.18], [0.55, 0.15], [0.68, 0.24], [0.68, 0.38], [0.3, 0.84], [0.72, 0.84]]],
  // The European 1: a long flag, then the stem.
  1: [[[0.34, 0.4], [0.6, 0.14], [0.6, 0.86]]],
};
if (!a['skip-build']) await build({ root, logLevel: 'warn' });
const server = await preview({ root, logLevel: 'warn', preview: { port: Number(a.port), strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: Number(a.width), height: Number(a.height) }, deviceScaleFactor: 1 });
  await page.goto(`http://127.0.0.1:${a.port}/#${a.section}`);
  await page.waitForSelector('[data-testid="model-status"][data-ready="true"]', { timeout: 120_000 }).catch(() => console.error('model not ready'));
  // Every tab with a canvas (Draw, Teach, Look inside) gets the digit, so the shot shows an answer.
  if (STROKES[a.digit] && (await page.getByTestId('draw-canvas').count()) > 0 && !a.present) {
    const box = await page.getByTestId('draw-canvas').boundingBox();
    const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
    for (const s of STROKES[a.digit]) {
      await page.mouse.move(...at(s[0]));
      await page.mouse.down();
      for (const p of s.slice(1)) await page.mouse.move(...at(p), { steps: 6 });
      await page.mouse.up();
    }
    if (a.section === 'draw') await page.waitForSelector('[data-testid="prediction"][data-pending="false"]');
    else await page.waitForTimeout(3000);
  }
  if (a.present) {
    await page.getByTestId('present-open').click();
    await page.waitForSelector('[data-testid="present"][data-phase="showing"]:not([data-digit=""])', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="present-maps"]:not([data-count="0"])', { timeout: 60_000 });
  }
  await page.waitForTimeout(500);
  await page.screenshot({ path: resolve(root, a.out), fullPage: a.full });
  console.log(`wrote ${a.out}`);
} finally {
  await browser.close();
  await server.close();
}
