// A kubectl dump end to end (issue 10, "Done when"): `kubectl get ns,pods,deploy,rs,sts,ds,job,cronjob,svc,netpol
// -A -o yaml` of a cluster, alone or in a repository beside a Helm chart, a README and a JSON config, gives
// exactly the pod-level answers of the same objects written minimally, with no extra endpoints.
import { netpol } from './_run';

const DUMP = 'dump/repo/cluster.yaml';
const REPO = 'dump/repo';
const MINIMAL = 'dump/minimal.yaml';
const HELM_WARNING = 'netpol matrix: warning: skipping the Helm chart dump/repo/chart: its templates are not manifests until Helm renders them; '
  + 'check what it deploys with `helm template dump/repo/chart | netpol validate -`\n';

/** The pods of the dump: workloads are represented by their pods (no Deployment, ReplicaSet, Job... of its own). */
const PODS = [
  'monitoring/node-exporter-kq8vd',
  'monitoring/node-exporter-p2x7m',
  'monitoring/prometheus-84c9d6f7b-t9wzr',
  'shop/api-6f4d9b7c85-2lqsd',
  'shop/api-6f4d9b7c85-vbn5c',
  'shop/db-0',
  'shop/db-1',
  'shop/report-29412360-hz6wt',
  'shop/web-7d9c8b5f64-8kz2q',
  'shop/web-7d9c8b5f64-x4m7n',
];

function matrixJson(input: string) {
  const r = netpol(['matrix', input, '--format', 'json', '--external', '203.0.113.5']);
  expect(r.code).toBe(0);
  return { doc: JSON.parse(r.stdout), stderr: r.stderr };
}

describe('a kubectl dump', () => {
  const minimal = matrixJson(MINIMAL);

  test('the minimal twin has exactly the pods, and answers what its policies say', () => {
    expect(minimal.stderr).toBe('');
    expect(minimal.doc.pods).toEqual([...PODS, '203.0.113.5']);
    const answer = (from: string, to: string, port: string) =>
      minimal.doc.results.find((x: any) => x.from === from && x.to === to && x.port === port)?.allowed;
    expect(answer('shop/report-29412360-hz6wt', 'shop/db-1', '3306/TCP')).toBe(true);
    expect(answer('shop/report-29412360-hz6wt', 'shop/db-0', '3306/TCP')).toBe(false);
    expect(answer('203.0.113.5', 'shop/web-7d9c8b5f64-x4m7n', '8080/TCP')).toBe(true);
    expect(answer('monitoring/prometheus-84c9d6f7b-t9wzr', 'shop/api-6f4d9b7c85-vbn5c', '9090/TCP')).toBe(true);
  });

  test.each([
    ['alone', DUMP, ''],
    ['in a directory beside a Helm chart, a README and a JSON config', REPO, HELM_WARNING],
  ])('%s gives exactly the matrix of the minimal twin, with no extra endpoints', (_, input, warning) => {
    const dump = matrixJson(input);
    expect(dump.stderr).toBe(warning);
    expect(dump.doc.pods).toEqual(minimal.doc.pods);
    expect(dump.doc).toEqual(minimal.doc);
  });

  const QUESTIONS: string[][] = [
    ['--from', 'shop/web-7d9c8b5f64-8kz2q', '--to', 'shop/api-6f4d9b7c85-2lqsd', '--port', '8080'],
    ['--from', 'shop/report-29412360-hz6wt', '--to', 'shop/db-0', '--port', '3306', '--explain'],
    ['--from', 'monitoring/prometheus-84c9d6f7b-t9wzr', '--to', 'monitoring/node-exporter-kq8vd', '--port', '9100'],
    ['--from', 'monitoring/prometheus-84c9d6f7b-t9wzr', '--to', 'shop/db-1', '--port', '53/UDP'],
    ['--from', '203.0.113.5', '--to', 'shop/web-7d9c8b5f64-x4m7n', '--port', '8080'],
    ['--from', 'shop/web-7d9c8b5f64-8kz2q', '--to', 'svc/shop/api:http'],
    ['--from', 'shop/report-29412360-hz6wt', '--to', 'svc/shop/db:mysql', '--explain'],
    ['--from', 'monitoring/prometheus-84c9d6f7b-t9wzr', '--to', 'svc/shop/api:metrics'],
    ['--from', 'shop/api-6f4d9b7c85-2lqsd', '--to', 'svc/monitoring/prometheus:9090'],
  ];

  test.each(QUESTIONS)('netpol check %s %s %s %s %s %s answers the same on the dump, in the directory and minimally', (...args: string[]) => {
    const want = netpol(['check', MINIMAL, ...args]);
    expect(want.stderr).toBe('');
    expect([0, 1]).toContain(want.code);
    for (const input of [DUMP, REPO]) {
      const got = netpol(['check', input, ...args]);
      expect({ code: got.code, stdout: got.stdout }).toEqual({ code: want.code, stdout: want.stdout });
    }
  });

  test('--group workload gives the same view of the dump and of the minimal twin (whose pods name their owners)', () => {
    const dump = netpol(['matrix', DUMP, '--group', 'workload', '--format', 'json']);
    expect(dump.code).toBe(0);
    const doc = JSON.parse(dump.stdout);
    expect(doc.pods).toEqual(['monitoring/node-exporter', 'monitoring/prometheus', 'shop/api', 'shop/db-0', 'shop/db-1', 'shop/report', 'shop/web']);
    // The minimal twin says nothing of owners: one row per pod, and the same pod-level answers underneath.
    const flat = JSON.parse(netpol(['matrix', MINIMAL, '--group', 'workload', '--format', 'json']).stdout);
    expect(flat.pods).toEqual(PODS);
  });

  test('validate reads the dump (server fields, status: {}) and skips the chart with one warning', () => {
    const r = netpol(['validate', REPO]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^netpol validate: warning: skipping the Helm chart dump\/repo\/chart: /);
    expect(r.stderr).toMatch(/\nnetpol validate: 7 NetworkPolicies in 2 files: 0 invalid, 0 errors, 3 warnings\n$/);
    expect(r.stdout).not.toMatch(/unknown field|error/);
  });
});

describe('names of a dump that are not pods', () => {
  test('a workload represented by its pods, or its Service, is suggested for its name', () => {
    const r = netpol(['check', DUMP, '--from', 'shop/web', '--to', 'shop/api-6f4d9b7c85-2lqsd', '--port', '8080']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'netpol check: unknown pod "shop/web": no pod by that name; did you mean a pod of Deployment shop/web '
        + '(shop/web-7d9c8b5f64-8kz2q, shop/web-7d9c8b5f64-x4m7n), or the Service svc/shop/web:PORT?\n',
    });
    const bare = netpol(['check', DUMP, '--from', 'shop/web-7d9c8b5f64-8kz2q', '--to', 'report', '--port', '80']);
    expect(bare.stderr).toBe('netpol check: unknown pod "report": no pod by that name; did you mean a pod of CronJob shop/report (shop/report-29412360-hz6wt)?\n');
  });
});

describe('pods of a live cluster in every phase (dump/lifecycle.yaml)', () => {
  const LIFECYCLE = 'dump/lifecycle.yaml';
  const FINISHED = 'warning: 2 pods have finished (status.phase Succeeded or Failed) and are left out';
  const HOST = 'warning: 1 pod uses the node\'s network (spec.hostNetwork: true)';

  test('finished pods are no endpoints; a Deployment without its ReplicaSets in the dump is its pods; both warnings on stderr', () => {
    const r = netpol(['matrix', LIFECYCLE, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).pods).toEqual(['monitoring/node-exporter-kq8vd', 'shop/api-6f4d9-live', 'shop/api-6f4d9-pending']);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(`netpol matrix: ${FINISHED}`);
    expect(lines[0]).toMatch(/\(shop\/api-6f4d9-evicted, shop\/report-29412360-hz6wt\)$/);
    expect(lines[1]).toMatch(`netpol matrix: ${HOST}`);
    expect(lines[1]).toMatch(/\(monitoring\/node-exporter-kq8vd\)$/);
  });

  test('--group workload: the Deployment is one row of its live pods', () => {
    const r = netpol(['matrix', LIFECYCLE, '--format', 'json', '--group', 'workload', '--ports', '8080']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows).toEqual([
      { name: 'monitoring/node-exporter', workload: 'DaemonSet/node-exporter', endpoints: ['monitoring/node-exporter-kq8vd'] },
      { name: 'shop/api', workload: 'Deployment/api', endpoints: ['shop/api-6f4d9-live', 'shop/api-6f4d9-pending'] },
    ]);
  });

  test('a Service sends nothing to a finished pod; a finished pod is named as such, as source or destination (exit 2)', () => {
    const svc = netpol(['check', LIFECYCLE, '--from', 'monitoring/node-exporter-kq8vd', '--to', 'svc/shop/api:http']);
    expect(svc.code).toBe(0);
    expect(svc.stdout.split('\n')[0]).toBe('ALLOW monitoring/node-exporter-kq8vd -> svc/shop/api:80/TCP (http): all 2 pods allow it (shop/api-6f4d9-live, shop/api-6f4d9-pending)');
    const done = netpol(['check', LIFECYCLE, '--from', 'shop/report-29412360-hz6wt', '--to', 'shop/api-6f4d9-live', '--port', '8080']);
    expect(done.code).toBe(2);
    expect(done.stderr).toMatch(/netpol check: pod shop\/report-29412360-hz6wt has finished \(status\.phase Succeeded\), so it sends and receives nothing and is left out of the analysis; ask about a running pod\n$/);
    const evicted = netpol(['check', LIFECYCLE, '--from', 'shop/api-6f4d9-live', '--to', 'shop/api-6f4d9-evicted', '--port', '8080']);
    expect(evicted.code).toBe(2);
    expect(evicted.stderr).toMatch(/netpol check: pod shop\/api-6f4d9-evicted has finished \(status\.phase Failed\)/);
  });
});
