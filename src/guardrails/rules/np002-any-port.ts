import { allRules, LintRule } from '../rule';

export const NP002: LintRule = {
  id: 'NP002',
  title: 'rule allows every port',
  why: 'A rule without `ports` (or with an empty list) allows every port of every protocol to or from its peers.',
  fix: 'List the ports (Port.tcp(8080), Port.named("http"), ...). If all ports are meant, leave ports out in this library (which records the intent), or add netpol.cdk8s.io/ignore: NP002.',
  intent: 'any-port',
  check(snapshot, report) {
    for (const policy of snapshot.policies) {
      for (const rule of allRules(policy)) {
        if (rule.ports.length === 0) report({ policy, rule, field: rule.path, message: 'allows every port of every protocol: the rule has no `ports` list' });
      }
    }
  },
};
