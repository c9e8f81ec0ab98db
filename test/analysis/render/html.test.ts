// The HTML matrix, rendered by headless Chromium: the grid that the page's script draws must have one
// cell per (from, to, port) with the verdict of the JSON output, and the pixels must show it.
// The browser comes from the npm registry (test/_support/chromium.ts); if it cannot start, these tests
// fail, they never skip.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'puppeteer-core';
import { Reachability } from '../../../src';
import { colorsAt, LAUNCH_TIMEOUT_MS, launchChromium, openPage } from '../../_support/chromium';
import { builtCli } from '../../_support/cli-build';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'cli');
const ARGS = ['shop', '--external', '203.0.113.5,198.51.100.7', '--ports', '8080/TCP,9090/TCP,3306/TCP'];
const ALLOW = [0x2f, 0x9e, 0x44, 255];
const DENY = [0xff, 0xc9, 0xc9, 255];
const WHITE = [255, 255, 255, 255];

let tmp: string;
let cli: string;

// Each browser test runs the CLI once or twice (a process start each).
jest.setTimeout(60_000);

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

/** The HTML matrix of `args`, written by the CLI to a file. */
function cliHtml(args: string[], name: string): string {
  const file = path.join(tmp, name);
  netpol([...args, '--format', 'html', '--output', file]);
  return fs.readFileSync(file, 'utf8');
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

  test('counts namespace pairs on groups of interchangeable pods exactly as pair by pair', () => {
    const manifests: unknown[] = [];
    for (const ns of ['a', 'b', 'c']) {
      manifests.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { team: ns === 'c' ? 'x' : 'y' } } });
      for (let i = 0; i < 7; i++) {
        manifests.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: ns, labels: { tier: `t${i % 3}` } } });
      }
      manifests.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'p', namespace: ns },
        spec: {
          podSelector: { matchLabels: { tier: 't1' } },
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'y' } }, podSelector: { matchLabels: { tier: 't0' } } }], ports: [{ port: 80 }] }],
        },
      });
    }
    const matrix = Reachability.fromManifests(manifests, { externalIps: ['192.0.2.1', '192.0.2.2'] }).matrix(['80', '81']);
    expect(matrix.groupCount).toBeLessThan(matrix.endpoints.length); // the counts below go through groups
    const data = embedded(matrix.toHtml({ maxCells: 100 }));
    expect(data.mode).toBe('namespaces');
    const blocks: { start: number; size: number }[] = data.blocks;
    const pairByPair = matrix.ports.map((_, k) => blocks.flatMap((a) => blocks.map((b) => {
      let allowed = 0;
      for (let i = a.start; i < a.start + a.size; i++) for (let j = b.start; j < b.start + b.size; j++) if (matrix.isAllowedAt(i, j, k)) allowed++;
      return allowed;
    })));
    expect(data.counts).toEqual(pairByPair);
    const n = matrix.endpoints.length;
    const everyPair = matrix.ports.map((_, k) => {
      let allowed = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (matrix.isAllowedAt(i, j, k)) allowed++;
      return allowed;
    });
    expect(data.totals).toEqual(everyPair);
  });

  test('fails if maxCells is not a whole number >= 0', () => {
    expect(() => small().matrix().toHtml({ maxCells: -1 })).toThrow(/maxCells must be a whole number >= 0, not -1/);
    expect(() => small().matrix().toHtml({ maxCells: 1.5 })).toThrow(/maxCells must be a whole number >= 0, not 1.5/);
  });
});

describe('HTML matrix in headless Chromium', () => {
  const VIEWPORT = { width: 1000, height: 700 };
  let browser: Browser | undefined;
  const pages: Page[] = [];

  beforeAll(async () => {
    cli = builtCli();
    browser = await launchChromium();
  }, LAUNCH_TIMEOUT_MS);

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.close()));
  });

  afterAll(async () => {
    await browser?.close();
  }, LAUNCH_TIMEOUT_MS);

  async function open(html: string): Promise<Page> {
    const page = await openPage(browser!, html, VIEWPORT);
    pages.push(page);
    return page;
  }

  /** The body's classes and whether the script finished. */
  function body(page: Page): Promise<{ classes: string[]; rendered: string | undefined }> {
    return page.$eval('body', (b) => ({ classes: [...b.classList], rendered: b.dataset.rendered }));
  }

  /** The cells that the script drew in <main>. */
  function cells(page: Page): Promise<{ classes: string[]; title: string }[]> {
    return page.$$eval('main#ports td.c', (tds) => tds.map((td) => ({ classes: [...td.classList], title: (td as HTMLElement).title })));
  }

  function text(page: Page, selector: string): Promise<string | null> {
    return page.$eval(selector, (e) => ((e as HTMLElement).hidden ? null : e.textContent));
  }

  test('draws one cell per (from, to, port), classed and titled with the verdict of the JSON output', async () => {
    const page = await open(cliHtml(ARGS, 'shop.html'));
    expect(await body(page)).toEqual({ classes: ['pods'], rendered: 'true' });
    const json = JSON.parse(netpol([...ARGS, '--format', 'json']));
    const drawn = await cells(page);
    expect(drawn).toHaveLength(6 * 6 * 3);
    expect(json.results).toHaveLength(drawn.length);
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
  });

  test('shows a section per port with its count, pods grouped under their namespace, and a legend', async () => {
    const page = await open(cliHtml(ARGS, 'shop.html'));
    const sections = await page.$$eval('main#ports > section.port', (ss) => ss.map((s) => ({
      port: s.getAttribute('data-port'),
      count: s.querySelector('h2 > .count')?.textContent,
      namespaces: [...s.querySelectorAll('thead tr.nsrow th:not(.corner)')].map((th) => `${th.getAttribute('title')}:${th.getAttribute('colspan')}`),
      columns: [...s.querySelectorAll('thead tr.names th.to')].map((th) => th.getAttribute('title')),
      rows: [...s.querySelectorAll('tbody th.from')].map((th) => th.getAttribute('title')),
    })));
    const endpoints = JSON.parse(netpol([...ARGS, '--format', 'json'])).pods;
    const grid = { namespaces: ['monitoring:1', 'shop:3', 'external IPs:2'], columns: endpoints, rows: endpoints };
    expect(sections).toEqual([
      { port: '3306/TCP', count: '19 of 36 pairs allowed (52.8%)', ...grid },
      { port: '8080/TCP', count: '20 of 36 pairs allowed (55.6%)', ...grid },
      { port: '9090/TCP', count: '19 of 36 pairs allowed (52.8%)', ...grid },
    ]);
    expect(endpoints.slice(0, 4)).toEqual(['monitoring/prometheus', 'shop/api', 'shop/db', 'shop/web']);
    expect(await text(page, '#summary')).toBe('4 pods in 2 namespaces, 2 external IPs, 3 ports.');
    expect(await text(page, '#note')).toBeNull();
    const legend = await page.$$eval('.legend > span', (spans) => spans.map((s) => [s.querySelector('i')?.className ?? null, s.textContent]));
    expect(legend).toEqual(expect.arrayContaining([['sw allow', 'allowed'], ['sw deny', 'denied']]));
  });

  test('paints allowed and denied cells in the legend colours', async () => {
    const page = await open(cliHtml(ARGS, 'shop.html'));
    const spots = await page.evaluate((titles: string[], swatches: string[]) => {
      const centre = (e: Element | undefined) => {
        if (!e) throw new Error('no such element');
        const r = e.getBoundingClientRect();
        return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
      };
      const tds = [...document.querySelectorAll<HTMLElement>('td.c')];
      return [
        ...titles.map((t) => centre(tds.find((td) => td.title === t))),
        ...swatches.map((s) => centre(document.querySelector(s) ?? undefined)),
      ];
    }, ['shop/web -> shop/api 8080/TCP: ALLOW', 'monitoring/prometheus -> shop/api 8080/TCP: DENY'], ['.legend i.sw.allow:not(.self)', '.legend i.sw.deny']);
    for (const spot of spots) expect(spot.x < VIEWPORT.width && spot.y < VIEWPORT.height).toBe(true);
    const [allowCell, denyCell, allowKey, denyKey, corner] = await colorsAt(page, [...spots, { x: 2, y: 2 }]);
    expect({ allowCell, allowKey, denyCell, denyKey, corner })
      .toEqual({ allowCell: ALLOW, allowKey: ALLOW, denyCell: DENY, denyKey: DENY, corner: WHITE });
  });

  test('names the hovered cell in the status line and lights its row and column headers', async () => {
    const page = await open(cliHtml(ARGS, 'shop.html'));
    await page.hover('section[data-port="8080/TCP"] td.c[title="shop/web -> shop/api 8080/TCP: ALLOW"]');
    expect(await text(page, '#status')).toBe('shop/web -> shop/api 8080/TCP: ALLOW');
    const lit = await page.$$eval('th.hl', (ths) => ths.map((th) => `${th.classList.contains('from') ? 'from' : 'to'} ${th.getAttribute('title')}`));
    expect(lit.sort()).toEqual(['from shop/web', 'to shop/api']);
  });

  test('draws namespace pairs, shaded by the share of allowed pod pairs, when there are too many pods', async () => {
    // 400 pods in two namespaces: 160,000 pairs on each of 2 ports is more than the 250,000 cells drawn one per pair.
    const docs: string[] = [];
    for (const ns of ['front', 'back']) {
      for (let i = 0; i < 200; i++) docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ${ns}, labels: {tier: t${i % 2}}}\n`);
    }
    // back pods accept only tier t0 pods of their own namespace.
    docs.push('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: back}\n'
      + 'spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {matchLabels: {tier: t0}}}]}]}\n');
    fs.writeFileSync(path.join(tmp, 'large.yaml'), docs.join('---\n'));
    const page = await open(cliHtml([path.join(tmp, 'large.yaml'), '--ports', '80,443'], 'large.html'));
    expect(await body(page)).toEqual({ classes: ['namespaces'], rendered: 'true' });
    expect(await text(page, '#note')).toMatch(/^400 endpoints are too many for one cell per pair \(320,000 cells; this page draws up to 250,000\)/);
    const drawn = await cells(page);
    expect(drawn).toHaveLength(2 * 2 * 2);
    // back -> back: 100 t0 pods reach all 200 (20,000) plus 100 t1 pods reach themselves = 20,100 of 40,000.
    expect(drawn.filter((c) => c.title.startsWith('back -> back 80/TCP'))).toEqual([
      { classes: ['c', 'mixed'], title: 'back -> back 80/TCP: MIXED, 20,100 of 40,000 pairs allowed (50.3%)' },
    ]);
    expect(drawn.find((c) => c.title.startsWith('front -> back 443/TCP'))!.classes).toEqual(['c', 'deny']);
    expect(drawn.find((c) => c.title.startsWith('back -> front 443/TCP'))!.classes).toEqual(['c', 'allow']);
    // 50.25% of the way from the denied colour (255, 201, 201) to the allowed one (47, 158, 68).
    const shade = await page.$eval('td.c.mixed', (td) => getComputedStyle(td).backgroundColor);
    expect(shade).toBe('rgb(150, 179, 134)');
  });

  test('shows only the totals when even namespace pairs are too many', async () => {
    const page = await open(small().matrix(['80', '81']).toHtml({ maxCells: 0 }));
    expect(await body(page)).toEqual({ classes: ['totals'], rendered: 'true' });
    expect(await text(page, '#note')).toMatch(/^2 endpoints in 1 namespace are too many to draw \(8 cells; this page draws up to 0\)/);
    expect(await cells(page)).toEqual([]);
    expect(await page.$$eval('main#ports .count', (cs) => cs.map((c) => c.textContent))).toEqual(['4 of 4 pairs allowed (100%)', '3 of 4 pairs allowed (75%)']);
  });
});
