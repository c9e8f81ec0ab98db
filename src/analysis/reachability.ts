import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { parseIp } from '../kube/cidr';
import { judge } from './engine/evaluate';
import { computeMatrix } from './engine/groups';
import { canonicalIp, Endpoint, FALLBACK_NAMESPACE, loadModel, Model, parseYamlDocuments } from './engine/model';
import { checkPortNumber, defaultPorts, parsePortSpec, sortPorts, toProtocol } from './engine/ports';
import { ReachabilityMatrix } from './matrix';
import { ReachabilityOptions, TrafficPort } from './options';
import { TrafficVerdict } from './verdict';
import { Protocol } from '../values/enums';

function closest(name: string, candidates: readonly string[]): string[] {
  const [ns, short] = name.includes('/') ? name.split('/', 2) : ['', name];
  const score = (c: string) => {
    const [cns, cname] = c.split('/', 2);
    return (cname === short ? 2 : cname?.includes(short) || short.includes(cname ?? '') ? 1 : 0) + (cns === ns ? 1 : 0);
  };
  return candidates.map((c) => ({ c, s: score(c) })).filter((x) => x.s > 0).sort((a, b) => b.s - a.s).slice(0, 5).map((x) => x.c);
}

/**
 * A model of a cluster's pods and NetworkPolicies that answers "may this connection happen?" without a cluster.
 *
 * It reads plain manifests (a cdk8s chart or app, YAML, or objects): Namespaces, Pods, workloads
 * with pod templates (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, one
 * representative pod each, named like the workload) and NetworkPolicies, which must pass the API
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
 * - Verdicts are about policies only: whether a container listens on the port, traffic from the
 *   pod's node (always allowed by Kubernetes) and hostNetwork pods are not modelled.
 *
 * @example
 * const r = Reachability.fromChart(chart);
 * r.allowed('shop/api', 'shop/db', 5432).allowed; // true
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
   * Like `fromManifests`, with the `file:document` each manifest comes from, for messages (the CLI).
   * @internal
   */
  public static _fromLocatedManifests(manifests: any[], locations: string[], options: ReachabilityOptions = {}): Reachability {
    return new Reachability(loadModel(manifests, { ...options, locations }));
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
   * Reachability.fromChart(chart).allowed('default/web', 'default/db', 5432);
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
   */
  public static parsePort(text: string): TrafficPort {
    const spec = parsePortSpec(text);
    return { port: spec.port, protocol: spec.protocol, label: spec.label };
  }

  /**
   * The `namespace/name` under which the analyzer knows a construct's pod: a cdk8s-plus workload
   * or pod, or any construct whose default child is an ApiObject.
   *
   * @example
   * Reachability.nameOf(deployment); // 'shop/shop-api-c8d1f7a2'
   */
  public static nameOf(construct: IConstruct): string {
    const obj = ApiObject.of(construct);
    return `${obj.metadata.namespace ?? FALLBACK_NAMESPACE}/${obj.name}`;
  }

  private readonly model: Model;
  private readonly byId: Map<string, Endpoint>;

  private constructor(model: Model) {
    this.model = model;
    this.byId = new Map(model.endpoints.map((e) => [e.id, e]));
  }

  /** Every pod (bare pods, workloads and added pods) as `namespace/name`, sorted. */
  public get pods(): string[] {
    return this.model.endpoints.filter((e) => e.pod).map((e) => e.id);
  }

  /** The external endpoints given when loading, as canonical IPs. */
  public get externalIps(): string[] {
    return this.model.endpoints.filter((e) => !e.pod).map((e) => e.id);
  }

  /** Every namespace, declared or implied, sorted. */
  public get namespaces(): string[] {
    return [...this.model.namespaces.keys()].sort();
  }

  /** Every NetworkPolicy as `namespace/name`, in input order. */
  public get policies(): string[] {
    return this.model.policies.map((p) => p.id);
  }

  /**
   * The ports a matrix shows by default: every port any policy mentions (a range by its first port,
   * a named port by each number pods give it), plus the lowest TCP port no rule covers.
   */
  public defaultPorts(): string[] {
    return defaultPorts(this.model).map((p) => p.label);
  }

  /**
   * Whether `source` may open a connection to `destination` on a port, and why.
   *
   * @param source `namespace/name` of a pod or workload (a bare name if unique), or an IP address
   * @param destination `namespace/name` of a pod or workload (a bare name if unique), or an IP address
   * @param port the destination port
   * @param protocol the protocol
   * @default protocol Protocol.TCP
   * @example
   * const verdict = r.allowed('shop/api', 'shop/db', 5432);
   * if (!verdict.allowed) console.log(verdict.explanation);
   */
  public allowed(source: string, destination: string, port: number, protocol?: Protocol): TrafficVerdict {
    checkPortNumber(port, 'allowed()');
    return judge(this.model, {
      source: this.resolve(source),
      destination: this.resolve(destination),
      port,
      protocol: toProtocol(protocol, 'allowed()'),
    });
  }

  /**
   * The allowed-connection matrix between every pair of pods and external IPs.
   *
   * @param ports ports such as `80/TCP`, `53/UDP` (`80` means TCP)
   * @default - `defaultPorts()`
   */
  public matrix(ports?: string[]): ReachabilityMatrix {
    const specs = ports ? sortPorts(ports.map(parsePortSpec)) : defaultPorts(this.model);
    const groups = computeMatrix(this.model, specs);
    const ids = this.model.endpoints.map((e) => e.id);
    return ReachabilityMatrix._create(ids, specs, groups, (name) => {
      const e = this.resolve(name);
      if (e.index < 0) throw new Error(`${name} is not in this matrix: pass it in externalIps when loading`);
      return e.index;
    });
  }

  private resolve(name: string): Endpoint {
    if (typeof name !== 'string' || name.trim() === '') throw new Error(`expected a pod as "namespace/name" or an IP address, not ${JSON.stringify(name)}`);
    const text = name.trim();
    const exact = this.byId.get(text);
    if (exact) return exact;
    const ip = parseIp(text);
    if (ip) {
      const id = canonicalIp(ip);
      const known = this.byId.get(id) ?? this.model.endpoints.find((e) => e.pod && e.ips.some((x) => x.family === ip.family && x.value === ip.value));
      return known ?? { id, index: -1, ips: [ip] };
    }
    const pods = this.pods;
    if (!text.includes('/')) {
      const matches = pods.filter((p) => p.endsWith(`/${text}`));
      if (matches.length === 1) return this.byId.get(matches[0])!;
      if (matches.length > 1) throw new Error(`"${text}" is ambiguous: ${matches.join(', ')}: write namespace/name`);
    }
    const near = closest(text, pods);
    const hint = near.length > 0 ? `did you mean ${near.join(', ')}?` : `known pods: ${pods.slice(0, 10).join(', ')}${pods.length > 10 ? `, ... (${pods.length})` : ''}`;
    throw new Error(`unknown pod "${text}": no pod, workload or IP by that name (${pods.length === 0 ? 'the manifests have no pods or workloads' : hint})`);
  }
}
