/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Headless Chromium from the npm registry for tests and scripts that render HTML: @sparticuz/chromium
// ships the browser in its tarball (unpacked to the temp dir on first use), puppeteer-core drives it.
// `npm ci` is all a machine needs, so a browser that does not start is an error, never a skip.
// (The DOM references above type the functions that puppeteer runs inside the page.)
import * as os from 'os';
import * as path from 'path';
import type Chromium from '@sparticuz/chromium' with { 'resolution-mode': 'require' };
import puppeteer, { Browser, Page } from 'puppeteer-core';

// Its CommonJS build is typed as an ES module (the .d.ts sits under "type": "module"), so TypeScript
// refuses a static import from CommonJS; require() loads the same CommonJS build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const chromium: typeof Chromium = require('@sparticuz/chromium');

/** For jest hooks: unpacking the browser on a fresh machine takes a few seconds, a launch less. */
export const LAUNCH_TIMEOUT_MS = 120_000;

/** Starts headless Chromium; fails with what to do when it cannot. */
export async function launchChromium(): Promise<Browser> {
  let executablePath = path.join(os.tmpdir(), 'chromium');
  try {
    executablePath = await chromium.executablePath();
    return await puppeteer.launch({ executablePath, args: chromium.args, headless: true });
  } catch (e) {
    throw new Error(`headless Chromium (@sparticuz/chromium, unpacked to ${executablePath}) did not start: ${(e as Error).message}\n`
      + `Run \`npm ci\`; if an interrupted run left ${executablePath} half unpacked, delete it.`);
  }
}

export interface Viewport {
  readonly width: number;
  readonly height: number;
}

/** A page with `html` loaded and its scripts run, in a viewport of CSS pixels at device scale 1. Script errors fail. */
export async function openPage(browser: Browser, html: string, viewport: Viewport): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
  await page.setViewport({ ...viewport, deviceScaleFactor: 1 });
  await page.setContent(html, { waitUntil: 'load' });
  if (errors.length > 0) throw new Error(`the page's script failed:\n${errors.join('\n')}`);
  return page;
}

export type Rgba = [number, number, number, number];

/**
 * The colours painted at `points` (viewport CSS pixels): a screenshot of the viewport, decoded by the
 * browser itself into a canvas in a blank page, with no colour conversion.
 */
export async function colorsAt(page: Page, points: readonly { x: number; y: number }[]): Promise<Rgba[]> {
  const png = await page.screenshot({ encoding: 'base64', type: 'png' });
  const reader = await page.browser().newPage();
  try {
    return await reader.evaluate(async (data: string, at: { x: number; y: number }[]) => {
      const blob = await (await fetch(`data:image/png;base64,${data}`)).blob();
      const image = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      context.drawImage(image, 0, 0);
      return at.map(({ x, y }) => {
        if (x < 0 || y < 0 || x >= image.width || y >= image.height) throw new Error(`(${x}, ${y}) is outside the ${image.width}x${image.height} screenshot`);
        return [...context.getImageData(x, y, 1, 1).data] as Rgba;
      });
    }, png, [...points]);
  } finally {
    await reader.close();
  }
}
