import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { labelsMatching, NodeData, NodePort } from './_model';
import { PodPortDefinition } from '../analysis/options';
import { DnsOptions } from '../constructs/allow-dns-egress';
import { parseCidrOrThrow } from '../kube/cidr';
import { compileSelector, describeSelector, Selector } from '../kube/selectors';
import { dns1123LabelErrors, toDnsName } from '../kube/syntax';
import { Protocol } from '../values/enums';
import { IPeer, Peer } from '../values/peer';
import { LabelSelector } from '../values/selector';
import { KplusContainerPort, readPodSelection, readWorkload } from '../values/workload';

/**
 * Pods described by labels, for a `ConnectionGraph`: a member the graph writes policies for, or an
 * outside peer.
 */
export interface GraphPodsOptions {
  /** A short name for messages and policy names (a DNS label, e.g. `web`). */
  readonly name: string;
  /** The namespace the pods run in. */
  readonly namespace: string;
  /** The pods' labels. */
  readonly selector: LabelSelector;
  /**
   * The pods' container ports: edges may then name them, and an edge without a port means all of them.
   * @default - unknown: every edge to these pods must give a numbered port
   */
  readonly ports?: PodPortDefinition[];
}

const PROTOCOLS = new Set<string>(Object.values(Protocol));

function protocolOf(text: string, where: string): Protocol {
  if (!PROTOCOLS.has(text)) throw new Error(`${where}: protocol ${JSON.stringify(text)} is not TCP, UDP or SCTP`);
  return text as Protocol;
}

function labelsFor(selector: LabelSelector): { [key: string]: string } {
  return labelsMatching(selector.toConfig());
}

function portsOf(ports: readonly KplusContainerPort[], where: string): NodePort[] {
  return ports.map((p) => ({ number: p.number, protocol: protocolOf(p.protocol, where), ...(p.name !== undefined ? { name: p.name } : {}) }));
}

function chartNamespace(scope: IConstruct): string | undefined {
  const chart = scope.node.scopes.reverse().find((c): c is Chart => Chart.isChart(c));
  return chart?.namespace;
}

function checkName(name: string, where: string): string {
  const errors = typeof name === 'string' ? dns1123LabelErrors(name) : ['must be a string'];
  if (errors.length > 0) throw new Error(`${where}: invalid name ${JSON.stringify(name)}: ${errors.join('; ')} (e.g. "web")`);
  return name;
}

/**
 * One end of the edges of a `ConnectionGraph`: pods (a cdk8s-plus workload, `Pods.select(...)`, or a label
 * selector in a namespace), an IP block, or cluster DNS.
 *
 * A node is a plain value. It becomes a member, whose policies the graph writes, through
 * `ConnectionGraph.member()` / `addMember()`; a node that is not a member is an outside peer, which
 * the graph only names in its members' rules.
 *
 * @example
 * GraphNode.pods({ name: 'prometheus', namespace: 'monitoring', selector: LabelSelector.matchLabels({ 'app.kubernetes.io/name': 'prometheus' }) });
 */
export class GraphNode {
  /**
   * The pods of a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob), Pod or
   * `Pods.select(...)`, of any cdk8s-plus 2.x.
   *
   * A workload is selected by the labels you gave it (see `Peer.fromPodSelector()`), lives in its
   * namespace (its own or its Chart's), and brings its container ports with their names and protocols.
   * `Pods.select(...)` brings no ports, and may name at most one namespace; without one, its pods are in
   * its Chart's namespace (as for a workload), else where the manifest is applied.
   *
   * @example
   * // GraphNode.fromPodSelector(new kplus.Deployment(chart, 'web', { ... }));
   */
  public static fromPodSelector(selector: IConstruct): GraphNode {
    const caller = 'GraphNode.fromPodSelector()';
    const selection = readPodSelection(selector, caller);
    const name = toDnsName(selector?.node?.id ?? '') || 'pods';
    if (selection.isWorkload) {
      const workload = readWorkload(selector, caller);
      const where = `${caller} of ${workload.path}`;
      const podSelector = LabelSelector._read(selection.pods, `the pod selector of ${workload.path}`);
      return new GraphNode({
        kind: 'pods',
        name,
        label: `${workload.namespace ?? '(no namespace)'}/${name}`,
        ...(workload.namespace !== undefined ? { namespace: workload.namespace } : {}),
        selector: podSelector,
        podLabels: Object.fromEntries(workload.podLabels),
        ports: portsOf(workload.ports, where),
      });
    }
    const names = selection.namespaceNames;
    // Namespaces.select({ names }) comes with an empty label selector, which adds nothing to the names.
    const byLabels = selection.namespaceSelector !== undefined
      && (selection.namespaceSelector.matchLabels.size > 0 || selection.namespaceSelector.matchExpressions.length > 0 || names === undefined);
    if (byLabels || (names !== undefined && names.length !== 1)) {
      throw new Error(
        `${caller} of ${selection.path}: a graph node lives in one namespace, and these pods are looked for in namespaces selected by `
        + `${byLabels ? 'labels' : `${names!.length} names`}: use Namespaces.select(..., { names: ['one'] }), or GraphNode.pods({ namespace, ... })`,
      );
    }
    const podSelector = LabelSelector._read(selection.pods, `the pod selector of ${selection.path}`);
    // Without namespaces, cdk8s-plus means the namespace of the policy it is used in: here, its Chart's.
    const namespace = names?.[0] ?? chartNamespace(selector);
    return new GraphNode({
      kind: 'pods',
      name,
      label: `${namespace ?? '(no namespace)'}/${name}`,
      ...(namespace !== undefined ? { namespace } : {}),
      selector: podSelector,
      podLabels: labelsFor(podSelector),
    });
  }

  /**
   * Pods by labels, in a namespace, with the container ports they declare (if known).
   *
   * @example
   * GraphNode.pods({ name: 'api', namespace: 'shop', selector: LabelSelector.matchLabels({ app: 'api' }), ports: [{ port: 8080, name: 'http' }] });
   */
  public static pods(options: GraphPodsOptions): GraphNode {
    const where = 'GraphNode.pods()';
    const name = checkName(options.name, where);
    const errors = dns1123LabelErrors(options.namespace);
    if (errors.length > 0) throw new Error(`${where} ${name}: invalid namespace ${JSON.stringify(options.namespace)}: ${errors.join('; ')}`);
    if (typeof options.selector?.toConfig !== 'function') throw new Error(`${where} ${name}: selector must be a LabelSelector (LabelSelector.matchLabels({...}))`);
    const ports = options.ports?.map((p, i): NodePort => {
      const protocol = protocolOf(p.protocol ?? Protocol.TCP, `${where} ${name}: ports[${i}]`);
      if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) throw new Error(`${where} ${name}: ports[${i}]: port ${p.port} is not 1-65535`);
      return { number: p.port, protocol, ...(p.name !== undefined ? { name: p.name } : {}) };
    });
    return new GraphNode({
      kind: 'pods',
      name,
      label: `${options.namespace}/${name}`,
      namespace: options.namespace,
      selector: options.selector,
      podLabels: labelsFor(options.selector),
      ...(ports !== undefined ? { ports } : {}),
    });
  }

  /**
   * An IP range outside the cluster (a partner's API, a database outside Kubernetes).
   *
   * @param cidr the range
   * @param exceptCidrs ranges inside it that are not meant
   * @example
   * GraphNode.ipBlock('203.0.113.0/24');
   */
  public static ipBlock(cidr: string, exceptCidrs?: string[]): GraphNode {
    const peer = Peer.ipBlock(cidr, exceptCidrs);
    const ipBlock = peer.toPeerConfig().ipBlock!;
    return new GraphNode({
      kind: 'ip',
      name: toDnsName(ipBlock.cidr) || 'ip-block',
      label: ipBlock.cidr,
      cidr: parseCidrOrThrow(ipBlock.cidr, 'ipBlock cidr'),
      exceptCidrs: (ipBlock.exceptCidrs ?? []).map((c) => parseCidrOrThrow(c, 'ipBlock except')),
    });
  }

  /**
   * Cluster DNS: the DNS pods on UDP and TCP (53 unless configured), as `AllowDnsEgress` allows them.
   *
   * @example
   * GraphNode.clusterDns({ dnsNamespace: 'kube-system' });
   */
  public static clusterDns(options: DnsOptions = {}): GraphNode {
    const namespace = options.dnsNamespace ?? 'kube-system';
    const selector = LabelSelector.matchLabels(options.dnsPodLabels ?? { 'k8s-app': 'kube-dns' });
    const port = options.port ?? 53;
    return new GraphNode({
      kind: 'dns',
      name: 'cluster-dns',
      label: `cluster DNS (${namespace}/${describeSelector(compileSelector(selector.toConfig()))})`,
      namespace,
      selector,
      podLabels: labelsFor(selector),
      ports: [{ number: port, protocol: Protocol.UDP, name: 'dns' }, { number: port, protocol: Protocol.TCP, name: 'dns-tcp' }],
      dns: { ...options },
    });
  }

  /** @internal */
  public readonly _data: NodeData;
  private compiled?: Selector;

  private constructor(data: NodeData) {
    this._data = Object.freeze(data);
  }

  /** The node's short name (a DNS label), used in policy names and messages. */
  public get name(): string {
    return this._data.name;
  }

  /**
   * The namespace of the pods.
   * @default - none: an IP block, or pods whose namespace is decided when the manifest is applied
   */
  public get namespace(): string | undefined {
    return this._data.namespace;
  }

  /** How messages name the node: `shop/web`, `203.0.113.0/24`, `cluster DNS (...)`. */
  public toString(): string {
    return this._data.label;
  }

  /**
   * The peer that selects this node from a policy in `namespace` (undefined: no namespace).
   * @internal
   */
  public _peerFrom(namespace: string | undefined): IPeer {
    const data = this._data;
    if (data.kind === 'ip') {
      return Peer.ipBlock(data.label, data.exceptCidrs && data.exceptCidrs.length > 0 ? data.exceptCidrs.map((c) => c.canonical) : undefined);
    }
    if (data.namespace === namespace) return Peer.pods(data.selector!);
    if (data.namespace === undefined) {
      throw new Error(
        `${data.label} has no namespace, so where its pods run is decided only when the manifest is applied, and a policy in namespace `
        + `"${namespace}" cannot follow it: give it a namespace (metadata: { namespace }, or its Chart's)`,
      );
    }
    return Peer.podsInNamespaces({ pods: data.selector!, namespaceNames: [data.namespace] });
  }

  /**
   * The compiled pod selector, for matching in the proof.
   * @internal
   */
  public _selector(): Selector | undefined {
    if (this.compiled === undefined && this._data.selector) this.compiled = compileSelector(this._data.selector.toConfig());
    return this.compiled;
  }
}
