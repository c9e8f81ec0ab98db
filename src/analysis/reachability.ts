import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { judge } from './engine/evaluate';
import { computeMatrix } from './engine/groups';
import { FALLBACK_NAMESPACE, loadModel, Model, parseYamlDocuments } from './engine/model';
import { naturalCompare } from './engine/natural';
import { CheckedPort, checkPort, defaultPorts, parsePortText, portLabel, sortPorts } from './engine/ports';
import { EndpointResolver, isServiceName } from './engine/resolve';
import { ReachabilityMatrix } from './matrix';
import { ReachabilityOptions, TrafficPort } from './options';
import { ServiceVerdict } from './service';
import { checkService } from './service-check';
import { TrafficVerdict } from './verdict';
import { fingerprints } from './workload-prints';
import { WorkloadMatrix } from './workload-view';
import { Protocol } from '../values/enums';

/**
 * A model of a cluster's pods and NetworkPolicies that answers "may this connection happen?" without a cluster.
 *
 * It reads plain manifests (a cdk8s chart or app, YAML, or objects): Namespaces, Pods, workloads
 * with pod templates (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, one
 * representative pod each, named like the workload, unless the input holds the pods it owns, as a
 * `kubectl get -o yaml` dump does: then those pods stand for it), Services (destinations of
 * `checkService()`) and NetworkPolicies, which must pass the API
 * server's validation. Objects without a namespace are in `default`; namespaces that nobody
 * declares exist with only their `kubernetes.io/metadata.name` label.
 *
 * Kubernetes semantics, as the analyzer applies them:
 * - A connection is allowed only if the source's egress AND the destination's ingress allow it.
 * - A pod is isolated in a direction only when a policy that selects it has that policy type
 *   (omitted `policyTypes` means Ingress, plus Egress when the policy has egress rules).
 *   Otherwise that direction allows everything.
 * - An isolated direction allows exactly the union of the matching rules of all selecting policies.
 * - A rule matches when one of its peers matches AND one of its ports matches; an absent or empty
 *   peer list matches everything (external IPs included), an absent or empty port list every port.
 * - Selectors never match external IPs; `ipBlock` matches external IPs and pods whose IP is known
 *   (`status.podIP`/`podIPs`, or `ips` of an added pod; a pod matches when any of its IPs does).
 *   Whether a CNI applies ipBlocks to pod IPs is implementation-defined; this analyzer does.
 * - Named ports resolve against the destination pod's container ports (name and protocol), for
 *   ingress and egress rules alike; an external IP has no named ports.
 * - External endpoints have no policies: only the pod end of the connection is checked.
 * - A pod can always reach itself: Kubernetes does not let policies block a pod's own traffic.
 * - A Service is a destination that resolves to the pods it selects (`checkService()`): policies see
 *   the pod IP and the pod port (the Service port's `targetPort`), never the Service itself.
 * - Verdicts are about policies only: whether a container listens on the port, traffic from the
 *   pod's node (always allowed by Kubernetes) and hostNetwork pods are not modelled.
 *
 * @example
 * const r = Reachability.fromChart(chart);
 * r.check('shop/api', 'shop/db', { port: 5432 }).allowed; // true
 * console.log(r.matrix().toText());
 */
export class Reachability {
  /**
   * Loads plain Kubernetes objects, e.g. what `chart.toJson()` or a YAML parser returns.
   *
   * Objects of other kinds are ignored; invalid NetworkPolicies throw, listing every problem.
   *
   * @example
   * Reachability.fromManifests(Testing.synth(chart));
   */
  public static fromManifests(manifests: any[], options: ReachabilityOptions = {}): Reachability {
    return new Reachability(loadModel(manifests, options));
  }

  /**
   * A model built elsewhere in this folder (from an already decoded snapshot, see load.ts).
   * @internal
   */
  public static _fromModel(model: Model): Reachability {
    return new Reachability(model);
  }

  /**
   * Loads a multi-document YAML text (e.g. `cdk8s synth` output).
   *
   * @example
   * Reachability.fromYaml(fs.readFileSync('dist/app.k8s.yaml', 'utf-8'));
   */
  public static fromYaml(text: string, options: ReachabilityOptions = {}): Reachability {
    return Reachability.fromManifests(Reachability.parseYaml(text), options);
  }

  /**
   * Loads a cdk8s chart (synthesized with `chart.toJson()`, which runs its validations).
   *
   * @example
   * Reachability.fromChart(chart).check('default/web', 'default/db', { port: 5432 });
   */
  public static fromChart(chart: Chart, options: ReachabilityOptions = {}): Reachability {
    return Reachability.fromManifests(chart.toJson(), options);
  }

  /**
   * Loads every chart of a cdk8s app.
   */
  public static fromApp(app: App, options: ReachabilityOptions = {}): Reachability {
    return Reachability.fromManifests(app.charts.flatMap((c) => c.toJson()), options);
  }

  /**
   * Parses multi-document YAML into plain objects, for callers that merge several files.
   *
   * @param text the YAML
   * @param fileName the name used in error messages
   */
  public static parseYaml(text: string, fileName?: string): any[] {
    return parseYamlDocuments(text, fileName);
  }

  /**
   * Parses a port as the matrix and the CLI write it: `80/TCP`, `53/udp`, or `80` (TCP).
   *
   * @example
   * Reachability.parsePort('53/UDP'); // { port: 53, protocol: Protocol.UDP, label: '53/UDP' }
   * reachability.matrixOn(['80/TCP', '53/UDP'].map(Reachability.parsePort));
   */
  public static parsePort(text: string): TrafficPort {
    const port = parsePortText(text);
    return { ...port, label: portLabel(port) };
  }

  /**
   * The name under which the analyzer knows a construct: `namespace/name` of a cdk8s-plus workload or
   * pod (or any construct whose default child is an ApiObject), `svc/namespace/name` of a Service,
   * which `checkService()` and the jest matchers take as a destination.
   *
   * @example
   * Reachability.nameOf(deployment); // 'shop/shop-api-c8d1f7a2'
   * Reachability.nameOf(service); // 'svc/shop/shop-api-service-c8a5e2b1'
   */
  public static nameOf(construct: IConstruct): string {
    const obj = ApiObject.of(construct);
    const id = `${obj.metadata.namespace ?? FALLBACK_NAMESPACE}/${obj.name}`;
    return obj.kind === 'Service' && (obj.apiVersion === 'v1' || obj.apiVersion === undefined) ? `svc/${id}` : id;
  }

  private readonly model: Model;
  private readonly resolver: EndpointResolver;

  private constructor(model: Model) {
    this.model = model;
    this.resolver = new EndpointResolver(model);
  }

  /**
   * Every endpoint, in the row and column order of a matrix: the pods (`namespace/name`, sorted), then the
   * external IPs given when loading.
   */
  public get endpoints(): string[] {
    return this.model.endpoints.map((e) => e.id);
  }

  /**
   * What the analysis decided on the reader's behalf, one sentence each: for example which of two
   * NetworkPolicies with the same namespace and name counts (the last one, as in a cluster).
   */
  public get warnings(): string[] {
    return [...this.model.warnings];
  }

  /** Every pod (bare pods, workloads and added pods) as `namespace/name`, sorted. */
  public get pods(): string[] {
    return this.model.endpoints.filter((e) => e.pod).map((e) => e.id);
  }

  /** The external endpoints given when loading, as canonical IPs. */
  public get externalIps(): string[] {
    return this.model.endpoints.filter((e) => !e.pod).map((e) => e.id);
  }

  /** Every core v1 Service as `namespace/name`, sorted. */
  public get services(): string[] {
    return [...new Set((this.model.services ?? []).map((s) => `${s.namespace}/${s.name}`))].sort();
  }

  /** Every namespace, declared or implied, in natural order (`team-2` before `team-10`). */
  public get namespaces(): string[] {
    return [...this.model.namespaces.keys()].sort(naturalCompare);
  }

  /** Every NetworkPolicy as `namespace/name`, in input order. */
  public get policies(): string[] {
    return this.model.policies.map((p) => p.id);
  }

  /**
   * The ports a matrix shows by default, as `80/TCP`: every port any policy mentions (a range by its first
   * port, a named port by each number pods give it), plus the lowest TCP port no rule covers.
   */
  public defaultPorts(): string[] {
    return defaultPorts(this.model).map(portLabel);
  }

  /**
   * Whether `source` may open a connection to `destination` on a port, and why.
   *
   * @param source `namespace/name` of a pod or workload (a bare name if unique), or an IP address
   * @param destination `namespace/name` of a pod or workload (a bare name if unique), or an IP address
   * @param port the destination port and protocol
   * @example
   * const verdict = r.check('shop/api', 'shop/db', { port: 5432 });
   * if (!verdict.allowed) console.log(verdict.explanation);
   */
  public check(source: string, destination: string, port: TrafficPort): TrafficVerdict {
    const checked = checkPort(port, 'check()');
    this.refuseService(source, destination, 'check()');
    return judge(this.model, {
      source: this.resolver.resolve(source),
      destination: this.resolver.resolve(destination),
      port: checked.port,
      protocol: checked.protocol,
    });
  }

  /**
   * Whether `source` may connect to a Service, answered for each pod the Service selects: the Service
   * port resolves to its `targetPort` (a number, or a container port name resolved on each pod with the
   * port's protocol), and the connection to each pod on that port is judged as `check()` judges it,
   * since NetworkPolicies see pod IPs and pod ports only.
   *
   * Throws for an unknown Service (with suggestions) or Service port (listing the ports), a Service
   * without a selector (its pods are not in the manifests), an ExternalName Service, and a Service
   * that selects no pods.
   *
   * @param source `namespace/name` of a pod or workload (a bare name if unique), or an IP address
   * @param service `svc/namespace/name` (or `namespace/name`, or a bare name if unique), optionally with
   * `:PORT` (a Service port number or name) and `/PROTOCOL`, e.g. `svc/shop/api:http` or `svc/kube-system/kube-dns:53/UDP`
   * @param port the Service port (not the pod port), when `service` names none
   * @default port - the port named in `service`, or the Service's only port
   * @example
   * const verdict = r.checkService('shop/web', 'svc/shop/api:80');
   * verdict.allowed; // every pod behind the Service allows it
   * verdict.backends.map((b) => `${b.pod}:${b.podPort} ${b.allowed}`);
   */
  public checkService(source: string, service: string, port?: TrafficPort): ServiceVerdict {
    const checked = port === undefined ? undefined : checkPort(port, 'checkService()');
    if (isServiceName(source)) throw new Error(`checkService(): the source ${source} is a Service: traffic leaves from pods, so give a pod or an IP`);
    return checkService(this.model, this.resolver, source, service, checked);
  }

  /**
   * Whether `source` may open a connection to `destination` on a port, and why.
   *
   * @deprecated use `check(source, destination, { port, protocol })`: its verdict reads `r.check(...).allowed`
   * @param source `namespace/name` of a pod or workload (a bare name if unique), or an IP address
   * @param destination `namespace/name` of a pod or workload (a bare name if unique), or an IP address
   * @param port the destination port
   * @param protocol the protocol
   * @default protocol Protocol.TCP
   */
  public allowed(source: string, destination: string, port: number, protocol?: Protocol): TrafficVerdict {
    return this.check(source, destination, { port, protocol });
  }

  /**
   * The allowed-connection matrix between every pair of pods and external IPs, on the default ports.
   *
   * @param ports deprecated: give ports as `TrafficPort` values to `matrixOn()` (`matrixOn(ports.map(Reachability.parsePort))`)
   * @default - `defaultPorts()`
   * @example
   * Reachability.fromChart(chart).matrix().toText();
   */
  public matrix(ports?: string[]): ReachabilityMatrix {
    return this.matrixOf(ports ? ports.map(parsePortText) : defaultPorts(this.model));
  }

  /**
   * The allowed-connection matrix between every pair of pods and external IPs, on the given ports
   * (sorted by number, then protocol; duplicates dropped).
   *
   * @param ports the destination ports
   * @example
   * r.matrixOn([{ port: 5432 }, { port: 53, protocol: Protocol.UDP }]);
   */
  public matrixOn(ports: TrafficPort[]): ReachabilityMatrix {
    if (!Array.isArray(ports)) throw new Error(`matrixOn(): expected a list of ports, not ${JSON.stringify(ports)}`);
    return this.matrixOf(ports.map((p) => checkPort(p, 'matrixOn()')));
  }

  /**
   * A matrix by workload: the pods of one workload (up their ownerReferences: Pod -> ReplicaSet ->
   * Deployment, StatefulSet, DaemonSet, Job -> CronJob) as one row and column when they answer alike
   * for every row and column; a workload whose pods differ keeps one row per pod, and says why.
   *
   * @param matrix a matrix of this Reachability (`matrix()` or `matrixOn()`)
   * @example
   * const byWorkload = r.groupByWorkload(r.matrix());
   * console.log(byWorkload.toText());
   * byWorkload.split; // the workloads whose pods differ
   */
  public groupByWorkload(matrix: ReachabilityMatrix): WorkloadMatrix {
    const endpoints = this.endpoints;
    const given = matrix instanceof ReachabilityMatrix ? matrix.endpoints : undefined;
    if (!given || given.length !== endpoints.length || given.some((e, i) => e !== endpoints[i])) {
      throw new Error('groupByWorkload(): the matrix is not one of this Reachability: compute it with matrix() or matrixOn() of the same object');
    }
    const workloads = this.model.endpoints.map((e) => (e.pod?.workload !== undefined ? `${e.pod.namespace}/${e.pod.workload}` : undefined));
    return WorkloadMatrix._create(matrix, workloads, fingerprints(this.model));
  }

  private refuseService(source: string, destination: string, context: string): void {
    if (isServiceName(source)) throw new Error(`${context}: the source ${source} is a Service: traffic leaves from pods, so give a pod or an IP`);
    if (isServiceName(destination)) {
      throw new Error(`${context}: ${destination} is a Service, which policies never see: ask checkService(), which answers for each pod it selects on the pod port`);
    }
  }

  private matrixOf(ports: CheckedPort[]): ReachabilityMatrix {
    const sorted = sortPorts(ports);
    const groups = computeMatrix(this.model, sorted);
    return ReachabilityMatrix._create(this.endpoints, sorted, groups, (name) => {
      const e = this.resolver.resolve(name);
      if (e.index < 0) throw new Error(`${name} is not in this matrix: pass it in externalIps when loading`);
      return e.index;
    });
  }
}
