// The TypeScript shape users asked for. jsii leaves free functions out of other languages, so each
// function here is one call into the jsii API (IngressRule.fromPeers / EgressRule.toPeers).
import { IPeer } from './peer';
import { EgressRule, IngressRule } from './rule';

/** Called from JavaScript with no argument, `peer` is undefined: report "no peer", not a crash. */
function present(peer: IPeer | undefined, morePeers: IPeer[]): IPeer[] {
  return peer === undefined ? morePeers : [peer, ...morePeers];
}

/**
 * Allows ingress from any of these peers: `AllowFrom(api).toPort(3306)`. TypeScript only;
 * other languages call `IngressRule.fromPeers(...)`.
 */
export function AllowFrom(peer: IPeer, ...morePeers: IPeer[]): IngressRule {
  return IngressRule.fromPeers(...present(peer, morePeers));
}

/**
 * Allows egress to any of these peers: `AllowTo(dns).toPorts(Port.DNS_UDP, Port.DNS_TCP)`.
 * TypeScript only; other languages call `EgressRule.toPeers(...)`.
 */
export function AllowTo(peer: IPeer, ...morePeers: IPeer[]): EgressRule {
  return EgressRule.toPeers(...present(peer, morePeers));
}
