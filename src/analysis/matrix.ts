import { GroupMatrix } from './engine/groups';
import { parsePortSpec, PortSpec } from './engine/ports';
import { HTML_MAX_CELLS, renderHtml } from './render/html';
import { renderJson, renderMarkdown, renderText } from './render/text';

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Options for `ReachabilityMatrix.toHtml()`.
 */
export interface MatrixHtmlOptions {
  /**
   * The page title and heading.
   * @default "NetworkPolicy reachability"
   */
  readonly title?: string;
  /**
   * How many cells (endpoints x endpoints x ports) the page draws one per pair. Above it, each cell
   * is a pair of namespaces coloured by the share of allowed pod pairs; above that again, only totals.
   * @default 250000
   */
  readonly maxCells?: number;
}

/**
 * Who can reach whom, for every pair of pods (and external IPs) on each port.
 *
 * Rows are sources ("from"), columns destinations ("to"). A pod can always reach itself.
 * The matrix is stored per group of pods that no policy can tell apart, so it stays small for
 * large clusters; the renderers expand it.
 *
 * @example
 * const matrix = Reachability.fromChart(chart).matrix(['80/TCP', '53/UDP']);
 * matrix.isAllowed('shop/web', 'shop/db', '5432/TCP');
 */
export class ReachabilityMatrix {
  /** @internal */
  public static _create(pods: string[], ports: PortSpec[], groups: GroupMatrix, lookup: (name: string) => number): ReachabilityMatrix {
    return new ReachabilityMatrix(pods, ports, groups, lookup);
  }

  /** The endpoints, in row and column order: pods as `namespace/name` (sorted), then external IPs. */
  public readonly pods: string[];
  /** The ports, as `80/TCP`, in order. */
  public readonly ports: string[];

  private constructor(
    pods: string[],
    private readonly portSpecs: PortSpec[],
    private readonly groups: GroupMatrix,
    private readonly lookup: (name: string) => number,
  ) {
    this.pods = pods;
    this.ports = portSpecs.map((p) => p.label);
  }

  /**
   * How many groups of interchangeable endpoints the matrix was computed on (at most the number of endpoints).
   */
  public get groupCount(): number {
    return this.groups.groupCount;
  }

  /**
   * Whether `source` may open a connection to `destination` on `port`.
   *
   * @param source `namespace/name` of a pod, or an external IP given when loading
   * @param destination `namespace/name` of a pod, or an external IP given when loading
   * @param port a port of this matrix, e.g. `80/TCP` (`80` means TCP)
   */
  public isAllowed(source: string, destination: string, port: string): boolean {
    return this.isAllowedAt(this.lookup(source), this.lookup(destination), this.portIndex(port));
  }

  /**
   * Whether the endpoint at `sourceIndex` may reach the one at `destinationIndex` on the port at `portIndex`
   * (indexes into `pods` and `ports`).
   */
  public isAllowedAt(sourceIndex: number, destinationIndex: number, portIndex: number): boolean {
    const n = this.pods.length;
    if (!(sourceIndex >= 0 && sourceIndex < n && destinationIndex >= 0 && destinationIndex < n)) {
      throw new Error(`endpoint index out of range: ${sourceIndex}, ${destinationIndex} (the matrix has ${plural(n, 'endpoint')})`);
    }
    if (!(portIndex >= 0 && portIndex < this.ports.length)) {
      throw new Error(`port index ${portIndex} out of range (the matrix has ${plural(this.ports.length, 'port')})`);
    }
    return this.groups.isAllowed(sourceIndex, destinationIndex, portIndex);
  }

  /**
   * How many ordered (from, to) pairs are allowed, self pairs included.
   *
   * @param port count only this port, e.g. `80/TCP`
   * @default - the sum over all ports
   */
  public countAllowed(port?: string): number {
    if (port !== undefined) return this.groups.countAllowed(this.portIndex(port));
    return this.ports.reduce((sum, _, k) => sum + this.groups.countAllowed(k), 0);
  }

  /**
   * The matrix as text: one truth table per port, `1` = allowed, `.` = denied. Made to be snapshotted.
   */
  public toText(): string {
    return renderText(this);
  }

  /**
   * The matrix as markdown tables, one per port.
   */
  public toMarkdown(): string {
    return renderMarkdown(this);
  }

  /**
   * The matrix as a plain object: `{ pods, ports, results: [{ from, to, port, allowed }] }`,
   * one result per (from, to, port), ordered by from, then to, then port.
   */
  public toJson(): any {
    return renderJson(this);
  }

  /**
   * The matrix as one self-contained HTML page (inline CSS and script, no network): a coloured grid
   * per port, rows = from, columns = to, pods grouped by namespace, with a legend and hover titles
   * such as `shop/web -> shop/db 5432/TCP: DENY`. Large matrices are drawn by namespace pair.
   *
   * @example
   * fs.writeFileSync('matrix.html', Reachability.fromChart(chart).matrix().toHtml({ title: 'shop' }));
   */
  public toHtml(options: MatrixHtmlOptions = {}): string {
    const maxCells = options.maxCells ?? HTML_MAX_CELLS;
    if (!(Number.isInteger(maxCells) && maxCells >= 0)) throw new Error(`maxCells must be a whole number >= 0, not ${maxCells}`);
    return renderHtml(this, { title: options.title, maxCells, groupOf: this.groups.groupOf });
  }

  private portIndex(port: string): number {
    const spec = parsePortSpec(port);
    const k = this.portSpecs.findIndex((p) => p.label === spec.label);
    if (k < 0) throw new Error(`port ${spec.label} is not in this matrix (ports: ${this.ports.join(', ')}): compute a matrix with it`);
    return k;
  }
}
