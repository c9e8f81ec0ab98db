// The high-level constructs, as a team would use them for one namespace.
import { Construct } from 'constructs';
import { AllowDnsEgress, AllowFrom, DefaultDeny, IpAllowlist, LabelSelector, NamespaceIsolation, NetworkPolicy, Peer, PolicyType, Port } from '../src';

/** Adds the recipes of the README's "high-level constructs" section to `scope`. */
export function recipes(scope: Construct): void {
  new DefaultDeny(scope, 'DefaultDeny', { directions: [PolicyType.INGRESS, PolicyType.EGRESS] });
  new AllowDnsEgress(scope, 'AllowDns');
  new NamespaceIsolation(scope, 'Isolation', {
    namespace: 'shop',
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
    ingress: [AllowFrom(Peer.podsInNamespaces({ pods: LabelSelector.matchLabels({ app: 'prometheus' }), namespaceNames: ['monitoring'] })).toPorts(Port.named('metrics'))],
  });
}
