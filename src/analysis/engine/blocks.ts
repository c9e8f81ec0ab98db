// Allowed pod pairs between runs of endpoints (namespaces), counted on the groups of the group engine
// (groups.ts) so that large matrices cost allowed group pairs instead of endpoints x endpoints.

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

/** The group engine's view: each endpoint's group, and the allowed pairs of groups. */
export interface GroupPairs {
  readonly groupOf: ArrayLike<number>;
  groupAllows(s: number, d: number, port: number): boolean;
  forEachAllowedGroupPair(port: number, fn: (s: number, d: number) => void): void;
}

/**
 * Allowed ordered pairs between runs, per port, as runs x runs counts (rows from, columns to).
 * For endpoints i != j the answer only depends on (group of i, group of j), and self pairs are always
 * allowed; without `groups` every pair of endpoints is asked.
 */
export function blockCounts(m: AllowedPairs, blocks: readonly EndpointRun[], groups: GroupPairs | undefined): number[][] {
  const n = m.endpoints.length;
  const size = blocks.length;
  const blockOf = new Int32Array(n);
  blocks.forEach((b, x) => blockOf.fill(x, b.start, b.start + b.size));
  if (!groups) {
    return Array.from({ length: m.ports.length }, (_, k) => {
      const counts = new Array<number>(size * size).fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (m.isAllowedAt(i, j, k)) counts[blockOf[i] * size + blockOf[j]]++;
      return counts;
    });
  }
  // A group's members per block: most groups lie in one block (`only`), the others keep a list.
  let groupCount = 0;
  for (let i = 0; i < n; i++) groupCount = Math.max(groupCount, groups.groupOf[i] + 1);
  const only = new Int32Array(groupCount).fill(-1);
  const onlyCount = new Float64Array(groupCount);
  const spread = new Map<number, Map<number, number>>();
  for (let i = 0; i < n; i++) {
    const g = groups.groupOf[i];
    const b = blockOf[i];
    const list = spread.get(g);
    if (list) {
      list.set(b, (list.get(b) ?? 0) + 1);
    } else if (only[g] < 0 || only[g] === b) {
      only[g] = b;
      onlyCount[g]++;
    } else {
      spread.set(g, new Map([[only[g], onlyCount[g]], [b, 1]]));
    }
  }
  const membersOf = (g: number): [number, number][] => {
    const list = spread.get(g);
    return list ? [...list] : [[only[g], onlyCount[g]]];
  };
  const used: number[] = [];
  for (let g = 0; g < groupCount; g++) if (onlyCount[g] > 0) used.push(g);
  return Array.from({ length: m.ports.length }, (_, k) => {
    const counts = new Array<number>(size * size).fill(0);
    groups.forEachAllowedGroupPair(k, (s, d) => {
      if (onlyCount[s] === 0 || onlyCount[d] === 0) return;
      if (!spread.has(s) && !spread.has(d)) {
        counts[only[s] * size + only[d]] += onlyCount[s] * onlyCount[d];
        return;
      }
      for (const [a, ca] of membersOf(s)) for (const [b, cb] of membersOf(d)) counts[a * size + b] += ca * cb;
    });
    // Self pairs are always allowed; an allowed group's own pairs already include them.
    for (const g of used) {
      if (groups.groupAllows(g, g, k)) continue;
      for (const [a, count] of membersOf(g)) counts[a * size + a] += count;
    }
    return counts;
  });
}
