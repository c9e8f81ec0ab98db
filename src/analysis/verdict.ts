import { PolicyType, Protocol } from '../values/enums';

/**
 * The rule that allowed one side of a connection: which policy, which rule, which peer and which port.
 */
export interface RuleMatch {
  /** The namespace of the policy. */
  readonly policyNamespace: string;
  /** The name of the policy. */
  readonly policyName: string;
  /** `ingress` rules allow the destination side, `egress` rules the source side. */
  readonly direction: PolicyType;
  /** The index of the rule in `spec.ingress` or `spec.egress`. */
  readonly ruleIndex: number;
  /**
   * The index of the matching entry in the rule's `from`/`to` list.
   * @default - the rule has no `from`/`to` list, so it matches every peer
   */
  readonly peerIndex?: number;
  /**
   * The index of the matching entry in the rule's `ports` list.
   * @default - the rule has no `ports` list, so it matches every port
   */
  readonly portIndex?: number;
  /** A one-line description, e.g. `shop/db-policy-in ingress[0] from[1] ports[0]`. */
  readonly description: string;
}

/**
 * What the policies that select one end of a connection say about it: egress for the source,
 * ingress for the destination.
 */
export interface DirectionVerdict {
  /** `EGRESS` for the source side, `INGRESS` for the destination side. */
  readonly direction: PolicyType;
  /** True when this side lets the connection through. */
  readonly allowed: boolean;
  /** True when some policy that selects this end has this policy type, so only listed traffic passes. */
  readonly isolated: boolean;
  /** Every policy (`namespace/name`) that selects this end, whatever its policy types. */
  readonly selectingPolicies: string[];
  /** The selecting policies (`namespace/name`) that isolate this direction. */
  readonly isolatingPolicies: string[];
  /** The rules that allow the connection (empty when denied or not isolated). */
  readonly matchedRules: RuleMatch[];
  /** Why this side allows or denies the connection, in one or more lines. */
  readonly reason: string;
}

/**
 * The answer to "may this connection happen?", with the reasons for both ends.
 */
export interface TrafficVerdict {
  /** True when the connection is allowed: egress from the source AND ingress to the destination. */
  readonly allowed: boolean;
  /** A human explanation: the verdict, then the egress side, then the ingress side. */
  readonly explanation: string;
  /** The source: `namespace/name` of a pod, or an IP address. */
  readonly source: string;
  /** The destination: `namespace/name` of a pod, or an IP address. */
  readonly destination: string;
  /** The destination port. */
  readonly port: number;
  /** The protocol. */
  readonly protocol: Protocol;
  /** The source side: the egress policies of the source pod. */
  readonly egress: DirectionVerdict;
  /** The destination side: the ingress policies of the destination pod. */
  readonly ingress: DirectionVerdict;
}

/**
 * One cell of a matrix: may `from` reach `to` on `port`. Field names are those of the JSON document.
 */
export interface MatrixResult {
  /** The source endpoint: `namespace/name` of a pod, or an external IP. */
  readonly from: string;
  /** The destination endpoint, written like `from`. */
  readonly to: string;
  /** The port, e.g. `80/TCP`. */
  readonly port: string;
  /** True when the policies allow the connection. */
  readonly allowed: boolean;
}

/**
 * A whole matrix as plain data: what `ReachabilityMatrix.toJson()` returns and `netpol matrix --format json` prints.
 */
export interface MatrixJson {
  /**
   * Every endpoint in row and column order: pods, then external IPs (the same list as
   * `ReachabilityMatrix.endpoints`; the key keeps its original name so that existing JSON readers keep working).
   */
  readonly pods: string[];
  /** The ports, e.g. `80/TCP`, in order. */
  readonly ports: string[];
  /** One result per (from, to, port), ordered by from, then to, then port. */
  readonly results: MatrixResult[];
}
