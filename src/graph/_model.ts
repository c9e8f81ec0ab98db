// What a graph node is, inside this folder: GraphNode hands it to the graph and the proof.
import { DnsOptions } from '../constructs/allow-dns-egress';
import { ParsedCidr } from '../kube/cidr';
import { Protocol } from '../values/enums';
import { LabelSelector } from '../values/selector';

/** A container port as a graph node knows it: number, protocol, and the name policies may refer to. */
export interface NodePort {
  readonly number: number;
  readonly protocol: Protocol;
  readonly name?: string;
}

/** What a graph node is, for the graph and its proof. */
export interface NodeData {
  readonly kind: 'pods' | 'ip' | 'dns';
  /** A DNS label naming the node in policy names and in the proof's pods. */
  readonly name: string;
  /** How messages name the node: `shop/web` for pods, the CIDR for an IP block. */
  readonly label: string;
  /** undefined for pods whose namespace is decided when the manifest is applied, and for IP blocks. */
  readonly namespace?: string;
  readonly selector?: LabelSelector;
  /** The labels of one of its pods (for the proof): a workload's template labels, else built from the selector. */
  readonly podLabels?: { readonly [key: string]: string };
  /** Its container ports; undefined when they are not known (a label selector, `Pods.select`). */
  readonly ports?: readonly NodePort[];
  readonly cidr?: ParsedCidr;
  readonly exceptCidrs?: readonly ParsedCidr[];
  readonly dns?: DnsOptions;
}


/**
 * Labels of a pod that a label selector (as Kubernetes writes it) matches, for the proof: matchLabels,
 * and one value per In and Exists requirement. A caller checks the result, since NotIn/DoesNotExist on
 * the same key can make it miss.
 */
export function labelsMatching(selector: unknown): { [key: string]: string } {
  const config = (typeof selector === 'object' && selector !== null ? selector : {}) as {
    matchLabels?: { [key: string]: string };
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
  const labels: { [key: string]: string } = { ...config.matchLabels };
  for (const e of config.matchExpressions ?? []) {
    if (Object.prototype.hasOwnProperty.call(labels, e.key)) continue;
    if (e.operator === 'In' && e.values && e.values.length > 0) labels[e.key] = e.values[0];
    if (e.operator === 'Exists') labels[e.key] = 'present';
  }
  return labels;
}
