// Allowed pod pairs between runs of endpoints (namespaces), counted on the groups of the group engine
// (groups.ts) so that large matrices cost groups x groups instead of endpoints x endpoints.

/** A run of consecutive endpoints, such as the pods of one namespace. */
export interface EndpointRun {
  readonly start: number;
  readonly size: number;
}

/** What the counts read of a matrix: its size and the verdict of one (source, destination, port). */
export interface AllowedPairs {
  readonly endpoints: ArrayLike<unknown>;
  readonly ports: ArrayLike<unknown>;
  isAllowedAt(source: number, destination: number, port: number): boolean;
}

/**
 * Allowed ordered pairs between runs, per port, as runs x runs counts (rows from, columns to).
 * For endpoints i != j the answer only depends on (group of i, group of j), and self pairs are always
 * allowed; without `groupOf` every endpoint is its own group.
 */
export function blockCounts(m: AllowedPairs, blocks: readonly EndpointRun[], groupOf: ArrayLike<number> | undefined): number[][] {
  const n = m.endpoints.length;
  const blockOf = new Int32Array(n);
  blocks.forEach((b, x) => blockOf.fill(x, b.start, b.start + b.size));
  const group = (i: number) => (groupOf ? groupOf[i] : i);
  let groups = 0;
  for (let i = 0; i < n; i++) groups = Math.max(groups, group(i) + 1);
  const first = new Int32Array(groups).fill(-1);
  const second = new Int32Array(groups).fill(-1);
  // members[g]: block -> how many endpoints of group g are in it
  const members: Map<number, number>[] = Array.from({ length: groups }, () => new Map());
  for (let i = 0; i < n; i++) {
    const g = group(i);
    if (first[g] < 0) first[g] = i;
    else if (second[g] < 0) second[g] = i;
    members[g].set(blockOf[i], (members[g].get(blockOf[i]) ?? 0) + 1);
  }
  const used = [...Array(groups).keys()].filter((g) => first[g] >= 0);
  const size = blocks.length;
  return Array.from({ length: m.ports.length }, (_, k) => {
    const counts = new Array<number>(size * size).fill(0);
    for (const g of used) {
      for (const h of used) {
        let allowed: boolean;
        if (g !== h) allowed = m.isAllowedAt(first[g], first[h], k);
        else allowed = second[g] >= 0 && m.isAllowedAt(first[g], second[g], k);
        if (g === h && !allowed) {
          for (const [a, count] of members[g]) counts[a * size + a] += count; // self pairs only
          continue;
        }
        if (!allowed) continue;
        for (const [a, ca] of members[g]) for (const [b, cb] of members[h]) counts[a * size + b] += ca * cb;
      }
    }
    return counts;
  });
}
