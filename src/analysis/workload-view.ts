// A matrix by workload: the pods of one owner (Pod -> ReplicaSet -> Deployment, StatefulSet, DaemonSet,
// Job -> CronJob) as one row and one column when no row or column tells them apart. It transforms a
// computed matrix, so the engine and the renderers stay as they are.
import { CheckedPort, checkPort, portLabel } from './engine/ports';
import { ReachabilityMatrix, MatrixHtmlOptions } from './matrix';
import { TrafficPort } from './options';
import { HTML_MAX_CELLS, renderHtml } from './render/html';
import { MatrixView, renderJson, renderMarkdown, renderText } from './render/text';
import { MatrixJson } from './verdict';

/**
 * One row (and column) of a matrix by workload: a workload's pods, or one pod or external IP.
 */
export interface WorkloadRow {
  /** The row's name: `namespace/name` of the workload, or of the pod, or the external IP. */
  readonly name: string;
  /**
   * The workload at the top of the pods' controller chain, as `Kind/name` (e.g. `Deployment/web`).
   * @default - none: a pod without owner, a workload without pods in the input, or an external IP
   */
  readonly workload?: string;
  /** The endpoints the row stands for (pods as `namespace/name`), sorted. */
  readonly endpoints: string[];
}

/**
 * A matrix by workload as plain data: the matrix JSON with rows named by workload, plus what each row stands for.
 */
export interface WorkloadMatrixJson extends MatrixJson {
  /** What each row stands for, in row order. */
  readonly rows: WorkloadRow[];
  /** The workloads whose pods differ (a row for each set of pods that answer alike), with the first difference found. */
  readonly split: string[];
}

/** One row: the endpoint indexes it stands for. */
interface Row {
  readonly name: string;
  readonly workload?: string;
  readonly members: readonly number[];
  readonly external: boolean;
  /** Named after its workload (not after its one pod). */
  readonly merged: boolean;
}

function compareRows(a: Row, b: Row): number {
  if (a.external !== b.external) return a.external ? 1 : -1;
  // Externals keep their given order; rows of the cluster sort by name.
  if (a.external) return a.members[0] - b.members[0];
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Who can reach whom, by workload: the pods of a Deployment, StatefulSet, DaemonSet, Job or CronJob
 * (following ownerReferences up from each pod) are one row and one column when they give the same
 * answers for every row and column of the pod matrix. A workload whose pods differ (a rollout half
 * done, a policy that selects one StatefulSet pod by name) has a row for each set of its pods that
 * answer alike, named after its pod (`first-pod+N` for N more), and `split` says why.
 *
 * The cell of a row of several pods with itself is the answer between two different pods of it (a pod
 * can always reach itself).
 *
 * @example
 * const r = Reachability.fromYaml(fs.readFileSync('cluster.yaml', 'utf-8'));
 * console.log(r.groupByWorkload(r.matrix()).toText());
 */
export class WorkloadMatrix {
  /**
   * @param matrix the pod matrix
   * @param workloads for each endpoint of `matrix`, `namespace/Kind/name` of its top workload, or undefined
   * @param prints for each endpoint, its fingerprint (workload-prints.ts: equal ones need no comparison)
   * @internal
   */
  public static _create(matrix: ReachabilityMatrix, workloads: readonly (string | undefined)[], prints?: readonly string[]): WorkloadMatrix {
    return new WorkloadMatrix(matrix, workloads, prints);
  }

  private readonly rowList: readonly Row[];
  private readonly splitNotes: readonly string[];
  private readonly portList: readonly string[];
  private readonly checkedPorts: readonly CheckedPort[];

  private constructor(
    private readonly matrix: ReachabilityMatrix,
    workloads: readonly (string | undefined)[],
    private readonly prints?: readonly string[],
  ) {
    const endpoints = matrix.endpoints;
    this.portList = Object.freeze(matrix.ports);
    this.checkedPorts = this.portList.map((p) => {
      const [port, protocol] = p.split('/');
      return checkPort({ port: Number(port), protocol: protocol as CheckedPort['protocol'] }, 'WorkloadMatrix');
    });
    const byWorkload = new Map<string, number[]>();
    const rows: Row[] = [];
    endpoints.forEach((id, i) => {
      const w = workloads[i];
      if (w === undefined) {
        rows.push({ name: id, members: [i], external: !id.includes('/'), merged: false });
        return;
      }
      if (!byWorkload.has(w)) byWorkload.set(w, []);
      byWorkload.get(w)!.push(i);
    });
    const split: string[] = [];
    for (const [key, members] of byWorkload) {
      const [namespace, kind, name] = key.split('/');
      const difference = this.difference(members);
      if (difference === undefined) {
        rows.push({ name: `${namespace}/${name}`, workload: `${kind}/${name}`, members, external: false, merged: true });
        continue;
      }
      // The pods that answer alike still share a row (a rollout half done: the old pods, the new ones).
      const classes = this.classes(members);
      if (classes.length === members.length) {
        split.push(`${namespace}/${name} (${kind}): its ${members.length} pods differ, so each has its own row: ${difference}`);
      } else {
        split.push(`${namespace}/${name} (${kind}): its ${members.length} pods differ, so they have ${classes.length} rows, pods that answer alike sharing one: `
          + `${this.difference([classes[0][0], classes[1][0]])}`);
      }
      for (const c of classes) {
        // A pod name has no "+": `first-pod+N` names a row of N more pods without clashing with a pod.
        const rowName = c.length === 1 ? endpoints[c[0]] : `${endpoints[c[0]]}+${c.length - 1}`;
        rows.push({ name: rowName, workload: `${kind}/${name}`, members: c, external: false, merged: c.length > 1 });
      }
    }
    // A workload named like a pod or another kind's workload: `namespace/kind/name` tells them apart.
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
    const named = rows.map((r) => {
      if (counts.get(r.name)! < 2 || !r.merged) return r;
      const [kind, name] = r.workload!.split('/');
      return { ...r, name: `${r.name.slice(0, r.name.indexOf('/'))}/${kind.toLowerCase()}/${name}` };
    });
    this.rowList = Object.freeze(named.sort(compareRows));
    this.splitNotes = Object.freeze(split);
  }

  /** The rows (and columns), in order: workloads, pods, then external IPs (a copy). */
  public get rows(): string[] {
    return this.rowList.map((r) => r.name);
  }

  /** The ports, as `80/TCP`, in order (a copy). */
  public get ports(): string[] {
    return [...this.portList];
  }

  /** What each row stands for, in row order. */
  public get groups(): WorkloadRow[] {
    const endpoints = this.matrix.endpoints;
    return this.rowList.map((r) => ({
      name: r.name,
      ...(r.workload !== undefined ? { workload: r.workload } : {}),
      endpoints: r.members.map((i) => endpoints[i]),
    }));
  }

  /** The workloads whose pods differ (a row for each set of pods that answer alike), one sentence each with the first difference. */
  public get split(): string[] {
    return [...this.splitNotes];
  }

  /**
   * Whether the row `source` may reach the row `destination` on `port` (for a row of several pods: any
   * pod of it, since they answer alike).
   *
   * @param source a row name
   * @param destination a row name
   * @param port a port of this matrix
   */
  public allows(source: string, destination: string, port: TrafficPort): boolean {
    const checked = checkPort(port, 'allows()');
    const k = this.checkedPorts.findIndex((p) => p.port === checked.port && p.protocol === checked.protocol);
    if (k < 0) throw new Error(`port ${portLabel(checked)} is not in this matrix (ports: ${this.portList.join(', ')})`);
    return this.isAllowedAt(this.rowIndex(source), this.rowIndex(destination), k);
  }

  /** Whether row `sourceIndex` may reach row `destinationIndex` on the port at `portIndex` (indexes into `rows` and `ports`). */
  public isAllowedAt(sourceIndex: number, destinationIndex: number, portIndex: number): boolean {
    const n = this.rowList.length;
    if (!(sourceIndex >= 0 && sourceIndex < n && destinationIndex >= 0 && destinationIndex < n)) {
      throw new Error(`row index out of range: ${sourceIndex}, ${destinationIndex} (the matrix has ${n} rows)`);
    }
    const from = this.rowList[sourceIndex].members;
    const to = this.rowList[destinationIndex].members;
    // Within a row of several pods: between two different ones of them.
    const j = sourceIndex === destinationIndex && from.length > 1 ? from[1] : to[0];
    return this.matrix.isAllowedAt(from[0], j, portIndex);
  }

  /** The matrix as text, one truth table per port, then what each workload row stands for and which workloads are split. */
  public toText(): string {
    return `${renderText(this.view())}${this.legend()}`;
  }

  /** The matrix as markdown tables, then what each workload row stands for. */
  public toMarkdown(): string {
    return `${renderMarkdown(this.view())}${this.legend()}`;
  }

  /** The matrix as plain data: the matrix JSON of the rows, with what each row stands for and the split workloads. */
  public toJson(): WorkloadMatrixJson {
    return { ...renderJson(this.view()), rows: this.groups, split: this.split };
  }

  /** The matrix as one self-contained HTML page, rows and columns by workload. */
  public toHtml(options: MatrixHtmlOptions = {}): string {
    const maxCells = options.maxCells ?? HTML_MAX_CELLS;
    if (!(Number.isInteger(maxCells) && maxCells >= 0)) throw new Error(`maxCells must be a whole number >= 0, not ${maxCells}`);
    return renderHtml(this.view(), { title: options.title, maxCells });
  }

  private view(): MatrixView {
    return { endpoints: this.rows, ports: this.portList, isAllowedAt: (i, j, k) => this.isAllowedAt(i, j, k) };
  }

  private legend(): string {
    const endpoints = this.matrix.endpoints;
    const lines = this.rowList.filter((r) => r.merged).map((r) => {
      const pods = r.members.map((i) => endpoints[i]);
      return `  ${r.name}: ${r.workload}, ${pods.length === 1 ? '1 pod' : `${pods.length} pods`}: ${pods.join(', ')}`;
    });
    const out: string[] = [];
    if (lines.length > 0) {
      out.push('', 'rows by workload (the pods of a row answer alike; a row of several pods meets itself between two different pods):', ...lines);
    }
    if (this.splitNotes.length > 0) out.push('', 'split:', ...this.splitNotes.map((s) => `  ${s}`));
    return out.length > 0 ? `${out.join('\n')}\n` : '';
  }

  private rowIndex(name: string): number {
    const i = this.rowList.findIndex((r) => r.name === name);
    if (i < 0) throw new Error(`${name} is not a row of this matrix (rows: ${this.rows.slice(0, 10).join(', ')}${this.rowList.length > 10 ? ', ...' : ''})`);
    return i;
  }

  /**
   * The pods `members` in classes of pods that answer alike, in their order. Two pods answer alike when
   * they have one row and one column against every other endpoint and one answer between them both ways;
   * that relation is transitive, so comparing each pod with the first of a class is enough.
   */
  private classes(members: readonly number[]): number[][] {
    const classes: number[][] = [];
    // Pods of one fingerprint answer alike: only a new fingerprint is compared cell by cell.
    const byPrint = new Map<string, number[]>();
    for (const i of members) {
      const print = this.prints?.[i];
      const home = (print !== undefined ? byPrint.get(print) : undefined) ?? classes.find((c) => this.alike(c[0], i));
      if (home) home.push(i);
      else classes.push([i]);
      if (print !== undefined && !byPrint.has(print)) byPrint.set(print, home ?? classes[classes.length - 1]);
    }
    return classes;
  }

  private alike(a: number, b: number): boolean {
    if (this.prints && this.prints[a] === this.prints[b]) return true;
    const m = this.matrix;
    const n = m.endpoints.length;
    for (let k = 0; k < this.portList.length; k++) {
      if (m.isAllowedAt(a, b, k) !== m.isAllowedAt(b, a, k)) return false;
      for (let j = 0; j < n; j++) {
        if (j === a || j === b) continue;
        if (m.isAllowedAt(a, j, k) !== m.isAllowedAt(b, j, k) || m.isAllowedAt(j, a, k) !== m.isAllowedAt(j, b, k)) return false;
      }
    }
    return true;
  }

  /**
   * How the pods `members` differ, or undefined when they answer alike: the same row and column against
   * every other endpoint, and one answer between any two different members, on every port.
   */
  private difference(members: readonly number[]): string | undefined {
    if (members.length < 2) return undefined;
    if (this.prints && members.every((i) => this.prints![i] === this.prints![members[0]])) return undefined;
    const m = this.matrix;
    const endpoints = m.endpoints;
    const inGroup = new Set(members);
    const ports = this.portList.length;
    const [first, second] = members;
    const verdict = (a: number, b: number, k: number) => (m.isAllowedAt(a, b, k) ? 'allowed' : 'denied');
    for (const b of members.slice(1)) {
      for (let j = 0; j < endpoints.length; j++) {
        if (inGroup.has(j)) continue;
        for (let k = 0; k < ports; k++) {
          if (m.isAllowedAt(first, j, k) !== m.isAllowedAt(b, j, k)) {
            return `${endpoints[first]} -> ${endpoints[j]} on ${this.portList[k]} is ${verdict(first, j, k)}, ${endpoints[b]} -> ${endpoints[j]} is ${verdict(b, j, k)}`;
          }
          if (m.isAllowedAt(j, first, k) !== m.isAllowedAt(j, b, k)) {
            return `${endpoints[j]} -> ${endpoints[first]} on ${this.portList[k]} is ${verdict(j, first, k)}, -> ${endpoints[b]} is ${verdict(j, b, k)}`;
          }
        }
      }
    }
    for (let k = 0; k < ports; k++) {
      const answer = m.isAllowedAt(first, second, k);
      for (const a of members) {
        for (const b of members) {
          if (a !== b && m.isAllowedAt(a, b, k) !== answer) {
            return `${endpoints[first]} -> ${endpoints[second]} on ${this.portList[k]} is ${verdict(first, second, k)}, ${endpoints[a]} -> ${endpoints[b]} is ${verdict(a, b, k)}`;
          }
        }
      }
    }
    return undefined;
  }
}
