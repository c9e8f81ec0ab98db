// A naive reference evaluator, written here from the Kubernetes NetworkPolicy rules and independent of the
// library: for every ordered pair of pods and every port, every rule of every policy that selects either end.
// Only what the bench generator writes is supported (IPv4, bare Pods with podIP, Namespaces, policies).
//
// The rules (https://kubernetes.io/docs/concepts/services-networking/network-policies/):
// - a pod is isolated for ingress (egress) when a policy of its namespace selects it and lists Ingress (Egress)
//   in policyTypes; policyTypes left out means Ingress, plus Egress when the policy has egress rules;
// - traffic is allowed when the source's egress allows it AND the destination's ingress allows it; a
//   non-isolated direction allows everything, an isolated one what some rule of a selecting policy allows;
// - a rule matches when one of its peers matches (no from/to: every peer) and one of its ports matches (no
//   ports: every port); a peer podSelector alone means pods of the policy's namespace, namespaceSelector alone
//   every pod of the matching namespaces, both together the matching pods of the matching namespaces, and an
//   ipBlock the addresses in cidr but in no except range;
// - a port matches by protocol (TCP when left out) and number, a range up to endPort, or a name that the
//   destination pod gives a container port of that protocol and number;
// - a pod can always reach itself: policies do not block a pod's own traffic.

interface Pod {
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly ip: number;
  readonly ports: { name?: string; port: number; protocol: string }[];
}

interface NaivePort {
  readonly port: number;
  readonly protocol: string;
}

function matches(selector: any, labels: { [key: string]: string }): boolean {
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector?.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === 'In' && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function ipv4(text: string): number {
  return text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function inCidr(address: number, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipv4(base) / size) * size;
  return address >= start && address < start + size;
}

function peerMatches(peer: any, policyNamespace: string, other: Pod, namespaceLabels: Map<string, { [key: string]: string }>): boolean {
  if (peer.ipBlock) return inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c: string) => inCidr(other.ip, c));
  if (peer.namespaceSelector) {
    if (!matches(peer.namespaceSelector, namespaceLabels.get(other.namespace) ?? {})) return false;
  } else if (other.namespace !== policyNamespace) {
    return false;
  }
  return peer.podSelector ? matches(peer.podSelector, other.labels) : true;
}

function portMatches(rulePort: any, port: NaivePort, destination: Pod): boolean {
  if ((rulePort.protocol ?? 'TCP') !== port.protocol) return false;
  if (rulePort.port === undefined) return true;
  if (typeof rulePort.port === 'string') {
    return destination.ports.some((p) => p.name === rulePort.port && p.protocol === port.protocol && p.port === port.port);
  }
  return port.port >= rulePort.port && port.port <= (rulePort.endPort ?? rulePort.port);
}

function types(spec: any): string[] {
  return spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

/** Allowed ordered pod pairs (self pairs included) on each port. */
export function naiveCounts(manifests: any[], ports: NaivePort[]): number[] {
  const namespaceLabels = new Map<string, { [key: string]: string }>();
  const pods: Pod[] = [];
  const policies: { namespace: string; spec: any }[] = [];
  for (const m of manifests) {
    if (m.kind === 'Namespace') namespaceLabels.set(m.metadata.name, { 'kubernetes.io/metadata.name': m.metadata.name, ...m.metadata.labels });
    if (m.kind === 'Pod') {
      pods.push({
        namespace: m.metadata.namespace ?? 'default',
        labels: m.metadata.labels ?? {},
        ip: ipv4(m.status.podIP),
        ports: m.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => ({ name: p.name, port: p.containerPort, protocol: p.protocol ?? 'TCP' }))),
      });
    }
    if (m.kind === 'NetworkPolicy') policies.push({ namespace: m.metadata.namespace ?? 'default', spec: m.spec });
  }
  for (const p of pods) if (!namespaceLabels.has(p.namespace)) namespaceLabels.set(p.namespace, { 'kubernetes.io/metadata.name': p.namespace });
  const counts = ports.map(() => 0);
  const selecting = (pod: Pod, type: string) => policies.filter((q) =>
    q.namespace === pod.namespace && types(q.spec).includes(type) && matches(q.spec.podSelector, pod.labels));
  const ingressOf = pods.map((p) => selecting(p, 'Ingress'));
  const egressOf = pods.map((p) => selecting(p, 'Egress'));
  for (let s = 0; s < pods.length; s++) {
    for (let d = 0; d < pods.length; d++) {
      ports.forEach((port, k) => {
        if (s === d) {
          counts[k]++;
          return;
        }
        const egress = egressOf[s].length === 0 || egressOf[s].some((q) => (q.spec.egress ?? []).some((r: any) =>
          (r.to === undefined || r.to.some((peer: any) => peerMatches(peer, q.namespace, pods[d], namespaceLabels)))
          && (r.ports === undefined || r.ports.some((rp: any) => portMatches(rp, port, pods[d])))));
        if (!egress) return;
        const ingress = ingressOf[d].length === 0 || ingressOf[d].some((q) => (q.spec.ingress ?? []).some((r: any) =>
          (r.from === undefined || r.from.some((peer: any) => peerMatches(peer, q.namespace, pods[s], namespaceLabels)))
          && (r.ports === undefined || r.ports.some((rp: any) => portMatches(rp, port, pods[d])))));
        if (ingress) counts[k]++;
      });
    }
  }
  return counts;
}
