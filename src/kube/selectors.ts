// The one label selector of every tool that reads policies: compiled once from plain objects, matched
// the way apimachinery's labels.Selector matches, and described in its notation for users.
import { hasLabel, Labels } from './labels';

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** Sorted; empty for Exists and DoesNotExist. */
  readonly values: readonly string[];
}

/** A compiled label selector; `key` is canonical, so equal selectors share it. */
export interface Selector {
  /** Sorted by key. */
  readonly matchLabels: readonly (readonly [string, string])[];
  readonly requirements: readonly Requirement[];
  readonly key: string;
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function byKey(a: readonly [string, ...unknown[]], b: readonly [string, ...unknown[]]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/**
 * Compiles a selector as Kubernetes decodes it (`null` is `{}`; a null label value is ""). Call it on
 * validated input: shapes it cannot read are skipped.
 */
export function compileSelector(raw: unknown): Selector {
  const sel = isObject(raw) ? raw : {};
  const labels = isObject(sel.matchLabels) ? sel.matchLabels : {};
  const matchLabels: [string, string][] = [];
  for (const k of Object.keys(labels)) {
    const v = labels[k];
    if (v === null || typeof v === 'string') matchLabels.push([k, v ?? '']);
  }
  matchLabels.sort(byKey);
  const requirements: Requirement[] = (Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [])
    .filter(isObject)
    .map((e) => ({
      key: String(e.key),
      operator: e.operator as Operator,
      values: (Array.isArray(e.values) ? e.values.map(String) : []).sort(),
    }));
  return freezeSelector(matchLabels, requirements);
}

/** A selector from already-checked parts. */
export function freezeSelector(matchLabels: (readonly [string, string])[], requirements: Requirement[]): Selector {
  const key = JSON.stringify([matchLabels, requirements.map((r) => [r.key, r.operator, r.values]).sort()]);
  return Object.freeze({
    matchLabels: Object.freeze(matchLabels.map((p) => Object.freeze([p[0], p[1]] as const))),
    requirements: Object.freeze(requirements.map((r) => Object.freeze({ ...r, values: Object.freeze([...r.values]) }))),
    key,
  });
}

export function isEmptySelector(selector: Selector): boolean {
  return selector.matchLabels.length === 0 && selector.requirements.length === 0;
}

/** The value a selector requires for `key` through matchLabels, if any. */
export function requiredLabel(selector: Selector, key: string): string | undefined {
  return selector.matchLabels.find(([k]) => k === key)?.[1];
}

/** labels.Selector.Matches: every matchLabels pair AND every requirement hold. */
export function selectorMatches(selector: Selector, labels: Labels): boolean {
  // Values are strings and no inherited member is one, so comparing values needs no own-property
  // check (this is the analyzer's hot path); only Exists and DoesNotExist ask about the key itself.
  for (const [k, v] of selector.matchLabels) if (labels[k] !== v) return false;
  for (const r of selector.requirements) {
    switch (r.operator) {
      case 'In': if (!r.values.includes(labels[r.key])) return false; break;
      case 'NotIn': if (r.values.includes(labels[r.key])) return false; break;
      case 'Exists': if (!hasLabel(labels, r.key)) return false; break;
      case 'DoesNotExist': if (hasLabel(labels, r.key)) return false; break;
      default: return false;
    }
  }
  return true;
}

/**
 * True when every label set `inner` matches is also matched by `outer`, judged from the selectors alone
 * (sound, not complete: false when unsure).
 */
export function selectorCovers(outer: Selector, inner: Selector): boolean {
  for (const [k, v] of outer.matchLabels) if (requiredLabel(inner, k) !== v) return false;
  return outer.requirements.every((e) => {
    if (inner.requirements.some((i) => i.key === e.key && i.operator === e.operator && i.values.join('\0') === e.values.join('\0'))) return true;
    const fixed = requiredLabel(inner, e.key);
    const inValues = inner.requirements.find((i) => i.key === e.key && i.operator === 'In')?.values;
    switch (e.operator) {
      case 'Exists': return fixed !== undefined || inValues !== undefined;
      case 'In': return fixed !== undefined ? e.values.includes(fixed) : inValues !== undefined && inValues.every((v) => e.values.includes(v));
      case 'NotIn': return fixed !== undefined ? !e.values.includes(fixed) : inValues !== undefined && inValues.every((v) => !e.values.includes(v));
      default: return false;
    }
  });
}

/**
 * `{role=db, tier in (a,b), team, !legacy}`: apimachinery's selector notation, in braces; `{}` selects
 * everything. The one way every tool shows a selector to users.
 */
export function describeSelector(selector: Selector): string {
  const parts = selector.matchLabels.map(([k, v]) => `${k}=${v}`);
  for (const r of selector.requirements) {
    if (r.operator === 'In') parts.push(`${r.key} in (${r.values.join(',')})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${r.values.join(',')})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else parts.push(`!${r.key}`);
  }
  return `{${parts.join(', ')}}`;
}
