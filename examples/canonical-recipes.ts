// The canonical NetworkPolicy recipes, one statement each, under their usual names: the
// kubernetes-network-policy-recipes set and the Kubernetes documentation's defaults. The chart's namespace
// is `default`; test/fixtures/canonical-recipes.yaml states the YAML each statement must produce.
import { Construct } from 'constructs';
import {
  AllowAllEgress, AllowAllIngress, AllowDnsEgress, AllowFrom, AllowTo, DefaultDeny, DenyAllEgress, DenyAllIngress,
  LabelSelector, NamespaceIsolation, NetworkPolicy, Peer, PolicyType, Port, WellKnown,
} from '../src';

const web = LabelSelector.matchLabels({ app: 'web' });
const foo = LabelSelector.matchLabels({ app: 'foo' });

/** Each recipe by its `metadata.name`: the one statement that adds it to `scope`. */
export const CANONICAL_RECIPES: { readonly [name: string]: (scope: Construct) => Construct } = {
  'web-deny-all': (scope) => new DenyAllIngress(scope, 'WebDenyAll', { metadata: { name: 'web-deny-all' }, podSelector: web }),
  'api-allow': (scope) => new NetworkPolicy(scope, 'ApiAllow', {
    metadata: { name: 'api-allow' },
    podSelector: LabelSelector.matchLabels({ app: 'bookstore', role: 'api' }),
    ingress: [AllowFrom(Peer.pods(LabelSelector.matchLabels({ app: 'bookstore' })))],
  }),
  'web-allow-all': (scope) => new AllowAllIngress(scope, 'WebAllowAll', { metadata: { name: 'web-allow-all' }, podSelector: web }),
  'default-deny-all': (scope) => new DenyAllIngress(scope, 'DefaultDenyAll', { metadata: { name: 'default-deny-all' } }),
  'deny-from-other-namespaces': (scope) => new NamespaceIsolation(scope, 'DenyFromOtherNamespaces', {
    metadata: { name: 'deny-from-other-namespaces' },
    namespace: 'default',
  }),
  'web-allow-all-namespaces': (scope) => new NetworkPolicy(scope, 'WebAllowAllNamespaces', {
    metadata: { name: 'web-allow-all-namespaces' },
    podSelector: web,
    ingress: [AllowFrom(Peer.allNamespaces())],
  }),
  'web-allow-prod': (scope) => new NetworkPolicy(scope, 'WebAllowProd', {
    metadata: { name: 'web-allow-prod' },
    podSelector: web,
    ingress: [AllowFrom(Peer.namespaces(LabelSelector.matchLabels({ purpose: 'production' })))],
  }),
  'web-allow-all-ns-monitoring': (scope) => new NetworkPolicy(scope, 'WebAllowAllNsMonitoring', {
    metadata: { name: 'web-allow-all-ns-monitoring' },
    podSelector: web,
    ingress: [AllowFrom(Peer.podsInNamespaces({
      pods: LabelSelector.matchLabels({ type: 'monitoring' }),
      namespaces: LabelSelector.matchLabels({ team: 'operations' }),
    }))],
  }),
  'web-allow-external': (scope) => new NetworkPolicy(scope, 'WebAllowExternal', {
    metadata: { name: 'web-allow-external' },
    podSelector: web,
    ingress: [AllowFrom(Peer.anything())],
  }),
  'web-allow-external-port-80': (scope) => new NetworkPolicy(scope, 'WebAllowExternalPort80', {
    metadata: { name: 'web-allow-external-port-80' },
    podSelector: web,
    ingress: [AllowFrom(Peer.anything()).toPort(80)],
  }),
  'api-allow-5000': (scope) => new NetworkPolicy(scope, 'ApiAllow5000', {
    metadata: { name: 'api-allow-5000' },
    podSelector: LabelSelector.matchLabels({ app: 'apiserver' }),
    ingress: [AllowFrom(Peer.pods(LabelSelector.matchLabels({ role: 'monitoring' }))).toPort(5000)],
  }),
  'api-allow-named-port': (scope) => new NetworkPolicy(scope, 'ApiAllowNamedPort', {
    metadata: { name: 'api-allow-named-port' },
    podSelector: LabelSelector.matchLabels({ app: 'apiserver' }),
    ingress: [AllowFrom(Peer.pods(LabelSelector.matchLabels({ role: 'monitoring' }))).toPorts(Port.named('api-port'))],
  }),
  'redis-allow-services': (scope) => new NetworkPolicy(scope, 'RedisAllowServices', {
    metadata: { name: 'redis-allow-services' },
    podSelector: LabelSelector.matchLabels({ app: 'bookstore', role: 'db' }),
    ingress: [AllowFrom(
      Peer.pods(LabelSelector.matchLabels({ app: 'bookstore', role: 'search' })),
      Peer.pods(LabelSelector.matchLabels({ app: 'bookstore', role: 'api' })),
      Peer.pods(LabelSelector.matchLabels({ app: 'inventory', role: 'web' })),
    )],
  }),
  'foo-deny-egress': (scope) => new AllowDnsEgress(scope, 'FooDenyEgress', { metadata: { name: 'foo-deny-egress' }, podSelector: foo }),
  'default-deny-egress': (scope) => new DenyAllEgress(scope, 'DefaultDenyEgress', { metadata: { name: 'default-deny-egress' } }),
  'deny-external-egress': (scope) => new NetworkPolicy(scope, 'DenyExternalEgress', {
    metadata: { name: 'deny-external-egress' },
    podSelector: foo,
    egress: [WellKnown.clusterDns().egressRule(), AllowTo(Peer.allNamespaces())],
  }),
  'default-allow-ingress': (scope) => new AllowAllIngress(scope, 'DefaultAllowIngress', { metadata: { name: 'default-allow-ingress' } }),
  'default-allow-egress': (scope) => new AllowAllEgress(scope, 'DefaultAllowEgress', { metadata: { name: 'default-allow-egress' } }),
  'default-deny-ingress-egress': (scope) => new DefaultDeny(scope, 'DefaultDenyIngressEgress', {
    metadata: { name: 'default-deny-ingress-egress' },
    directions: [PolicyType.INGRESS, PolicyType.EGRESS],
  }),
  'allow-port-range': (scope) => new NetworkPolicy(scope, 'AllowPortRange', {
    metadata: { name: 'allow-port-range' },
    podSelector: LabelSelector.matchLabels({ role: 'db' }),
    egress: [AllowTo(Peer.ipBlock('10.0.0.0/24')).toPorts(Port.tcpRange(32000, 32768))],
  }),
};

/** Adds every canonical recipe to `scope` (a chart whose namespace is `default`). */
export function canonicalRecipes(scope: Construct): void {
  for (const add of Object.values(CANONICAL_RECIPES)) add(scope);
}
