import { closestNames, editDistance, suggestPods } from '../../../src/analysis/engine/resolve';

describe('editDistance', () => {
  test('counts insertions, deletions and substitutions as one edit each', () => {
    expect(editDistance('web', 'web')).toBe(0);
    expect(editDistance('web', 'webs')).toBe(1);
    expect(editDistance('web', 'wb')).toBe(1);
    expect(editDistance('web', 'wob')).toBe(1);
    expect(editDistance('api', 'db')).toBe(3);
  });

  test('counts a swap of neighbouring characters as one edit, not two', () => {
    expect(editDistance('wbe', 'web')).toBe(1);
    expect(editDistance('shpo/web', 'shop/web')).toBe(1);
    expect(editDistance('wbe', 'db')).toBe(2);
  });
});

describe('closestNames', () => {
  const options = ['from', 'to', 'port', 'external', 'explain'];

  test('gives only the closest candidates', () => {
    expect(closestNames('explian', options)).toEqual(['explain']);
    expect(closestNames('prot', options)).toEqual(['port']);
  });

  test('gives nothing when the closest candidate is more than a third of the word away', () => {
    expect(closestNames('nope', options)).toEqual([]);
    expect(closestNames('xyz', ['abc'])).toEqual([]);
  });

  test('gives every candidate at the smallest distance, sorted, at most max', () => {
    expect(closestNames('ab', ['ac', 'xb', 'abc', 'zz'], { max: 2 })).toEqual(['abc', 'ac']);
  });
});

describe('suggestPods', () => {
  const pods = ['shop/api', 'shop/web', 'shop/db', 'shop/cache', 'shop/worker', 'shop/metrics-exporter', 'production/api'];

  test('suggests pods by namespace/name, with typos in either part', () => {
    expect(suggestPods('shop/wbe', pods)).toEqual(['shop/web']);
    expect(suggestPods('shpo/cache', pods)).toEqual(['shop/cache']);
  });

  test('suggests pods by their name alone for a bare name', () => {
    expect(suggestPods('cahce', pods)).toEqual(['shop/cache']);
  });

  test('does not let a long namespace make a different name look close', () => {
    expect(suggestPods('production/xyz', pods)).toEqual([]);
  });
});
