import { GroupMatrix } from './engine/groups';
import { CheckedPort, checkPort, parsePortText, portLabel } from './engine/ports';
import { TrafficPort } from './options';
import { HTML_MAX_CELLS, renderHtml } from './render/html';
import { MatrixView, renderJson, renderMarkdown, renderText } from './render/text';
import { MatrixJson } from './verdict';

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
 * const matrix = Reachability.fromChart(chart).matrixOn([{ port: 5432 }, { port: 53, protocol: Protocol.UDP }]);
 * matrix.allows('shop/web', 'shop/db', { port: 5432 });
 */
export class ReachabilityMatrix {
  /** @internal */
  public static _create(endpoints: string[], ports: CheckedPort[], groups: GroupMatrix, lookup: (name: string) => number): ReachabilityMatrix {
    return new ReachabilityMatrix(endpoints, ports, groups, lookup);
  }

  private readonly endpointList: readonly string[];
  private readonly portList: readonly string[];

  private constructor(
    endpoints: string[],
    private readonly checkedPorts: CheckedPort[],
    private readonly groups: GroupMatrix,
    private readonly lookup: (name: string) => number,
  ) {
    this.endpointList = Object.freeze([...endpoints]);
    this.portList = Object.freeze(checkedPorts.map(portLabel));
  }

  /** What the renderers read: the lists themselves (not copies), and the cells. */
  private view(): MatrixView {
    return { endpoints: this.endpointList, ports: this.portList, isAllowedAt: (i, j, k) => this.isAllowedAt(i, j, k) };
  }

  /** The endpoints, in row and column order: pods as `namespace/name` (natural order: `team-2` before `team-10`), then external IPs (a copy). */
  public get endpoints(): string[] {
    return [...this.endpointList];
  }

  /** The ports, as `80/TCP`, in order (a copy). */
  public get ports(): string[] {
    return [...this.portList];
  }

  /**
   * The endpoints: pods, then external IPs.
   * @deprecated use `endpoints`: the list includes external IPs, which are not pods
   */
  public get pods(): string[] {
    return [...this.endpointList];
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
   * @param port a port of this matrix
   * @example
   * matrix.allows('shop/web', 'shop/db', { port: 5432 });
   */
  public allows(source: string, destination: string, port: TrafficPort): boolean {
    return this.isAllowedAt(this.lookup(source), this.lookup(destination), this.portIndex(checkPort(port, 'allows()')));
  }

  /**
   * Whether `source` may open a connection to `destination` on `port`.
   *
   * @deprecated use `allows(source, destination, { port, protocol })`, or `Reachability.parsePort()` for text
   * @param source `namespace/name` of a pod, or an external IP given when loading
   * @param destination `namespace/name` of a pod, or an external IP given when loading
   * @param port a port of this matrix, e.g. `80/TCP` (`80` means TCP)
   */
  public isAllowed(source: string, destination: string, port: string): boolean {
    return this.isAllowedAt(this.lookup(source), this.lookup(destination), this.portIndex(parsePortText(port)));
  }

  /**
   * Whether the endpoint at `sourceIndex` may reach the one at `destinationIndex` on the port at `portIndex`
   * (indexes into `endpoints` and `ports`).
   */
  public isAllowedAt(sourceIndex: number, destinationIndex: number, portIndex: number): boolean {
    const n = this.endpointList.length;
    if (!(sourceIndex >= 0 && sourceIndex < n && destinationIndex >= 0 && destinationIndex < n)) {
      throw new Error(`endpoint index out of range: ${sourceIndex}, ${destinationIndex} (the matrix has ${plural(n, 'endpoint')})`);
    }
    if (!(portIndex >= 0 && portIndex < this.portList.length)) {
      throw new Error(`port index ${portIndex} out of range (the matrix has ${plural(this.portList.length, 'port')})`);
    }
    return this.groups.isAllowed(sourceIndex, destinationIndex, portIndex);
  }

  /**
   * How many ordered (from, to) pairs are allowed on all ports together, self pairs included.
   *
   * @param port deprecated: count one port with `countAllowedOn()`
   * @default - the sum over all ports
   */
  public countAllowed(port?: string): number {
    if (port !== undefined) return this.groups.countAllowed(this.portIndex(parsePortText(port)));
    return this.portList.reduce((sum, _, k) => sum + this.groups.countAllowed(k), 0);
  }

  /**
   * How many ordered (from, to) pairs are allowed on one port, self pairs included.
   *
   * @param port a port of this matrix
   * @example
   * matrix.countAllowedOn({ port: 53, protocol: Protocol.UDP });
   */
  public countAllowedOn(port: TrafficPort): number {
    return this.groups.countAllowed(this.portIndex(checkPort(port, 'countAllowedOn()')));
  }

  /**
   * The matrix as text: one truth table per port, `1` = allowed, `.` = denied. Made to be snapshotted.
   */
  public toText(): string {
    return renderText(this.view());
  }

  /**
   * The matrix as markdown tables, one per port.
   */
  public toMarkdown(): string {
    return renderMarkdown(this.view());
  }

  /**
   * The matrix as plain data: `{ pods, ports, results: [{ from, to, port, allowed }] }`, one result per
   * (from, to, port), ordered by from, then to, then port; `pods` lists every endpoint, external IPs included.
   */
  public toJson(): MatrixJson {
    return renderJson(this.view());
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
    return renderHtml(this.view(), { title: options.title, maxCells, groups: this.groups });
  }

  private portIndex(port: CheckedPort): number {
    const k = this.checkedPorts.findIndex((p) => p.port === port.port && p.protocol === port.protocol);
    if (k < 0) throw new Error(`port ${portLabel(port)} is not in this matrix (ports: ${this.portList.join(', ')}): compute a matrix with it`);
    return k;
  }
}
