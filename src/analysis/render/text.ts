// Text, markdown and JSON renderings of a reachability matrix.

export interface MatrixView {
  readonly pods: readonly string[];
  readonly ports: readonly string[];
  isAllowedAt(source: number, destination: number, port: number): boolean;
}

export const TEXT_LEGEND = 'reachability: rows = from, columns = to; 1 = allowed, . = denied';

/** One truth table per port, rows = from, columns = to. Stable, diff-friendly, no trailing spaces. */
export function renderText(m: MatrixView): string {
  const width = Math.max(0, ...m.pods.map((p) => p.length), ...m.ports.map((p) => p.length));
  const lines = [TEXT_LEGEND];
  m.ports.forEach((port, k) => {
    lines.push('');
    lines.push([port.padEnd(width), ...m.pods].join(' ').trimEnd());
    m.pods.forEach((source, i) => {
      const cells = m.pods.map((dest, j) => (m.isAllowedAt(i, j, k) ? '1' : '.').padEnd(dest.length));
      lines.push([source.padEnd(width), ...cells].join(' ').trimEnd());
    });
  });
  return `${lines.join('\n')}\n`;
}

/** One markdown table per port. */
export function renderMarkdown(m: MatrixView): string {
  const out: string[] = [];
  m.ports.forEach((port, k) => {
    out.push(`**${port}** (rows: from, columns: to; ✓ = allowed, ✗ = denied)`, '');
    out.push(`| from \\ to | ${m.pods.join(' | ')} |`);
    out.push(`| --- |${m.pods.map(() => ' :-: |').join('')}`);
    m.pods.forEach((source, i) => {
      out.push(`| ${source} | ${m.pods.map((_, j) => (m.isAllowedAt(i, j, k) ? '✓' : '✗')).join(' | ')} |`);
    });
    out.push('');
  });
  return out.join('\n');
}

export interface MatrixJson {
  pods: string[];
  ports: string[];
  results: { from: string; to: string; port: string; allowed: boolean }[];
}

/** `{ pods, ports, results: [{ from, to, port, allowed }] }`, one result per (from, to, port). */
export function renderJson(m: MatrixView): MatrixJson {
  const results: MatrixJson['results'] = [];
  m.pods.forEach((source, i) => {
    m.pods.forEach((dest, j) => {
      m.ports.forEach((port, k) => results.push({ from: source, to: dest, port, allowed: m.isAllowedAt(i, j, k) }));
    });
  });
  return { pods: [...m.pods], ports: [...m.ports], results };
}
