// The graph's proof: the analyzer, run on every NetworkPolicy of the app with one pod per node (plus pods
// and addresses that belong to no node), must allow to and from the members exactly the declared edges.
import { labelsMatching } from './_model';
import { GraphNode } from './node';
import { PodDefinition, PodPortDefinition, TrafficPort } from '../analysis/options';
import { Reachability } from '../analysis/reachability';
import { TrafficVerdict } from '../analysis/verdict';
import { AllowDnsEgress, DnsOptions } from '../constructs/allow-dns-egress';
import { cidrContainsIp, formatIp, ParsedCidr, parseCidr, ParsedIp, parseIp } from '../kube/cidr';
import { describeLabels, Labels } from '../kube/labels';
import { compileSelector, selectorMatches } from '../kube/selectors';
import { NAMESPACE_NAME_LABEL } from '../kube/syntax';
import { Protocol } from '../values/enums';
import { Port } from '../values/port';

/** One declared connection. */
export interface Edge {
  readonly source: GraphNode;
  readonly target: GraphNode;
  /** Resolved to numbers (never named); empty for none. */
  readonly ports: readonly Port[];
  /** How messages name it: `shop/web -> shop/api on TCP 8080`. */
  readonly name: string;
  /** An edge to cluster DNS without a port of its own: the DNS rule, NodeLocal DNSCache included. */
  readonly wholeDns?: boolean;
}

export interface ProofInput {
  readonly members: readonly GraphNode[];
  readonly edges: readonly Edge[];
  /** Set when every member may reach cluster DNS. */
  readonly dns?: DnsOptions;
  readonly ingress: boolean;
  readonly egress: boolean;
  /** The app's NetworkPolicies and Namespaces. */
  readonly manifests: unknown[];
  /** The construct path of each NetworkPolicy (`namespace/name`), for messages. */
  readonly paths?: ReadonlyMap<string, string>;
}

/** A pod or an address the proof asks about. */
interface Probe {
  readonly id: string;
  /** How messages name it. */
  readonly label: string;
  readonly namespace?: string;
  readonly labels?: Labels;
  readonly ip?: ParsedIp;
}

interface Expectation {
  readonly source: GraphNode;
  readonly target: GraphNode;
  readonly ports: readonly { readonly protocol: string; readonly port?: number; readonly endPort?: number }[];
  readonly name: string;
}

const FALLBACK_NAMESPACE = 'default';
const STRANGER = 'netpol-graph-stranger';
const WITNESS = 'netpol-graph-witness';
const ELSEWHERE = 'netpol-graph-elsewhere';
/** Documentation addresses (RFC 5737, RFC 3849): outside the cluster, and in no edge unless a CIDR covers them. */
const STRANGE_IPS = ['192.0.2.1', '2001:db8::1'];
const MAX_REPORTED = 20;

function matches(node: GraphNode, probe: Probe): boolean {
  const data = node._data;
  if (data.kind === 'ip') {
    return probe.ip !== undefined && cidrContainsIp(data.cidr!, probe.ip) && !(data.exceptCidrs ?? []).some((c) => cidrContainsIp(c, probe.ip!));
  }
  return probe.labels !== undefined && (data.namespace ?? FALLBACK_NAMESPACE) === probe.namespace && selectorMatches(node._selector()!, probe.labels);
}

function portMatches(port: Expectation['ports'][number], probe: { port: number; protocol: Protocol }): boolean {
  if (port.protocol !== probe.protocol) return false;
  if (port.port === undefined) return true;
  return port.endPort !== undefined ? probe.port >= port.port && probe.port <= port.endPort : probe.port === port.port;
}

/** The lowest address of the block that no except (nor any range of `avoid`) covers. */
function firstAddress(cidr: ParsedCidr, excepts: readonly ParsedCidr[], avoid: readonly ParsedCidr[] = []): ParsedIp | undefined {
  const bits = cidr.family === 4 ? 32 : 128;
  const end = cidr.network + 2n ** BigInt(bits - cidr.prefix);
  let value = cidr.network;
  for (;;) {
    // Compared with the end, not by containment: a /0 "contains" any bigint, past 2^32 too.
    if (value >= end) return avoid.length > 0 ? firstAddress(cidr, excepts) : undefined;
    const ip: ParsedIp = { family: cidr.family, value };
    // Skip the whole range that covers it: excepts may cover the first addresses of a big block.
    const hit = [...excepts, ...avoid].find((c) => cidrContainsIp(c, ip));
    if (!hit) return ip;
    value = hit.network + 2n ** BigInt(bits - hit.prefix);
  }
}

function addressIn(node: GraphNode): ParsedIp | undefined {
  return firstAddress(node._data.cidr!, node._data.exceptCidrs ?? []);
}

/** What the edges say, DNS included, with ports as plain {protocol, port, endPort}. */
function expectations(input: ProofInput): Expectation[] {
  const out: Expectation[] = [];
  // What the DNS rule allows, read from the rule itself: the DNS pods, and any address an option adds
  // (NodeLocal DNSCache), on its ports.
  const dnsEdges = (source: GraphNode, target: GraphNode, name: string): void => {
    const rule = AllowDnsEgress.rule(target._data.dns ?? {})._toKube() as { to?: unknown[]; ports?: Expectation['ports'] };
    const ports = rule.ports ?? [];
    for (const peer of (rule.to ?? []).map(record)) {
      const block = record(peer?.ipBlock);
      const to = block ? GraphNode.ipBlock(String(block.cidr), Array.isArray(block.except) ? block.except.map(String) : undefined) : target;
      out.push({ source, target: to, ports, name: block ? `${name} (${to})` : name });
    }
  };
  for (const edge of input.edges) {
    if (edge.wholeDns) dnsEdges(edge.source, edge.target, edge.name);
    else out.push({ source: edge.source, target: edge.target, ports: edge.ports.map((p) => p._toKube() as Expectation['ports'][number]), name: edge.name });
  }
  if (input.dns) {
    const dns = GraphNode.clusterDns(input.dns);
    for (const member of input.members) dnsEdges(member, dns, `${member} -> ${dns}`);
  }
  return out;
}

interface Witnesses {
  readonly pods: Array<{ readonly namespace: string; readonly labels: Labels }>;
  readonly ips: ParsedIp[];
  /** Namespaces with the labels some namespaceSelector asks for, which the chart does not declare. */
  readonly namespaces: unknown[];
  /** Every port name a policy mentions, with its protocol. */
  readonly portNames: Array<{ readonly name: string; readonly protocol: Protocol }>;
  /** Every port number a policy mentions. */
  readonly portNumbers: Set<number>;
}

function record(value: unknown): { [key: string]: any } | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as { [key: string]: any } : undefined;
}

/** The labels of `labelsMatching`, and one more set for each further value of an In requirement. */
function labelVariants(selector: unknown): Array<{ [key: string]: string }> {
  const base = labelsMatching(selector);
  const config = record(selector);
  const fixed = record(config?.matchLabels) ?? {};
  const out = [base];
  for (const e of (Array.isArray(config?.matchExpressions) ? config!.matchExpressions : []).map(record)) {
    if (e?.operator !== 'In' || !Array.isArray(e.values) || Object.prototype.hasOwnProperty.call(fixed, e.key)) continue;
    for (const value of e.values) if (value !== base[e.key]) out.push({ ...base, [e.key]: String(value) });
  }
  return out;
}

/**
 * A pod (or an address) for every peer of every policy of the chart, and a pod for what each policy selects: a
 * rule that opens more to or from pods that no node stands for (other labels, other namespaces, other ranges),
 * or to pods of a member with more labels than its selector, then shows in the proof.
 */
function witnessesOf(manifests: readonly unknown[], nodeRanges: readonly ParsedCidr[]): Witnesses {
  const pods: Witnesses['pods'] = [];
  const portNames: Witnesses['portNames'] = [];
  const portNumbers = new Set<number>();
  const ips: ParsedIp[] = [];
  const namespaces: unknown[] = [];
  const declared = new Set(manifests.map(record).filter((m) => m?.kind === 'Namespace').map((m) => m!.metadata?.name));
  const seen = new Set<string>();
  let count = 0;
  let own = FALLBACK_NAMESPACE;
  const addWitness = (peer: { [key: string]: any }, labels: { [key: string]: string }, wanted: { [key: string]: string } | undefined): void => {
    let namespace = own;
    if (wanted !== undefined) {
      if (!selectorMatches(compileSelector(peer.namespaceSelector), wanted)) return;
      const name = wanted[NAMESPACE_NAME_LABEL];
      const only = Object.keys(wanted).length === (name === undefined ? 0 : 1);
      // Every namespace: one of no node's; by name only: that one; by labels: a namespace that has them.
      if (only) {
        namespace = name ?? ELSEWHERE;
      } else {
        namespace = name ?? `netpol-graph-ns-${++count}`;
        if (!declared.has(namespace)) {
          declared.add(namespace);
          namespaces.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { ...wanted, [NAMESPACE_NAME_LABEL]: namespace } } });
        }
      }
    }
    const key = JSON.stringify([namespace, labels]);
    if (!seen.has(key) && (peer.podSelector === undefined || selectorMatches(compileSelector(peer.podSelector), labels))) {
      seen.add(key);
      pods.push({ namespace, labels });
    }
  };
  for (const policy of manifests.map(record).filter((m) => m?.kind === 'NetworkPolicy')) {
    own = policy!.metadata?.namespace ?? FALLBACK_NAMESPACE;
    // A pod the policy selects: labels a member's pods may have beyond its selector can give them more.
    for (const subject of labelVariants(policy!.spec?.podSelector)) addWitness({ podSelector: policy!.spec?.podSelector ?? {} }, subject, undefined);
    const rules = [...(policy!.spec?.ingress ?? []).map((r: any) => r?.from), ...(policy!.spec?.egress ?? []).map((r: any) => r?.to)];
    for (const rule of [...(policy!.spec?.ingress ?? []), ...(policy!.spec?.egress ?? [])]) {
      for (const p of (Array.isArray(rule?.ports) ? rule.ports : []).map(record)) {
        const protocol = (p?.protocol ?? Protocol.TCP) as Protocol;
        if (typeof p?.port === 'string' && !portNames.some((n) => n.name === p.port && n.protocol === protocol)) portNames.push({ name: p.port, protocol });
        for (const n of [p?.port, p?.endPort]) if (typeof n === 'number') portNumbers.add(n);
      }
    }
    for (const peer of rules.flatMap((list: unknown) => (Array.isArray(list) ? list : [])).map(record)) {
      if (!peer) continue;
      const block = record(peer.ipBlock);
      if (block) {
        const cidr = parseCidr(String(block.cidr)).cidr;
        const excepts = (Array.isArray(block.except) ? block.except : [])
          .map((c: unknown) => parseCidr(String(c)).cidr)
          .filter((c: ParsedCidr | undefined): c is ParsedCidr => c !== undefined);
        // An address of no node's range where there is one: the policy may open more than a node's range.
        const ip = cidr ? firstAddress(cidr, excepts, nodeRanges) : undefined;
        if (ip && !ips.some((i) => i.family === ip.family && i.value === ip.value)) ips.push(ip);
        continue;
      }
      // One witness per value of an In requirement, of the pods and of the namespaces (`app In [web, batch]`).
      const podVariants = labelVariants(peer.podSelector);
      const namespaceVariants = peer.namespaceSelector !== undefined ? labelVariants(peer.namespaceSelector) : [undefined];
      for (const labels of podVariants) addWitness(peer, labels, namespaceVariants[0]);
      for (const wanted of namespaceVariants.slice(1)) addWitness(peer, podVariants[0], wanted);
    }
  }
  return { pods, ips, namespaces, portNames, portNumbers };
}

/**
 * The container ports of a pod whose ports are not known (a witness, a stranger, a node by labels): every port
 * name a policy mentions, each on a number of its own that no policy, edge or node mentions, so that a rule on a
 * named port shows in the proof as that number.
 */
function portsOfUnknownPods(witnesses: Witnesses, expected: readonly Expectation[], nodes: readonly GraphNode[]): PodPortDefinition[] {
  const taken = new Set(witnesses.portNumbers);
  for (const e of expected) for (const p of e.ports) for (const n of [p.port, p.endPort]) if (n !== undefined) taken.add(n);
  for (const node of nodes) for (const p of node._data.ports ?? []) taken.add(p.number);
  let next = 65535;
  return witnesses.portNames.map(({ name, protocol }) => {
    while (taken.has(next)) next--;
    taken.add(next);
    return { port: next, protocol, name };
  });
}

/** One pod per pod node (named after it), strangers in each namespace and elsewhere, and addresses. */
function probesOf(
  nodes: readonly GraphNode[], members: readonly GraphNode[], witnesses: Witnesses, unknownPorts: PodPortDefinition[], problems: string[],
): { probes: Probe[]; pods: PodDefinition[]; ips: string[] } {
  const probes: Probe[] = [];
  const pods: PodDefinition[] = [];
  const ips: string[] = [];
  const taken = new Set<string>();
  const namespaces = new Set<string>();
  const addPod = (name: string, namespace: string, labels: Labels, ports: PodDefinition['ports'], label: string): void => {
    let unique = name;
    for (let n = 2; taken.has(`${namespace}/${unique}`); n++) unique = `${name}-${n}`;
    taken.add(`${namespace}/${unique}`);
    namespaces.add(namespace);
    const declared = ports ?? (unknownPorts.length > 0 ? unknownPorts : undefined);
    pods.push({ name: unique, namespace, labels: { ...labels }, ...(declared ? { ports: declared } : {}) });
    probes.push({ id: `${namespace}/${unique}`, label, namespace, labels });
  };
  for (const node of nodes) {
    const data = node._data;
    if (data.kind === 'ip') {
      const ip = addressIn(node);
      if (ip === undefined) continue;
      const text = formatIp(ip.family, ip.value);
      if (!ips.includes(text)) {
        ips.push(text);
        probes.push({ id: text, label: `${text} (in ${node})`, ip });
      }
      continue;
    }
    const namespace = data.namespace ?? FALLBACK_NAMESPACE;
    const labels = data.podLabels ?? {};
    if (!selectorMatches(node._selector()!, labels)) {
      problems.push(`cannot prove the graph: no pod can be built for ${node} that its own selector matches (labels ${JSON.stringify(labels)}); describe it by matchLabels`);
      continue;
    }
    const ports = data.ports?.map((p) => ({ port: p.number, protocol: p.protocol, ...(p.name !== undefined ? { name: p.name } : {}) }));
    addPod(data.name, namespace, labels, ports, String(node));
    // A second pod of each member: its replicas reach each other only through an edge from it to itself.
    if (members.includes(node)) addPod(`${data.name}-replica`, namespace, labels, ports, `another pod of ${node}`);
  }
  for (const namespace of [...namespaces, ELSEWHERE]) addPod(STRANGER, namespace, {}, undefined, `a pod of namespace ${namespace} that is no node of the graph`);
  const same = (a: Labels, b: Labels): boolean => Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => a[k] === b[k]);
  for (const w of witnesses.pods) {
    // A witness just like a node's pod adds nothing but noise to the messages.
    if (nodes.some((n) => n._data.kind !== 'ip' && (n._data.namespace ?? FALLBACK_NAMESPACE) === w.namespace && same(n._data.podLabels ?? {}, w.labels))) continue;
    const owner = nodes.find((n) => n._data.kind !== 'ip' && matches(n, { id: '', label: '', namespace: w.namespace, labels: w.labels }));
    addPod(WITNESS, w.namespace, w.labels, undefined,
      `a pod ${w.namespace}/${describeLabels(w.labels)} ${owner ? `of ${owner}` : 'of no node'}, which a policy names`);
  }
  const addIp = (ip: ParsedIp, label: (text: string) => string): void => {
    const text = formatIp(ip.family, ip.value);
    if (ips.includes(text)) return;
    ips.push(text);
    probes.push({ id: text, label: label(text), ip });
  };
  for (const text of STRANGE_IPS) addIp(parseIp(text)!, (t) => `${t} (an address of no node)`);
  for (const ip of witnesses.ips) addIp(ip, (t) => `${t} (an address of no node, which a policy names)`);
  return { probes, pods, ips };
}

/** Every port a policy, an edge or a node mentions, and one TCP and one UDP port that none does. */
function portsToProbe(r: Reachability, expected: readonly Expectation[], nodes: readonly GraphNode[]): TrafficPort[] {
  const seen = new Map<string, TrafficPort>();
  const add = (port: number, protocol: Protocol): void => {
    if (port >= 1 && port <= 65535) seen.set(`${port}/${protocol}`, { port, protocol });
  };
  for (const text of r.defaultPorts()) {
    const p = Reachability.parsePort(text);
    add(p.port, p.protocol ?? Protocol.TCP);
  }
  for (const e of expected) {
    for (const p of e.ports) {
      if (p.port !== undefined) add(p.port, p.protocol as Protocol);
      if (p.endPort !== undefined) add(p.endPort, p.protocol as Protocol);
    }
  }
  for (const node of nodes) for (const p of node._data.ports ?? []) add(p.number, p.protocol);
  for (const protocol of [Protocol.TCP, Protocol.UDP]) {
    let port = 1;
    while (seen.has(`${port}/${protocol}`)) port++;
    add(port, protocol);
  }
  return [...seen.values()];
}

/** The rules that let the connection through, for a message. */
function allowedBy(verdict: TrafficVerdict, sides: Array<'egress' | 'ingress'>): string {
  const rules = sides.flatMap((side) => {
    const v = verdict[side];
    return v.isolated ? v.matchedRules.map((m) => m.description) : [`${side} of ${side === 'egress' ? verdict.source : verdict.destination} is not isolated`];
  });
  return rules.length > 0 ? rules.join('; ') : 'no rule';
}

function deniedBy(verdict: TrafficVerdict, sides: Array<'egress' | 'ingress'>): string {
  return sides.filter((side) => !verdict[side].allowed).map((side) => `${side}: ${verdict[side].reason.split('\n')[0].replace(/:$/, '')}`).join('; ');
}

/** What to do about a difference, naming the constructs of the policies involved (when known). */
function fixFor(verdict: TrafficVerdict, sides: Array<'egress' | 'ingress'>, allowed: boolean, paths?: ReadonlyMap<string, string>): string {
  const ids = allowed
    ? sides.flatMap((side) => verdict[side].matchedRules.map((m) => `${m.policyNamespace}/${m.policyName}`))
    : sides.filter((side) => !verdict[side].allowed).flatMap((side) => verdict[side].isolatingPolicies);
  const constructs = [...new Set(ids.map((id) => paths?.get(id)).filter((p): p is string => p !== undefined))];
  const where = constructs.length > 0 ? ` (${constructs.join(', ')})` : '';
  return allowed
    ? `: declare the connection with connect(), or narrow the rules that allow it${where}`
    : `: a rule the graph wrote for the edge was removed or changed, or another policy isolates this side${where}`;
}

/**
 * Proves the graph: returns one message per difference between what the policies allow to and from the
 * members and what the edges declare (none when they agree).
 */
export function proveGraph(input: ProofInput): string[] {
  const problems: string[] = [];
  const expected = expectations(input);
  const nodes: GraphNode[] = [];
  for (const node of [...input.members, ...expected.flatMap((e) => [e.source, e.target])]) if (!nodes.includes(node)) nodes.push(node);
  const witnesses = witnessesOf(input.manifests, nodes.filter((n) => n._data.kind === 'ip').map((n) => n._data.cidr!));
  const unknownPorts = portsOfUnknownPods(witnesses, expected, nodes);
  const { probes, pods, ips } = probesOf(nodes, input.members, witnesses, unknownPorts, problems);
  if (problems.length > 0) return problems;

  let r: Reachability;
  try {
    r = Reachability.fromManifests([...input.manifests, ...witnesses.namespaces], { pods, externalIps: ips });
  } catch (e) {
    return [`cannot prove the graph, the analyzer cannot read the app's policies: ${(e as Error).message}`];
  }
  const ports = portsToProbe(r, expected, nodes);
  const memberOf = new Map(probes.map((p) => [p.id, input.members.some((m) => matches(m, p))]));
  // The matrix answers for both sides at once. Where the outsider's side is isolated by no policy (the usual
  // case: addresses, and pods no policy of the chart selects), that is the member's side alone; elsewhere,
  // and to explain a difference, the analyzer is asked per connection.
  const matrix = r.matrixOn(ports);
  const endpointIndex = new Map(matrix.endpoints.map((e, i) => [e, i]));
  const portIndex = new Map(matrix.ports.map((p, i) => [p, i]));
  const outsideIp = STRANGE_IPS[0];
  const isolated = new Map(probes.filter((p) => p.ip === undefined).map((p) => [p.id, {
    egress: r.check(p.id, outsideIp, ports[0]).egress.isolated,
    ingress: r.check(outsideIp, p.id, ports[0]).ingress.isolated,
  }]));
  const differences: string[] = [];
  for (const source of probes) {
    for (const target of probes) {
      if (source === target || (!memberOf.get(source.id) && !memberOf.get(target.id))) continue;
      // A member's side is ours to prove; an outsider's side belongs to its owner.
      const sides: Array<'egress' | 'ingress'> = [];
      if (memberOf.get(source.id) && input.egress) sides.push('egress');
      if (memberOf.get(target.id) && input.ingress) sides.push('ingress');
      if (memberOf.get(source.id) && memberOf.get(target.id)) sides.splice(0, sides.length, 'egress', 'ingress');
      if (sides.length === 0 || (source.ip !== undefined && target.ip !== undefined)) continue;
      const edgesHere = expected.filter((e) => matches(e.source, source) && matches(e.target, target));
      const matrixIsExact = sides.length === 2
        || (sides[0] === 'egress' ? !isolated.get(target.id)?.ingress : !isolated.get(source.id)?.egress);
      // Ports that go wrong the same way are reported together.
      const wrong = new Map<string, { text: (ports: string) => string; ports: string[] }>();
      for (const port of ports) {
        const protocol = port.protocol ?? Protocol.TCP;
        const edge = edgesHere.find((e) => e.ports.length === 0 || e.ports.some((p) => portMatches(p, { port: port.port, protocol })));
        let verdict = matrixIsExact ? undefined : r.check(source.id, target.id, port);
        const allowed = verdict
          ? sides.every((side) => verdict![side].allowed)
          : matrix.isAllowedAt(endpointIndex.get(source.id)!, endpointIndex.get(target.id)!, portIndex.get(`${port.port}/${protocol}`)!);
        if (allowed === (edge !== undefined)) continue;
        verdict ??= r.check(source.id, target.id, port);
        const why = allowed ? `allowed by ${allowedBy(verdict, sides)}` : deniedBy(verdict, sides);
        const key = `${edge?.name ?? ''}|${why}`;
        const fix = fixFor(verdict, sides, allowed, input.paths);
        const entry = wrong.get(key) ?? {
          ports: [],
          text: edge === undefined
            ? (list: string) => `${source.label} -> ${target.label} is allowed on ${list}, which no edge declares (${why})${fix}`
            : (list: string) => `the edge ${edge.name} is declared, but ${source.label} -> ${target.label} is denied on ${list} (${why})${fix}`,
        };
        const named = unknownPorts.find((p) => p.port === port.port && p.protocol === protocol);
        entry.ports.push(named ? `${port.port}/${protocol} (what a port named "${named.name}" stands for on pods whose ports are unknown)` : `${port.port}/${protocol}`);
        wrong.set(key, entry);
      }
      for (const entry of wrong.values()) differences.push(entry.text(entry.ports.join(', ')));
    }
  }
  if (differences.length === 0) return [];
  const shown = differences.slice(0, MAX_REPORTED);
  if (differences.length > shown.length) shown.push(`... and ${differences.length - shown.length} more differences`);
  return shown.map((d) => `the policies do not allow exactly the graph: ${d}`);
}
