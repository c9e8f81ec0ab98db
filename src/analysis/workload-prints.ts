// What policies can observe of each endpoint, so that the matrix by workload compares only the pods
// that could differ. Internal: not re-exported from the package.
import { Endpoint, IpBlockModel, ipBlockMatches, Model, Selector } from './engine/model';

/**
 * For each endpoint, what any policy can observe of it: its namespace, the values of the label keys some
 * selector names, its container ports, and which ipBlocks hold its IPs. Endpoints with one fingerprint
 * answer alike in every row and column (every predicate of the evaluation reads only these), so a workload
 * whose pods share one needs no comparison of their rows.
 */
export function fingerprints(model: Model): string[] {
  const keys = new Set<string>();
  const blocks: IpBlockModel[] = [];
  const note = (selector: Selector | undefined) => {
    for (const [k] of selector?.matchLabels ?? []) keys.add(k);
    for (const r of selector?.requirements ?? []) keys.add(r.key);
  };
  for (const policy of model.policies) {
    note(policy.podSelector);
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers ?? []) {
        note(peer.podSelector);
        if (peer.ipBlock) blocks.push(peer.ipBlock);
      }
    }
  }
  const sortedKeys = [...keys].sort();
  return model.endpoints.map((e: Endpoint) => {
    if (!e.pod) return `external ${e.id}`;
    const labels = e.pod.labels;
    return JSON.stringify([
      e.pod.namespace,
      sortedKeys.map((k) => (Object.prototype.hasOwnProperty.call(labels, k) ? labels[k] : null)),
      e.pod.ports.map((p) => `${p.name ?? ''}:${p.port}/${p.protocol}`).sort(),
      blocks.map((b) => ipBlockMatches(b, e.ips)),
    ]);
  });
}
