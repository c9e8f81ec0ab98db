/** A rendered `ingress`/`egress` entry: peers under `from` or `to`, then ports. */
export type KubeRule = { [field: string]: unknown };

/** Keeps the first of each group of items with the same key, in order. */
export function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
