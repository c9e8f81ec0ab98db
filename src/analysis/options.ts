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
 * A destination port and its protocol, as parsed from text such as `80/TCP`.
 */
export interface TrafficPort {
  /** The port number. */
  readonly port: number;
  /** The protocol. */
  readonly protocol: Protocol;
  /** The canonical label, e.g. `80/TCP`. */
  readonly label: string;
}
