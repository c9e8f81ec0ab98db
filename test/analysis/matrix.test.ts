import { policy } from './_fixtures';
import { Protocol, Reachability } from '../../src';

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
  test('the lists it hands out are copies: changing them changes nothing it renders', () => {
    const m = Reachability.fromManifests([
      policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }] }] }),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db', namespace: 'shop', labels: { app: 'db' } } },
    ]).matrixOn([{ port: 80 }]);
    const text = m.toText();
    m.endpoints.reverse();
    m.ports[0] = '443/TCP';
    m.pods.pop();
    expect(m.toText()).toEqual(text);
    expect(m.endpoints).toEqual(['shop/api', 'shop/db']);
    expect(m.ports).toEqual(['80/TCP']);
  });

  test('uses the default ports when none are given', () => {
    expect(small().matrix().ports).toEqual(['1/TCP', '80/TCP']);
  });

  test('sorts and de-duplicates the ports it is given, with TCP as the default protocol', () => {
    const m = small().matrixOn([{ port: 81 }, { port: 80 }, { port: 80, protocol: Protocol.TCP }, { port: 53, protocol: Protocol.UDP }]);
    expect(m.ports).toEqual(['53/UDP', '80/TCP', '81/TCP']);
  });

  test('takes the ports that parsePort() reads', () => {
    expect(small().matrixOn(['81/tcp', '53/UDP'].map(Reachability.parsePort)).ports).toEqual(['53/UDP', '81/TCP']);
  });

  test('lists the endpoints: pods sorted by namespace/name, then external IPs, as Reachability does', () => {
    const r = small();
    expect(r.matrix().endpoints).toEqual(['n/a', 'n/b', '1.2.3.4']);
    expect(r.endpoints).toEqual(['n/a', 'n/b', '1.2.3.4']);
  });

  test('answers by name and by index', () => {
    const m = small().matrixOn([{ port: 80 }, { port: 81 }]);
    expect(m.allows('n/a', 'n/b', { port: 80 })).toBe(true);
    expect(m.allows('n/a', 'n/b', { port: 81, protocol: Protocol.TCP })).toBe(false);
    expect(m.allows('1.2.3.4', 'n/b', { port: 80 })).toBe(false);
    expect(m.isAllowedAt(0, 1, 0)).toBe(true);
    expect(m.isAllowedAt(0, 1, 1)).toBe(false);
  });

  test('counts allowed pairs, self pairs included', () => {
    const m = small().matrixOn([{ port: 80 }, { port: 81 }]);
    // 80/TCP: every pair but 1.2.3.4 -> n/b; 81/TCP: also n/a -> n/b is denied.
    expect(m.countAllowedOn({ port: 80 })).toBe(8);
    expect(m.countAllowedOn({ port: 81 })).toBe(7);
    expect(m.countAllowed()).toBe(15);
  });

  test('an HTML page too large for namespace pairs shows the same totals as countAllowedOn()', () => {
    const m = small().matrixOn([{ port: 80 }, { port: 81 }]);
    const html = m.toHtml({ maxCells: 1 });
    const data = JSON.parse(/<script type="application\/json" id="netpol-data">(.*?)<\/script>/s.exec(html)![1]);
    expect(data.mode).toBe('totals');
    expect(data.counts).toBeUndefined();
    // 3 endpoints, 9 pairs: n/b admits only n/a, and only on 80.
    expect(data.totals).toEqual([8, 7]);
    expect(data.totals).toEqual([m.countAllowedOn({ port: 80 }), m.countAllowedOn({ port: 81 })]);
  });

  describe('deprecated string ports and pods', () => {
    test('matrix(ports) reads each port as parsePort() does', () => {
      expect(small().matrix(['81/tcp', '80', '80/TCP', '53/UDP']).ports).toEqual(['53/UDP', '80/TCP', '81/TCP']);
    });

    test('isAllowed() and countAllowed(port) answer as allows() and countAllowedOn()', () => {
      const m = small().matrixOn([{ port: 80 }, { port: 81 }]);
      expect(m.isAllowed('n/a', 'n/b', '80/TCP')).toBe(true);
      expect(m.isAllowed('n/a', 'n/b', '81')).toBe(false);
      expect(m.countAllowed('80/TCP')).toBe(8);
      expect(m.countAllowed('81')).toBe(7);
    });

    test('pods is endpoints', () => {
      const m = small().matrix();
      expect(m.pods).toEqual(m.endpoints);
    });
  });

  test('renders a text truth table per port', () => {
    expect(small().matrixOn([{ port: 80 }, { port: 81 }]).toText()).toEqual([
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
    expect(small().matrixOn([{ port: 81 }]).toMarkdown()).toEqual([
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
    expect(small().matrixOn([{ port: 80 }]).toJson()).toEqual({
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
    const m = r.matrixOn([{ port: 80 }]);
    expect(m.groupCount).toBe(2);
    expect(m.allows('n/p0', 'n/p2', { port: 80 })).toBe(true);
    expect(m.allows('n/p1', 'n/p2', { port: 80 })).toBe(false);
    expect(m.allows('n/p2', 'n/p1', { port: 80 })).toBe(true);
  });

  test('fails if a port is malformed', () => {
    expect(() => small().matrixOn([{ port: 70000 }])).toThrow('matrixOn(): port 70000 is not a whole number between 1 and 65535');
    expect(() => small().matrixOn([{ port: 80, protocol: 'ICMP' as Protocol }])).toThrow('matrixOn(): unknown protocol "ICMP"');
    expect(() => small().matrixOn(['80/TCP' as any])).toThrow('matrixOn(): expected a port such as { port: 80, protocol: Protocol.TCP }, not "80/TCP"');
    expect(() => small().matrixOn('80/TCP' as any)).toThrow('matrixOn(): expected a list of ports, not "80/TCP"');
    expect(() => small().matrix(['http'])).toThrow('invalid port "http": write a number and optionally a protocol, e.g. 80/TCP, 53/UDP or 3868/SCTP (named ports: use the number)');
    expect(() => small().matrix(['80/ICMP'])).toThrow('unknown protocol "ICMP"');
  });

  test('fails if a port or an endpoint is not in the matrix', () => {
    const m = small().matrixOn([{ port: 80 }]);
    expect(() => m.allows('n/a', 'n/b', { port: 81 })).toThrow('port 81/TCP is not in this matrix (ports: 80/TCP): compute a matrix with it');
    expect(() => m.countAllowedOn({ port: 80, protocol: Protocol.UDP })).toThrow('port 80/UDP is not in this matrix (ports: 80/TCP): compute a matrix with it');
    expect(() => m.allows('n/a', '9.9.9.9', { port: 80 })).toThrow('9.9.9.9 is not in this matrix: pass it in externalIps when loading');
    expect(() => m.allows('n/zz', 'n/a', { port: 80 })).toThrow('unknown pod "n/zz"');
    expect(() => m.isAllowedAt(0, 3, 0)).toThrow('endpoint index out of range: 0, 3 (the matrix has 3 endpoints)');
    expect(() => m.isAllowedAt(0, 0, 1)).toThrow('port index 1 out of range (the matrix has 1 port)');
  });
});
