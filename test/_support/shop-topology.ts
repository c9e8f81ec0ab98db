// The shop of issue 9 as the issue states it, for the tests that judge the examples app's topology.
import { Reachability } from '../../src/analysis';
import { Protocol } from '../../src/values/enums';

export const SHOP = ['web', 'api', 'postgres', 'redis', 'worker', 'statsd'].map((n) => `shop/${n}`);
export const NGINX = 'ingress-nginx/ingress-nginx-controller';
export const PROMETHEUS = 'monitoring/prometheus';
export const DNS = 'kube-system/coredns';
/** The payment partner in 203.0.113.0/24, and an address no edge names. */
export const PARTNER = '203.0.113.10';
export const ELSEWHERE = '198.51.100.1';

export type Port = [number, Protocol];

/** The edges of the issue: [from, to, port, protocol]. */
export const EDGES: Array<[string, string, number, Protocol]> = [
  [NGINX, 'shop/web', 8080, Protocol.TCP],
  ['shop/web', 'shop/api', 8080, Protocol.TCP],
  ['shop/api', 'shop/postgres', 5432, Protocol.TCP],
  ['shop/api', 'shop/redis', 6379, Protocol.TCP],
  ['shop/worker', 'shop/postgres', 5432, Protocol.TCP],
  ['shop/worker', 'shop/redis', 6379, Protocol.TCP],
  [PROMETHEUS, 'shop/api', 9090, Protocol.TCP],
  ['shop/api', 'shop/statsd', 8125, Protocol.UDP],
  ['shop/worker', PARTNER, 443, Protocol.TCP],
  ...SHOP.flatMap((s): Array<[string, string, number, Protocol]> => [[s, DNS, 53, Protocol.UDP], [s, DNS, 53, Protocol.TCP]]),
];

/** Ports no container declares, probed beside the declared ones (a wrong protocol, an unused port). */
export const UNDECLARED_PORTS: Port[] = [[443, Protocol.TCP], [8125, Protocol.TCP], [5432, Protocol.UDP], [1, Protocol.TCP]];

/**
 * Every connection to, from or among the shop's workloads whose answer differs from the edges, as
 * `source -> target port/protocol`; empty when exactly the edges are allowed.
 */
export function connectionsOtherThanEdges(r: Reachability, endpoints: readonly string[], ports: readonly Port[]): string[] {
  const unique = [...new Map(ports.map((p): [string, Port] => [`${p[0]}/${p[1]}`, p])).values()];
  const unexpected: string[] = [];
  for (const source of endpoints) {
    for (const target of endpoints) {
      if (source === target || (!SHOP.includes(source) && !SHOP.includes(target))) continue;
      for (const [port, protocol] of unique) {
        const edge = EDGES.some(([s, t, p, pr]) => s === source && t === target && p === port && pr === protocol);
        if (r.check(source, target, { port, protocol }).allowed !== edge) unexpected.push(`${source} -> ${target} ${port}/${protocol}`);
      }
    }
  }
  return unexpected;
}
