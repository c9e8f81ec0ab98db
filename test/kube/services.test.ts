// Services and pod owners in the decoded snapshot: what `checkService()` and `--group workload` read.
import { Snapshot } from '../../src/kube/snapshot';
import { decodeManifests } from '../../src/validation/decode';

function decode(...manifests: unknown[]): Snapshot {
  return decodeManifests(manifests.map((manifest, i) => ({ manifest, where: `m${i + 1}` })));
}

describe('Services in the snapshot', () => {
  test('decodes name, namespace, type, selector and ports (targetPort a number or a name, defaulting to port; protocol TCP)', () => {
    const s = decode({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'shop' },
      spec: {
        type: 'NodePort',
        selector: { app: 'api' },
        ports: [{ name: 'http', port: 80, targetPort: 'http' }, { port: 53, protocol: 'UDP' }, { name: 'admin', port: 81, targetPort: 8081, nodePort: 30081 }],
      },
    });
    expect(s.services).toHaveLength(1);
    const svc = s.services[0];
    expect({ ...svc, selector: { ...svc.selector } }).toEqual({
      input: 0,
      where: 'm1',
      namespace: 'shop',
      name: 'api',
      type: 'NodePort',
      selector: { app: 'api' },
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
        { port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'admin', port: 81, protocol: 'TCP', targetPort: 8081 },
      ],
    });
    expect(Object.isFrozen(svc)).toBe(true);
  });

  test('a Service without selector, or with an empty one, has no selector; default namespace and ClusterIP', () => {
    const s = decode(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual' }, spec: { ports: [{ port: 5432 }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'empty', namespace: 'shop' }, spec: { selector: {} } },
      { kind: 'Service', metadata: { name: 'alias', namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } },
    );
    expect(s.services.map((x) => [x.namespace, x.name, x.type, x.selector, x.externalName])).toEqual([
      ['default', 'manual', 'ClusterIP', undefined, undefined],
      ['shop', 'empty', 'ClusterIP', undefined, undefined],
      ['shop', 'alias', 'ExternalName', undefined, 'db.example.com'],
    ]);
  });

  test('fails if a Knative Service or a Service inside a List is misread', () => {
    const s = decode(
      { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'kn', namespace: 'shop' }, spec: { template: {} } },
      { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'listed', namespace: 'shop' }, spec: { selector: { app: 'x' } } }] },
      { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'shop' } },
    );
    expect(s.services.map((x) => `${x.name} ${x.where}`)).toEqual(['listed m2.items[0]']);
    expect(s.broken).toEqual([{ where: 'm3', message: 'a Service without metadata.name' }]);
  });
});

describe('the workload of each pod', () => {
  const ref = (kind: string, name: string, controller = true) => ({ apiVersion: 'apps/v1', kind, name, uid: name, controller });
  const pod = (name: string, ...owners: object[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', ownerReferences: owners } });
  const workload = (kind: string, name: string, ...owners: object[]) => ({ apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'shop', ownerReferences: owners }, spec: { template: {} } });

  test('is the top of the controller chain the input holds: Pod -> ReplicaSet -> Deployment, Job -> CronJob', () => {
    const s = decode(
      workload('Deployment', 'web'),
      workload('ReplicaSet', 'web-6d4f', ref('Deployment', 'web')),
      pod('web-6d4f-a', ref('ReplicaSet', 'web-6d4f')),
      workload('CronJob', 'report'),
      workload('Job', 'report-1', ref('CronJob', 'report')),
      pod('report-1-x', ref('Job', 'report-1')),
      // Its ReplicaSet is not in the input: the pod's own controller names its workload.
      pod('cache-9f-1', ref('ReplicaSet', 'cache-9f')),
      // The controller reference counts, not the first one.
      pod('db-0', ref('ConfigMap', 'x', false), ref('StatefulSet', 'db')),
      pod('bare'),
    );
    expect(s.workloads.map((w) => [w.name, w.workload])).toEqual([
      ['web-6d4f-a', 'Deployment/web'],
      ['report-1-x', 'CronJob/report'],
      ['cache-9f-1', 'ReplicaSet/cache-9f'],
      ['db-0', 'StatefulSet/db'],
      ['bare', undefined],
    ]);
  });

  test('fails if a cycle of owners hangs the decoder', () => {
    const s = decode(workload('ReplicaSet', 'a', ref('ReplicaSet', 'b')), workload('ReplicaSet', 'b', ref('ReplicaSet', 'a')), pod('p', ref('ReplicaSet', 'a')));
    expect(s.workloads.map((w) => w.name)).toEqual(['p']);
    expect(['ReplicaSet/a', 'ReplicaSet/b']).toContain(s.workloads[0].workload);
  });
});
