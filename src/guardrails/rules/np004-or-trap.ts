import { allRules, LintRule } from '../rule';

export const NP004: LintRule = {
  id: 'NP004',
  title: 'namespaceSelector and podSelector as separate peers (AND/OR trap)',
  why: 'Two list entries are OR\'ed: every pod of the selected namespaces, or the selected pods of the policy\'s own namespace. One entry with both selectors means pods with those labels in those namespaces; the YAML differs by one dash.',
  fix: 'If you meant "these pods in those namespaces", put podSelector and namespaceSelector in one entry (Peer.podsInNamespaces in this library). If the OR is intended, silence NP004 (this library records it when you list both peers).',
  intent: 'or-peers',
  check(snapshot, report) {
    for (const policy of snapshot.policies) {
      for (const rule of allRules(policy)) {
        const nsOnly = rule.peers.findIndex((p) => p.namespaceSelector && !p.podSelector && !p.ipBlock);
        const podOnly = rule.peers.findIndex((p) => p.podSelector && !p.namespaceSelector && !p.ipBlock);
        if (nsOnly < 0 || podOnly < 0) continue;
        const f = rule.peerField;
        report({
          policy,
          rule,
          field: `${rule.path}.${f}`,
          message: `${f}[${nsOnly}] (namespaceSelector only) and ${f}[${podOnly}] (podSelector only) are separate entries, so they are OR'ed: every pod of those namespaces, or those pods in this namespace; one entry with both selectors would mean those pods in those namespaces`,
        });
      }
    }
  },
};
