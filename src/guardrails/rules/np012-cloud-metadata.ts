import { cidrContainsIp, parseIp, ParsedIp } from '../../kube/cidr';
import { DecodedPort } from '../../kube/snapshot';
import { WellKnown } from '../../values/well-known';
import { LintRule } from '../rule';

/** The metadata endpoint of each address family. */
const METADATA: { readonly [family: number]: { readonly ip: ParsedIp; readonly cidr: string } } = {
  4: { ip: parseIp(WellKnown.CLOUD_METADATA_IPV4_CIDR.split('/')[0])!, cidr: WellKnown.CLOUD_METADATA_IPV4_CIDR },
  6: { ip: parseIp(WellKnown.CLOUD_METADATA_IPV6_CIDR.split('/')[0])!, cidr: WellKnown.CLOUD_METADATA_IPV6_CIDR },
};

/** The metadata endpoints answer on TCP 80: a rule whose ports leave out TCP 80 cannot reach them. */
function allowsHttp(ports: readonly DecodedPort[]): boolean {
  if (ports.length === 0) return true;
  return ports.some((p) => p.protocol === 'TCP' && p.name === undefined && (p.port === undefined || (p.port <= 80 && 80 <= (p.endPort ?? p.port))));
}

export const NP012: LintRule = {
  id: 'NP012',
  title: 'egress to every address, cloud metadata endpoint included',
  why: 'An ipBlock of 0.0.0.0/0 or ::/0 in an egress rule also reaches the cloud metadata endpoint (169.254.169.254, fd00:ec2::254 on AWS IPv6), which hands the node\'s cloud credentials to any pod that asks on TCP 80.',
  fix: 'Leave the endpoint out: WellKnown.anyIpv4ExceptCloudMetadata() / anyIpv6ExceptCloudMetadata() in this library, or except: [169.254.169.254/32] (fd00:ec2::254/128 for ::/0). If the pods need it, allow it on purpose (WellKnown.cloudMetadata()) or silence NP012 with a reason.',
  check(snapshot, report) {
    for (const policy of snapshot.policies) {
      // Egress rules of a policy whose policyTypes leaves out Egress have no effect (NP010 says so).
      if (!policy.egressIsolated) continue;
      for (const rule of policy.egress) {
        if (!allowsHttp(rule.ports)) continue;
        rule.peers.forEach((peer, j) => {
          const block = peer.ipBlock;
          if (block?.cidr.prefix !== 0) return;
          const metadata = METADATA[block.cidr.family];
          if (block.excepts.some((e) => cidrContainsIp(e, metadata.ip))) return;
          report({
            policy,
            field: `${rule.path}.to[${j}].ipBlock`,
            message: `allows egress to every ${block.cidr.family === 6 ? 'IPv6' : 'IPv4'} address (${block.cidr.canonical}), the cloud metadata endpoint ${metadata.cidr} included: add ${metadata.cidr} to its except list`,
          });
        });
      }
    }
  },
};
