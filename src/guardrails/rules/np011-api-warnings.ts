import { LintRule } from '../rule';

export const NP011: LintRule = {
  id: 'NP011',
  title: 'value the API server accepts but does not like',
  why: 'A CIDR with bits set beyond the prefix length (10.0.1.1/4) is accepted with a warning and means its network (0.0.0.0/4), and servers with strict IP validation (KEP-4858) reject it; non-canonical IPv6 (upper case, uncompressed) draws an API-server warning; a policy type listed twice says nothing and hides what was meant.',
  fix: 'Write each CIDR as its network (0.0.0.0/4) or as a single address (/32, /128), IPv6 in RFC 5952 form (lower case, compressed), and list each policy type once.',
  check(snapshot, report) {
    for (const p of snapshot.policies) for (const w of p.warnings) report({ policy: p, field: w.path, message: w.message });
  },
};
