import { displayNamespace, LintRule } from '../rule';

export const NP007: LintRule = {
  id: 'NP007',
  title: 'two policies with the same name',
  why: 'Two NetworkPolicies with the same name in the same namespace are one object to the API server: the one applied last silently replaces the other.',
  fix: 'Give each policy its own metadata.name.',
  check(snapshot, report) {
    // Reported on the copy the cluster keeps (the last one), once for each earlier copy it replaces.
    for (const { kept, replaced } of snapshot.duplicates) {
      if (kept.name === '') continue;
      report({ policy: kept, field: 'metadata.name', message: `"${kept.name}" is also the name of the NetworkPolicy at ${replaced.where} in ${displayNamespace(kept)}: the one applied last replaces the other` });
    }
  },
};
