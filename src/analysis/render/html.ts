// The matrix as one self-contained HTML page: coloured grids drawn by a small inline script from
// data embedded as JSON. No network, no dependencies, so the file can be mailed or archived by CI.
import { MatrixView } from './text';

/** Cells (endpoints x endpoints x ports) drawn one per pair; above it the page shows namespace pairs. */
export const HTML_MAX_CELLS = 250_000;

export interface HtmlOptions {
  readonly title?: string;
  readonly maxCells?: number;
  /**
   * The group of each endpoint (interchangeable endpoints share one), so that namespace totals cost
   * groups x groups instead of endpoints x endpoints.
   */
  readonly groupOf?: ArrayLike<number>;
}

interface Block {
  readonly name: string;
  readonly start: number;
  readonly size: number;
  readonly external: boolean;
}

interface PageData {
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

/**
 * Allowed ordered pairs between blocks, per port, computed on groups of interchangeable endpoints:
 * for endpoints i != j the answer only depends on (group of i, group of j), and self pairs are always allowed.
 */
function blockCounts(m: MatrixView, blocks: readonly Block[], groupOf: ArrayLike<number> | undefined): number[][] {
  const n = m.pods.length;
  const blockOf = new Int32Array(n);
  blocks.forEach((b, x) => blockOf.fill(x, b.start, b.start + b.size));
  const group = (i: number) => (groupOf ? groupOf[i] : i);
  let groups = 0;
  for (let i = 0; i < n; i++) groups = Math.max(groups, group(i) + 1);
  const first = new Int32Array(groups).fill(-1);
  const second = new Int32Array(groups).fill(-1);
  // members[g]: block -> how many endpoints of group g are in it
  const members: Map<number, number>[] = Array.from({ length: groups }, () => new Map());
  for (let i = 0; i < n; i++) {
    const g = group(i);
    if (first[g] < 0) first[g] = i;
    else if (second[g] < 0) second[g] = i;
    members[g].set(blockOf[i], (members[g].get(blockOf[i]) ?? 0) + 1);
  }
  const used = [...Array(groups).keys()].filter((g) => first[g] >= 0);
  const size = blocks.length;
  return m.ports.map((_, k) => {
    const counts = new Array<number>(size * size).fill(0);
    for (const g of used) {
      for (const h of used) {
        let allowed: boolean;
        if (g !== h) allowed = m.isAllowedAt(first[g], first[h], k);
        else allowed = second[g] >= 0 && m.isAllowedAt(first[g], second[g], k);
        if (g === h && !allowed) {
          for (const [a, count] of members[g]) counts[a * size + a] += count; // self pairs only
          continue;
        }
        if (!allowed) continue;
        for (const [a, ca] of members[g]) for (const [b, cb] of members[h]) counts[a * size + b] += ca * cb;
      }
    }
    return counts;
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that may sit inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function pageData(m: MatrixView, options: HtmlOptions): PageData {
  const n = m.pods.length;
  const limit = options.maxCells ?? HTML_MAX_CELLS;
  const blocks = blocksOf(m.pods);
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
    return { ...common, mode: 'pods', totals, endpoints: [...m.pods], blocks, cells };
  }
  const counts = blockCounts(m, blocks, options.groupOf);
  const totals = counts.map((c) => c.reduce((sum, x) => sum + x, 0));
  if (blocks.length * blocks.length * m.ports.length <= limit) {
    return { ...common, mode: 'namespaces', totals, blocks, counts };
  }
  return { ...common, mode: 'totals', totals };
}

/** The page: data as JSON, drawn by SCRIPT; the text of the page is built with textContent or escaped. */
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
    `<style>${STYLE}</style>`,
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
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// Allowed and denied differ in hue and in lightness, so they stay apart for colour-blind readers and in grey.
const STYLE = `
:root { --allow: #2f9e44; --deny: #ffc9c9; --sep: #495057; --line: #dee2e6; --ink: #212529; --muted: #6c757d;
  --head: #f1f3f5; --head2: #e9ecef; --hl: #ffe066; }
* { box-sizing: border-box; }
body { margin: 16px; font: 13px/1.35 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink);
  background: #fff; }
h1 { font-size: 18px; margin: 0 0 4px; }
.summary, .status { color: var(--muted); margin: 0 0 8px; }
.note { background: #fff3bf; border: 1px solid #ffd43b; padding: 6px 10px; margin: 0 0 10px; max-width: 70em; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; margin: 0 0 8px; }
.legend .axes { color: var(--muted); }
.sw { display: inline-block; width: 14px; height: 14px; vertical-align: -3px; margin-right: 6px;
  outline: 1px solid rgba(0, 0, 0, .15); }
.sw.mixed { background: linear-gradient(90deg, var(--deny), var(--allow)); }
body:not(.namespaces) .mixed-key { display: none; }
.ports { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
section.port h2 { font-size: 15px; margin: 0 0 6px; }
section.port h2 .count { font-weight: normal; color: var(--muted); font-size: 13px; margin-left: 6px; }
.scroll { overflow: auto; width: max-content; max-width: calc(100vw - 32px); max-height: 85vh; border: 1px solid var(--line); }
table.grid { border-collapse: separate; border-spacing: 0; }
.grid td.c { width: 17px; min-width: 17px; height: 17px; padding: 0; border-right: 1px solid #fff; border-bottom: 1px solid #fff; }
.grid.roomy td.c, .grid.namespaces td.c { width: 24px; min-width: 24px; height: 24px; }
.allow { background-color: var(--allow); }
.deny { background-color: var(--deny); }
.self { background-image: linear-gradient(135deg, transparent 40%, rgba(255, 255, 255, .8) 40% 60%, transparent 60%); }
.grid td.nsl { box-shadow: inset 2px 0 0 var(--sep); }
.grid td.nst { box-shadow: inset 0 2px 0 var(--sep); }
.grid td.nsl.nst { box-shadow: inset 2px 0 0 var(--sep), inset 0 2px 0 var(--sep); }
.grid th { background: var(--head); font-weight: normal; white-space: nowrap; padding: 0 6px; text-align: left; }
.grid th.alt { background: var(--head2); }
.grid th.hl { background: var(--hl); }
.grid thead th { position: sticky; top: 0; z-index: 2; }
.grid thead tr.nsrow th { font-weight: 600; padding: 4px 0; vertical-align: bottom; text-align: center; box-shadow: inset 2px 0 0 var(--sep); }
.grid thead tr.names th { padding: 4px 0; vertical-align: bottom; text-align: center; }
.grid thead tr.names th.start { box-shadow: inset 2px 0 0 var(--sep); }
.grid th.to span, .grid tr.nsrow th span { writing-mode: vertical-rl; transform: rotate(180deg); }
.grid tbody th { position: sticky; left: 0; z-index: 1; }
.grid tbody th.nsname { font-weight: 600; vertical-align: top; padding-top: 2px; box-shadow: inset 0 2px 0 var(--sep); }
.grid tbody th.from.start { box-shadow: inset 0 2px 0 var(--sep); }
.grid th.corner { z-index: 3; left: 0; color: var(--muted); vertical-align: bottom; padding: 4px 6px; }
.grid .ext { font-style: italic; }
table.totals { border-collapse: collapse; }
table.totals td, table.totals th { border: 1px solid var(--line); padding: 3px 8px; text-align: right; }
`;

// Plain ES2017 for any browser; no template literals, so it can live in this TypeScript string.
const SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('netpol-data').textContent);
  var main = document.getElementById('ports');
  var status = document.getElementById('status');
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
  }
  function num(n) { return Number(n).toLocaleString('en-US'); }
  function plural(n, one, many) { return num(n) + ' ' + (n === 1 ? one : many); }
  function percent(a, b) { return b === 0 ? '0%' : (Math.round(1000 * a / b) / 10) + '%'; }
  function mix(f) {
    // denied colour (f = 0) to allowed colour (f = 1)
    var lo = [255, 201, 201], hi = [47, 158, 68], out = [];
    for (var i = 0; i < 3; i++) out.push(Math.round(lo[i] + (hi[i] - lo[i]) * f));
    return 'rgb(' + out.join(',') + ')';
  }
  function shortName(id) { var at = id.indexOf('/'); return at < 0 ? id : id.slice(at + 1); }

  var parts = [plural(data.podCount, 'pod', 'pods') + ' in ' + plural(data.namespaceCount, 'namespace', 'namespaces')];
  if (data.externalCount > 0) parts.push(plural(data.externalCount, 'external IP', 'external IPs'));
  parts.push(plural(data.ports.length, 'port', 'ports'));
  document.getElementById('summary').textContent = parts.join(', ') + '.';
  document.body.classList.add(data.mode);

  function section(k) {
    var s = document.createElement('section');
    s.className = 'port';
    s.setAttribute('data-port', data.ports[k]);
    var pairs = data.pairs;
    s.innerHTML = '<h2>' + esc(data.ports[k]) + '<span class="count">' + num(data.totals[k]) + ' of ' + num(pairs) +
      ' pairs allowed (' + percent(data.totals[k], pairs) + ')</span></h2>';
    main.appendChild(s);
    return s;
  }

  function hover(table, size) {
    var lit = [];
    table.addEventListener('mouseover', function (e) {
      var td = e.target.closest ? e.target.closest('td.c') : null;
      lit.forEach(function (th) { th.classList.remove('hl'); });
      lit = [];
      if (!td) return;
      var row = td.parentNode;
      var column = table.querySelectorAll('thead th.to')[td.cellIndex - (row.cells.length - size)];
      var from = row.querySelector('th.from');
      if (column) lit.push(column);
      if (from) lit.push(from);
      lit.forEach(function (th) { th.classList.add('hl'); });
      status.textContent = td.title;
    });
  }

  function podGrid(k) {
    var ids = data.endpoints, n = ids.length, blocks = data.blocks, cells = data.cells[k], port = data.ports[k];
    var startCol = {}, blockOf = [];
    blocks.forEach(function (b, x) { startCol[b.start] = true; for (var i = 0; i < b.size; i++) blockOf.push(x); });
    // Few pods get bigger cells; many get small ones so that more fit on the screen.
    var h = ['<table class="grid pods' + (n <= 40 ? ' roomy' : '') + '" aria-label="reachability on ' + esc(port) + '"><thead><tr class="nsrow">',
      '<th class="corner" colspan="2" rowspan="2">from &darr; / to &rarr;</th>'];
    blocks.forEach(function (b, x) {
      h.push('<th colspan="' + b.size + '" class="' + (x % 2 ? 'alt' : '') + (b.external ? ' ext' : '') + '" title="' + esc(b.name) + '"><span>' +
        esc(b.name) + '</span></th>');
    });
    h.push('</tr><tr class="names">');
    ids.forEach(function (id, j) {
      h.push('<th class="to' + (startCol[j] ? ' start' : '') + (blockOf[j] % 2 ? ' alt' : '') + '" title="' + esc(id) + '"><span>' +
        esc(shortName(id)) + '</span></th>');
    });
    h.push('</tr></thead><tbody>');
    for (var i = 0; i < n; i++) {
      var b = blocks[blockOf[i]], top = startCol[i] ? ' nst' : '';
      h.push('<tr>');
      if (b.start === i) {
        h.push('<th class="nsname' + (blockOf[i] % 2 ? ' alt' : '') + (b.external ? ' ext' : '') + '" rowspan="' + b.size + '">' + esc(b.name) + '</th>');
      }
      h.push('<th class="from' + (startCol[i] ? ' start' : '') + (blockOf[i] % 2 ? ' alt' : '') + '" title="' + esc(ids[i]) + '">' + esc(shortName(ids[i])) + '</th>');
      for (var j = 0; j < n; j++) {
        var ok = cells.charCodeAt(i * n + j) === 49;
        h.push('<td class="c ' + (ok ? 'allow' : 'deny') + (i === j ? ' self' : '') + (startCol[j] ? ' nsl' : '') + top +
          '" title="' + esc(ids[i] + ' -> ' + ids[j] + ' ' + port + ': ' + (ok ? 'ALLOW' : 'DENY')) + '"></td>');
      }
      h.push('</tr>');
    }
    h.push('</tbody></table>');
    var wrap = document.createElement('div');
    wrap.className = 'scroll';
    wrap.innerHTML = h.join('');
    var table = wrap.firstChild;
    hover(table, n);
    return wrap;
  }

  function namespaceGrid(k) {
    var blocks = data.blocks, m = blocks.length, counts = data.counts[k], port = data.ports[k];
    var h = ['<table class="grid namespaces" aria-label="reachability between namespaces on ' + esc(port) + '"><thead><tr class="names">',
      '<th class="corner">from &darr; / to &rarr;</th>'];
    blocks.forEach(function (b) { h.push('<th class="to' + (b.external ? ' ext' : '') + '"><span>' + esc(b.name) + '</span></th>'); });
    h.push('</tr></thead><tbody>');
    blocks.forEach(function (a, x) {
      h.push('<tr><th class="from' + (a.external ? ' ext' : '') + '">' + esc(a.name) + ' (' + num(a.size) + ')</th>');
      blocks.forEach(function (b, y) {
        var allowed = counts[x * m + y], pairs = a.size * b.size;
        var kind = allowed === pairs ? 'allow' : allowed === 0 ? 'deny' : 'mixed';
        var style = kind === 'mixed' ? ' style="background-color:' + mix(allowed / pairs) + '"' : '';
        h.push('<td class="c ' + kind + '"' + style + ' title="' + esc(a.name + ' -> ' + b.name + ' ' + port + ': ' +
          (kind === 'allow' ? 'ALLOW' : kind === 'deny' ? 'DENY' : 'MIXED') + ', ' + num(allowed) + ' of ' + num(pairs) +
          ' pairs allowed (' + percent(allowed, pairs) + ')') + '"></td>');
      });
      h.push('</tr>');
    });
    h.push('</tbody></table>');
    var wrap = document.createElement('div');
    wrap.className = 'scroll';
    wrap.innerHTML = h.join('');
    hover(wrap.firstChild, m);
    return wrap;
  }

  var endpoints = data.podCount + data.externalCount;
  var cellsNeeded = num(data.pairs * data.ports.length);
  var note = document.getElementById('note');
  if (data.mode === 'namespaces') {
    note.hidden = false;
    note.textContent = num(endpoints) + ' endpoints are too many for one cell per pair (' + cellsNeeded + ' cells; this page draws up to ' +
      num(data.limit) + '). Each cell is a pair of namespaces, coloured by the share of its pod pairs that are allowed; hover for the counts. ' +
      'For every pair, use netpol matrix --format json, or narrow the input (fewer files or ports).';
  } else if (data.mode === 'totals') {
    note.hidden = false;
    note.textContent = num(endpoints) + ' endpoints in ' + plural(data.namespaceCount, 'namespace', 'namespaces') +
      ' are too many to draw (' + cellsNeeded + ' cells; this page draws up to ' + num(data.limit) +
      '). Only the totals are shown: narrow the input (fewer files or ports), or use netpol matrix --format json.';
  }
  data.ports.forEach(function (port, k) {
    var s = section(k);
    if (data.mode === 'pods') s.appendChild(podGrid(k));
    else if (data.mode === 'namespaces') s.appendChild(namespaceGrid(k));
  });
  if (data.mode === 'pods') {
    // Sticky headers need the sizes of the headers before them: the pod names stick below the
    // namespace row, and the pod column next to the namespace column.
    document.querySelectorAll('table.grid').forEach(function (table) {
      var nsRow = table.querySelector('thead tr.nsrow');
      var height = nsRow ? nsRow.getBoundingClientRect().height : 0;
      table.querySelectorAll('thead tr.names th').forEach(function (th) { th.style.top = height + 'px'; });
      var ns = table.querySelector('tbody th.nsname');
      var width = ns ? ns.getBoundingClientRect().width : 0;
      table.querySelectorAll('tbody th.from').forEach(function (th) { th.style.left = width + 'px'; });
    });
  }
  document.body.setAttribute('data-rendered', 'true');
})();
`;
