// A Service as a destination: its port resolved to the targetPort on each pod it selects, and the
// connection judged per pod, since NetworkPolicies see pod IPs and pod ports, never the Service.
import { TrafficVerdict } from './verdict';
import { Protocol } from '../values/enums';

/**
 * One pod behind a Service: the pod port the Service sends the connection to, and the verdict there.
 */
export interface ServiceBackend {
  /** The pod, as `namespace/name`. */
  readonly pod: string;
  /**
   * The pod port the connection arrives at: the Service port's `targetPort` (a named one resolved on this pod).
   * @default - the pod has no container port of the targetPort's name and protocol: the Service sends it nothing
   */
  readonly podPort?: number;
  /** True when the policies allow the connection to this pod on `podPort`. */
  readonly allowed: boolean;
  /**
   * The verdict for the connection to this pod on `podPort`.
   * @default - none: the pod has no such port
   */
  readonly verdict?: TrafficVerdict;
  /** Why, in one line. */
  readonly reason: string;
}

/**
 * The answer to "may this source reach this Service on this port?", per pod the Service selects.
 */
export interface ServiceVerdict {
  /** True when every pod that receives the Service's traffic allows the connection (and there is one). */
  readonly allowed: boolean;
  /** The source: `namespace/name` of a pod, or an IP address. */
  readonly source: string;
  /** The Service, as `namespace/name`. */
  readonly service: string;
  /** The Service port asked about. */
  readonly servicePort: number;
  /**
   * The Service port's name.
   * @default - unnamed
   */
  readonly servicePortName?: string;
  /** The protocol. */
  readonly protocol: Protocol;
  /** The Service port's `targetPort` as written: a number, or a container port name. */
  readonly targetPort: string;
  /** The pods that allow the connection. */
  readonly allowedPods: string[];
  /** The pods that deny it. */
  readonly deniedPods: string[];
  /** Selected pods without a container port of the targetPort's name: the Service sends them no traffic. */
  readonly podsWithoutPort: string[];
  /** Every pod the Service selects, sorted. */
  readonly backends: ServiceBackend[];
  /** ALLOW, PARTIAL or DENY with the pods named, the port translation, then each pod's explanation. */
  readonly explanation: string;
}

