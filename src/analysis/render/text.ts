// Text, markdown and JSON renderings of a reachability matrix.
import { MatrixJson, MatrixResult } from '../verdict';

export interface MatrixView {
  /** Pods, then external IPs, in row and column order. */
  readonly endpoints: readonly string[];
  readonly ports: readonly string[];
  isAllowedAt(source: number, destination: number, port: number): boolean;
}

export const TEXT_LEGEND = 'reachability: rows = from, columns = to; 1 = allowed, . = denied';

/** One truth table per port, rows = from, columns = to. Stable, diff-friendly, no trailing spaces. */
export function renderText(m: MatrixView): string {
  const width = Math.max(0, ...m.endpoints.map((p) => p.length), ...m.ports.map((p) => p.length));
  const lines = [TEXT_LEGEND];
  m.ports.forEach((port, k) => {
    lines.push('');
    lines.push([port.padEnd(width), ...m.endpoints].join(' ').trimEnd());
    m.endpoints.forEach((source, i) => {
      const cells = m.endpoints.map((dest, j) => (m.isAllowedAt(i, j, k) ? '1' : '.').padEnd(dest.length));
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
    out.push(`| from \\ to | ${m.endpoints.join(' | ')} |`);
    out.push(`| --- |${m.endpoints.map(() => ' :-: |').join('')}`);
    m.endpoints.forEach((source, i) => {
      out.push(`| ${source} | ${m.endpoints.map((_, j) => (m.isAllowedAt(i, j, k) ? '✓' : '✗')).join(' | ')} |`);
    });
    out.push('');
  });
  return out.join('\n');
}

/** `{ pods, ports, results: [{ from, to, port, allowed }] }`, one result per (from, to, port). */
export function renderJson(m: MatrixView): MatrixJson {
  const results: MatrixResult[] = [];
  m.endpoints.forEach((source, i) => {
    m.endpoints.forEach((dest, j) => {
      m.ports.forEach((port, k) => results.push({ from: source, to: dest, port, allowed: m.isAllowedAt(i, j, k) }));
    });
  });
  return { pods: [...m.endpoints], ports: [...m.ports], results };
}
