import { App, Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { policy } from './_fixtures';
import { AllowFrom, LabelSelector, NetworkPolicy, Peer, PolicyType, Port, Protocol, Reachability } from '../../src';
import { validateNetworkPolicy } from '../../src/validation/network-policy';

const pod = (namespace: string, name: string, labels: { [k: string]: string } = {}, extra: any = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, ...extra,
});

/** api -> db on 5432 is allowed by an ingress policy on db; web is denied. */
function shop(): any[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'shop' } } },
    pod('shop', 'api', { app: 'api' }),
    pod('shop', 'web', { app: 'web' }),
    pod('shop', 'db', { app: 'db' }, { spec: { containers: [{ name: 'pg', ports: [{ containerPort: 5432, name: 'pg' }] }] } }),
    policy('shop', 'db-ingress', {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: { app: 'batch' } } }] },
        { from: [{ ipBlock: { cidr: '192.0.2.0/24' } }, { podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 80 }, { port: 'pg' }] },
      ],
    }),
  ];
}

describe('Reachability', () => {
  describe('loading', () => {
    test('gives every declared namespace its kubernetes.io/metadata.name label, overriding a wrong value', () => {
      const r = Reachability.fromManifests([
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', labels: { 'kubernetes.io/metadata.name': 'wrong' } } },
        pod('a', 'p'),
        pod('b', 'q'),
        policy('b', 'from-a', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } }] }] }),
      ]);
      expect(r.check('a/p', 'b/q', { port: 80 }).allowed).toBe(true);
    });

    test('creates namespaces that pods and policies use without declaring them', () => {
      const r = Reachability.fromManifests([pod('apps', 'p'), policy('locked', 'deny', { podSelector: {} })]);
      expect(r.namespaces).toEqual(['apps', 'locked']);
    });

    test('puts objects without a namespace in default', () => {
      const r = Reachability.fromManifests([{ kind: 'Pod', metadata: { name: 'p' } }, policy(undefined as any, 'deny', { podSelector: {} })]);
      expect(r.pods).toEqual(['default/p']);
      expect(r.policies).toEqual(['default/deny']);
      expect(r.namespaces).toEqual(['default']);
    });

    test('reads one representative pod per workload, named like the workload, with its template labels and ports', () => {
      const template = (app: string) => ({ metadata: { labels: { app } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 8080, name: 'http' }] }] } });
      const r = Reachability.fromManifests([
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'w' }, spec: { replicas: 3, template: template('d') } },
        { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'w' }, spec: { template: template('s') } },
        { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'w' }, spec: { template: template('ds') } },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'w' }, spec: { template: template('rs') } },
        { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'w' }, spec: { template: template('j') } },
        { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj', namespace: 'w' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: template('cj') } } } },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'w' }, spec: { selector: { app: 'd' } } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'w' } },
        policy('w', 'cron-only-on-http', { podSelector: { matchLabels: { app: 'd' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'cj' } } }], ports: [{ port: 'http' }] }] }),
      ]);
      expect(r.pods).toEqual(['w/cj', 'w/d', 'w/ds', 'w/j', 'w/rs', 'w/s']);
      expect(r.check('w/cj', 'w/d', { port: 8080 }).allowed).toBe(true);
      expect(r.check('w/j', 'w/d', { port: 8080 }).allowed).toBe(false);
      expect(r.check('w/cj', 'w/d', { port: 8081 }).allowed).toBe(false);
    });

    test('reads the items of a List', () => {
      const r = Reachability.fromManifests([{ apiVersion: 'v1', kind: 'List', items: [pod('n', 'a'), pod('n', 'b')] }]);
      expect(r.pods).toEqual(['n/a', 'n/b']);
    });

    test('reads pod IPs from status.podIP and status.podIPs', () => {
      const r = Reachability.fromManifests([
        pod('n', 'dual', {}, { status: { podIP: '10.1.0.5', podIPs: [{ ip: '10.1.0.5' }, { ip: 'fd00::5' }] } }),
        pod('n', 'target'),
        policy('n', 'v6-only', { podSelector: { matchLabels: {} }, ingress: [{ from: [{ ipBlock: { cidr: 'fd00::/64' } }] }] }),
      ]);
      expect(r.check('n/dual', 'n/target', { port: 80 }).allowed).toBe(true);
      expect(r.check('fd00::9', 'n/target', { port: 80 }).allowed).toBe(true);
      expect(r.check('10.1.0.9', 'n/target', { port: 80 }).allowed).toBe(false);
    });

    test('adds hand-written pods and external IPs from the options', () => {
      const r = Reachability.fromManifests(shop(), {
        pods: [{ name: 'batch', namespace: 'shop', labels: { app: 'batch' }, ports: [{ port: 9000, name: 'jobs', protocol: Protocol.UDP }], ips: ['10.0.0.9'] }],
        externalIps: ['192.0.2.10', '2001:DB8::1'],
      });
      expect(r.pods).toEqual(['shop/api', 'shop/batch', 'shop/db', 'shop/web']);
      expect(r.externalIps).toEqual(['192.0.2.10', '2001:db8::1']);
      expect(r.endpoints).toEqual(['shop/api', 'shop/batch', 'shop/db', 'shop/web', '192.0.2.10', '2001:db8::1']);
      expect(r.check('shop/batch', 'shop/db', { port: 1234, protocol: Protocol.UDP }).allowed).toBe(true);
    });

    test('an external IP that a pod has is that pod, with a warning, not a second endpoint', () => {
      const r = Reachability.fromManifests(shop(), {
        pods: [{ name: 'batch', namespace: 'shop', labels: { app: 'batch' }, ips: ['10.0.0.9'] }],
        externalIps: ['10.0.0.9', '192.0.2.10'],
      });
      expect(r.endpoints).toEqual(['shop/api', 'shop/batch', 'shop/db', 'shop/web', '192.0.2.10']);
      expect(r.warnings).toEqual(['external IP 10.0.0.9 is the IP of pod shop/batch: it is analysed as that pod, not as a second endpoint']);
      expect(r.check('10.0.0.9', 'shop/db', { port: 1234 }).allowed).toBe(r.check('shop/batch', 'shop/db', { port: 1234 }).allowed);
    });

    test('parses multi-document YAML, skipping empty documents', () => {
      const text = `${Yaml.stringify(...shop())}\n---\n`;
      const r = Reachability.fromYaml(text);
      expect(r.pods).toEqual(['shop/api', 'shop/db', 'shop/web']);
      expect(r.check('shop/api', 'shop/db', { port: 5432 }).allowed).toBe(true);
    });

    test('fails if the YAML cannot be parsed, naming the document and line', () => {
      expect(() => Reachability.parseYaml('kind: Pod\n---\nmetadata: [unclosed\n', 'app.yaml')).toThrow(/^app\.yaml: cannot parse document 2 line \d+/);
    });

    test('fails if a NetworkPolicy is invalid, listing every problem with the validator message', () => {
      const bad = policy('shop', 'bad', {
        podSelector: { matchExpressions: [{ key: 'app', operator: 'in', values: ['db'] }] },
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }],
      });
      const problems = validateNetworkPolicy(bad);
      expect(problems.map((p) => p.path)).toEqual(['spec.podSelector.matchExpressions[0].operator', 'spec.ingress[0].from[0].ipBlock.cidr']);
      const lines = problems.map((p) => `  shop/bad: ${p.path}: ${p.message}`);
      expect(() => Reachability.fromManifests([pod('shop', 'db'), bad])).toThrow(
        `invalid NetworkPolicy (it fails validation, so it cannot be analysed):\n${lines.join('\n')}`,
      );
    });

    test('fails if two pods have the same namespace and name', () => {
      const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'shop' }, spec: { template: {} } };
      expect(() => Reachability.fromManifests([pod('shop', 'api'), deployment])).toThrow('two pods are called "shop/api" (Pod and Deployment): give them different names or namespaces');
    });

    test('fails if an external endpoint is not an IP address', () => {
      expect(() => Reachability.fromManifests([], { externalIps: ['10.0.0.0/8'] })).toThrow('external endpoint: "10.0.0.0/8" is not a valid IP address (give a single address, not a CIDR)');
    });

    test('fails if a manifest is not an object', () => {
      expect(() => Reachability.fromManifests(['kind: Pod'])).toThrow('manifests[0]: expected a Kubernetes object, not "kind: Pod"');
    });
  });

  describe('cdk8s charts', () => {
    test('reads cdk8s-plus workloads and namespaces from a chart, and names them with nameOf()', () => {
      const chart = Testing.chart();
      new kplus.Namespace(chart, 'Ns', { metadata: { name: 'shop', labels: { team: 'shop' } } });
      const api = new kplus.Deployment(chart, 'Api', { metadata: { namespace: 'shop' }, containers: [{ image: 'api', portNumber: 8080 }] });
      const db = new kplus.StatefulSet(chart, 'Db', {
        metadata: { namespace: 'shop' },
        containers: [{ image: 'pg', ports: [{ number: 5432, name: 'pg' }] }],
        service: new kplus.Service(chart, 'DbService', { metadata: { namespace: 'shop' }, ports: [{ port: 5432 }] }),
      });
      new NetworkPolicy(chart, 'DbIn', {
        metadata: { namespace: 'shop' },
        podSelector: LabelSelector.matchLabels({ 'cdk8s.io/metadata.addr': db.matchLabels['cdk8s.io/metadata.addr'] }),
        ingress: [AllowFrom(Peer.workload(api)).toPorts(Port.named('pg'))],
      });
      const r = Reachability.fromChart(chart);
      expect(Reachability.nameOf(api)).toMatch(/^shop\/test-api-c8[0-9a-f]+$/);
      expect(r.pods).toEqual([Reachability.nameOf(api), Reachability.nameOf(db)].sort());
      expect(r.check(Reachability.nameOf(api), Reachability.nameOf(db), { port: 5432 }).allowed).toBe(true);
      expect(r.check(Reachability.nameOf(api), Reachability.nameOf(db), { port: 5433 }).allowed).toBe(false);
      expect(r.check(Reachability.nameOf(db), Reachability.nameOf(api), { port: 8080 }).allowed).toBe(true);
    });

    test('reads every chart of an app', () => {
      const app = new App();
      const one = new Chart(app, 'one', { namespace: 'one' });
      const two = new Chart(app, 'two', { namespace: 'two' });
      new kplus.Pod(one, 'P', { metadata: { name: 'p' }, containers: [{ image: 'x' }] });
      new kplus.Pod(two, 'Q', { metadata: { name: 'q' }, containers: [{ image: 'x' }] });
      new NetworkPolicy(two, 'Deny', { podSelector: LabelSelector.all(), policyTypes: [PolicyType.INGRESS] });
      const r = Reachability.fromApp(app);
      expect(r.pods).toEqual(['one/p', 'two/q']);
      expect(r.check('one/p', 'two/q', { port: 80 }).allowed).toBe(false);
      expect(r.check('two/q', 'one/p', { port: 80 }).allowed).toBe(true);
    });
  });

  describe('check()', () => {
    test('explains an allowed connection: both sides and the rule, peer and port that allowed it', () => {
      const verdict = Reachability.fromManifests(shop()).check('shop/api', 'shop/db', { port: 5432 });
      expect(verdict).toMatchObject({ allowed: true, source: 'shop/api', destination: 'shop/db', port: 5432, protocol: Protocol.TCP });
      expect(verdict.egress).toEqual({
        direction: PolicyType.EGRESS,
        allowed: true,
        isolated: false,
        selectingPolicies: [],
        isolatingPolicies: [],
        matchedRules: [],
        reason: 'no policy selects shop/api, so its egress is not isolated: allowed',
      });
      expect(verdict.ingress.matchedRules).toEqual([{
        policyNamespace: 'shop',
        policyName: 'db-ingress',
        direction: PolicyType.INGRESS,
        ruleIndex: 1,
        peerIndex: 1,
        portIndex: 1,
        description: 'shop/db-ingress ingress[1] from[1] ports[1]',
      }]);
      expect(verdict.explanation).toEqual([
        'ALLOW shop/api -> shop/db on 5432/TCP',
        '  egress of the source shop/api:',
        '    no policy selects shop/api, so its egress is not isolated: allowed',
        '  ingress of the destination shop/db:',
        '    shop/db is isolated for ingress by shop/db-ingress; allowed by shop/db-ingress ingress[1] from[1] ports[1]',
      ].join('\n'));
    });

    test('explains a denied connection rule by rule: which peer and which port did not match', () => {
      const verdict = Reachability.fromManifests(shop()).check('shop/web', 'shop/db', { port: 5432 });
      expect(verdict.allowed).toBe(false);
      expect(verdict.ingress.isolated).toBe(true);
      expect(verdict.ingress.isolatingPolicies).toEqual(['shop/db-ingress']);
      expect(verdict.explanation).toEqual([
        'DENY shop/web -> shop/db on 5432/TCP: blocked by the ingress of shop/db',
        '  egress of the source shop/web:',
        '    no policy selects shop/web, so its egress is not isolated: allowed',
        '  ingress of the destination shop/db:',
        '    shop/db is isolated for ingress by shop/db-ingress; no rule allows it:',
        '    - shop/db-ingress ingress[0]: no from entry matches shop/web: from[0] podSelector {app=batch} does not match shop/web {app=web}',
        '    - shop/db-ingress ingress[1]: no from entry matches shop/web: from[0] ipBlock 192.0.2.0/24: shop/web has no known IP; from[1] podSelector {app=api} does not match shop/web {app=web}',
      ].join('\n'));
    });

    test('explains a port miss, showing how a named port resolved on the destination', () => {
      const verdict = Reachability.fromManifests(shop()).check('shop/api', 'shop/db', { port: 22 });
      expect(verdict.ingress.reason).toContain('shop/db-ingress ingress[1]: no port matches 22/TCP: the rule allows TCP 80, TCP pg (= 5432 on shop/db)');
    });

    test('lists policies that select a pod without isolating the direction', () => {
      const r = Reachability.fromManifests([...shop(), policy('shop', 'db-egress', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Egress'] })]);
      const verdict = r.check('shop/api', 'shop/db', { port: 5432 });
      expect(verdict.ingress.selectingPolicies).toEqual(['shop/db-ingress', 'shop/db-egress']);
      expect(verdict.ingress.isolatingPolicies).toEqual(['shop/db-ingress']);
      const out = r.check('shop/db', 'shop/api', { port: 80 });
      expect(out.allowed).toBe(false);
      expect(out.egress.reason).toBe('shop/db is isolated for egress by shop/db-egress; no rule allows it:\n- shop/db-egress: no egress rules, it allows nothing');
    });

    test('says when policyTypes defaulting made a policy deny ingress', () => {
      const r = Reachability.fromManifests([pod('n', 'a'), pod('n', 'b'), policy('n', 'egress-only', { podSelector: {}, egress: [{}] })]);
      const verdict = r.check('n/a', 'n/b', { port: 80 });
      expect(verdict.allowed).toBe(false);
      expect(verdict.ingress.reason).toContain('n/egress-only: no ingress rules, it allows nothing (policyTypes omitted, so Kubernetes assumed Ingress)');
    });

    test('always allows a pod to reach itself, and says why', () => {
      const r = Reachability.fromManifests([pod('n', 'a'), policy('n', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })]);
      const verdict = r.check('n/a', 'n/a', { port: 80 });
      expect(verdict.allowed).toBe(true);
      expect(verdict.explanation).toBe('ALLOW n/a -> n/a on 80/TCP: a pod can always reach itself: NetworkPolicy does not apply to traffic from a pod to itself');
      expect(verdict.ingress.isolated).toBe(true);
    });

    test('checks only the pod side of traffic with an external IP', () => {
      const r = Reachability.fromManifests(shop());
      const inbound = r.check('192.0.2.7', 'shop/db', { port: 80 });
      expect(inbound.allowed).toBe(true);
      expect(inbound.egress.reason).toBe('192.0.2.7 is outside the cluster: no NetworkPolicy applies to its egress');
      expect(r.check('198.51.100.1', 'shop/db', { port: 80 }).allowed).toBe(false);
      expect(r.check('shop/db', '198.51.100.1', { port: 80 }).allowed).toBe(true);
    });

    test('analyses an ipBlock with host bits set (10.0.1.1/4, as the e2e suite writes it) as its network 0.0.0.0/4', () => {
      const r = Reachability.fromManifests([
        pod('shop', 'api', { app: 'api' }),
        policy('shop', 'e2e', {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [{ to: [{ ipBlock: { cidr: '10.0.1.1/4', except: ['10.0.1.1/24'] } }] }],
        }),
      ], { externalIps: ['15.255.255.254', '10.0.1.1', '10.0.1.200', '10.0.2.1', '16.0.0.1'] });
      expect(r.check('shop/api', '15.255.255.254', { port: 443 }).allowed).toBe(true);
      expect(r.check('shop/api', '10.0.2.1', { port: 443 }).allowed).toBe(true);
      expect(r.check('shop/api', '10.0.1.1', { port: 443 }).allowed).toBe(false);
      expect(r.check('shop/api', '10.0.1.200', { port: 443 }).allowed).toBe(false);
      expect(r.check('shop/api', '16.0.0.1', { port: 443 }).allowed).toBe(false);
    });

    test('treats an IP that belongs to a pod as that pod', () => {
      const r = Reachability.fromManifests([pod('n', 'a', {}, { status: { podIP: '10.0.0.1' } })]);
      expect(r.check('10.0.0.1', 'n/a', { port: 80 }).source).toBe('n/a');
    });

    test('accepts a bare pod name when it is unique', () => {
      expect(Reachability.fromManifests(shop()).check('api', 'db', { port: 5432 }).source).toBe('shop/api');
    });

    test('accepts the protocol in any case', () => {
      expect(Reachability.fromManifests(shop()).check('api', 'db', { port: 53, protocol: 'udp' as Protocol }).protocol).toBe(Protocol.UDP);
    });

    test('fails if a bare pod name is ambiguous', () => {
      const r = Reachability.fromManifests([pod('a', 'web'), pod('b', 'web')]);
      expect(() => r.check('web', 'a/web', { port: 80 })).toThrow('"web" is ambiguous: a/web, b/web: write namespace/name');
    });

    test('fails if a pod is unknown, suggesting the closest name', () => {
      expect(() => Reachability.fromManifests(shop()).check('shop/dB', 'shop/api', { port: 80 })).toThrow(
        'unknown pod "shop/dB": no pod, workload or IP by that name (did you mean shop/db?)',
      );
      expect(() => Reachability.fromManifests([]).check('x/y', '1.2.3.4', { port: 80 })).toThrow('(the manifests have no pods or workloads)');
    });

    test('fails if a pod is unknown, suggesting only the pod one typo away', () => {
      const r = Reachability.fromManifests(['api', 'web', 'db', 'cache', 'worker', 'metrics-exporter'].map((name) => pod('shop', name)));
      expect(() => r.check('shop/wbe', 'shop/api', { port: 80 })).toThrow(/^unknown pod "shop\/wbe": no pod, workload or IP by that name \(did you mean shop\/web\?\)$/);
      expect(() => r.check('wroker', 'shop/api', { port: 80 })).toThrow(/\(did you mean shop\/worker\?\)$/);
      expect(() => r.check('shpo/cache', 'shop/api', { port: 80 })).toThrow(/\(did you mean shop\/cache\?\)$/);
    });

    test('fails if a pod is unknown and nothing is close, listing known pods instead', () => {
      const r = Reachability.fromManifests(['api', 'web', 'db'].map((name) => pod('shop', name)));
      expect(() => r.check('shop/zookeeper', 'shop/api', { port: 80 })).toThrow(/\(known pods: shop\/api, shop\/db, shop\/web\)$/);
    });

    test('fails if the port or protocol is invalid', () => {
      const r = Reachability.fromManifests(shop());
      expect(() => r.check('api', 'db', { port: 0 })).toThrow('check(): port 0 is not a whole number between 1 and 65535');
      expect(() => r.check('api', 'db', { port: 80, protocol: 'ICMP' as Protocol })).toThrow('check(): unknown protocol "ICMP": use TCP, UDP or SCTP');
      expect(() => r.check('api', 'db', 80 as any)).toThrow("check(): expected a port such as { port: 80, protocol: Protocol.TCP }, not 80 (Reachability.parsePort reads '80/TCP')");
    });

    test('takes the port that parsePort() reads', () => {
      const r = Reachability.fromManifests(shop());
      expect(r.check('shop/api', 'shop/db', Reachability.parsePort('5432/TCP')).allowed).toBe(true);
      expect(r.check('shop/api', 'shop/db', Reachability.parsePort('5432/UDP')).allowed).toBe(false);
    });
  });

  describe('allowed() (deprecated)', () => {
    test('is check() with the port and protocol as two arguments', () => {
      const r = Reachability.fromManifests(shop());
      expect(r.allowed('shop/api', 'shop/db', 5432)).toEqual(r.check('shop/api', 'shop/db', { port: 5432 }));
      expect(r.allowed('shop/api', 'shop/db', 5432, Protocol.UDP)).toEqual(r.check('shop/api', 'shop/db', { port: 5432, protocol: Protocol.UDP }));
      expect(r.allowed('shop/api', 'shop/db', 5432, Protocol.UDP).allowed).toBe(false);
    });
  });

  describe('parsePort()', () => {
    test('reads number/protocol in any case, with TCP as the default', () => {
      expect(Reachability.parsePort('53/udp')).toEqual({ port: 53, protocol: Protocol.UDP, label: '53/UDP' });
      expect(Reachability.parsePort(' 8080 ')).toEqual({ port: 8080, protocol: Protocol.TCP, label: '8080/TCP' });
    });

    test('fails if the text is not a port', () => {
      expect(() => Reachability.parsePort('80/TCP/x')).toThrow('invalid port "80/TCP/x"');
    });
  });

  describe('defaultPorts()', () => {
    test('lists every port a policy mentions, resolves named ports, and adds one port nobody mentions', () => {
      const r = Reachability.fromManifests([
        pod('n', 'a', {}, { spec: { containers: [{ name: 'c', ports: [{ containerPort: 8443, name: 'https' }, { containerPort: 53, name: 'dns', protocol: 'UDP' }] }] } }),
        policy('n', 'p', {
          podSelector: {},
          ingress: [{ ports: [{ port: 80 }, { port: 1, endPort: 3 }, { port: 'https' }, { port: 'dns', protocol: 'UDP' }, { protocol: 'SCTP' }] }],
          egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] }],
        }),
      ]);
      expect(r.defaultPorts()).toEqual(['1/TCP', '1/SCTP', '4/TCP', '53/TCP', '53/UDP', '80/TCP', '8443/TCP']);
    });

    test('is one unmentioned port when no policy names a port', () => {
      expect(Reachability.fromManifests([pod('n', 'a')]).defaultPorts()).toEqual(['1/TCP']);
    });
  });
});

describe('Reachability and other NetworkPolicy kinds', () => {
  test('ignores NetworkPolicies of other API groups (Calico), which the core rules do not describe', () => {
    const model = Reachability.fromManifests([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } } },
      { apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name: 'calico', namespace: 'shop' }, spec: { selector: "app == 'web'", types: ['Ingress'] } },
    ]);
    expect(model.policies).toEqual([]);
    expect(model.check('shop/web', '10.0.0.1', { port: 80 }).allowed).toBe(true);
  });
});

describe('Reachability.defaultPorts with protocol-only entries', () => {
  test('shows a port of a protocol that a policy allows only as a whole', () => {
    const r = Reachability.fromManifests([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'x', labels: { pod: 'a' } } },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'sctp-only', namespace: 'x' },
        spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'SCTP' }, { protocol: 'TCP', port: 1 }] }] },
      },
    ]);
    expect(r.defaultPorts()).toEqual(['1/TCP', '1/SCTP', '2/TCP']);
  });
});

describe('Reachability and YAML the way the API server decodes it', () => {
  const yaml = (ports: string, labels: string) => `
apiVersion: v1
kind: Pod
metadata: { name: a, namespace: x, labels: { pod: a } }
spec: { containers: [{ name: c, ports: [{ containerPort: 80 }] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: b, namespace: x, labels: { pod: b, feature: "" } }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: p, namespace: x }
spec:
  podSelector: { matchLabels: { pod: a } }
  policyTypes: [Ingress]
  ingress:
    - from: [{ podSelector: { matchLabels: ${labels} } }]
      ports: ${ports}
`;

  test('a null port entry is an empty port: TCP, every port', () => {
    const r = Reachability.fromYaml(yaml('[null]', '{ pod: b }'));
    expect(r.check('x/b', 'x/a', { port: 80 }).allowed).toBe(true);
    expect(r.check('x/b', 'x/a', { port: 80, protocol: Protocol.UDP }).allowed).toBe(false);
  });

  test('a null label value is the empty value, not a missing key', () => {
    const r = Reachability.fromYaml(yaml('[{ port: 80 }]', '{ feature: }'));
    expect(r.check('x/b', 'x/a', { port: 80 }).allowed).toBe(true);
    const other = Reachability.fromYaml(yaml('[{ port: 80 }]', '{ feature: }').replace('feature: ""', 'feature: "on"'));
    expect(other.check('x/b', 'x/a', { port: 80 }).allowed).toBe(false);
  });

  test('reads YAML 1.1 like kubectl: 0120 is octal 80', () => {
    const r = Reachability.fromYaml(yaml('[{ port: 0120 }]', '{ pod: b }'));
    expect(r.check('x/b', 'x/a', { port: 80 }).allowed).toBe(true);
  });
});
