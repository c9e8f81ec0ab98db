import { describeSelector, isEmptySelector, Selector, selectorMatches } from '../../kube/selectors';
import { allRules, displayNamespace, LintRule } from '../rule';

export const NP008: LintRule = {
  id: 'NP008',
  title: 'selector matches no workload of the app',
  why: 'A podSelector (of the policy or of a peer) that matches none of the pod templates the app defines in that namespace is usually a typo in a label, so the policy protects or allows nothing.',
  fix: 'Use the labels of the pod template (spec.template.metadata.labels), not those of the Deployment itself. If the pods come from elsewhere, silence NP008.',
  check(snapshot, report) {
    const workloads = snapshot.workloads;
    // Only namespaces the app has workloads in can be judged; others may hold matching pods.
    const known = new Set(workloads.map((w) => w.namespace));
    const none = (namespaces: string[], s: Selector) => !workloads.some((w) => namespaces.includes(w.namespace) && selectorMatches(s, w.labels));
    for (const p of snapshot.policies) {
      if (known.has(p.namespace) && !isEmptySelector(p.podSelector) && none([p.namespace], p.podSelector)) {
        report({ policy: p, field: 'spec.podSelector', message: `${describeSelector(p.podSelector)} matches none of the pod templates the app defines in ${displayNamespace(p)}, so the policy applies to nothing` });
      }
      for (const rule of allRules(p)) {
        rule.peers.forEach((peer, j) => {
          const pods = peer.podSelector;
          if (!pods || isEmptySelector(pods)) return;
          const namespaces = peer.namespaceSelector
            ? [...known].filter((n) => selectorMatches(peer.namespaceSelector!, snapshot.namespaces.get(n)!.labels))
            : known.has(p.namespace) ? [p.namespace] : [];
          if (namespaces.length === 0 || !none(namespaces, pods)) return;
          const where = namespaces.length === 1
            ? (namespaces[0] === p.namespace ? displayNamespace(p) : `namespace "${namespaces[0]}"`)
            : `namespaces ${namespaces.map((n) => `"${n}"`).join(', ')}`;
          report({ policy: p, field: `${rule.path}.${rule.peerField}[${j}].podSelector`, message: `${describeSelector(pods)} matches none of the pod templates the app defines in ${where}, so this peer allows nothing` });
        });
      }
    }
  },
};
