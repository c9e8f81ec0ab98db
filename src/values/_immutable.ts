// Immutability that holds at run time, not only for the compiler. Values are not frozen themselves: the
// jsii kernel tags the objects it hands to other languages with a property. Their fields are made
// read-only instead, and what they hold is frozen.

/** A deep-frozen copy of plain data (objects, arrays, primitives). */
export function frozenCopy<T>(data: T): T {
  return deepFreeze(JSON.parse(JSON.stringify(data)));
}

/** Freezes plain data in place, all the way down. */
export function deepFreeze<T>(data: T): T {
  if (typeof data === 'object' && data !== null && !Object.isFrozen(data)) {
    Object.freeze(data);
    for (const v of Object.values(data)) deepFreeze(v);
  }
  return data;
}

/** Makes every own field of `value` read-only (assigning one throws in strict mode) and freezes arrays it holds. */
export function lockFields(value: object): void {
  for (const key of Object.keys(value)) {
    const field = (value as { [key: string]: unknown })[key];
    if (Array.isArray(field)) Object.freeze(field);
    Object.defineProperty(value, key, { value: field, writable: false, configurable: false, enumerable: true });
  }
}
