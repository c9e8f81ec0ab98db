import { labelsOf } from '../../kube/labels';
import { describeSelector, isEmptySelector, selectorCovers, selectorMatches } from '../../kube/selectors';
import { DecodedPolicy, DecodedRule } from '../../kube/snapshot';
import { NAMESPACE_NAME_LABEL } from '../../kube/syntax';
import { LintRule } from '../rule';

/** The namespace cluster DNS runs in, as this lint assumes it (AllowDnsEgress records any other). */
const DNS_NAMESPACE_LABELS = labelsOf([[NAMESPACE_NAME_LABEL, 'kube-system']]);

/**
 * Whether a rule of a policy may reach cluster DNS on `protocol`: a rule recorded as the DNS rule, or one
 * whose destinations can include the kube-system DNS pods (no peers, an ipBlock such as NodeLocal
 * DNSCache's, or a namespaceSelector that matches kube-system) and whose ports include 53.
 */
function allowsDns(rule: DecodedRule, protocol: string, namespace: string): boolean {
  if (rule.intent.has('dns')) return true;
  const reachesDns = rule.peers.length === 0 || rule.peers.some((peer) => {
    if (peer.ipBlock) return true;
    if (peer.namespaceSelector) return selectorMatches(peer.namespaceSelector, DNS_NAMESPACE_LABELS);
    return namespace === 'kube-system';
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

function dnsGaps(policies: readonly DecodedPolicy[]): string[] {
  const has = (protocol: string) => policies.some((q) => q.egress.some((r) => allowsDns(r, protocol, q.namespace)));
  return [has('UDP') ? '' : 'UDP 53', has('TCP') ? '' : 'TCP 53'].filter((s) => s !== '');
}

export const NP005: LintRule = {
  id: 'NP005',
  title: 'egress isolation without DNS',
  why: 'Once a policy isolates egress, DNS is blocked too unless some policy allows UDP and TCP port 53; name lookups then fail and the app breaks in confusing ways.',
  fix: 'Allow DNS for the same pods: AllowDnsEgress (or AllowDnsEgress.rule() in the policy), i.e. egress to kube-dns on UDP 53 and TCP 53.',
  check(snapshot, report) {
    const egressPolicies = snapshot.policies.filter((p) => p.egressIsolated);
    for (const p of egressPolicies) {
      if (p.intent.flags.has('no-dns')) continue;
      const sameNamespace = egressPolicies.filter((q) => q.namespace === p.namespace);
      const selected = snapshot.workloads.filter((w) => w.namespace === p.namespace && selectorMatches(p.podSelector, w.labels));
      const gaps: string[] = [];
      if (selected.length > 0) {
        for (const w of selected) {
          const lacking = dnsGaps(sameNamespace.filter((q) => selectorMatches(q.podSelector, w.labels)));
          if (lacking.length > 0) gaps.push(`${w.kind}/${w.name} (${lacking.join(' and ')})`);
        }
      } else {
        const lacking = dnsGaps(sameNamespace.filter((q) => selectorCovers(q.podSelector, p.podSelector)));
        const pods = isEmptySelector(p.podSelector) ? 'every pod of the namespace' : `pods ${describeSelector(p.podSelector)}`;
        if (lacking.length > 0) gaps.push(`${pods} (${lacking.join(' and ')})`);
      }
      if (gaps.length > 0) {
        report({ policy: p, field: p.typesDefaulted ? 'spec.egress' : 'spec.policyTypes', message: `isolates egress, but no policy allows DNS for ${gaps.join(', ')}: name lookups will fail` });
      }
    }
  },
};
