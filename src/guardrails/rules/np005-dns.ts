import { Labels, labelsOf } from '../../kube/labels';
import { describeSelector, isEmptySelector, selectorCovers, selectorMatches } from '../../kube/selectors';
import { DecodedPolicy, DecodedRule, Snapshot } from '../../kube/snapshot';
import { NAMESPACE_NAME_LABEL } from '../../kube/syntax';
import { LintRule } from '../rule';

/** The namespace cluster DNS runs in, as this lint assumes it (AllowDnsEgress records any other). */
const DNS_NAMESPACE = 'kube-system';

/** Its labels: as the manifests declare them, or only the automatic one. */
function dnsNamespaceLabels(snapshot: Snapshot): Labels {
  return snapshot.namespaces.get(DNS_NAMESPACE)?.labels ?? labelsOf([[NAMESPACE_NAME_LABEL, DNS_NAMESPACE]]);
}

/**
 * Whether a rule of a policy may reach cluster DNS on `protocol`: a rule recorded as the DNS rule, or one
 * whose destinations can include the kube-system DNS pods (no peers, an ipBlock such as NodeLocal
 * DNSCache's, or a namespaceSelector that matches kube-system) and whose ports include 53.
 */
function allowsDns(rule: DecodedRule, protocol: string, namespace: string, dnsLabels: Labels): boolean {
  if (rule.intent.has('dns')) return true;
  const reachesDns = rule.peers.length === 0 || rule.peers.some((peer) => {
    if (peer.ipBlock) return true;
    if (peer.namespaceSelector) return selectorMatches(peer.namespaceSelector, dnsLabels);
    return namespace === DNS_NAMESPACE;
  });
  if (!reachesDns) return false;
  if (rule.ports.length === 0) return true;
  return rule.ports.some((p) => {
    if (p.protocol !== protocol) return false;
    if (p.name !== undefined) return /dns|domain/.test(p.name);
    if (p.port === undefined) return true;
    return p.port <= 53 && 53 <= (p.endPort ?? p.port);
  });
}

/** The protocols of DNS that no policy allowing it (of those for which `covers` holds) allows. */
interface DnsPolicies {
  readonly UDP: DecodedPolicy[];
  readonly TCP: DecodedPolicy[];
  /** By protocol, the selector keys of those policies: a policy with the same selector covers the same pods. */
  readonly keys: { readonly UDP: Set<string>; readonly TCP: Set<string> };
}

function dnsGaps(allowing: DnsPolicies, covers: (q: DecodedPolicy) => boolean, selectorKey?: string): string[] {
  const has = (protocol: 'UDP' | 'TCP') => (selectorKey !== undefined && allowing.keys[protocol].has(selectorKey)) || allowing[protocol].some(covers);
  return [has('UDP') ? '' : 'UDP 53', has('TCP') ? '' : 'TCP 53'].filter((s) => s !== '');
}

export const NP005: LintRule = {
  id: 'NP005',
  title: 'egress isolation without DNS',
  why: 'Once a policy isolates egress, DNS is blocked too unless some policy allows UDP and TCP port 53; name lookups then fail and the app breaks in confusing ways.',
  fix: 'Allow DNS for the same pods: AllowDnsEgress (or AllowDnsEgress.rule() in the policy), i.e. egress to kube-dns on UDP 53 and TCP 53.',
  check(snapshot, report) {
    // What the cluster holds: a copy replaced by a later one of the same name neither isolates nor allows.
    const egressPolicies = snapshot.effective.filter((p) => p.egressIsolated);
    const dnsLabels = dnsNamespaceLabels(snapshot);
    // Per namespace once, the egress policies that allow DNS on each protocol: only those can close a gap,
    // and a search of every egress policy for each one would grow with their square.
    const allowing = new Map<string, DnsPolicies>();
    for (const q of egressPolicies) {
      const entry = allowing.get(q.namespace) ?? { UDP: [], TCP: [], keys: { UDP: new Set<string>(), TCP: new Set<string>() } };
      allowing.set(q.namespace, entry);
      for (const protocol of ['UDP', 'TCP'] as const) {
        if (q.egress.some((r) => allowsDns(r, protocol, q.namespace, dnsLabels))) {
          entry[protocol].push(q);
          entry.keys[protocol].add(q.podSelector.key);
        }
      }
    }
    const workloadsIn = new Map<string, Snapshot['workloads'][number][]>();
    for (const w of snapshot.workloads) {
      const list = workloadsIn.get(w.namespace) ?? [];
      list.push(w);
      workloadsIn.set(w.namespace, list);
    }
    for (const p of egressPolicies) {
      if (p.intent.flags.has('no-dns')) continue;
      const dns = allowing.get(p.namespace)!;
      const selected = (workloadsIn.get(p.namespace) ?? []).filter((w) => selectorMatches(p.podSelector, w.labels));
      const gaps: string[] = [];
      if (selected.length > 0) {
        for (const w of selected) {
          const lacking = dnsGaps(dns, (q) => selectorMatches(q.podSelector, w.labels));
          if (lacking.length > 0) gaps.push(`${w.kind}/${w.name} (${lacking.join(' and ')})`);
        }
      } else {
        const lacking = dnsGaps(dns, (q) => selectorCovers(q.podSelector, p.podSelector), p.podSelector.key);
        const pods = isEmptySelector(p.podSelector) ? 'every pod of the namespace' : `pods ${describeSelector(p.podSelector)}`;
        if (lacking.length > 0) gaps.push(`${pods} (${lacking.join(' and ')})`);
      }
      if (gaps.length > 0) {
        report({ policy: p, field: p.typesDefaulted ? 'spec.egress' : 'spec.policyTypes', message: `isolates egress, but no policy allows DNS for ${gaps.join(', ')}: name lookups will fail` });
      }
    }
  },
};
