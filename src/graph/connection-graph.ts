import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { distance } from 'fastest-levenshtein';
import { Edge, proveGraph } from './_proof';
import { GraphNode } from './node';
import { AllowDnsEgress, DnsOptions } from '../constructs/allow-dns-egress';
import { NetworkPolicy } from '../constructs/network-policy';
import { toDnsName } from '../kube/syntax';
import { PolicyType, Protocol } from '../values/enums';
import { Port } from '../values/port';
import { EgressRule, IngressRule } from '../values/rule';

/**
 * Properties of a `ConnectionGraph`.
 */
export interface ConnectionGraphProps {
  /**
   * The directions in which members are isolated (default deny) and which the graph writes rules for.
   * A direction left out stays as the cluster has it: the graph writes no rules for it.
   * @default [PolicyType.INGRESS, PolicyType.EGRESS]
   */
  readonly directions?: PolicyType[];
  /**
   * Let every member reach cluster DNS (with egress isolation).
   * @default true
   */
  readonly allowDns?: boolean;
  /**
   * Where cluster DNS runs.
   * @default - kube-system, `k8s-app: kube-dns`, port 53
   */
  readonly dns?: DnsOptions;
}

/**
 * The port of one edge.
 *
 * Give `portName` (a container port of the target, whose number and protocol the graph reads), or
 * `port`; with neither, the edge allows every container port the target declares.
 */
export interface ConnectOptions {
  /**
   * A container port of the target by name: the policy gets its number and its real protocol (UDP stays UDP).
   * @default - see `port`
   */
  readonly portName?: string;
  /**
   * The port. A single number must be one the target declares (when it declares any); `Port.named(...)`
   * must name a container port of the target with the same protocol.
   * @default - every container port the target declares (an error if it declares none)
   */
  readonly port?: Port;
}

const BOTH = [PolicyType.INGRESS, PolicyType.EGRESS];

function describePort(p: { number: number; protocol: Protocol; name?: string }): string {
  return `${p.number}/${p.protocol}${p.name !== undefined ? ` ${p.name}` : ''}`;
}

/**
 * The workloads you own and the connections between them, written as the minimal NetworkPolicies on
 * both sides, and proved at synth.
 *
 * Members are the pods the graph writes policies for: one policy per member, in its namespace,
 * selecting only its pods, that isolates it in the chosen directions (both by default) and allows
 * exactly its edges: ingress on the target and egress on the source of each edge, plus DNS egress.
 * Nothing outside the members is selected, so no pod is isolated as a side effect. Outside peers
 * (other namespaces' workloads, IP blocks, cluster DNS) are only named in rules; a peer in another
 * namespace is selected by its `kubernetes.io/metadata.name`.
 *
 * Edges are on a port: a container port of the target by name (its number and real protocol are
 * written), a number, or, with none, every container port the target declares.
 *
 * At synth the graph proves itself: it loads every NetworkPolicy of its chart into the analyzer (one pod
 * per node, one pod or address for every peer those policies name, and pods and addresses that belong to
 * no node) and fails, naming the edge, if what is
 * allowed to or from its members differs from the declared edges in any way, too much (another policy
 * opens more) or too little (a rule is missing), on every port any policy or node mentions.
 *
 * @example
 * const graph = new ConnectionGraph(chart, 'shop');
 * const web = graph.member(webDeployment);
 * const api = graph.member(apiDeployment);
 * graph.connect(web, api, { portName: 'http' });
 * graph.connect(GraphNode.fromPodSelector(ingressController), web, { portName: 'http' });
 */
export class ConnectionGraph extends Construct {
  private readonly directions: ReadonlySet<PolicyType>;
  private readonly dns?: DnsOptions;
  private readonly memberList: GraphNode[] = [];
  private readonly policyByMember = new Map<GraphNode, NetworkPolicy>();
  private readonly nodeByConstruct = new Map<IConstruct, GraphNode>();
  private readonly edges: Edge[] = [];
  private readonly problems: string[] = [];

  public constructor(scope: Construct, id: string, props: ConnectionGraphProps = {}) {
    super(scope, id);
    const directions = props.directions ?? BOTH;
    if (!Array.isArray(directions) || directions.length === 0 || directions.some((d) => !BOTH.includes(d))) {
      throw new Error(`ConnectionGraph ${this.node.path}: directions must list PolicyType.INGRESS, PolicyType.EGRESS or both; got ${JSON.stringify(directions)}`);
    }
    this.directions = new Set(directions);
    if (props.allowDns ?? true) this.dns = { ...props.dns };
    this.node.addValidation({ validate: () => this.problemsAtSynth() });
  }

  /** The members, in the order they were added. */
  public get members(): GraphNode[] {
    return [...this.memberList];
  }

  /** The policies the graph writes, one per member, in member order. */
  public get policies(): NetworkPolicy[] {
    return this.memberList.map((m) => this.policyByMember.get(m)!);
  }

  /**
   * Makes a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob), Pod or
   * `Pods.select(...)` a member, and returns its node. The same workload twice is the same node.
   *
   * @example
   * const api = graph.member(apiDeployment);
   */
  public member(workload: IConstruct): GraphNode {
    const known = this.nodeByConstruct.get(workload);
    if (known) return known;
    const node = this.addMember(GraphNode.fromPodSelector(workload));
    this.nodeByConstruct.set(workload, node);
    return node;
  }

  /**
   * Makes pods a member (e.g. `GraphNode.pods({...})`) and returns the node.
   *
   * @example
   * graph.addMember(GraphNode.pods({ name: 'legacy', namespace: 'shop', selector: LabelSelector.matchLabels({ app: 'legacy' }) }));
   */
  public addMember(node: GraphNode): GraphNode {
    this.checkNode(node, 'addMember()');
    if (this.policyByMember.has(node)) return node;
    if (node._data.kind !== 'pods') {
      throw new Error(`ConnectionGraph ${this.node.path}: addMember(${node}): only pods can be members (the graph writes their policies); use ${node._data.kind === 'ip' ? 'an IP block' : 'cluster DNS'} as an outside peer in connect()`);
    }
    const ids = new Set(this.node.children.map((c) => c.node.id));
    let id = toDnsName(node.name) || 'member';
    for (let n = 2; ids.has(id); n++) id = `${toDnsName(node.name)}-${n}`;
    const policy = new NetworkPolicy(this, id, {
      ...(node.namespace !== undefined ? { metadata: { namespace: node.namespace } } : {}),
      podSelector: node._data.selector!,
      policyTypes: BOTH.filter((d) => this.directions.has(d)),
    });
    this.memberList.push(node);
    this.policyByMember.set(node, policy);
    if (this.dns && this.directions.has(PolicyType.EGRESS)) this.record(() => policy.addEgressRule(AllowDnsEgress.rule(this.dns)));
    for (const edge of this.edges) this.writeRules(edge, node);
    return node;
  }

  /**
   * Declares that `source` may open connections to `target` on a port (see `ConnectOptions`).
   * At least one of them must be a member.
   *
   * @example
   * graph.connect(api, postgres, { portName: 'pg' });
   * graph.connect(worker, GraphNode.ipBlock('203.0.113.0/24'), { port: Port.tcp(443) });
   */
  public connect(source: GraphNode, target: GraphNode, options: ConnectOptions = {}): void {
    this.checkNode(source, 'connect() source');
    this.checkNode(target, 'connect() target');
    const name = `${source} -> ${target}`;
    const ports = this.record(() => this.portsOf(target, options, name));
    if (ports === undefined) return;
    const wholeDns = target._data.kind === 'dns' && options.port === undefined && options.portName === undefined;
    const edge: Edge = { source, target, ports, wholeDns, name: `${name} on ${ports.map((p) => p.toString()).join(', ')}` };
    this.edges.push(edge);
    this.writeRules(edge, source);
    if (target !== source) this.writeRules(edge, target);
  }

  /** Adds the rules `edge` needs in the policy of `member` (if it is one), in the directions the graph isolates. */
  private writeRules(edge: Edge, member: GraphNode): void {
    const policy = this.policyByMember.get(member);
    if (!policy) return;
    if (edge.target === member && this.directions.has(PolicyType.INGRESS)) {
      this.record(() => policy.addIngressRule(IngressRule.fromPeers(edge.source._peerFrom(member.namespace)).toPorts(...edge.ports)), edge.name);
    }
    if (edge.source === member && this.directions.has(PolicyType.EGRESS)) {
      this.record(() => policy.addEgressRule(edge.wholeDns
        ? AllowDnsEgress.rule(edge.target._data.dns)
        : EgressRule.toPeers(edge.target._peerFrom(member.namespace)).toPorts(...edge.ports)), edge.name);
    }
  }

  /** The ports an edge allows, resolved against the target's container ports. */
  private portsOf(target: GraphNode, options: ConnectOptions, edge: string): Port[] {
    const declared = target._data.ports;
    const known = declared && declared.length > 0 ? `it declares ${declared.map(describePort).join(', ')}` : 'it declares no container ports';
    if (options.portName !== undefined && options.port !== undefined) throw new Error(`${edge}: give portName or port, not both`);
    const byName = (name: string): { number: number; protocol: Protocol; name?: string } => {
      if (target._data.kind === 'ip') throw new Error(`${edge}: port "${name}" is a container port name, and an IP block has none: give a number, e.g. port: Port.tcp(443)`);
      if (declared === undefined) {
        throw new Error(`${edge}: port "${name}" is a container port name, but the ports of ${target} are not known: `
          + 'give them (GraphNode.pods({ ports: [...] })), or a number');
      }
      const found = declared.find((p) => p.name === name);
      if (!found) {
        const near = declared.filter((p) => p.name !== undefined && distance(p.name, name) <= 2).map((p) => `"${p.name}"`);
        throw new Error(`${edge}: ${target} has no container port named "${name}" (${known})${near.length > 0 ? `: did you mean ${near.join(' or ')}?` : ''}`);
      }
      return found;
    };
    if (options.portName !== undefined) {
      const p = byName(options.portName);
      return [Port.of(p.protocol, p.number)];
    }
    const port = options.port;
    if (port !== undefined) {
      if (typeof port?._toKube !== 'function') throw new Error(`${edge}: port must be a Port (Port.tcp(443), Port.named('http')), not ${JSON.stringify(port)}`);
      if (port.portName !== undefined) {
        const p = byName(port.portName);
        if (p.protocol !== port.protocol) {
          throw new Error(`${edge}: the container port "${port.portName}" of ${target} is ${p.protocol}, but Port.named('${port.portName}') means ${port.protocol}: `
            + `write Port.named('${port.portName}', Protocol.${p.protocol}), or portName: '${port.portName}' to take the container's protocol`);
        }
        return [Port.of(p.protocol, p.number)];
      }
      const single = port.portNumber !== undefined && port.endPort === undefined;
      if (single && target._data.kind !== 'ip' && declared && declared.length > 0
        && !declared.some((p) => p.number === port.portNumber && p.protocol === port.protocol)) {
        throw new Error(`${edge}: ${target} declares no container port ${port.portNumber}/${port.protocol} (${known}): `
          + 'policies match the pods\' own ports (for a Service, its targetPort); use one of those, or declare the port on the container');
      }
      return [port];
    }
    if (!declared || declared.length === 0) {
      throw new Error(`${edge}: no port given, and ${target === undefined ? 'the target' : String(target)} declares no container ports to take: give portName or port`);
    }
    return declared.map((p) => Port.of(p.protocol, p.number));
  }

  private checkNode(node: GraphNode, where: string): void {
    if (!(node instanceof GraphNode)) {
      throw new Error(`ConnectionGraph ${this.node.path}: ${where}: expected a node (graph.member(workload), GraphNode.pods(...), GraphNode.ipBlock(...)), got ${String(node)}`);
    }
  }

  /** Runs `build`; a mistake is kept for synth, where every one is reported at once. */
  private record<T>(build: () => T, edge?: string): T | undefined {
    try {
      return build();
    } catch (e) {
      const message = (e as Error).message;
      this.problems.push(edge !== undefined && !message.startsWith(edge) ? `${edge}: ${message}` : message);
      return undefined;
    }
  }

  private problemsAtSynth(): string[] {
    const problems = [...this.problems];
    for (const edge of this.edges) {
      if (!this.policyByMember.has(edge.source) && !this.policyByMember.has(edge.target)) {
        problems.push(`${edge.name}: neither end is a member of this graph, so it writes no policy for it: add one with graph.member() or addMember()`);
      }
    }
    if (problems.length > 0) return problems;
    // The chart's objects: what one manifest file applies, as `cdk8s synth` writes it.
    const objects = Chart.of(this).node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && (c.kind === 'NetworkPolicy' || c.kind === 'Namespace'));
    const manifests = objects.map((o) => o.toJson());
    const paths = new Map(objects.map((o, i) => [`${manifests[i].metadata?.namespace ?? 'default'}/${manifests[i].metadata?.name}`, o.node.id === 'Resource' && o.node.scope ? o.node.scope.node.path : o.node.path]));
    return proveGraph({
      members: this.memberList,
      edges: this.edges,
      dns: this.dns,
      ingress: this.directions.has(PolicyType.INGRESS),
      egress: this.directions.has(PolicyType.EGRESS),
      manifests,
      paths,
    });
  }
}
