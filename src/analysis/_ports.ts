// Port labels such as `80/TCP`, and the default ports of a matrix.
import { Protocol } from '../port';
import { Model } from './_model';

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
 * Every port some policy mentions (a range by its first port, a named port by each number pods give
 * it), plus the lowest TCP port that no rule covers, to show what happens to everything else.
 */
export function defaultPorts(model: Model): PortSpec[] {
  const out: PortSpec[] = [];
  const ranges: [number, number][] = [];
  for (const policy of model.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const p of rule.ports ?? []) {
        const protocol = toProtocol(p.protocol, `policy ${policy.id}`);
        if (p.port !== undefined) {
          out.push(portSpec(p.port, protocol));
          ranges.push([p.port, p.endPort ?? p.port]);
        } else if (p.name !== undefined) {
          for (const e of model.endpoints) {
            for (const c of e.pod?.ports ?? []) if (c.name === p.name && c.protocol === protocol) out.push(portSpec(c.port, protocol));
          }
        }
      }
    }
  }
  const taken = new Set(out.map((p) => p.port));
  for (let n = 1; n <= 65535; n++) {
    if (!taken.has(n) && !ranges.some(([lo, hi]) => lo <= n && n <= hi)) {
      out.push(portSpec(n, Protocol.TCP));
      break;
    }
  }
  return sortPorts(out);
}
