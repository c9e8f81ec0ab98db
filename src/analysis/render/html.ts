// The matrix as one self-contained HTML page: coloured grids drawn by a small inline script from
// data embedded as JSON. No network, no dependencies, so the file can be mailed or archived by CI.
// The script and style are page/client.js and page/page.css, embedded by scripts/embed-page.ts.
import { PAGE_SCRIPT, PAGE_STYLE } from './page/assets.generated';
import { MatrixView } from './text';
import { blockCounts, EndpointRun, GroupPairs } from '../engine/blocks';

/** Cells (endpoints x endpoints x ports) drawn one per pair; above it the page shows namespace pairs. */
export const HTML_MAX_CELLS = 250_000;

export interface HtmlOptions {
  readonly title?: string;
  readonly maxCells?: number;
  /**
   * The groups of interchangeable endpoints and their allowed pairs, so that namespace totals cost
   * allowed group pairs instead of endpoints x endpoints.
   */
  readonly groups?: GroupPairs;
}

/** A namespace's run of endpoints, or the run of external IPs. */
interface Block extends EndpointRun {
  readonly name: string;
  readonly external: boolean;
}

/** The JSON embedded in the page, which page/client.js draws (it imports this type for its type check). */
export interface PageData {
  readonly title: string;
  readonly mode: 'pods' | 'namespaces' | 'totals';
  readonly limit: number;
  readonly podCount: number;
  readonly externalCount: number;
  readonly namespaceCount: number;
  readonly ports: string[];
  /** Allowed ordered pairs per port, self pairs included, and the number of pairs. */
  readonly totals: number[];
  readonly pairs: number;
  /** Pods mode: the endpoints, their namespace blocks, and per port N*N cells of '1' (allowed) or '0'. */
  readonly endpoints?: string[];
  readonly blocks?: Block[];
  readonly cells?: string[];
  /** Namespaces mode: the namespace blocks and per port M*M allowed-pair counts (rows from, columns to). */
  readonly counts?: number[][];
}

/** Endpoint ids are `namespace/name` for pods and a bare IP for external endpoints. */
function namespaceOf(id: string): string | undefined {
  const at = id.indexOf('/');
  return at < 0 ? undefined : id.slice(0, at);
}

/** Runs of endpoints in one namespace (pods are sorted by id, external IPs come last). */
function blocksOf(ids: readonly string[]): Block[] {
  const blocks: Block[] = [];
  ids.forEach((id, i) => {
    const ns = namespaceOf(id);
    const name = ns ?? 'external IPs';
    const last = blocks[blocks.length - 1];
    if (last && last.name === name && last.external === (ns === undefined)) {
      blocks[blocks.length - 1] = { ...last, size: last.size + 1 };
    } else {
      blocks.push({ name, start: i, size: 1, external: ns === undefined });
    }
  });
  return blocks;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that may sit inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function pageData(m: MatrixView, options: HtmlOptions): PageData {
  const n = m.endpoints.length;
  const limit = options.maxCells ?? HTML_MAX_CELLS;
  const blocks = blocksOf(m.endpoints);
  const namespaces = blocks.filter((b) => !b.external);
  const common = {
    title: options.title ?? 'NetworkPolicy reachability',
    limit,
    podCount: namespaces.reduce((sum, b) => sum + b.size, 0),
    externalCount: blocks.filter((b) => b.external).reduce((sum, b) => sum + b.size, 0),
    namespaceCount: namespaces.length,
    ports: [...m.ports],
    pairs: n * n,
  };
  if (n * n * m.ports.length <= limit) {
    const cells = m.ports.map((_, k) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out.push(m.isAllowedAt(i, j, k) ? '1' : '0');
      return out.join('');
    });
    const totals = cells.map((c) => c.split('').filter((x) => x === '1').length);
    return { ...common, mode: 'pods', totals, endpoints: [...m.endpoints], blocks, cells };
  }
  if (blocks.length * blocks.length * m.ports.length <= limit) {
    const counts = blockCounts(m, blocks, options.groups);
    const totals = counts.map((c) => c.reduce((sum, x) => sum + x, 0));
    return { ...common, mode: 'namespaces', totals, blocks, counts };
  }
  // Too many namespaces to draw: only the totals, counted without the namespace pairs.
  const totals = m.ports.map((_, k) => (options.groups ? options.groups.countAllowed(k) : blockCounts(m, [{ start: 0, size: n }], undefined)[k][0]));
  return { ...common, mode: 'totals', totals };
}

/** The page: data as JSON, drawn by page/client.js; the text of the page is built with textContent or escaped. */
export function renderHtml(m: MatrixView, options: HtmlOptions = {}): string {
  const data = pageData(m, options);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="cdk8s-netpol">',
    `<title>${escapeHtml(data.title)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(data.title)}</h1>`,
    '<p id="summary" class="summary"></p>',
    '<div class="legend">',
    '<span><i class="sw allow"></i>allowed</span>',
    '<span><i class="sw deny"></i>denied</span>',
    '<span><i class="sw allow self"></i>a pod to itself (always allowed)</span>',
    '<span class="mixed-key"><i class="sw mixed"></i>some pairs allowed (darker = more)</span>',
    '<span class="axes">rows: from (source) &middot; columns: to (destination)</span>',
    '</div>',
    '<p id="note" class="note" hidden></p>',
    '<p id="status" class="status">Hover a cell: from -&gt; to: ALLOW or DENY.</p>',
    '</header>',
    '<main id="ports" class="ports">',
    '<noscript>This page draws the matrix with JavaScript. Without it, use <code>netpol matrix --format text</code>.</noscript>',
    '</main>',
    `<script type="application/json" id="netpol-data">${scriptJson(data)}</script>`,
    `<script>${PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
