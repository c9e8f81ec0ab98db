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
 * Hands out sets carved from large shared buffers: thousands of small typed arrays, each with its own
 * buffer, cost the garbage collector more than the arithmetic on them.
 */
export class BitsArena {
  private chunk = newBits(0);
  private used = 0;

  constructor(private readonly words: number) {}

  /** A new empty set of the arena's size. */
  public alloc(): Bits {
    if (this.used + this.words > this.chunk.length) {
      this.chunk = newBits(Math.max(this.words * 512, 4096));
      this.used = 0;
    }
    const bits = this.chunk.subarray(this.used, this.used + this.words);
    this.used += this.words;
    return bits;
  }
}

/** a & b, as a new set. */
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
