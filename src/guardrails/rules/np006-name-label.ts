import { requiredLabel } from '../../kube/selectors';
import { NAMESPACE_NAME_LABEL } from '../../kube/syntax';
import { allRules, LintRule } from '../rule';

export const NP006: LintRule = {
  id: 'NP006',
  title: 'namespace selected by a "name" label',
  why: 'Namespaces only carry a `name` label if someone added it, and anyone who can label a namespace can add it to theirs. The API server sets the immutable kubernetes.io/metadata.name label on every namespace.',
  fix: 'Select namespaces by kubernetes.io/metadata.name (Peer.namespace("x") in this library).',
  check(snapshot, report) {
    const why = 'selects namespaces by a "name" label, which namespaces only have if someone added it';
    for (const policy of snapshot.policies) {
      for (const rule of allRules(policy)) {
        rule.peers.forEach((peer, j) => {
          const ns = peer.namespaceSelector;
          if (!ns) return;
          const at = `${rule.path}.${rule.peerField}[${j}].namespaceSelector`;
          const value = requiredLabel(ns, 'name');
          if (value !== undefined) report({ policy, field: `${at}.matchLabels["name"]`, message: `${why}: select by ${NAMESPACE_NAME_LABEL}: ${value}` });
          ns.requirements.forEach((e, k) => {
            if (e.key === 'name') report({ policy, field: `${at}.matchExpressions[${k}].key`, message: `${why}: use the key ${NAMESPACE_NAME_LABEL}` });
          });
        });
      }
    }
  },
};
