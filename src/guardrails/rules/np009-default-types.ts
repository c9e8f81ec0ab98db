import { LintRule } from '../rule';

export const NP009: LintRule = {
  id: 'NP009',
  title: 'policyTypes left to defaulting',
  why: 'Without policyTypes the server assumes Ingress, plus Egress only if there are egress rules: an egress-only policy also denies all ingress, and a deny-all-egress policy (egress: []) isolates nothing.',
  fix: 'Write policyTypes explicitly (this library always does).',
  check(snapshot, report) {
    for (const p of snapshot.policies) {
      if (!p.typesDefaulted) continue;
      let message = `is not set, so Kubernetes assumes ${p.egressIsolated ? '[Ingress, Egress]' : '[Ingress]'}`;
      if (p.egressIsolated && p.ingress.length === 0) message += ': this egress policy also denies all ingress to its pods';
      else if (!p.egressIsolated && p.egressWritten) message += ': `egress: []` alone does not isolate egress';
      report({ policy: p, field: 'spec.policyTypes', message });
    }
  },
};
