// Headless Chromium (Debian's `chromium` package) for tests and scripts that render HTML, and a small
// PNG decoder for its screenshots. CI installs Chromium with .ci/setup, so a missing browser is an error.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Fails with the fix when Chromium is missing: the tests that need it must not pass silently. */
export function requireChromium(): string {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run .ci/setup (it installs Debian's chromium package), or set CHROMIUM to its path`);
  }
  return CHROMIUM;
}

/** Runs Chromium on a local file with a fresh profile and no network use; returns its stdout. */
function run(file: string, extra: string[]): string {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-chromium-'));
  try {
    const result = spawnSync(requireChromium(), [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      `--user-data-dir=${profile}`,
      ...extra,
      `file://${path.resolve(file)}`,
    ], { encoding: 'utf8', timeout: 90_000, maxBuffer: 256 * 1024 * 1024 });
    if (result.error || result.status !== 0) {
      const why = result.error ? result.error.message : `exit status ${result.status}`;
      throw new Error(`chromium failed (${why}):\n${(result.stderr ?? '').split('\n').slice(-15).join('\n')}`);
    }
    return result.stdout;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** The DOM after the page's scripts ran. */
export function dumpDom(file: string): string {
  return run(file, ['--dump-dom']);
}

/** A screenshot of the page at `width` x `height` CSS pixels (device scale 1, no scrollbars). */
export function screenshot(file: string, width: number, height: number): Buffer {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-shot-')), 'shot.png');
  try {
    run(file, ['--hide-scrollbars', '--force-device-scale-factor=1', `--window-size=${width},${height}`, `--screenshot=${out}`]);
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

/** Where elements are once laid out: runs `expression` (returning JSON-able data) after the page's scripts. */
export function measure(html: string, expression: string, width: number, height: number): any {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-measure-'));
  try {
    const file = path.join(dir, 'page.html');
    const probe = `<script>document.body.setAttribute('data-measure', encodeURIComponent(JSON.stringify(${expression})));</script>`;
    fs.writeFileSync(file, html.replace(/<\/body>/, `${probe}</body>`));
    // Same width as a screenshot of this size, so the layout agrees; the viewport is shorter than the
    // window here (headless keeps room for browser chrome), which only matters for `vh` units.
    const dom = run(file, ['--hide-scrollbars', '--force-device-scale-factor=1', `--window-size=${width},${height}`, '--dump-dom']);
    const m = /data-measure="([^"]*)"/.exec(dom);
    if (!m) throw new Error('the measuring script did not run');
    return JSON.parse(decodeURIComponent(m[1]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface Image {
  readonly width: number;
  readonly height: number;
  /** [r, g, b, a] at (x, y). */
  pixel(x: number, y: number): [number, number, number, number];
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes). */
export function decodePng(png: Buffer): Image {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, color, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || (color !== 2 && color !== 6) || interlace !== 0) {
        throw new Error(`unsupported PNG: bit depth ${depth}, colour type ${color}, interlace ${interlace}`);
      }
      channels = color === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const predictor = [0, a, b, Math.floor((a + b) / 2), paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter} on line ${y}`);
      pixels[y * stride + x] = (line[x] + predictor) % 256;
    }
  }
  return {
    width,
    height,
    pixel: (x, y) => {
      const at = (y * width + x) * channels;
      return [pixels[at], pixels[at + 1], pixels[at + 2], channels === 4 ? pixels[at + 3] : 255];
    },
  };
}
