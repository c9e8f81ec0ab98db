// @ts-check
// The script of the HTML matrix: draws the grids from the JSON that renderHtml embeds. Embedded into
// the page by scripts/embed-page.ts; type-checked against PageData by test/analysis/render/page.test.ts.

/** @typedef {import('../html').PageData} PageData */

(() => {
  'use strict';

  /** @param {string} id */
  const byId = (id) => {
    const element = document.getElementById(id);
    if (!element) throw new Error(`the page has no #${id}`);
    return element;
  };

  /** @type {PageData} */
  const data = JSON.parse(byId('netpol-data').textContent ?? '');
  const main = byId('ports');
  const status = byId('status');

  /** @param {string} s */
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  /** @param {number} n */
  const num = (n) => Number(n).toLocaleString('en-US');
  /** @param {number} n @param {string} one @param {string} many */
  const plural = (n, one, many) => `${num(n)} ${n === 1 ? one : many}`;
  /** @param {number} a @param {number} b */
  const percent = (a, b) => (b === 0 ? '0%' : `${Math.round(1000 * a / b) / 10}%`);
  /** The denied colour (f = 0) to the allowed colour (f = 1). @param {number} f */
  const mix = (f) => {
    const lo = [255, 201, 201];
    const hi = [47, 158, 68];
    return `rgb(${lo.map((l, i) => Math.round(l + (hi[i] - l) * f)).join(',')})`;
  };
  /** @param {string} id */
  const shortName = (id) => {
    const at = id.indexOf('/');
    return at < 0 ? id : id.slice(at + 1);
  };

  const parts = [`${plural(data.podCount, 'pod', 'pods')} in ${plural(data.namespaceCount, 'namespace', 'namespaces')}`];
  if (data.externalCount > 0) parts.push(plural(data.externalCount, 'external IP', 'external IPs'));
  parts.push(plural(data.ports.length, 'port', 'ports'));
  byId('summary').textContent = `${parts.join(', ')}.`;
  document.body.classList.add(data.mode);

  /** @param {number} k */
  const section = (k) => {
    const s = document.createElement('section');
    s.className = 'port';
    s.setAttribute('data-port', data.ports[k]);
    s.innerHTML = `<h2>${esc(data.ports[k])}<span class="count">${num(data.totals[k])} of ${num(data.pairs)}`
      + ` pairs allowed (${percent(data.totals[k], data.pairs)})</span></h2>`;
    main.appendChild(s);
    return s;
  };

  /** Highlights the headers of the hovered cell and shows its title. @param {HTMLTableElement} table @param {number} size */
  const hover = (table, size) => {
    /** @type {Element[]} */
    let lit = [];
    table.addEventListener('mouseover', (e) => {
      const target = /** @type {Element} */ (e.target);
      const td = target.closest ? /** @type {HTMLTableCellElement | null} */ (target.closest('td.c')) : null;
      lit.forEach((th) => th.classList.remove('hl'));
      lit = [];
      if (!td) return;
      const row = /** @type {HTMLTableRowElement} */ (td.parentNode);
      const column = table.querySelectorAll('thead th.to')[td.cellIndex - (row.cells.length - size)];
      const from = row.querySelector('th.from');
      if (column) lit.push(column);
      if (from) lit.push(from);
      lit.forEach((th) => th.classList.add('hl'));
      status.textContent = td.title;
    });
  };

  /** @param {string} html */
  const scrolling = (html) => {
    const wrap = document.createElement('div');
    wrap.className = 'scroll';
    wrap.innerHTML = html;
    return { wrap, table: /** @type {HTMLTableElement} */ (wrap.firstChild) };
  };

  /** One cell per (from, to) pair. @param {number} k */
  const podGrid = (k) => {
    const ids = data.endpoints ?? [];
    const blocks = data.blocks ?? [];
    const cells = (data.cells ?? [])[k];
    const port = data.ports[k];
    const n = ids.length;
    /** @type {boolean[]} */
    const startCol = [];
    /** @type {number[]} */
    const blockOf = [];
    blocks.forEach((b, x) => {
      startCol[b.start] = true;
      for (let i = 0; i < b.size; i++) blockOf.push(x);
    });
    // Few pods get bigger cells; many get small ones so that more fit on the screen.
    const h = [`<table class="grid pods${n <= 40 ? ' roomy' : ''}" aria-label="reachability on ${esc(port)}"><thead><tr class="nsrow">`,
      '<th class="corner" colspan="2" rowspan="2">from &darr; / to &rarr;</th>'];
    blocks.forEach((b, x) => {
      h.push(`<th colspan="${b.size}" class="${x % 2 ? 'alt' : ''}${b.external ? ' ext' : ''}" title="${esc(b.name)}"><span>${esc(b.name)}</span></th>`);
    });
    h.push('</tr><tr class="names">');
    ids.forEach((id, j) => {
      h.push(`<th class="to${startCol[j] ? ' start' : ''}${blockOf[j] % 2 ? ' alt' : ''}" title="${esc(id)}"><span>${esc(shortName(id))}</span></th>`);
    });
    h.push('</tr></thead><tbody>');
    for (let i = 0; i < n; i++) {
      const b = blocks[blockOf[i]];
      const top = startCol[i] ? ' nst' : '';
      h.push('<tr>');
      if (b.start === i) {
        h.push(`<th class="nsname${blockOf[i] % 2 ? ' alt' : ''}${b.external ? ' ext' : ''}" rowspan="${b.size}">${esc(b.name)}</th>`);
      }
      h.push(`<th class="from${startCol[i] ? ' start' : ''}${blockOf[i] % 2 ? ' alt' : ''}" title="${esc(ids[i])}">${esc(shortName(ids[i]))}</th>`);
      for (let j = 0; j < n; j++) {
        const ok = cells.charCodeAt(i * n + j) === 49; // '1'
        h.push(`<td class="c ${ok ? 'allow' : 'deny'}${i === j ? ' self' : ''}${startCol[j] ? ' nsl' : ''}${top}"`
          + ` title="${esc(`${ids[i]} -> ${ids[j]} ${port}: ${ok ? 'ALLOW' : 'DENY'}`)}"></td>`);
      }
      h.push('</tr>');
    }
    h.push('</tbody></table>');
    const { wrap, table } = scrolling(h.join(''));
    hover(table, n);
    return wrap;
  };

  /** One cell per (from, to) pair of namespaces, shaded by the share of allowed pod pairs. @param {number} k */
  const namespaceGrid = (k) => {
    const blocks = data.blocks ?? [];
    const counts = (data.counts ?? [])[k];
    const port = data.ports[k];
    const m = blocks.length;
    const h = [`<table class="grid namespaces" aria-label="reachability between namespaces on ${esc(port)}"><thead><tr class="names">`,
      '<th class="corner">from &darr; / to &rarr;</th>'];
    blocks.forEach((b) => h.push(`<th class="to${b.external ? ' ext' : ''}"><span>${esc(b.name)}</span></th>`));
    h.push('</tr></thead><tbody>');
    blocks.forEach((a, x) => {
      h.push(`<tr><th class="from${a.external ? ' ext' : ''}">${esc(a.name)} (${num(a.size)})</th>`);
      blocks.forEach((b, y) => {
        const allowed = counts[x * m + y];
        const pairs = a.size * b.size;
        const kind = allowed === pairs ? 'allow' : allowed === 0 ? 'deny' : 'mixed';
        const style = kind === 'mixed' ? ` style="background-color:${mix(allowed / pairs)}"` : '';
        const verdict = kind === 'allow' ? 'ALLOW' : kind === 'deny' ? 'DENY' : 'MIXED';
        const title = `${a.name} -> ${b.name} ${port}: ${verdict}, ${num(allowed)} of ${num(pairs)} pairs allowed (${percent(allowed, pairs)})`;
        h.push(`<td class="c ${kind}"${style} title="${esc(title)}"></td>`);
      });
      h.push('</tr>');
    });
    h.push('</tbody></table>');
    const { wrap, table } = scrolling(h.join(''));
    hover(table, m);
    return wrap;
  };

  const endpoints = data.podCount + data.externalCount;
  const cellsNeeded = num(data.pairs * data.ports.length);
  const note = byId('note');
  if (data.mode === 'namespaces') {
    note.hidden = false;
    note.textContent = `${num(endpoints)} endpoints are too many for one cell per pair (${cellsNeeded} cells; this page draws up to ${num(data.limit)}).`
      + ' Each cell is a pair of namespaces, coloured by the share of its pod pairs that are allowed; hover for the counts.'
      + ' For every pair, use netpol matrix --format json, or narrow the input (fewer files or ports).';
  } else if (data.mode === 'totals') {
    note.hidden = false;
    note.textContent = `${num(endpoints)} endpoints in ${plural(data.namespaceCount, 'namespace', 'namespaces')}`
      + ` are too many to draw (${cellsNeeded} cells; this page draws up to ${num(data.limit)}).`
      + ' Only the totals are shown: narrow the input (fewer files or ports), or use netpol matrix --format json.';
  }
  data.ports.forEach((_port, k) => {
    const s = section(k);
    if (data.mode === 'pods') s.appendChild(podGrid(k));
    else if (data.mode === 'namespaces') s.appendChild(namespaceGrid(k));
  });
  if (data.mode === 'pods') {
    // Sticky headers need the sizes of the headers before them: the pod names stick below the
    // namespace row, and the pod column next to the namespace column.
    document.querySelectorAll('table.grid').forEach((table) => {
      const nsRow = table.querySelector('thead tr.nsrow');
      const height = nsRow ? nsRow.getBoundingClientRect().height : 0;
      table.querySelectorAll('thead tr.names th').forEach((th) => { /** @type {HTMLElement} */ (th).style.top = `${height}px`; });
      const ns = table.querySelector('tbody th.nsname');
      const width = ns ? ns.getBoundingClientRect().width : 0;
      table.querySelectorAll('tbody th.from').forEach((th) => { /** @type {HTMLElement} */ (th).style.left = `${width}px`; });
    });
  }
  document.body.setAttribute('data-rendered', 'true');
})();
