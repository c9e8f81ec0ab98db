// Plain shapes of networking.k8s.io/v1 NetworkPolicy as it appears in YAML. Fields are loose on purpose:
// the validator and the analyzer read manifests written by anyone, not only by this library.

/** A rendered `ingress`/`egress` entry: peers under `from` or `to`, then ports. */
export type KubeRule = { [field: string]: unknown };

export interface KubeLabelSelector {
  matchLabels?: { [key: string]: string };
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface KubePeer {
  podSelector?: KubeLabelSelector;
  namespaceSelector?: KubeLabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface KubePort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface KubeNetworkPolicy {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: { [key: string]: string }; annotations?: { [key: string]: string } };
  spec?: {
    podSelector?: KubeLabelSelector;
    policyTypes?: string[];
    ingress?: { from?: KubePeer[]; ports?: KubePort[] }[];
    egress?: { to?: KubePeer[]; ports?: KubePort[] }[];
  };
}
