// Natural order of names for display: digit runs compare as numbers, so `team-2` sorts before `team-10`.

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Compares `a` and `b` run by run: runs of digits by their value, other text by code unit. Ties
 * (`a01` and `a1` have equal values) fall back to plain order, so the order is total and stable.
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ei = i;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      let ej = j;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      // Leading zeros do not change the value.
      let si = i;
      while (si < ei - 1 && a.charCodeAt(si) === 48) si++;
      let sj = j;
      while (sj < ej - 1 && b.charCodeAt(sj) === 48) sj++;
      if (ei - si !== ej - sj) return ei - si - (ej - sj);
      for (let k = 0; k < ei - si; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (d !== 0) return d;
      }
      i = ei;
      j = ej;
    } else {
      if (ca !== cb) return ca - cb;
      i++;
      j++;
    }
  }
  if (i < a.length || j < b.length) return (a.length - i) - (b.length - j);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Pods in natural order of namespace, then of name, so that each namespace is one run. */
export function compareNamespacedNames(nsA: string, nameA: string, nsB: string, nameB: string): number {
  return naturalCompare(nsA, nsB) || naturalCompare(nameA, nameB);
}
