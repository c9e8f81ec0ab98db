// Regenerates docs/matrix.png, the picture of `netpol matrix --format html` in the docs: the examples
// app (every chart of examples/app.ts) with two external IPs, screenshotted by
// headless Chromium from the npm registry (test/_support/chromium.ts). Not part of the build; run it
// after changing the examples or the HTML renderer:  npm run docs:picture [-- other/path.png]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { examplesApp } from '../examples/app';
import { Reachability } from '../src';
import { launchChromium, openPage } from '../test/_support/chromium';

const OUT = process.argv[2] ?? path.join(__dirname, '..', 'docs', 'matrix.png');
// Wide enough for two grids of the examples app's 14 endpoints side by side.
const WIDTH = 1340;

async function main(): Promise<void> {
  // The app of examples/main.ts, so that the picture is `netpol matrix dist/examples/` with these options.
  const app = examplesApp(fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-picture-')));
  const matrix = Reachability.fromApp(app, { externalIps: ['203.0.113.5', '203.0.113.200'] })
    .matrix(['53/UDP', '443/TCP', '8080/TCP', '9090/TCP']);
  fs.rmSync(app.outdir, { recursive: true, force: true });
  const html = matrix.toHtml({ title: 'Reachability: dist/examples/' });

  const browser = await launchChromium();
  try {
    // A tall viewport, because grids may take at most 85% of its height before they scroll; then the
    // page's own size, so that the picture has no empty band and nothing cut off.
    const page = await openPage(browser, html, { width: WIDTH, height: 4000 });
    const size = await page.evaluate(() => ({
      width: Math.ceil(Math.max(...[...document.querySelectorAll('section.port')].map((s) => s.getBoundingClientRect().right))) + 16,
      height: Math.ceil(document.body.getBoundingClientRect().bottom) + 16,
    }));
    const clip = { x: 0, y: 0, width: Math.max(size.width, 600), height: size.height };
    await page.screenshot({ path: OUT as `${string}.png`, clip, type: 'png' });
    console.log(`wrote ${path.relative(process.cwd(), OUT)} (${clip.width}x${clip.height})`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
