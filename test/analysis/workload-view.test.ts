// The matrix by workload: a workload's pods are one row when they answer alike, one row each otherwise.
import * as fs from 'fs';
import * as path from 'path';
import { Reachability } from '../../src';

const DUMP = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'cli', 'dump', 'repo', 'cluster.yaml'), 'utf-8');

describe('Reachability.groupByWorkload', () => {
  const r = Reachability.fromYaml(DUMP);
  const pods = r.matrixOn(['3306', '8080', '9090'].map(Reachability.parsePort));
  const byWorkload = r.groupByWorkload(pods);

  test('one row per workload whose pods answer alike; a workload whose pods differ keeps its pods', () => {
    expect(byWorkload.rows).toEqual(['monitoring/node-exporter', 'monitoring/prometheus', 'shop/api', 'shop/db-0', 'shop/db-1', 'shop/report', 'shop/web']);
    expect(byWorkload.groups.find((g) => g.name === 'shop/web')).toEqual({
      name: 'shop/web', workload: 'Deployment/web', endpoints: ['shop/web-7d9c8b5f64-8kz2q', 'shop/web-7d9c8b5f64-x4m7n'],
    });
    // CronJob -> Job -> Pod: the CronJob names the row.
    expect(byWorkload.groups.find((g) => g.name === 'shop/report')?.workload).toBe('CronJob/report');
    expect(byWorkload.split).toEqual([
      'shop/db (StatefulSet): its 2 pods differ, so each has its own row: shop/report-29412360-hz6wt -> shop/db-0 on 3306/TCP is denied, -> shop/db-1 is allowed',
    ]);
  });

  test('every cell is the answer of the pods it stands for', () => {
    const groups = byWorkload.groups;
    for (const [i, from] of groups.entries()) {
      for (const [j, to] of groups.entries()) {
        for (const [k, port] of byWorkload.ports.entries()) {
          const answers = new Set(from.endpoints.flatMap((a) => to.endpoints.filter((b) => a !== b || from.endpoints.length === 1)
            .map((b) => pods.allows(a, b, Reachability.parsePort(port)))));
          expect([...answers]).toEqual([byWorkload.isAllowedAt(i, j, k)]);
        }
      }
    }
  });

  test('a row of several pods meets itself between two different pods (a pod can always reach itself)', () => {
    // api pods accept web only: one api pod cannot reach the other.
    expect(pods.allows('shop/api-6f4d9b7c85-2lqsd', 'shop/api-6f4d9b7c85-2lqsd', { port: 8080 })).toBe(true);
    expect(byWorkload.allows('shop/api', 'shop/api', { port: 8080 })).toBe(false);
    expect(byWorkload.allows('shop/web', 'shop/api', { port: 8080 })).toBe(true);
  });

  test('text and JSON name what each row stands for', () => {
    expect(byWorkload.toText()).toMatch(/\nrows by workload [^\n]*:\n {2}monitoring\/node-exporter: DaemonSet\/node-exporter, 2 pods: monitoring\/node-exporter-kq8vd, monitoring\/node-exporter-p2x7m\n/);
    expect(byWorkload.toText()).toMatch(/\nsplit:\n {2}shop\/db \(StatefulSet\): its 2 pods differ/);
    const json = byWorkload.toJson();
    expect(json.pods).toEqual(byWorkload.rows);
    expect(json.results).toHaveLength(7 * 7 * 3);
    expect(json.rows.map((row) => row.name)).toEqual(byWorkload.rows);
    expect(json.split).toEqual(byWorkload.split);
    expect(byWorkload.toHtml({ title: 'by workload' })).toMatch(/shop\/report/);
  });

  test('pods without owner, workloads without pods and external IPs keep their own rows; a clash of names gets the kind', () => {
    const owned = (kind: string, name: string) => [{ apiVersion: 'apps/v1', kind, name, uid: name, controller: true }];
    const more = Reachability.fromManifests([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'web' } } } } },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-abc', namespace: 'shop', ownerReferences: owned('Deployment', 'web') }, spec: { template: {} } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-abc-1', namespace: 'shop', labels: { app: 'web' }, ownerReferences: owned('ReplicaSet', 'web-abc') } },
      // Its ReplicaSet is not in the input: the ReplicaSet's name is all the pod says of its workload.
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'cache-9f8-1', namespace: 'shop', ownerReferences: owned('ReplicaSet', 'cache-9f8') } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'db' } } } } },
    ], { externalIps: ['203.0.113.5'] });
    const view = more.groupByWorkload(more.matrix());
    expect(view.rows).toEqual(['shop/cache-9f8', 'shop/db', 'shop/deployment/web', 'shop/web', '203.0.113.5']);
    expect(view.groups.find((g) => g.name === 'shop/deployment/web')).toEqual({ name: 'shop/deployment/web', workload: 'Deployment/web', endpoints: ['shop/web-abc-1'] });
    expect(view.groups.find((g) => g.name === 'shop/db')).toEqual({ name: 'shop/db', endpoints: ['shop/db'] });
  });

  describe('pods that differ only in what no policy reads', () => {
    const owned = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'db', controller: true }];
    const db = (i: number, ip: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `db-${i}`, namespace: 'shop', labels: { 'app': 'db', 'statefulset.kubernetes.io/pod-name': `db-${i}` }, ownerReferences: owned },
      status: { podIP: ip },
    });
    const client = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'shop', labels: { app: 'client' } } };
    const egressTo = (peer: object) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'client', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [peer] }] },
    });

    test('are one row, even when a selector names a label they differ in (their answers are compared)', () => {
      const sts = Reachability.fromManifests([db(0, '10.0.0.1'), db(1, '10.0.1.1'), client,
        egressTo({ podSelector: { matchLabels: { 'statefulset.kubernetes.io/pod-name': 'db-7' } } })]);
      expect(sts.groupByWorkload(sts.matrix()).rows).toEqual(['shop/client', 'shop/db']);
    });

    test('fails if pods that an ipBlock tells apart by their IPs are merged', () => {
      const sts = Reachability.fromManifests([db(0, '10.0.0.1'), db(1, '10.0.1.1'), client, egressTo({ ipBlock: { cidr: '10.0.0.0/24' } })]);
      const view = sts.groupByWorkload(sts.matrix());
      expect(view.rows).toEqual(['shop/client', 'shop/db-0', 'shop/db-1']);
      expect(view.split[0]).toMatch(/^shop\/db \(StatefulSet\): its 2 pods differ, so each has its own row: shop\/client -> shop\/db-0 on 1\/TCP is allowed, -> shop\/db-1 is denied$/);
    });
  });

  test('pods of a split workload that answer alike still share a row (named after its first pod, +N more)', () => {
    const rs = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-5d', uid: 'r', controller: true }];
    const api = (name: string, labels: object, port: number) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'shop', labels: { app: 'api', ...labels }, ownerReferences: rs },
      spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: port }] }] },
    });
    const rollout = Reachability.fromManifests([
      api('api-5d-a', {}, 8080), api('api-5d-b', {}, 8080), api('api-5d-c', { debug: 'on' }, 8080), api('api-5d-d', {}, 9999), api('api-5d-e', {}, 9999),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } } },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'api', namespace: 'shop' },
        spec: {
          podSelector: { matchLabels: { app: 'api' } },
          ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'debug', operator: 'DoesNotExist' }] } }], ports: [{ port: 'http' }] }],
        },
      },
    ]);
    const podMatrix = rollout.matrixOn([{ port: 8080 }, { port: 9999 }]);
    const view = rollout.groupByWorkload(podMatrix);
    expect(view.rows).toEqual(['shop/api-5d-a+1', 'shop/api-5d-c', 'shop/api-5d-d+1', 'shop/web']);
    expect(view.groups.map((g) => g.endpoints)).toEqual([['shop/api-5d-a', 'shop/api-5d-b'], ['shop/api-5d-c'], ['shop/api-5d-d', 'shop/api-5d-e'], ['shop/web']]);
    expect(view.split).toEqual([expect.stringMatching(/^shop\/api-5d \(ReplicaSet\): its 5 pods differ, so they have 3 rows, pods that answer alike sharing one: /)]);
    expect(view.toText()).toMatch(/\n {2}shop\/api-5d-d\+1: ReplicaSet\/api-5d, 2 pods: shop\/api-5d-d, shop\/api-5d-e\n/);
    // Every cell is the answer of every pair of pods it stands for (two different pods within a row).
    for (const [i, from] of view.groups.entries()) {
      for (const [j, to] of view.groups.entries()) {
        for (const [k, port] of view.ports.entries()) {
          const answers = new Set(from.endpoints.flatMap((a) => to.endpoints.filter((b) => a !== b || from.endpoints.length === 1)
            .map((b) => podMatrix.allows(a, b, Reachability.parsePort(port)))));
          expect([...answers]).toEqual([view.isAllowedAt(i, j, k)]);
        }
      }
    }
  });

  test('fails if the matrix is of another Reachability', () => {
    const other = Reachability.fromManifests([]);
    expect(() => r.groupByWorkload(other.matrix())).toThrow(/the matrix is not one of this Reachability/);
  });
});
