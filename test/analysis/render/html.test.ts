// The HTML matrix, rendered by headless Chromium: the grid that the page's script draws must have one
// cell per (from, to, port) with the verdict of the JSON output, and the pixels must show it.
// CI installs Chromium with .ci/setup; without it these tests fail, they never skip.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Reachability } from '../../../src';
import { decodePng, dumpDom, measure, requireChromium, screenshot } from '../../_support/chromium';
import { builtCli } from '../../_support/cli-build';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'cli');
const ARGS = ['shop', '--external', '203.0.113.5,198.51.100.7', '--ports', '8080/TCP,9090/TCP,3306/TCP'];
const ALLOW: [number, number, number] = [0x2f, 0x9e, 0x44];
const DENY: [number, number, number] = [0xff, 0xc9, 0xc9];

let tmp: string;
let cli: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-html-'));
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function netpol(args: string[]): string {
  const r = spawnSync(process.execPath, [cli, 'matrix', ...args], { cwd: FIXTURES, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`netpol matrix failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The HTML matrix of `args` in a file, and the JSON matrix of the same input. */
function page(args: string[], name: string): { file: string; html: string } {
  const file = path.join(tmp, name);
  netpol([...args, '--format', 'html', '--output', file]);
  return { file, html: fs.readFileSync(file, 'utf8') };
}

interface Cell { readonly classes: string[]; readonly title: string }

/** What the script drew in <main> (the script, also in the DOM, holds the same markup as text). */
function mainOf(dom: string): string {
  const main = /<main id="ports" class="ports">([\s\S]*?)<\/main>/.exec(dom);
  if (!main) throw new Error('no <main> in the page');
  return main[1];
}

function cells(dom: string): Cell[] {
  return [...mainOf(dom).matchAll(/<td class="([^"]*)"(?: style="[^"]*")? title="([^"]*)"><\/td>/g)]
    .map((m) => ({ classes: m[1].split(' '), title: m[2].replace(/&gt;/g, '>') }));
}

/** Two pods; b accepts only a on TCP 80. */
function small(): Reachability {
  return Reachability.fromManifests([
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'n', labels: { app: 'a' } } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: 'n', labels: { app: 'b' } } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'b', namespace: 'n' },
      spec: { podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 80 }] }] },
    },
  ]);
}

function embedded(html: string): any {
  return JSON.parse(/<script type="application\/json" id="netpol-data">(.*)<\/script>/.exec(html)![1]);
}

describe('ReachabilityMatrix.toHtml', () => {
  test('embeds the matrix as data for the page script: endpoints, namespace blocks and one cell per pair', () => {
    const data = embedded(small().matrix(['80/TCP', '81/TCP']).toHtml());
    expect(data).toEqual({
      title: 'NetworkPolicy reachability',
      limit: 250_000,
      podCount: 2,
      externalCount: 0,
      namespaceCount: 1,
      ports: ['80/TCP', '81/TCP'],
      pairs: 4,
      mode: 'pods',
      totals: [4, 3],
      endpoints: ['n/a', 'n/b'],
      blocks: [{ name: 'n', start: 0, size: 2, external: false }],
      cells: ['1111', '1011'],
    });
  });

  test('escapes the title, and text that could end the script element', () => {
    const html = small().matrix(['80']).toHtml({ title: '</script><b>"x" & y' });
    expect(html).toMatch(/<title>&#60;\/script&#62;&#60;b&#62;&#34;x&#34; &#38; y<\/title>/);
    expect(html).toMatch(/"title":"\\u003c\/script>\\u003cb>\\"x\\" & y"/);
    expect(embedded(html).title).toBe('</script><b>"x" & y');
  });

  test('draws namespace pairs above maxCells, and only totals when even those are too many', () => {
    expect(embedded(small().matrix(['80']).toHtml({ maxCells: 3 }))).toMatchObject({ mode: 'namespaces', counts: [[4]], totals: [4] });
    const totals = embedded(small().matrix(['81']).toHtml({ maxCells: 0 }));
    expect(totals).toMatchObject({ mode: 'totals', totals: [3], pairs: 4 });
    expect(totals.counts).toBeUndefined();
  });

  test('fails if maxCells is not a whole number >= 0', () => {
    expect(() => small().matrix().toHtml({ maxCells: -1 })).toThrow(/maxCells must be a whole number >= 0, not -1/);
    expect(() => small().matrix().toHtml({ maxCells: 1.5 })).toThrow(/maxCells must be a whole number >= 0, not 1.5/);
  });
});

describe('HTML matrix in headless Chromium', () => {
  beforeAll(() => {
    requireChromium();
    cli = builtCli();
  }, 120_000);

  test('draws one cell per (from, to, port), classed and titled with the verdict of the JSON output', () => {
    const { file } = page(ARGS, 'shop.html');
    const dom = dumpDom(file);
    expect(dom).toMatch(/<body[^>]* data-rendered="true"/);
    const json = JSON.parse(netpol([...ARGS, '--format', 'json']));
    const drawn = cells(dom);
    expect(drawn).toHaveLength(6 * 6 * 3);
    const byTitle = new Map(drawn.map((c) => [c.title.replace(/: (ALLOW|DENY)$/, ''), c]));
    expect(byTitle.size).toBe(drawn.length);
    for (const r of json.results) {
      const cell = byTitle.get(`${r.from} -> ${r.to} ${r.port}`);
      expect(cell).toBeDefined();
      expect([cell!.classes.includes('allow') ? 'allow' : cell!.classes.includes('deny') ? 'deny' : '?', cell!.title])
        .toEqual([r.allowed ? 'allow' : 'deny', `${r.from} -> ${r.to} ${r.port}: ${r.allowed ? 'ALLOW' : 'DENY'}`]);
    }
    // Known pairs, in case both outputs were wrong the same way.
    expect(byTitle.get('shop/web -> shop/api 8080/TCP')!.classes).toEqual(expect.arrayContaining(['c', 'allow']));
    expect(byTitle.get('monitoring/prometheus -> shop/api 8080/TCP')!.classes).toEqual(expect.arrayContaining(['c', 'deny']));
    expect(byTitle.get('monitoring/prometheus -> shop/api 9090/TCP')!.classes).toEqual(expect.arrayContaining(['c', 'allow']));
    expect(byTitle.get('198.51.100.7 -> shop/web 8080/TCP')!.classes).toEqual(expect.arrayContaining(['c', 'deny']));
    expect(byTitle.get('shop/api -> shop/api 3306/TCP')!.classes).toEqual(['c', 'allow', 'self', 'nsl', 'nst']); // first of its namespace
  }, 120_000);

  test('shows a section per port with its count, pods grouped under their namespace, and a legend', () => {
    const dom = dumpDom(page(ARGS, 'shop.html').file);
    const sections = [...dom.matchAll(/<section class="port" data-port="([^"]+)"><h2>[^<]+<span class="count">([^<]+)<\/span><\/h2>/g)].map((m) => [m[1], m[2]]);
    expect(sections).toEqual([
      ['3306/TCP', '19 of 36 pairs allowed (52.8%)'],
      ['8080/TCP', '20 of 36 pairs allowed (55.6%)'],
      ['9090/TCP', '19 of 36 pairs allowed (52.8%)'],
    ]);
    const namespaces = [...dom.matchAll(/<th colspan="(\d+)" class="[^"]*" title="([^"]+)">/g)].map((m) => `${m[2]}:${m[1]}`);
    expect(namespaces.slice(0, 3)).toEqual(['monitoring:1', 'shop:3', 'external IPs:2']);
    expect(dom).toMatch(/<p id="summary" class="summary">4 pods in 2 namespaces, 2 external IPs, 3 ports\.<\/p>/);
    expect(dom).toMatch(/<i class="sw allow"><\/i>allowed<\/span>/);
    expect(dom).toMatch(/<i class="sw deny"><\/i>denied<\/span>/);
  }, 120_000);

  test('paints allowed and denied cells in the legend colours', () => {
    const { html, file } = page(ARGS, 'shop.html');
    const [width, height] = [1000, 700];
    const cellAt = (title: string) => `(function () {
      var td = [].slice.call(document.querySelectorAll('td.c')).filter(function (c) { return c.title === ${JSON.stringify(title)}; })[0];
      var r = td.getBoundingClientRect();
      return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
    })()`;
    const spots = measure(html, `{ allow: ${cellAt('shop/web -> shop/api 8080/TCP: ALLOW')}, deny: ${cellAt('monitoring/prometheus -> shop/api 8080/TCP: DENY')},
    }`, width, height);
    for (const spot of [spots.allow, spots.deny]) expect(spot.x < width && spot.y < height).toBe(true);
    const image = decodePng(screenshot(file, width, height));
    expect([image.width, image.height]).toEqual([width, height]);
    expect(image.pixel(spots.allow.x, spots.allow.y).slice(0, 3)).toEqual(ALLOW);
    expect(image.pixel(spots.deny.x, spots.deny.y).slice(0, 3)).toEqual(DENY);
    expect(image.pixel(2, 2).slice(0, 3)).toEqual([255, 255, 255]);
  }, 120_000);

  test('draws namespace pairs, shaded by the share of allowed pod pairs, when there are too many pods', () => {
    // 400 pods in two namespaces: 160,000 pairs on each of 2 ports is more than the 250,000 cells drawn one per pair.
    const docs: string[] = [];
    for (const ns of ['front', 'back']) {
      for (let i = 0; i < 200; i++) docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ${ns}, labels: {tier: t${i % 2}}}\n`);
    }
    // back pods accept only tier t0 pods of their own namespace.
    docs.push('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: back}\n'
      + 'spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {matchLabels: {tier: t0}}}]}]}\n');
    fs.writeFileSync(path.join(tmp, 'large.yaml'), docs.join('---\n'));
    const { file } = page([path.join(tmp, 'large.yaml'), '--ports', '80,443'], 'large.html');
    const dom = dumpDom(file);
    expect(dom).toMatch(/<body class="namespaces" data-rendered="true"/);
    expect(dom).toMatch(/<p id="note" class="note">400 endpoints are too many for one cell per pair \(320,000 cells; this page draws up to 250,000\)/);
    const drawn = cells(dom);
    expect(drawn).toHaveLength(2 * 2 * 2);
    // back -> back: 100 t0 pods reach all 200 (20,000) plus 100 t1 pods reach themselves = 20,100 of 40,000.
    expect(drawn.filter((c) => c.title.startsWith('back -> back 80/TCP'))).toEqual([
      { classes: ['c', 'mixed'], title: 'back -> back 80/TCP: MIXED, 20,100 of 40,000 pairs allowed (50.3%)' },
    ]);
    expect(drawn.find((c) => c.title.startsWith('front -> back 443/TCP'))!.classes).toEqual(['c', 'deny']);
    expect(drawn.find((c) => c.title.startsWith('back -> front 443/TCP'))!.classes).toEqual(['c', 'allow']);
  }, 120_000);

  test('shows only the totals when even namespace pairs are too many', () => {
    const file = path.join(tmp, 'totals.html');
    fs.writeFileSync(file, small().matrix(['80', '81']).toHtml({ maxCells: 0 }));
    const dom = dumpDom(file);
    expect(dom).toMatch(/<body class="totals" data-rendered="true"/);
    expect(dom).toMatch(/<p id="note" class="note">2 endpoints in 1 namespace are too many to draw \(8 cells; this page draws up to 0\)/);
    expect(cells(dom)).toEqual([]);
    expect([...mainOf(dom).matchAll(/<span class="count">([^<]+)<\/span>/g)].map((m) => m[1])).toEqual(['4 of 4 pairs allowed (100%)', '3 of 4 pairs allowed (75%)']);
  }, 120_000);
});
