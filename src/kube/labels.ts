// Label maps read from anyone's objects. Keys are user data, so they live in null-prototype objects:
// `toString`, `constructor` or `__proto__` are plain keys there, never inherited members.

export type Labels = { readonly [key: string]: string };

const EMPTY: Labels = Object.freeze(Object.create(null));

/** True when `labels` has its own key `key` (never an inherited member such as `toString`). */
export function hasLabel(labels: Labels, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

/** The value of label `key`, or undefined when absent. */
export function labelValue(labels: Labels, key: string): string | undefined {
  return hasLabel(labels, key) ? labels[key] : undefined;
}

/** A frozen, null-prototype copy of `entries`. */
export function labelsOf(entries: Iterable<readonly [string, string]>): Labels {
  const out: { [key: string]: string } = Object.create(null);
  for (const [k, v] of entries) out[k] = v;
  return Object.freeze(out);
}

/**
 * A `map[string]string` as the API server decodes it: JSON null is "" (the key stays), numbers and
 * booleans become their text (for pods and workloads, which we do not validate). Anything else is absent.
 */
export function decodeStringMap(value: unknown): Labels {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return EMPTY;
  // Written straight into the null-prototype map: this runs once per pod of a dump.
  let out: { [key: string]: string } | undefined;
  for (const k of Object.keys(value)) {
    const v = (value as { [key: string]: unknown })[k];
    let text: string;
    if (v === null) text = '';
    else if (typeof v === 'string') text = v;
    else if (typeof v === 'number' || typeof v === 'boolean') text = String(v);
    else continue;
    (out ??= Object.create(null) as { [key: string]: string })[k] = text;
  }
  return out === undefined ? EMPTY : Object.freeze(out);
}

/** `{app=web, tier=api}`: labels for messages. */
export function describeLabels(labels: Labels): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}
