// Port labels such as `80/TCP`, and the default ports of a matrix.
import { Model } from './model';
import { Protocol } from '../../values/enums';

export interface PortSpec {
  readonly port: number;
  readonly protocol: Protocol;
  /** `80/TCP` */
  readonly label: string;
}

const PROTOCOL_ORDER = [Protocol.TCP, Protocol.UDP, Protocol.SCTP];

export function toProtocol(value: string | undefined, context: string): Protocol {
  const upper = (value ?? 'TCP').toUpperCase();
  const found = PROTOCOL_ORDER.find((p) => p === upper);
  if (!found) throw new Error(`${context}: unknown protocol ${JSON.stringify(value)}: use TCP, UDP or SCTP`);
  return found;
}

export function checkPortNumber(port: number, context: string): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${context}: port ${port} is not a whole number between 1 and 65535`);
  }
}

export function portSpec(port: number, protocol: Protocol): PortSpec {
  return { port, protocol, label: `${port}/${protocol}` };
}

/** Parses `80`, `80/TCP`, `53/udp`. */
export function parsePortSpec(text: string): PortSpec {
  const m = /^\s*([0-9]+)\s*(?:\/\s*([A-Za-z]+)\s*)?$/.exec(text);
  if (!m) {
    throw new Error(`invalid port ${JSON.stringify(text)}: write a number and optionally a protocol, e.g. 80/TCP, 53/UDP or 3868/SCTP (named ports: use the number)`);
  }
  const port = Number(m[1]);
  checkPortNumber(port, `invalid port ${JSON.stringify(text)}`);
  return portSpec(port, toProtocol(m[2], `invalid port ${JSON.stringify(text)}`));
}

export function sortPorts(ports: PortSpec[]): PortSpec[] {
  const unique = new Map(ports.map((p) => [p.label, p]));
  return [...unique.values()].sort((a, b) => a.port - b.port || PROTOCOL_ORDER.indexOf(a.protocol) - PROTOCOL_ORDER.indexOf(b.protocol));
}

/**
 * Every port some policy mentions (a range by its first port, a named port by each number pods give it,
 * a protocol-only entry by the lowest port of that protocol no other entry names), plus the lowest TCP port
 * that no numbered entry names, to show what happens to everything else.
 */
export function defaultPorts(model: Model): PortSpec[] {
  const out: PortSpec[] = [];
  const ranges: { protocol: Protocol; lo: number; hi: number }[] = [];
  const named = new Set<string>();
  const protocolOnly = new Set<Protocol>();
  for (const policy of model.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const p of rule.ports ?? []) {
        const protocol = toProtocol(p.protocol, `policy ${policy.id}`);
        if (p.port !== undefined) {
          out.push(portSpec(p.port, protocol));
          ranges.push({ protocol, lo: p.port, hi: p.endPort ?? p.port });
        } else if (p.name !== undefined) {
          named.add(`${protocol}/${p.name}`);
        } else {
          protocolOnly.add(protocol);
        }
      }
    }
  }
  // One pass over the pods resolves every named port (not one pass per rule).
  if (named.size > 0) {
    for (const e of model.endpoints) {
      for (const c of e.pod?.ports ?? []) if (c.name !== undefined && named.has(`${c.protocol}/${c.name}`)) out.push(portSpec(c.port, c.protocol as Protocol));
    }
  }
  const lowestFree = (protocol: Protocol, covered: (n: number) => boolean): number | undefined => {
    const taken = new Set(out.filter((p) => p.protocol === protocol).map((p) => p.port));
    for (let n = 1; n <= 65535; n++) if (!taken.has(n) && !covered(n)) return n;
    return undefined;
  };
  for (const protocol of PROTOCOL_ORDER.filter((p) => protocolOnly.has(p))) {
    const n = lowestFree(protocol, () => false);
    if (n !== undefined) out.push(portSpec(n, protocol));
  }
  const tcp = ranges.filter((r) => r.protocol === Protocol.TCP);
  const unmentioned = lowestFree(Protocol.TCP, (port) => tcp.some((r) => r.lo <= port && port <= r.hi));
  if (unmentioned !== undefined) out.push(portSpec(unmentioned, Protocol.TCP));
  return sortPorts(out);
}
