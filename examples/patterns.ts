// The seven documented NetworkPolicy patterns, one statement each.
import { Construct } from 'constructs';
import { AllowFrom, AllowTo, LabelSelector, NetworkPolicy, Peer } from '../src';

const db = LabelSelector.matchLabels({ role: 'db' });
const apiPod = LabelSelector.matchLabels({ name: 'api-pod' });
const prod = LabelSelector.matchLabels({ name: 'prod' });

/** Adds the seven documented policies to `scope`, with their documented names. */
export function documentedPatterns(scope: Construct): void {
  // Pod-label ingress: db pods accept api-pod on TCP 3306.
  new NetworkPolicy(scope, 'DbPolicyIn', {
    metadata: { name: 'db-policy-in' },
    podSelector: db,
    ingress: [AllowFrom(Peer.pods(apiPod)).toPort(3306)],
  });

  // Pod-label egress: db pods may reach api-pod on TCP 3306.
  new NetworkPolicy(scope, 'DbPolicyOut', {
    metadata: { name: 'db-policy-out' },
    podSelector: db,
    egress: [AllowTo(Peer.pods(apiPod)).toPort(3306)],
  });

  // Namespace ingress: api-pod accepts every pod of namespaces labelled name=prod.
  new NetworkPolicy(scope, 'NamespacePolicyIn', {
    metadata: { name: 'namespace-policy-in' },
    podSelector: apiPod,
    ingress: [AllowFrom(Peer.namespaces(prod))],
  });

  // Namespace egress: api-pod may reach every pod of namespaces labelled name=prod.
  new NetworkPolicy(scope, 'NamespacePolicyOut', {
    metadata: { name: 'namespace-policy-out' },
    podSelector: apiPod,
    egress: [AllowTo(Peer.namespaces(prod))],
  });

  // IP ingress: api-pod accepts 192.168.5.10 only.
  new NetworkPolicy(scope, 'IpPolicyIn', {
    metadata: { name: 'ip-policy-in' },
    podSelector: apiPod,
    ingress: [AllowFrom(Peer.ipBlock('192.168.5.10/32'))],
  });

  // IP egress: api-pod may reach 192.168.5.10 only.
  new NetworkPolicy(scope, 'IpPolicyOut', {
    metadata: { name: 'ip-policy-out' },
    podSelector: apiPod,
    egress: [AllowTo(Peer.ipBlock('192.168.5.10/32'))],
  });

  // Combined: api-pod pods in prod namespaces (AND), or 192.168.5.10 (OR).
  new NetworkPolicy(scope, 'CombinedPolicyIn', {
    metadata: { name: 'combined-policy-in' },
    podSelector: apiPod,
    ingress: [AllowFrom(Peer.podsInNamespaces({ pods: apiPod, namespaces: prod }), Peer.ipBlock('192.168.5.10/32'))],
  });
}
