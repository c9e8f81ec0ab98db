// Workloads of cdk8s-plus-28 and cdk8s-plus-34 work alike: as a policy's pods (LabelSelector.fromPodSelector)
// and as peers (Peer.fromPodSelector). This file also type-checks: passing a cdk8s-plus-34 Deployment to our
// API compiles (it used to fail with TS2345 when the signatures named cdk8s-plus-28 types).
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Cron, Testing } from 'cdk8s';
import * as kplus28 from 'cdk8s-plus-28';
import * as kplus34 from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { Reachability } from '../../src/analysis';
import { NetworkPolicy } from '../../src/constructs/network-policy';
import { workloadOf } from '../../src/values/_kplus';
import { AllowFrom } from '../../src/values/fluent';
import { Peer } from '../../src/values/peer';
import { LabelSelector } from '../../src/values/selector';

const ADDRESS = 'cdk8s.io/metadata.addr';

// One table for both versions (their classes are alike but not assignable to each other: private fields);
// the test below without the cast shows that cdk8s-plus-34 types compile against our API.
type Plus = typeof kplus28;
const VERSIONS: Array<[string, Plus]> = [['cdk8s-plus-28', kplus28], ['cdk8s-plus-34', kplus34 as unknown as Plus]];

/** One workload of each kind, with the user's labels and ports, in namespace `shop`. */
function workloads(plus: Plus, scope: Construct): { [kind: string]: Construct } {
  const containers = [{ image: 'app', ports: [{ number: 8080, name: 'http' }, { number: 8125, name: 'statsd', protocol: plus.Protocol.UDP }] }];
  const props = (app: string) => ({ metadata: { namespace: 'shop' }, podMetadata: { labels: { app } }, containers });
  const service = new plus.Service(scope, 'Headless', { clusterIP: 'None', ports: [{ port: 80 }] });
  return {
    Deployment: new plus.Deployment(scope, 'Dep', props('dep')),
    StatefulSet: new plus.StatefulSet(scope, 'Sts', { ...props('sts'), service }),
    DaemonSet: new plus.DaemonSet(scope, 'Ds', props('ds')),
    Job: new plus.Job(scope, 'Job', props('job')),
    CronJob: new plus.CronJob(scope, 'Cron', { ...props('cron'), schedule: Cron.daily() }),
  };
}

describe.each(VERSIONS)('%s workloads', (_name, plus) => {
  test.each(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'])('a %s is selected by the labels the user gave its pods, in its namespace', (kind) => {
    const chart = Testing.chart();
    const workload = workloads(plus, chart)[kind];
    const app = { Deployment: 'dep', StatefulSet: 'sts', DaemonSet: 'ds', Job: 'job', CronJob: 'cron' }[kind]!;
    expect(LabelSelector.fromPodSelector(workload).toConfig()).toEqual({ matchLabels: { app } });
    expect(Peer.fromPodSelector(workload).toPeerConfig()).toEqual({
      podSelector: { matchLabels: { app } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
    });
    // The pods cdk8s-plus writes carry those labels, so the selector matches the real pods.
    const manifest = chart.toJson().find((o: any) => o.kind === kind);
    const template = kind === 'CronJob' ? manifest.spec.jobTemplate.spec.template : manifest.spec.template;
    expect(template.metadata.labels).toMatchObject({ app });
  });

  test.each(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'])('a %s gives its container ports with name and protocol', (kind) => {
    const chart = Testing.chart();
    const read = workloadOf(workloads(plus, chart)[kind], 'test()');
    expect(read.kind).toEqual(kind);
    expect(read.namespace).toEqual('shop');
    expect(read.ports.map((p) => [p.number, p.name, p.protocol])).toEqual([[8080, 'http', 'TCP'], [8125, 'statsd', 'UDP']]);
    expect(read.podLabels.get('app')).toBeDefined();
    expect(read.podLabels.get(ADDRESS)).toBeDefined();
  });

  test('the workload\'s own selector wins over its template labels; cdk8s.io/metadata.addr is dropped from it', () => {
    const chart = Testing.chart();
    const dep = new plus.Deployment(chart, 'Dep', { podMetadata: { labels: { app: 'web', version: 'v2' } }, containers: [{ image: 'web' }] });
    dep.select(plus.LabelSelector.of({ labels: { app: 'web' } }));
    expect(LabelSelector.fromPodSelector(dep).toConfig()).toEqual({ matchLabels: { app: 'web' } });
    expect(workloadOf(dep, 'test()').selection.labelSource).toEqual('selector');
  });

  test('a workload without labels of the user\'s is selected by cdk8s.io/metadata.addr, as cdk8s-plus does', () => {
    const chart = Testing.chart();
    const dep = new plus.Deployment(chart, 'Dep', { containers: [{ image: 'web' }] });
    expect(LabelSelector.fromPodSelector(dep).toConfig()).toEqual({ matchLabels: { [ADDRESS]: dep.matchLabels[ADDRESS] } });
  });

  test('a Pod and Pods.select are read as they select', () => {
    const chart = Testing.chart();
    const pod = new plus.Pod(chart, 'Pod', { metadata: { namespace: 'shop', labels: { app: 'solo' } }, containers: [{ image: 'x', portNumber: 80 }] });
    expect(Peer.fromPodSelector(pod).toPeerConfig().podSelector).toEqual({ matchLabels: { app: 'solo' } });
    expect(workloadOf(pod, 'test()').ports).toEqual([{ number: 80, protocol: 'TCP', container: expect.any(String) }]);
    const pods = plus.Pods.select(chart, 'Web', { labels: { app: 'web' }, namespaces: plus.Namespaces.select(chart, 'Ns', { names: ['front'] }) });
    expect(Peer.fromPodSelector(pods).toPeerConfig()).toEqual({
      podSelector: { matchLabels: { app: 'web' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'front' } },
    });
  });

  test('workloads as targets and peers: the policy allows exactly what it says', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const all = workloads(plus, chart);
    new NetworkPolicy(chart, 'DepIn', {
      podSelector: LabelSelector.fromPodSelector(all.Deployment),
      ingress: [AllowFrom(Peer.fromPodSelector(all.Job), Peer.fromPodSelector(all.CronJob)).toPort(8080)],
    });
    const r = Reachability.fromChart(chart);
    const name = (c: Construct) => Reachability.nameOf(c);
    expect(r.check(name(all.Job), name(all.Deployment), { port: 8080 }).allowed).toBe(true);
    expect(r.check(name(all.CronJob), name(all.Deployment), { port: 8080 }).allowed).toBe(true);
    expect(r.check(name(all.DaemonSet), name(all.Deployment), { port: 8080 }).allowed).toBe(false);
    expect(r.check(name(all.Job), name(all.Deployment), { port: 8081 }).allowed).toBe(false);
  });

  test('fails if given a Service, explaining that policies match pod ports (the targetPort)', () => {
    const chart = Testing.chart();
    const service = new plus.Service(chart, 'Api', { selector: plus.Pods.select(chart, 'P', { labels: { app: 'api' } }), ports: [{ port: 80, targetPort: 8080 }] });
    expect(() => Peer.fromPodSelector(service)).toThrow(/test\/Api is a Service, and NetworkPolicies never see Services.*use the targetPort \(the container port\), not the Service port/);
    expect(() => workloadOf(service, 'ConnectionGraph.member()')).toThrow(/ConnectionGraph\.member\(\): test\/Api is a Service/);
  });

  test('fails if given a construct that is not a workload, naming it', () => {
    const chart = Testing.chart();
    expect(() => workloadOf(plus.Pods.select(chart, 'P', { labels: { app: 'a' } }), 'test()')).toThrow(/test\(\) needs a cdk8s-plus workload or Pod .* got test\/P/);
    expect(() => Peer.fromPodSelector(new Construct(chart, 'Plain'))).toThrow(/needs a cdk8s-plus pod selector .* of any cdk8s-plus 2\.x/);
  });
});

test('cdk8s-plus-34 types compile against the API (no TS2345), for pods and peers', () => {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
  const db = new kplus34.StatefulSet(chart, 'Db', {
    podMetadata: { labels: { app: 'db' } },
    containers: [{ image: 'pg', ports: [{ number: 5432, name: 'pg' }] }],
    service: new kplus34.Service(chart, 'DbService', { clusterIP: 'None', ports: [{ port: 5432 }] }),
  });
  const api: kplus34.IPodSelector = new kplus34.Deployment(chart, 'Api', { podMetadata: { labels: { app: 'api' } }, containers: [{ image: 'api' }] });
  const policy = new NetworkPolicy(chart, 'DbIn', { podSelector: LabelSelector.fromPodSelector(db), ingress: [AllowFrom(Peer.fromPodSelector(api)).toPort(5432)] });
  expect(policy._toKube()).toEqual({
    podSelector: { matchLabels: { app: 'db' } },
    ingress: [{
      from: [{ podSelector: { matchLabels: { app: 'api' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    }],
    policyTypes: ['Ingress'],
  });
});

describe('the cdk8s-plus adapter loads no cdk8s-plus', () => {
  test('no file of src/ imports cdk8s-plus at run time (type imports only)', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts') && /^\s*import(?!\s+type)[^;]*from\s+'cdk8s-plus[^']*'|require\('cdk8s-plus/m.test(fs.readFileSync(full, 'utf8'))) offenders.push(full);
      }
    };
    walk(path.join(__dirname, '..', '..', 'src'));
    expect(offenders).toEqual([]);
  });
});
