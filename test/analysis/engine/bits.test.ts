import * as fc from 'fast-check';
import { BitsArena, forEachBit, has, isEmpty, members, newBits, orInto, popcount, set, WeightTable, wordsFor } from '../../../src/analysis/engine/bits';

/** A set of numbers below `n` as bits, from a list. */
function bitsOf(n: number, values: readonly number[]) {
  const bits = newBits(wordsFor(n));
  for (const v of values) set(bits, v);
  return bits;
}

const sets = fc.integer({ min: 1, max: 200 }).chain((n) => fc.tuple(
  fc.constant(n),
  fc.uniqueArray(fc.nat(n - 1)),
  fc.uniqueArray(fc.nat(n - 1)),
  fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: n, maxLength: n }),
));

describe('bits', () => {
  test('wordsFor rounds up to whole 32-bit words', () => {
    expect([0, 1, 31, 32, 33, 64, 65].map(wordsFor)).toEqual([0, 1, 1, 1, 2, 2, 3]);
  });

  test('set, has and members agree with a list, bit 31 and word edges included', () => {
    const bits = bitsOf(100, [0, 31, 32, 63, 64, 99]);
    expect(members(bits)).toEqual([0, 31, 32, 63, 64, 99]);
    expect(has(bits, 31)).toBe(true);
    expect(has(bits, 30)).toBe(false);
    expect(popcount(bits)).toBe(6);
  });

  test('property: union, members, popcount and weighted sums agree with plain arrays', () => {
    fc.assert(fc.property(sets, ([n, a, b, weights]) => {
      const x = bitsOf(n, a);
      const y = bitsOf(n, b);
      const union = bitsOf(n, a);
      orInto(union, y);
      expect(members(union)).toEqual([...new Set([...a, ...b])].sort((p, q) => p - q));
      expect(popcount(x)).toBe(a.length);
      expect(isEmpty(x)).toBe(a.length === 0);
      const visited: number[] = [];
      forEachBit(y, (i) => visited.push(i));
      expect(visited).toEqual([...b].sort((p, q) => p - q));
      const table = new WeightTable(weights);
      const weight = (list: readonly number[]) => list.reduce((sum, i) => sum + weights[i], 0);
      expect(table.sum(x)).toBe(weight(a));
      expect(table.sum(x, y)).toBe(weight(a.filter((i) => b.includes(i))));
    }));
  });

  test('an arena hands out disjoint, empty sets of its size', () => {
    const arena = new BitsArena(3);
    const first = arena.alloc();
    first.fill(0xffffffff);
    const many = Array.from({ length: 2000 }, () => arena.alloc());
    expect(first.length).toBe(3);
    expect(many.every((s) => s.length === 3 && isEmpty(s))).toBe(true);
    many[1999][2] = 1;
    expect(many[1998][2]).toBe(0);
  });
});
