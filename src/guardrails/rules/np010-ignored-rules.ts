import { LintRule } from '../rule';

export const NP010: LintRule = {
  id: 'NP010',
  title: 'rules of a direction that policyTypes leaves out',
  why: 'Rules of a direction not listed in policyTypes are ignored by Kubernetes, so the traffic they seem to allow or restrict is not affected.',
  fix: 'Add the direction to policyTypes, or remove its rules.',
  check(snapshot, report) {
    for (const p of snapshot.policies) {
      if (p.typesDefaulted) continue;
      if (!p.ingressIsolated && p.ingress.length > 0) report({ policy: p, field: 'spec.ingress', message: 'has rules, but policyTypes leaves out Ingress, so Kubernetes ignores them' });
      if (!p.egressIsolated && p.egress.length > 0) report({ policy: p, field: 'spec.egress', message: 'has rules, but policyTypes leaves out Egress, so Kubernetes ignores them' });
    }
  },
};
