import { policy } from './_fixtures';
import { Reachability } from '../../src';

/** n/b accepts only n/a, only on TCP 80; 1.2.3.4 is an external endpoint. */
function small(): Reachability {
  return Reachability.fromManifests([
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'n', labels: { app: 'a' } } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: 'n', labels: { app: 'b' } } },
    policy('n', 'b-from-a', {
      podSelector: { matchLabels: { app: 'b' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 80 }] }],
    }),
  ], { externalIps: ['1.2.3.4'] });
}

describe('ReachabilityMatrix', () => {
  test('uses the default ports when none are given', () => {
    expect(small().matrix().ports).toEqual(['1/TCP', '80/TCP']);
  });

  test('sorts and de-duplicates the ports it is given, reading a bare number as TCP', () => {
    expect(small().matrix(['81/tcp', '80', '80/TCP', '53/UDP']).ports).toEqual(['53/UDP', '80/TCP', '81/TCP']);
  });

  test('lists pods sorted by namespace/name, then external IPs', () => {
    expect(small().matrix().pods).toEqual(['n/a', 'n/b', '1.2.3.4']);
  });

  test('answers by name and by index', () => {
    const m = small().matrix(['80/TCP', '81/TCP']);
    expect(m.isAllowed('n/a', 'n/b', '80/TCP')).toBe(true);
    expect(m.isAllowed('n/a', 'n/b', '81')).toBe(false);
    expect(m.isAllowed('1.2.3.4', 'n/b', '80/TCP')).toBe(false);
    expect(m.isAllowedAt(0, 1, 0)).toBe(true);
    expect(m.isAllowedAt(0, 1, 1)).toBe(false);
  });

  test('counts allowed pairs, self pairs included', () => {
    const m = small().matrix(['80/TCP', '81/TCP']);
    // 80/TCP: every pair but 1.2.3.4 -> n/b; 81/TCP: also n/a -> n/b is denied.
    expect(m.countAllowed('80/TCP')).toBe(8);
    expect(m.countAllowed('81/TCP')).toBe(7);
    expect(m.countAllowed()).toBe(15);
  });

  test('renders a text truth table per port', () => {
    expect(small().matrix(['80/TCP', '81/TCP']).toText()).toEqual([
      'reachability: rows = from, columns = to; 1 = allowed, . = denied',
      '',
      '80/TCP  n/a n/b 1.2.3.4',
      'n/a     1   1   1',
      'n/b     1   1   1',
      '1.2.3.4 1   .   1',
      '',
      '81/TCP  n/a n/b 1.2.3.4',
      'n/a     1   .   1',
      'n/b     1   1   1',
      '1.2.3.4 1   .   1',
      '',
    ].join('\n'));
  });

  test('renders markdown tables', () => {
    expect(small().matrix(['81/TCP']).toMarkdown()).toEqual([
      '**81/TCP** (rows: from, columns: to; ✓ = allowed, ✗ = denied)',
      '',
      '| from \\ to | n/a | n/b | 1.2.3.4 |',
      '| --- | :-: | :-: | :-: |',
      '| n/a | ✓ | ✗ | ✓ |',
      '| n/b | ✓ | ✓ | ✓ |',
      '| 1.2.3.4 | ✓ | ✗ | ✓ |',
      '',
    ].join('\n'));
  });

  test('renders JSON with one result per (from, to, port)', () => {
    expect(small().matrix(['80/TCP']).toJson()).toEqual({
      pods: ['n/a', 'n/b', '1.2.3.4'],
      ports: ['80/TCP'],
      results: [
        { from: 'n/a', to: 'n/a', port: '80/TCP', allowed: true },
        { from: 'n/a', to: 'n/b', port: '80/TCP', allowed: true },
        { from: 'n/a', to: '1.2.3.4', port: '80/TCP', allowed: true },
        { from: 'n/b', to: 'n/a', port: '80/TCP', allowed: true },
        { from: 'n/b', to: 'n/b', port: '80/TCP', allowed: true },
        { from: 'n/b', to: '1.2.3.4', port: '80/TCP', allowed: true },
        { from: '1.2.3.4', to: 'n/a', port: '80/TCP', allowed: true },
        { from: '1.2.3.4', to: 'n/b', port: '80/TCP', allowed: false },
        { from: '1.2.3.4', to: '1.2.3.4', port: '80/TCP', allowed: true },
      ],
    });
  });

  test('groups pods that no policy can tell apart', () => {
    const pods = Array.from({ length: 50 }, (_, i) => ({ kind: 'Pod', metadata: { name: `p${i}`, namespace: 'n', labels: { app: i % 2 === 0 ? 'even' : 'odd', id: `${i}` } } }));
    const r = Reachability.fromManifests([...pods, policy('n', 'even-only', { podSelector: { matchLabels: { app: 'even' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'even' } } }] }] })]);
    const m = r.matrix(['80/TCP']);
    expect(m.groupCount).toBe(2);
    expect(m.isAllowed('n/p0', 'n/p2', '80/TCP')).toBe(true);
    expect(m.isAllowed('n/p1', 'n/p2', '80/TCP')).toBe(false);
    expect(m.isAllowed('n/p2', 'n/p1', '80/TCP')).toBe(true);
  });

  test('fails if a port is malformed', () => {
    expect(() => small().matrix(['http'])).toThrow('invalid port "http": write a number and optionally a protocol, e.g. 80/TCP, 53/UDP or 3868/SCTP (named ports: use the number)');
    expect(() => small().matrix(['70000/TCP'])).toThrow('port 70000 is not a whole number between 1 and 65535');
    expect(() => small().matrix(['80/ICMP'])).toThrow('unknown protocol "ICMP"');
  });

  test('fails if a port or an endpoint is not in the matrix', () => {
    const m = small().matrix(['80/TCP']);
    expect(() => m.isAllowed('n/a', 'n/b', '81/TCP')).toThrow('port 81/TCP is not in this matrix (ports: 80/TCP): compute a matrix with it');
    expect(() => m.isAllowed('n/a', '9.9.9.9', '80/TCP')).toThrow('9.9.9.9 is not in this matrix: pass it in externalIps when loading');
    expect(() => m.isAllowed('n/zz', 'n/a', '80/TCP')).toThrow('unknown pod "n/zz"');
    expect(() => m.isAllowedAt(0, 3, 0)).toThrow('endpoint index out of range: 0, 3 (the matrix has 3 endpoints)');
    expect(() => m.isAllowedAt(0, 0, 1)).toThrow('port index 1 out of range (the matrix has 1 port)');
  });
});
