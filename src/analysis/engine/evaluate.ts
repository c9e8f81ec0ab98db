// One connection, evaluated directly from the Kubernetes rules, with the reasons.
// The matrix engine (groups.ts) answers the same question for many pods at once; both share the
// matching predicates below so they cannot drift apart.
import {
  canonicalIp,
  describeIpBlock,
  describeLabels,
  describeSelector,
  Endpoint,
  ipBlockMatches,
  Model,
  PeerModel,
  PolicyModel,
  PortModel,
  RuleModel,
  selectorMatches,
} from './model';
import { PolicyType, Protocol } from '../../values/enums';
import { DirectionVerdict, RuleMatch, TrafficVerdict } from '../verdict';

export function policySelects(policy: PolicyModel, endpoint: Endpoint): boolean {
  const pod = endpoint.pod;
  return pod !== undefined && pod.namespace === policy.namespace && selectorMatches(policy.podSelector, pod.labels);
}

function namespaceLabels(model: Model, namespace: string) {
  return model.namespaces.get(namespace)!.labels;
}

/** One `from`/`to` entry against one endpoint: AND within the entry; selectors never match external IPs. */
export function peerMatches(model: Model, peer: PeerModel, policyNamespace: string, endpoint: Endpoint): boolean {
  if (peer.ipBlock) return ipBlockMatches(peer.ipBlock, endpoint.ips);
  const pod = endpoint.pod;
  if (!pod) return false;
  if (peer.namespaceSelector) {
    if (!selectorMatches(peer.namespaceSelector, namespaceLabels(model, pod.namespace))) return false;
  } else if (pod.namespace !== policyNamespace) {
    return false;
  }
  return !peer.podSelector || selectorMatches(peer.podSelector, pod.labels);
}

function peerMismatch(model: Model, peer: PeerModel, policyNamespace: string, endpoint: Endpoint): string {
  if (peer.ipBlock) {
    const block = `ipBlock ${describeIpBlock(peer.ipBlock)}`;
    if (endpoint.ips.length === 0) return `${block}: ${endpoint.id} has no known IP`;
    return `${block} does not contain ${endpoint.ips.map(canonicalIp).join(', ')}`;
  }
  const pod = endpoint.pod;
  if (!pod) return `${describePeer(peer)} selects pods, and ${endpoint.id} is not a pod`;
  if (peer.namespaceSelector && !selectorMatches(peer.namespaceSelector, namespaceLabels(model, pod.namespace))) {
    return `namespaceSelector ${describeSelector(peer.namespaceSelector)} does not match namespace ${pod.namespace} ${describeLabels(namespaceLabels(model, pod.namespace))}`;
  }
  if (!peer.namespaceSelector && pod.namespace !== policyNamespace) {
    return `podSelector without namespaceSelector selects pods of namespace ${policyNamespace} only, and ${endpoint.id} is in ${pod.namespace}`;
  }
  return `podSelector ${describeSelector(peer.podSelector!)} does not match ${endpoint.id} ${describeLabels(pod.labels)}`;
}

export function describePeer(peer: PeerModel): string {
  if (peer.ipBlock) return `ipBlock ${describeIpBlock(peer.ipBlock)}`;
  const parts: string[] = [];
  if (peer.podSelector) parts.push(`podSelector ${describeSelector(peer.podSelector)}`);
  if (peer.namespaceSelector) parts.push(`namespaceSelector ${describeSelector(peer.namespaceSelector)}`);
  return parts.join(' + ');
}

/** One `ports` entry against traffic to `destination`; named ports resolve on the destination pod. */
export function portMatches(entry: PortModel, destination: Endpoint, port: number, protocol: string): boolean {
  if (entry.protocol !== protocol) return false;
  if (entry.name !== undefined) {
    return destination.pod?.ports.some((c) => c.name === entry.name && c.protocol === protocol && c.port === port) ?? false;
  }
  if (entry.port === undefined) return true;
  return entry.endPort === undefined ? entry.port === port : entry.port <= port && port <= entry.endPort;
}

function describePort(entry: PortModel, destination: Endpoint): string {
  if (entry.name !== undefined) {
    const resolved = destination.pod?.ports.filter((c) => c.name === entry.name && c.protocol === entry.protocol) ?? [];
    const on = resolved.length > 0 ? `= ${resolved.map((c) => c.port).join(',')} on ${destination.id}` : `: ${destination.id} has no ${entry.protocol} port named ${entry.name}`;
    return `${entry.protocol} ${entry.name} (${on})`;
  }
  if (entry.port === undefined) return `${entry.protocol} (all ports)`;
  return entry.endPort === undefined ? `${entry.protocol} ${entry.port}` : `${entry.protocol} ${entry.port}-${entry.endPort}`;
}

export interface Traffic {
  readonly source: Endpoint;
  readonly destination: Endpoint;
  readonly port: number;
  readonly protocol: Protocol;
}

const WORDS = {
  [PolicyType.EGRESS]: { lower: 'egress', peers: 'to', end: 'source' },
  [PolicyType.INGRESS]: { lower: 'ingress', peers: 'from', end: 'destination' },
};

function rulesOf(policy: PolicyModel, direction: PolicyType): readonly RuleModel[] {
  return direction === PolicyType.INGRESS ? policy.ingress : policy.egress;
}

function isolates(policy: PolicyModel, direction: PolicyType): boolean {
  return direction === PolicyType.INGRESS ? policy.ingressIsolated : policy.egressIsolated;
}

function judgeSide(model: Model, direction: PolicyType, traffic: Traffic): DirectionVerdict {
  const w = WORDS[direction];
  const self = direction === PolicyType.EGRESS ? traffic.source : traffic.destination;
  const other = direction === PolicyType.EGRESS ? traffic.destination : traffic.source;
  const base = { direction, matchedRules: [] as RuleMatch[] };
  if (!self.pod) {
    return { ...base, allowed: true, isolated: false, selectingPolicies: [], isolatingPolicies: [], reason: `${self.id} is outside the cluster: no NetworkPolicy applies to its ${w.lower}` };
  }
  const selecting = (model.policiesByNamespace.get(self.pod.namespace) ?? []).filter((p) => policySelects(p, self));
  const isolating = selecting.filter((p) => isolates(p, direction));
  const selectingPolicies = selecting.map((p) => p.id);
  const isolatingPolicies = isolating.map((p) => p.id);
  if (isolating.length === 0) {
    const reason = selecting.length === 0
      ? `no policy selects ${self.id}, so its ${w.lower} is not isolated: allowed`
      : `${self.id} is selected by ${selectingPolicies.join(', ')}, but none has policyType ${direction}, so its ${w.lower} is not isolated: allowed`;
    return { ...base, allowed: true, isolated: false, selectingPolicies, isolatingPolicies, reason };
  }
  const matched: RuleMatch[] = [];
  const misses: string[] = [];
  for (const policy of isolating) {
    const rules = rulesOf(policy, direction);
    if (rules.length === 0) {
      const defaulted = policy.typesDefaulted ? ' (policyTypes omitted, so Kubernetes assumed Ingress)' : '';
      misses.push(`${policy.id}: no ${w.lower} rules, it allows nothing${defaulted}`);
      continue;
    }
    rules.forEach((rule, ruleIndex) => {
      const at = `${policy.id} ${w.lower}[${ruleIndex}]`;
      const peerIndex = rule.peers?.findIndex((p) => peerMatches(model, p, policy.namespace, other));
      const portIndex = rule.ports?.findIndex((p) => portMatches(p, traffic.destination, traffic.port, traffic.protocol));
      const peerOk = peerIndex === undefined || peerIndex >= 0;
      const portOk = portIndex === undefined || portIndex >= 0;
      if (peerOk && portOk) {
        const description = `${at}${peerIndex === undefined ? '' : ` ${w.peers}[${peerIndex}]`}${portIndex === undefined ? '' : ` ports[${portIndex}]`}`;
        matched.push({
          policyNamespace: policy.namespace,
          policyName: policy.name,
          direction,
          ruleIndex,
          peerIndex,
          portIndex,
          description,
        });
        return;
      }
      const why: string[] = [];
      if (!peerOk) {
        why.push(`no ${w.peers} entry matches ${other.id}: ${rule.peers!.map((p, i) => `${w.peers}[${i}] ${peerMismatch(model, p, policy.namespace, other)}`).join('; ')}`);
      }
      if (!portOk) {
        why.push(`no port matches ${traffic.port}/${traffic.protocol}: the rule allows ${rule.ports!.map((p) => describePort(p, traffic.destination)).join(', ')}`);
      }
      misses.push(`${at}: ${why.join('; ')}`);
    });
  }
  const allowed = matched.length > 0;
  const head = `${self.id} is isolated for ${w.lower} by ${isolatingPolicies.join(', ')}`;
  const reason = allowed
    ? `${head}; allowed by ${matched.map((m) => m.description).join(', ')}`
    : `${head}; no rule allows it:\n${misses.map((m) => `- ${m}`).join('\n')}`;
  return { ...base, matchedRules: matched, allowed, isolated: true, selectingPolicies, isolatingPolicies, reason };
}

function indent(text: string): string {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}

/** Evaluates one connection: allowed only when the source's egress AND the destination's ingress allow it. */
export function judge(model: Model, traffic: Traffic): TrafficVerdict {
  const egress = judgeSide(model, PolicyType.EGRESS, traffic);
  const ingress = judgeSide(model, PolicyType.INGRESS, traffic);
  const what = `${traffic.source.id} -> ${traffic.destination.id} on ${traffic.port}/${traffic.protocol}`;
  const sides = `  egress of the source ${traffic.source.id}:\n${indent(egress.reason)}\n  ingress of the destination ${traffic.destination.id}:\n${indent(ingress.reason)}`;
  const common = { source: traffic.source.id, destination: traffic.destination.id, port: traffic.port, protocol: traffic.protocol };
  if (traffic.source.index === traffic.destination.index && traffic.source.pod) {
    // Kubernetes does not let a pod block traffic to itself (loopback), so policies are not consulted.
    const reason = 'a pod can always reach itself: NetworkPolicy does not apply to traffic from a pod to itself';
    const forced = (v: DirectionVerdict): DirectionVerdict => ({ ...v, allowed: true, matchedRules: [], reason: `${reason} (${v.reason.split('\n')[0]})` });
    return { ...common, allowed: true, egress: forced(egress), ingress: forced(ingress), explanation: `ALLOW ${what}: ${reason}` };
  }
  const allowed = egress.allowed && ingress.allowed;
  const blockers = [!egress.allowed ? `egress of ${traffic.source.id}` : undefined, !ingress.allowed ? `ingress of ${traffic.destination.id}` : undefined].filter((s) => s);
  const verdict = allowed ? `ALLOW ${what}` : `DENY ${what}: blocked by the ${blockers.join(' and the ')}`;
  return { ...common, allowed, egress, ingress, explanation: `${verdict}\n${sides}` };
}
