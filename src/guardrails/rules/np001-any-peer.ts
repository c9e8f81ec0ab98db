import { allRules, LintRule } from '../rule';

export const NP001: LintRule = {
  id: 'NP001',
  title: 'rule allows every source or destination',
  why: 'A rule without `from`/`to` (or with an empty list) matches every pod of every namespace and every IP address, inside or outside the cluster.',
  fix: 'List the peers the rule is for. If everything is meant, say so: Peer.anything() in this library (which records the intent), or the annotation netpol.cdk8s.io/ignore: NP001.',
  intent: 'any-peer',
  check(snapshot, report) {
    for (const policy of snapshot.policies) {
      for (const rule of allRules(policy)) {
        if (rule.peers.length > 0) continue;
        const which = rule.peerField === 'from' ? 'from every source: no `from`' : 'to every destination: no `to`';
        report({ policy, rule, field: rule.path, message: `allows traffic ${which} list means any pod in any namespace and any IP address, inside or outside the cluster` });
      }
    }
  },
};
