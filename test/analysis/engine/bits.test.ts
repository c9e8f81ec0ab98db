import * as fc from 'fast-check';
import {
  BitsArena, EMPTY_SPAN, forEachBit, forEachSpanBit, has, isEmpty, members, newBits, orInto, popcount, set,
  spanHas, toSpan, unionOfSpans, WeightTable, wordsFor,
} from '../../../src/analysis/engine/bits';

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

  test('a span keeps the words from the first member to the last, and answers like the full set', () => {
    const arena = new BitsArena(wordsFor(200));
    const span = toSpan(bitsOf(200, [70, 100]), arena);
    expect(span.lo).toBe(2);
    expect(span.words.length).toBe(2);
    expect([69, 70, 100, 101, 5, 199].map((i) => spanHas(span, i))).toEqual([false, true, true, false, false, false]);
    expect(toSpan(bitsOf(200, []), arena)).toBe(EMPTY_SPAN);
  });

  test('property: unions of spans (with masks), span iteration and span weights agree with plain arrays', () => {
    fc.assert(fc.property(sets, fc.uniqueArray(fc.nat(199)), ([n, a, b, weights], m) => {
      const arena = new BitsArena(wordsFor(n));
      const inRange = m.filter((i) => i < n);
      const mask = bitsOf(n, inRange);
      const x = toSpan(bitsOf(n, a), arena);
      const y = toSpan(bitsOf(n, b), arena);
      const union = unionOfSpans([x, y], [undefined, mask], arena);
      const want = [...new Set([...a, ...b.filter((i) => inRange.includes(i))])].sort((p, q) => p - q);
      const got: number[] = [];
      forEachSpanBit(union, undefined, (i) => got.push(i));
      expect(got).toEqual(want);
      for (let i = 0; i < n; i++) expect(spanHas(union, i)).toBe(want.includes(i));
      const masked: number[] = [];
      forEachSpanBit(x, mask, (i) => masked.push(i));
      expect(masked).toEqual(a.filter((i) => inRange.includes(i)).sort((p, q) => p - q));
      const table = new WeightTable(weights);
      expect(table.sumSpan(x)).toBe(a.reduce((sum, i) => sum + weights[i], 0));
      expect(table.sumSpan(x, mask)).toBe(a.filter((i) => inRange.includes(i)).reduce((sum, i) => sum + weights[i], 0));
    }));
  });
});
