import { Reachability } from '../../../src';
import { compareNamespacedNames, naturalCompare } from '../../../src/analysis/engine/natural';

describe('naturalCompare', () => {
  test('orders team-2 before team-10 (digit runs by value)', () => {
    expect(naturalCompare('team-2', 'team-10')).toBeLessThan(0);
    expect(['team-10', 'team-2', 'team-1'].sort(naturalCompare)).toEqual(['team-1', 'team-2', 'team-10']);
  });

  test('compares text by code unit and longer numbers after shorter ones', () => {
    expect(['b', 'a10', 'a9b', 'a9a', 'a', 'a9'].sort(naturalCompare)).toEqual(['a', 'a9', 'a9a', 'a9b', 'a10', 'b']);
    expect(naturalCompare('x100000000000000000000', 'x99999999999999999999')).toBeGreaterThan(0);
  });

  test('is a total order: equal values with leading zeros still compare unequal, and deterministically', () => {
    expect(naturalCompare('a01', 'a1')).not.toBe(0);
    expect(Math.sign(naturalCompare('a01', 'a1'))).toBe(-Math.sign(naturalCompare('a1', 'a01')));
    expect(naturalCompare('web', 'web')).toBe(0);
  });

  test('namespaced names order by namespace first, so that a namespace is one run', () => {
    const names: [string, string][] = [['team-10', 'a'], ['team-2', 'z'], ['team-2', 'app-10'], ['team-2', 'app-9']];
    names.sort((a, b) => compareNamespacedNames(a[0], a[1], b[0], b[1]));
    expect(names.map((n) => n.join('/'))).toEqual(['team-2/app-9', 'team-2/app-10', 'team-2/z', 'team-10/a']);
  });
});

describe('Reachability', () => {
  const manifests = ['team-10', 'team-2', 'team-1'].flatMap((ns) => [2, 10].map((i) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${i}`, namespace: ns }, spec: { containers: [{ name: 'c' }] },
  })));

  test('lists namespaces, endpoints and matrix rows in natural order', () => {
    const r = Reachability.fromManifests(manifests);
    expect(r.namespaces.filter((n) => n.startsWith('team-'))).toEqual(['team-1', 'team-2', 'team-10']);
    const order = ['team-1/web-2', 'team-1/web-10', 'team-2/web-2', 'team-2/web-10', 'team-10/web-2', 'team-10/web-10'];
    expect(r.endpoints).toEqual(order);
    const text = r.matrixOn([{ port: 80 }]).toText().split('\n');
    expect(text.slice(3).map((line) => line.split(' ')[0]).filter((x) => x !== '')).toEqual(order);
  });

  test('draws namespaces on the HTML page in natural order', () => {
    const html = Reachability.fromManifests(manifests).matrixOn([{ port: 80 }]).toHtml({ maxCells: 20 });
    const data = JSON.parse(/<script type="application\/json" id="netpol-data">(.*?)<\/script>/s.exec(html)![1]);
    expect(data.mode).toBe('namespaces');
    expect(data.blocks.map((b: { name: string }) => b.name)).toEqual(['team-1', 'team-2', 'team-10']);
    // Nothing isolates these pods: every pair of every namespace pair is allowed.
    expect(data.counts[0]).toEqual(new Array(9).fill(4));
  });
});
