/* eslint-disable no-bitwise */ // Bit sets: the matrix engine is bit arithmetic on 32-bit words.
// Sets of small integers (group numbers) as bits in Uint32Array words, and weighted counts of them.

export type Bits = Uint32Array;

/** Words needed for `n` bits. */
export function wordsFor(n: number): number {
  return (n + 31) >>> 5;
}

export function newBits(words: number): Bits {
  return new Uint32Array(words);
}

export function has(bits: Bits, i: number): boolean {
  return ((bits[i >>> 5] >>> (i & 31)) & 1) === 1;
}

export function set(bits: Bits, i: number): void {
  bits[i >>> 5] |= 1 << (i & 31);
}

/** target |= source, word by word. */
export function orInto(target: Bits, source: Bits): void {
  for (let w = 0; w < target.length; w++) target[w] |= source[w];
}

/**
 * Hands out word arrays carved from large shared buffers: thousands of small typed arrays, each with its
 * own buffer, cost the garbage collector more than the arithmetic on them.
 */
export class BitsArena {
  private chunk = newBits(0);
  private used = 0;

  /** @param words the usual size asked for, which sets the size of the buffers */
  constructor(private readonly words: number) {}

  /** `n` zeroed words (the usual size by default). */
  public alloc(n: number = this.words): Bits {
    if (this.used + n > this.chunk.length) {
      this.chunk = newBits(Math.max(n, this.words * 512, 4096));
      this.used = 0;
    }
    const bits = this.chunk.subarray(this.used, this.used + n);
    this.used += n;
    return bits;
  }
}

/**
 * A set stored as the words from its first non-zero word to its last: `words[w]` is word `lo + w` of the
 * full set. The sets of one namespace's groups (consecutive numbers) take a few words, whatever the cluster.
 */
export interface Span {
  readonly lo: number;
  readonly words: Bits;
}

export const EMPTY_SPAN: Span = Object.freeze({ lo: 0, words: newBits(0) });

export function spanHas(span: Span, i: number): boolean {
  const w = (i >>> 5) - span.lo;
  return w >= 0 && w < span.words.length && ((span.words[w] >>> (i & 31)) & 1) === 1;
}

/** The span of a full set (a copy from `arena`). */
export function toSpan(bits: Bits, arena: BitsArena): Span {
  let lo = 0;
  while (lo < bits.length && bits[lo] === 0) lo++;
  if (lo === bits.length) return EMPTY_SPAN;
  let hi = bits.length;
  while (bits[hi - 1] === 0) hi--;
  const words = arena.alloc(hi - lo);
  words.set(bits.subarray(lo, hi));
  return { lo, words };
}

/** The union of spans, each optionally ANDed with a full set (`masks[i]`, undefined: no mask). */
export function unionOfSpans(spans: readonly Span[], masks: readonly (Bits | undefined)[], arena: BitsArena): Span {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of spans) {
    if (s.words.length === 0) continue;
    lo = Math.min(lo, s.lo);
    hi = Math.max(hi, s.lo + s.words.length);
  }
  if (hi <= lo) return EMPTY_SPAN;
  if (spans.length === 1 && !masks[0]) return spans[0];
  const words = arena.alloc(hi - lo);
  spans.forEach((s, i) => {
    const mask = masks[i];
    const offset = s.lo - lo;
    if (mask) for (let w = 0; w < s.words.length; w++) words[offset + w] |= s.words[w] & mask[s.lo + w];
    else for (let w = 0; w < s.words.length; w++) words[offset + w] |= s.words[w];
  });
  return { lo, words };
}

/** Calls `fn` for every member of `span` (that is also in `mask`, when given), in increasing order. */
export function forEachSpanBit(span: Span, mask: Bits | undefined, fn: (i: number) => void): void {
  const { lo, words } = span;
  for (let w = 0; w < words.length; w++) {
    let word = mask ? words[w] & mask[lo + w] : words[w];
    while (word !== 0) {
      const low = word & -word;
      fn(((lo + w) << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
}

/** a & b, as a new set. *//** a & b, as a new set. */
export function and(a: Bits, b: Bits): Bits {
  const out = newBits(a.length);
  for (let w = 0; w < a.length; w++) out[w] = a[w] & b[w];
  return out;
}

export function isEmpty(bits: Bits): boolean {
  for (let w = 0; w < bits.length; w++) if (bits[w] !== 0) return false;
  return true;
}

/** Calls `fn` for every set bit, in increasing order. */
export function forEachBit(bits: Bits, fn: (i: number) => void): void {
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w];
    while (word !== 0) {
      const low = word & -word;
      fn((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
}

/** The set bits, in increasing order. */
export function members(bits: Bits): number[] {
  const out: number[] = [];
  forEachBit(bits, (i) => out.push(i));
  return out;
}

/** Number of set bits. */
export function popcount(bits: Bits): number {
  let total = 0;
  for (let w = 0; w < bits.length; w++) {
    let x = bits[w];
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    total += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  }
  return total;
}

/**
 * Sums of weights over sets of bits, a byte at a time: `sum(bits)` is the total weight of the set bits,
 * at four table look-ups per word instead of one step per bit.
 */
export class WeightTable {
  /** table[(word * 4 + byte) * 256 + value]: the weight of the bits of `value` in that byte. */
  private readonly table: Float64Array;

  constructor(weights: ArrayLike<number>) {
    const words = wordsFor(weights.length);
    this.table = new Float64Array(words * 4 * 256);
    for (let b = 0; b < words * 4; b++) {
      const base = b * 256;
      for (let v = 1; v < 256; v++) {
        const low = v & -v;
        const bit = (b << 3) + 31 - Math.clz32(low);
        this.table[base + v] = this.table[base + (v ^ low)] + (bit < weights.length ? weights[bit] : 0);
      }
    }
  }

  /** The total weight of the members of `span` (that are also in `mask`, when given). */
  public sumSpan(span: Span, mask?: Bits): number {
    const t = this.table;
    const { lo, words } = span;
    let total = 0;
    for (let w = 0; w < words.length; w++) {
      const x = mask ? words[w] & mask[lo + w] : words[w];
      if (x === 0) continue;
      const base = (lo + w) << 10;
      total += t[base + (x & 0xff)] + t[base + 256 + ((x >>> 8) & 0xff)] + t[base + 512 + ((x >>> 16) & 0xff)] + t[base + 768 + (x >>> 24)];
    }
    return total;
  }

  /** The total weight of the bits of `bits` (and of `mask`, when given). */
  public sum(bits: Bits, mask?: Bits): number {
    const t = this.table;
    let total = 0;
    for (let w = 0; w < bits.length; w++) {
      const x = mask ? bits[w] & mask[w] : bits[w];
      if (x === 0) continue;
      const base = w << 10;
      total += t[base + (x & 0xff)] + t[base + 256 + ((x >>> 8) & 0xff)] + t[base + 512 + ((x >>> 16) & 0xff)] + t[base + 768 + (x >>> 24)];
    }
    return total;
  }
}
