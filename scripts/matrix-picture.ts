// Regenerates docs/matrix.png, the picture of `netpol matrix --format html` in the docs: the examples
// app (recipes, the shop's workloads, the platform pods) with two external IPs, screenshotted by
// headless Chromium (run .ci/setup first). Not part of the build; run it after changing the examples
// or the HTML renderer:  npm run docs:picture
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { documentedPatterns } from '../examples/patterns';
import { recipes } from '../examples/recipes';
import { platformWorkloads, shopWorkloads } from '../examples/workloads';
import { Reachability } from '../src';
import { measure, screenshot } from '../test/_support/chromium';

const OUT = path.join(__dirname, '..', 'docs', 'matrix.png');
const WIDTH = 1040;

// The charts of examples/main.ts, so that the picture is `netpol matrix dist/examples/` with these options.
const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-picture-')) });
documentedPatterns(new Chart(app, 'documented-patterns'));
recipes(new Chart(app, 'recipes', { namespace: 'shop' }));
shopWorkloads(new Chart(app, 'shop-app', { namespace: 'shop' }));
platformWorkloads(new Chart(app, 'platform'));

const matrix = Reachability.fromApp(app, { externalIps: ['203.0.113.5', '203.0.113.200'] })
  .matrix(['53/UDP', '443/TCP', '8080/TCP', '9090/TCP']);
const html = matrix.toHtml({ title: 'Reachability: dist/examples/' });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-picture-'));
try {
  const file = path.join(dir, 'matrix.html');
  fs.writeFileSync(file, html);
  // The page's own height at this width, so the picture has no empty band and nothing cut off. A tall
  // window, because grids may take at most 85% of the window height before they scroll.
  const size = measure(html, `{
    width: Math.ceil(Math.max.apply(null, [].map.call(document.querySelectorAll('section.port'), function (s) { return s.getBoundingClientRect().right; }))) + 16,
    height: Math.ceil(document.body.getBoundingClientRect().bottom) + 16 }`, WIDTH, 4000);
  fs.writeFileSync(OUT, screenshot(file, Math.max(size.width, 600), size.height));
  console.log(`wrote ${path.relative(process.cwd(), OUT)} (${size.width}x${size.height})`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(app.outdir, { recursive: true, force: true });
}
