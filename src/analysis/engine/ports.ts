// Ports of queries (`TrafficPort`, or text such as `80/TCP`), checked once, and the default ports of a matrix.
import { Model } from './model';
import { Protocol } from '../../values/enums';
import { TrafficPort } from '../options';

/** A TrafficPort whose number and protocol have been checked. */
export type CheckedPort = TrafficPort & { readonly protocol: Protocol };

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

/** `80/TCP`: how the matrix, its JSON and the CLI write a port. */
export function portLabel(p: CheckedPort): string {
  return `${p.port}/${p.protocol}`;
}

/** A port as the public API takes it (JavaScript callers may pass anything), checked. */
export function checkPort(value: TrafficPort, context: string): CheckedPort {
  if (typeof value !== 'object' || value === null || typeof value.port !== 'number') {
    throw new Error(`${context}: expected a port such as { port: 80, protocol: Protocol.TCP }, not ${JSON.stringify(value)} (Reachability.parsePort reads '80/TCP')`);
  }
  checkPortNumber(value.port, context);
  return { port: value.port, protocol: toProtocol(value.protocol, context) };
}

/** Parses `80`, `80/TCP`, `53/udp`. */
export function parsePortText(text: string): CheckedPort {
  const m = typeof text === 'string' ? /^\s*([0-9]+)\s*(?:\/\s*([A-Za-z]+)\s*)?$/.exec(text) : null;
  if (!m) {
    throw new Error(`invalid port ${JSON.stringify(text)}: write a number and optionally a protocol, e.g. 80/TCP, 53/UDP or 3868/SCTP (named ports: use the number)`);
  }
  const context = `invalid port ${JSON.stringify(text)}`;
  const port = Number(m[1]);
  checkPortNumber(port, context);
  return { port, protocol: toProtocol(m[2], context) };
}

/** Sorted by number, then protocol; duplicates dropped. */
export function sortPorts(ports: readonly CheckedPort[]): CheckedPort[] {
  const unique = new Map(ports.map((p) => [portLabel(p), p]));
  return [...unique.values()].sort((a, b) => a.port - b.port || PROTOCOL_ORDER.indexOf(a.protocol) - PROTOCOL_ORDER.indexOf(b.protocol));
}

/**
 * Every port some policy mentions (a range by its first port, a named port by each number pods give it,
 * a protocol-only entry by the lowest port of that protocol no other entry names), plus the lowest TCP port
 * that no numbered entry names, to show what happens to everything else.
 */
export function defaultPorts(model: Model): CheckedPort[] {
  const out: CheckedPort[] = [];
  const ranges: { protocol: Protocol; lo: number; hi: number }[] = [];
  const named = new Set<string>();
  const protocolOnly = new Set<Protocol>();
  for (const policy of model.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const p of rule.ports ?? []) {
        const protocol = toProtocol(p.protocol, `policy ${policy.id}`);
        if (p.port !== undefined) {
          out.push({ port: p.port, protocol });
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
      for (const c of e.pod?.ports ?? []) {
        if (c.name !== undefined && named.has(`${c.protocol}/${c.name}`)) out.push({ port: c.port, protocol: c.protocol as Protocol });
      }
    }
  }
  const lowestFree = (protocol: Protocol, covered: (n: number) => boolean): number | undefined => {
    const taken = new Set(out.filter((p) => p.protocol === protocol).map((p) => p.port));
    for (let n = 1; n <= 65535; n++) if (!taken.has(n) && !covered(n)) return n;
    return undefined;
  };
  for (const protocol of PROTOCOL_ORDER.filter((p) => protocolOnly.has(p))) {
    const n = lowestFree(protocol, () => false);
    if (n !== undefined) out.push({ port: n, protocol });
  }
  const tcp = ranges.filter((r) => r.protocol === Protocol.TCP);
  const unmentioned = lowestFree(Protocol.TCP, (port) => tcp.some((r) => r.lo <= port && port <= r.hi));
  if (unmentioned !== undefined) out.push({ port: unmentioned, protocol: Protocol.TCP });
  return sortPorts(out);
}
