import { lockFields } from './_immutable';
import { Protocol } from './enums';
import { portNameErrors, portNumberErrors } from '../kube/syntax';


function checkNumber(value: number, what: string): void {
  const errors = portNumberErrors(value);
  if (errors.length > 0) throw new Error(`invalid ${what} ${value}: ${errors.join('; ')}`);
}

/** The single ports made so far, by protocol and number (a valid port is made once). */
const SINGLE_PORTS = new Map<string, Map<number, Port>>();

/**
 * The traffic a rule allows: one port, a range, a named container port, or every port of a protocol.
 *
 * Ports are immutable values. "Every port of every protocol" is not a port: leave a rule's ports out.
 *
 * @example
 * Port.tcp(3306);
 */
export class Port {
  /** DNS over UDP (53). */
  public static readonly DNS_UDP = Port.udp(53);
  /** DNS over TCP (53). */
  public static readonly DNS_TCP = Port.tcp(53);
  /** HTTP (TCP 80). */
  public static readonly HTTP = Port.tcp(80);
  /** HTTPS (TCP 443). */
  public static readonly HTTPS = Port.tcp(443);
  /** MySQL (TCP 3306). */
  public static readonly MYSQL = Port.tcp(3306);
  /** PostgreSQL (TCP 5432). */
  public static readonly POSTGRES = Port.tcp(5432);
  /** Redis (TCP 6379). */
  public static readonly REDIS = Port.tcp(6379);

  /**
   * One TCP port.
   *
   * @example
   * Port.tcp(8080);
   */
  public static tcp(port: number): Port {
    return Port.single(Protocol.TCP, port);
  }

  /**
   * One UDP port.
   *
   * @example
   * Port.udp(53);
   */
  public static udp(port: number): Port {
    return Port.single(Protocol.UDP, port);
  }

  /**
   * One SCTP port.
   *
   * @example
   * Port.sctp(3868);
   */
  public static sctp(port: number): Port {
    return Port.single(Protocol.SCTP, port);
  }

  /**
   * A port of any protocol.
   *
   * @example
   * Port.of(Protocol.UDP, 514);
   */
  public static of(protocol: Protocol, port: number): Port {
    return Port.single(protocol, port);
  }

  /**
   * A TCP port range, both ends included (`port` .. `endPort`).
   *
   * @example
   * Port.tcpRange(32000, 32768);
   */
  public static tcpRange(startPort: number, endPort: number): Port {
    return Port.rangeOf(Protocol.TCP, startPort, endPort);
  }

  /**
   * A UDP port range, both ends included.
   *
   * @example
   * Port.udpRange(10000, 10100);
   */
  public static udpRange(startPort: number, endPort: number): Port {
    return Port.rangeOf(Protocol.UDP, startPort, endPort);
  }

  /**
   * A port range of any protocol, both ends included.
   *
   * @example
   * Port.rangeOf(Protocol.SCTP, 3868, 3870);
   */
  public static rangeOf(protocol: Protocol, startPort: number, endPort: number): Port {
    checkNumber(startPort, 'port');
    checkNumber(endPort, 'endPort');
    if (endPort < startPort) {
      throw new Error(`invalid port range ${startPort}-${endPort}: endPort must be greater than or equal to port; did you mean ${endPort}-${startPort}?`);
    }
    return new Port(protocol, startPort, endPort);
  }

  /**
   * A named container port, resolved by each destination pod (`port: http`).
   *
   * Named ports follow the pod's own port numbers, so they survive a port change and avoid the
   * Service-port-versus-pod-port mistake.
   *
   * @param name the container port name (IANA_SVC_NAME: up to 15 lowercase letters, digits and '-')
   * @param protocol the protocol of that container port
   * @example
   * Port.named('metrics');
   */
  public static named(name: string, protocol: Protocol = Protocol.TCP): Port {
    const errors = portNameErrors(name);
    if (errors.length > 0) {
      throw new Error(`invalid port name "${name}": ${errors.join('; ')} (a port name matches a container port's name, e.g. "http" or "metrics")`);
    }
    return new Port(protocol, undefined, undefined, name);
  }

  /**
   * Every TCP port (renders `protocol: TCP` with no port; never `port: 0`).
   */
  public static allTcp(): Port {
    return new Port(Protocol.TCP);
  }

  /**
   * Every UDP port.
   */
  public static allUdp(): Port {
    return new Port(Protocol.UDP);
  }

  /**
   * Every SCTP port.
   */
  public static allSctp(): Port {
    return new Port(Protocol.SCTP);
  }

  private static single(protocol: Protocol, port: number): Port {
    // Ports are immutable values: one instance per protocol and number serves every caller (as Port.HTTPS does).
    const cache = SINGLE_PORTS.get(protocol);
    const known = typeof port === 'number' ? cache?.get(port) : undefined;
    if (known !== undefined) return known;
    checkNumber(port, 'port');
    const made = new Port(protocol, port);
    if (cache !== undefined) cache.set(port, made);
    else SINGLE_PORTS.set(protocol, new Map([[port, made]]));
    return made;
  }

  /** The protocol. */
  public readonly protocol: Protocol;
  /**
   * The port number, or the first port of a range.
   * @default - a named port, or every port of the protocol
   */
  public readonly portNumber?: number;
  /**
   * The last port of a range.
   * @default - not a range
   */
  public readonly endPort?: number;
  /**
   * The container port name.
   * @default - not a named port
   */
  public readonly portName?: string;

  /** The rendering, made once and frozen: rules share it instead of copying it. */
  readonly #kube: Readonly<{ protocol: string; port?: number | string; endPort?: number }>;

  private constructor(protocol: Protocol, portNumber?: number, endPort?: number, portName?: string) {
    this.protocol = protocol;
    this.portNumber = portNumber;
    this.endPort = endPort;
    this.portName = portName;
    const kube: { protocol: string; port?: number | string; endPort?: number } = { protocol };
    if (portName !== undefined) kube.port = portName;
    if (portNumber !== undefined) kube.port = portNumber;
    if (endPort !== undefined) kube.endPort = endPort;
    this.#kube = Object.freeze(kube);
    // Port.HTTPS and friends are shared by every caller: nobody may change them.
    lockFields(this);
  }

  /** A short human description such as `TCP 3306`, `TCP 8000-9000`, `TCP http` or `TCP (all)`. */
  public toString(): string {
    if (this.portName !== undefined) return `${this.protocol} ${this.portName}`;
    if (this.portNumber === undefined) return `${this.protocol} (all)`;
    if (this.endPort !== undefined) return `${this.protocol} ${this.portNumber}-${this.endPort}`;
    return `${this.protocol} ${this.portNumber}`;
  }

  /** @internal */
  public _toKube(): { protocol: string; port?: number | string; endPort?: number } {
    return { ...this.#kube };
  }

  /**
   * The rendering, frozen and shared (for the rules of this library, which never hand it out unfrozen).
   * @internal
   */
  public _frozenKube(): Readonly<{ protocol: string; port?: number | string; endPort?: number }> {
    return this.#kube;
  }
}
