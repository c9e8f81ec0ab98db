import { LintRule } from '../rule';

export const NP003: LintRule = {
  id: 'NP003',
  title: 'ingress from the whole internet',
  why: 'An ipBlock of 0.0.0.0/0 or ::/0 in an ingress rule lets any address in, including every external client.',
  fix: 'Narrow the range to the clients that need access (an office, a load balancer). If the service is public on purpose, silence NP003 for that policy with a reason.',
  check(snapshot, report) {
    for (const policy of snapshot.policies) {
      for (const rule of policy.ingress) {
        rule.peers.forEach((peer, j) => {
          if (peer.ipBlock?.cidr.prefix !== 0) return;
          const cidr = peer.ipBlock.cidr;
          report({
            policy,
            field: `${rule.path}.from[${j}].ipBlock.cidr`,
            message: `allows ingress from every ${cidr.family === 6 ? 'IPv6' : 'IPv4'} address (${cidr.canonical}), the whole internet included`,
          });
        });
      }
    }
  },
};
