import { LintRule } from '../rule';

export const NP011: LintRule = {
  id: 'NP011',
  title: 'value the API server accepts but does not like',
  why: 'Non-canonical IPv6 (upper case, uncompressed) draws an API-server warning; a policy type listed twice says nothing and hides what was meant.',
  fix: 'Write IPv6 in RFC 5952 form (lower case, compressed) and list each policy type once.',
  check(snapshot, report) {
    for (const p of snapshot.policies) for (const w of p.warnings) report({ policy: p, field: w.path, message: w.message });
  },
};
