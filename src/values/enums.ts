// The enums of the public API, with Kubernetes literal values. They sit below every other layer, so the
// analyzer and the CLI can name a protocol or a policy type without loading the constructs.

/**
 * A transport protocol that NetworkPolicy ports can name.
 */
export enum Protocol {
  /** TCP. */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
  /** SCTP. */
  SCTP = 'SCTP',
}

/**
 * A direction a policy can isolate, with its Kubernetes literal value.
 */
export enum PolicyType {
  /** Incoming traffic of the selected pods. */
  INGRESS = 'Ingress',
  /** Outgoing traffic of the selected pods. */
  EGRESS = 'Egress',
}

/**
 * The operator of a label selector requirement, with its Kubernetes literal value.
 */
export enum LabelOperator {
  /** The label's value is one of the listed values. */
  IN = 'In',
  /** The label is absent or its value is none of the listed values. */
  NOT_IN = 'NotIn',
  /** The label is present, whatever its value. */
  EXISTS = 'Exists',
  /** The label is absent. */
  DOES_NOT_EXIST = 'DoesNotExist',
}
