import { Protocol } from '../values/enums';

/**
 * A container port of a pod added by hand.
 */
export interface PodPortDefinition {
  /** The container port number. */
  readonly port: number;
  /**
   * The port name, which named ports in policies refer to.
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * The protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/**
 * A pod added by hand to the analysed manifests, e.g. a client that a test wants to check.
 */
export interface PodDefinition {
  /** The pod name. */
  readonly name: string;
  /**
   * The pod's namespace (created with only its `kubernetes.io/metadata.name` label if no manifest declares it).
   * @default "default"
   */
  readonly namespace?: string;
  /**
   * The pod's labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * The pod's container ports, which named ports resolve against.
   * @default - none
   */
  readonly ports?: PodPortDefinition[];
  /**
   * The pod's IP addresses, which `ipBlock` peers are matched against.
   * @default - unknown: no `ipBlock` matches the pod
   */
  readonly ips?: string[];
}

/**
 * Options for loading a `Reachability` model.
 */
export interface ReachabilityOptions {
  /**
   * Endpoints outside the cluster, by IP address. They appear in matrices after the pods.
   * @default - none (queries may still name any IP)
   */
  readonly externalIps?: string[];
  /**
   * Pods to add to the pods, workloads and namespaces found in the manifests.
   * @default - none
   */
  readonly pods?: PodDefinition[];
}

/**
 * One destination port and its protocol, as every query of the analyzer takes it:
 * `Reachability.check()`, `Reachability.matrixOn()`, `ReachabilityMatrix.allows()` and
 * `ReachabilityMatrix.countAllowedOn()`. `Reachability.parsePort()` reads the text form (`53/UDP`).
 *
 * @example
 * reachability.check('shop/api', 'shop/db', { port: 5432 });
 * reachability.check('shop/api', 'kube-system/coredns', { port: 53, protocol: Protocol.UDP });
 */
export interface TrafficPort {
  /** The port number, 1-65535. */
  readonly port: number;
  /**
   * The protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
  /**
   * The canonical label, e.g. `80/TCP`. Set by `parsePort()`; queries ignore it.
   * @deprecated write `${port}/${protocol}`; this field is only filled by `parsePort()`
   * @default - none
   */
  readonly label?: string;
}
