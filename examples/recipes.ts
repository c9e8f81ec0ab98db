// The high-level constructs, as a team would use them for one namespace (`store`, beside the topology's `shop`).
import { Construct } from 'constructs';
import { AllowDnsEgress, AllowFrom, DefaultDeny, IpAllowlist, LabelSelector, NamespaceIsolation, NetworkPolicy, Peer, PolicyType, Port } from '../src';

/** The namespace the recipes protect: not `shop`, whose pods belong to the topology's ConnectionGraph alone. */
export const STORE = 'store';

/**
 * Adds the recipes of the README's "high-level constructs" section to `scope` (a chart in `STORE`). They name the
 * platform pods by the labels the topology chart gives them: ingress-nginx, Prometheus, CoreDNS.
 */
export function recipes(scope: Construct): void {
  new DefaultDeny(scope, 'DefaultDeny', { directions: [PolicyType.INGRESS, PolicyType.EGRESS] });
  new AllowDnsEgress(scope, 'AllowDns');
  new NamespaceIsolation(scope, 'Isolation', {
    namespace: STORE,
    allowFromNamespaces: ['ingress-nginx'],
  });
  new IpAllowlist(scope, 'OfficeAdmin', {
    podSelector: LabelSelector.matchLabels({ app: 'admin' }),
    cidrs: ['203.0.113.0/24', '2001:db8::/48'],
    exceptCidrs: ['203.0.113.128/25'],
    ports: [Port.HTTPS],
  });
  new NetworkPolicy(scope, 'Metrics', {
    podSelector: LabelSelector.matchLabels({ app: 'api' }),
    ingress: [AllowFrom(Peer.podsInNamespaces({ pods: LabelSelector.matchLabels({ 'app.kubernetes.io/name': 'prometheus' }), namespaceNames: ['monitoring'] })).toPorts(Port.named('metrics'))],
  });
}
