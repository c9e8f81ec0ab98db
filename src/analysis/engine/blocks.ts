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

/** The group engine's view: each endpoint's group, and allowed pairs counted between blocks of groups. */
export interface GroupPairs {
  readonly groupOf: ArrayLike<number>;
  /** Allowed ordered pairs on one port, self pairs included. */
  countAllowed(port: number): number;
  countByBlock(port: number, blockOf: Int32Array, spread: ReadonlyMap<number, readonly (readonly [number, number])[]>, blocks: number): number[];
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
  // Each group's block; a group with members in several blocks lists them.
  let groupCount = 0;
  for (let i = 0; i < n; i++) groupCount = Math.max(groupCount, groups.groupOf[i] + 1);
  const groupBlock = new Int32Array(groupCount).fill(-2);
  const lists = new Map<number, Map<number, number>>();
  for (let i = 0; i < n; i++) {
    const g = groups.groupOf[i];
    const b = blockOf[i];
    if (groupBlock[g] === -2) {
      groupBlock[g] = b;
    } else if (groupBlock[g] !== b) {
      if (!lists.has(g)) {
        // The members seen so far were all in block groupBlock[g]; count them again below.
        lists.set(g, new Map());
      }
      groupBlock[g] = -1;
    }
  }
  for (let i = 0; i < n; i++) {
    const list = lists.get(groups.groupOf[i]);
    if (list) list.set(blockOf[i], (list.get(blockOf[i]) ?? 0) + 1);
  }
  const spread = new Map<number, [number, number][]>([...lists].map(([g, list]) => [g, [...list]]));
  return Array.from({ length: m.ports.length }, (_, k) => groups.countByBlock(k, groupBlock, spread, size));
}
