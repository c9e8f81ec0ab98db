import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AllowDnsEgress, AllowFrom, AllowTo, DefaultDeny, Guardrails, LabelSelector, LintSeverity, NamespaceIsolation, NetworkPolicy, Peer, PolicyType, Port } from '../../src';
import * as validation from '../../src/validation/network-policy';

const web = LabelSelector.matchLabels({ app: 'web' });

function chartIn(app: App, namespace = 'shop'): Chart {
  return new Chart(app, 'test', { namespace });
}

/** A NetworkPolicy written by hand, as a raw ApiObject; explicit policyTypes unless the spec says otherwise. */
function raw(scope: Construct, id: string, spec: object, metadata: object = {}): ApiObject {
  const withTypes = 'policyTypes' in spec || 'noTypes' in spec
    ? spec
    : { ...spec, policyTypes: [...('ingress' in spec ? ['Ingress'] : []), ...('egress' in spec ? ['Egress'] : [])] };
  const { noTypes, ...clean } = withTypes as { noTypes?: boolean };
  return new ApiObject(scope, id, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: id.toLowerCase(), ...metadata },
    spec: clean,
  });
}

function deployment(scope: Construct, id: string, labels: { [key: string]: string }, namespace?: string): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: id.toLowerCase(), namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
}

/** `ID field` for every finding below scope, for exact assertions. */
function found(scope: Construct): string[] {
  return Guardrails.findings(scope).map((f) => `${f.ruleId} ${f.location} ${f.field}`);
}

function foundIds(scope: Construct): string[] {
  return Guardrails.findings(scope).map((f) => f.ruleId);
}

const fromApi = { from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ protocol: 'TCP', port: 8080 }] };

describe('Guardrails', () => {
  describe('NP001: rule allows every source or destination', () => {
    test('fires on a raw rule without from', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'Open', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] });
      expect(found(chart)).toEqual(['NP001 test/Open spec.ingress[0]']);
    });

    test('fires on a raw egress rule with an empty to list', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'Out', { podSelector: {}, egress: [{ to: [], ports: [{ port: 443 }] }] });
      expect(found(chart)).toContain('NP001 test/Out spec.egress[0]');
    });

    test('stays quiet when the rule lists its peers', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'Closed', { podSelector: {}, ingress: [fromApi] });
      expect(found(chart)).toEqual([]);
    });

    test('stays quiet on Peer.anything(), which says "every source" on purpose', () => {
      const chart = chartIn(Testing.app());
      new NetworkPolicy(chart, 'Public', { podSelector: web, ingress: [AllowFrom(Peer.anything()).toPort(443)] });
      expect(foundIds(chart)).not.toContain('NP001');
    });
  });

  describe('NP002: rule allows every port', () => {
    test('fires on a raw rule without ports', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'AnyPort', { podSelector: {}, ingress: [{ from: fromApi.from }] });
      expect(found(chart)).toEqual(['NP002 test/AnyPort spec.ingress[0]']);
    });

    test('stays quiet when the rule lists ports', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'SomePorts', { podSelector: {}, ingress: [fromApi] });
      expect(foundIds(chart)).toEqual([]);
    });

    test('stays quiet on a construct rule without ports, where leaving ports out means all ports', () => {
      const chart = chartIn(Testing.app());
      new NetworkPolicy(chart, 'AllPorts', { podSelector: web, ingress: [AllowFrom(Peer.pods(LabelSelector.matchLabels({ app: 'api' })))] });
      expect(foundIds(chart)).toEqual([]);
    });
  });

  describe('NP003: ingress from the whole internet', () => {
    test('fires on 0.0.0.0/0 and ::/0 in ingress, also from constructs', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'V4', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] }] });
      new NetworkPolicy(chart, 'V6', { podSelector: web, ingress: [AllowFrom(Peer.anyIpv6()).toPort(443)] });
      expect(found(chart)).toEqual([
        'NP003 test/V4 spec.ingress[0].from[0].ipBlock.cidr',
        'NP003 test/V6 spec.ingress[0].from[0].ipBlock.cidr',
      ]);
    });

    test('stays quiet on a narrower range, and on egress to everywhere', () => {
      const chart = chartIn(Testing.app());
      new NetworkPolicy(chart, 'Office', { podSelector: web, ingress: [AllowFrom(Peer.ipBlock('203.0.113.0/24')).toPort(443)] });
      raw(chart, 'Out', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443 }, { protocol: 'UDP', port: 53 }, { port: 53 }] }] });
      expect(foundIds(chart)).toEqual([]);
    });
  });

  describe('NP004: namespaceSelector and podSelector as separate peers', () => {
    test('fires on the one-dash-too-many YAML', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'Trap', {
        podSelector: {},
        ingress: [{
          from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }, { podSelector: { matchLabels: { app: 'prometheus' } } }],
          ports: [{ port: 9090 }],
        }],
      });
      const [finding] = Guardrails.findings(chart);
      expect(finding).toMatchObject({ ruleId: 'NP004', field: 'spec.ingress[0].from' });
      expect(finding.message).toMatch(/from\[0\] \(namespaceSelector only\) and from\[1\] \(podSelector only\) are separate entries, so they are OR'ed/);
    });

    test('stays quiet on both selectors in one entry (AND)', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'And', {
        podSelector: {},
        ingress: [{
          from: [{ namespaceSelector: { matchLabels: { team: 'ops' } }, podSelector: { matchLabels: { app: 'prometheus' } } }],
          ports: [{ port: 9090 }],
        }],
      });
      expect(foundIds(chart)).toEqual([]);
    });

    test('stays quiet on constructs, whose API states OR and AND apart', () => {
      const chart = chartIn(Testing.app());
      new NamespaceIsolation(chart, 'Shop', { namespace: 'shop', allowFromNamespaces: ['ingress-nginx'] });
      expect(foundIds(chart)).toEqual([]);
    });
  });

  describe('NP005: egress isolation without DNS', () => {
    test('fires on a default-deny egress with nothing allowing DNS', () => {
      const chart = chartIn(Testing.app());
      new DefaultDeny(chart, 'Deny', { directions: [PolicyType.EGRESS] });
      const [finding] = Guardrails.findings(chart);
      expect(finding).toMatchObject({ ruleId: 'NP005', location: 'test/Deny/Resource', field: 'spec.policyTypes' });
      expect(finding.message).toMatch(/no policy allows DNS for every pod of the namespace \(UDP 53 and TCP 53\)/);
    });

    test('stays quiet when another policy allows DNS to the same pods', () => {
      const chart = chartIn(Testing.app());
      new DefaultDeny(chart, 'Deny', { directions: [PolicyType.EGRESS] });
      new AllowDnsEgress(chart, 'Dns');
      expect(foundIds(chart)).toEqual([]);
    });

    test('fires when the policy that allowed DNS is replaced by a later one of the same name', () => {
      const snapshot = [
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w', namespace: 's' }, spec: { template: { metadata: { labels: { app: 'w' } } } } },
        { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 's' }, spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {} }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }] } },
        { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 's' }, spec: { podSelector: {}, policyTypes: ['Egress'] } },
      ];
      expect(Guardrails.lintManifests(snapshot).map((f) => `${f.ruleId} ${f.location}`)).toEqual(['NP005 manifests[2]', 'NP007 manifests[2]']);
    });

    test('fires when only UDP 53 is allowed (large answers fall back to TCP)', () => {
      const chart = chartIn(Testing.app());
      new NetworkPolicy(chart, 'Web', { podSelector: web, egress: [AllowTo(Peer.namespace('kube-system')).toPorts(Port.DNS_UDP)] });
      expect(Guardrails.findings(chart).map((f) => f.message)).toEqual([expect.stringMatching(/pods \{app=web\} \(TCP 53\)/)]);
    });

    test('fires when port 53 is open only towards pods that cannot be cluster DNS', () => {
      const chart = chartIn(Testing.app());
      new NetworkPolicy(chart, 'Web', { podSelector: web, egress: [AllowTo(Peer.allPodsInPolicyNamespace(), Peer.namespace('db'))] });
      expect(Guardrails.findings(chart).map((f) => f.message)).toEqual([expect.stringMatching(/pods \{app=web\} \(UDP 53 and TCP 53\)/)]);
    });

    test('counts rules towards every destination, an ipBlock (NodeLocal DNSCache) or all namespaces', () => {
      for (const peer of [Peer.anything(), Peer.ipBlock('169.254.20.10/32'), Peer.allNamespaces()]) {
        const chart = chartIn(Testing.app());
        new NetworkPolicy(chart, 'Web', { podSelector: web, egress: [AllowTo(peer).toPorts(Port.DNS_UDP, Port.DNS_TCP)] });
        expect(foundIds(chart)).toEqual([]);
      }
    });

    test('stays quiet when the DNS rule lives in a wider policy', () => {
      const chart = chartIn(Testing.app());
      new NetworkPolicy(chart, 'Web', { podSelector: web, egress: [AllowTo(Peer.namespace('db')).toPort(5432)] });
      new AllowDnsEgress(chart, 'Dns', { podSelector: LabelSelector.all() });
      expect(foundIds(chart)).toEqual([]);
    });

    test('judges each workload the policy selects by the policies that select it', () => {
      const chart = chartIn(Testing.app());
      deployment(chart, 'WebApp', { app: 'web', tier: 'front' });
      deployment(chart, 'Batch', { app: 'batch', tier: 'front' });
      new NetworkPolicy(chart, 'Front', { podSelector: LabelSelector.matchLabels({ tier: 'front' }), egress: [AllowTo(Peer.namespace('db')).toPort(5432)] });
      new AllowDnsEgress(chart, 'WebDns', { podSelector: web });
      const [finding, ...rest] = Guardrails.findings(chart);
      expect(rest).toEqual([]);
      expect(finding.ruleId).toBe('NP005');
      expect(finding.message).toMatch(/no policy allows DNS for Deployment\/batch \(UDP 53 and TCP 53\)/);
    });
  });

  describe('NP006: namespace selected by a "name" label', () => {
    test('fires on matchLabels and matchExpressions keyed "name"', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'ByName', {
        podSelector: {},
        ingress: [{
          from: [{ namespaceSelector: { matchLabels: { name: 'monitoring' } } }, { namespaceSelector: { matchExpressions: [{ key: 'name', operator: 'In', values: ['a'] }] } }],
          ports: [{ port: 9090 }],
        }],
      });
      expect(found(chart)).toEqual([
        'NP006 test/ByName spec.ingress[0].from[0].namespaceSelector.matchLabels["name"]',
        'NP006 test/ByName spec.ingress[0].from[1].namespaceSelector.matchExpressions[0].key',
      ]);
    });

    test('stays quiet on kubernetes.io/metadata.name', () => {
      const chart = chartIn(Testing.app());
      new NetworkPolicy(chart, 'ByLabel', { podSelector: web, ingress: [AllowFrom(Peer.namespace('monitoring')).toPort(9090)] });
      expect(foundIds(chart)).toEqual([]);
    });
  });

  describe('NP007: two policies with the same name', () => {
    test('fires on the second policy of a name in one namespace, across charts', () => {
      const app = Testing.app();
      new NetworkPolicy(chartIn(app), 'Db', { metadata: { name: 'db' }, podSelector: web, ingress: [AllowFrom(Peer.anything()).toPort(5432)] });
      raw(new Chart(app, 'other', { namespace: 'shop' }), 'Db', { podSelector: {}, ingress: [fromApi] });
      const findings = Guardrails.findings(app);
      expect(findings.map((f) => `${f.ruleId} ${f.location} ${f.field}`)).toEqual(['NP007 other/Db metadata.name']);
      expect(findings[0].message).toMatch(/"db" is also the name of the NetworkPolicy at test\/Db in namespace "shop"/);
    });

    test('stays quiet on the same name in different namespaces', () => {
      const app = Testing.app();
      raw(chartIn(app, 'shop'), 'Db', { podSelector: {}, ingress: [fromApi] });
      raw(new Chart(app, 'other', { namespace: 'billing' }), 'Db', { podSelector: {}, ingress: [fromApi] });
      expect(foundIds(app)).toEqual([]);
    });
  });

  describe('NP008: selector matches no workload of the app', () => {
    test('fires on a policy podSelector with a label typo', () => {
      const chart = chartIn(Testing.app());
      deployment(chart, 'WebApp', { app: 'web' });
      deployment(chart, 'Api', { app: 'api' });
      raw(chart, 'Typo', { podSelector: { matchLabels: { app: 'wbe' } }, ingress: [fromApi] });
      expect(found(chart)).toEqual(['NP008 test/Typo spec.podSelector']);
    });

    test('fires on a peer podSelector that matches nothing in its namespaces', () => {
      const chart = chartIn(Testing.app());
      deployment(chart, 'WebApp', { app: 'web' });
      deployment(chart, 'Api', { app: 'api' }, 'backend');
      raw(chart, 'Web', {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [{
          from: [
            { podSelector: { matchLabels: { app: 'api' } } },
            { podSelector: { matchLabels: { app: 'apii' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'backend' } } },
            { podSelector: { matchLabels: { app: 'api' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'backend' } } },
          ],
          ports: [{ port: 80 }],
        }],
      });
      expect(found(chart)).toEqual([
        'NP008 test/Web spec.ingress[0].from[0].podSelector',
        'NP008 test/Web spec.ingress[0].from[1].podSelector',
      ]);
    });

    test('stays quiet when a pod template matches, including cdk8s-plus workloads', () => {
      const chart = chartIn(Testing.app());
      const api = new kplus.Deployment(chart, 'Api', { containers: [{ image: 'api', portNumber: 8080 }] });
      new NetworkPolicy(chart, 'ToApi', { podSelector: LabelSelector.fromPodSelector(api), ingress: [AllowFrom(Peer.allPodsInPolicyNamespace()).toPort(8080)] });
      expect(foundIds(chart)).toEqual([]);
    });

    test('stays quiet when the app defines no workloads in that namespace', () => {
      const chart = chartIn(Testing.app());
      deployment(chart, 'Elsewhere', { app: 'x' }, 'other');
      raw(chart, 'Web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [fromApi] });
      expect(foundIds(chart)).toEqual([]);
    });
  });

  describe('NP009: policyTypes left to defaulting', () => {
    test('fires without policyTypes, saying what Kubernetes assumes', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'EgressOnly', { noTypes: true, podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 53 }, { protocol: 'UDP', port: 53 }] }] });
      const [finding] = Guardrails.findings(chart);
      expect(finding).toMatchObject({ ruleId: 'NP009', field: 'spec.policyTypes' });
      expect(finding.message).toMatch(/assumes \[Ingress, Egress\]: this egress policy also denies all ingress/);
    });

    test('stays quiet with explicit policyTypes', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'Explicit', { podSelector: {}, ingress: [fromApi] });
      expect(foundIds(chart)).toEqual([]);
    });
  });

  describe('NP010: rules of a direction policyTypes leaves out', () => {
    test('fires on egress rules of an Ingress-only policy', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'Ignored', { podSelector: {}, ingress: [fromApi], egress: [{ to: fromApi.from, ports: [{ port: 80 }] }], policyTypes: ['Ingress'] });
      expect(found(chart)).toEqual(['NP010 test/Ignored spec.egress']);
    });

    test('stays quiet when every direction with rules is listed', () => {
      const chart = chartIn(Testing.app());
      const kubeSystem = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }];
      raw(chart, 'Listed', { podSelector: {}, ingress: [fromApi], egress: [{ to: kubeSystem, ports: [{ port: 53 }, { protocol: 'UDP', port: 53 }] }] });
      expect(foundIds(chart)).toEqual([]);
    });
  });

  describe('NP011: values the API server accepts but warns about', () => {
    test('fires on upper-case IPv6 and on a policy type listed twice', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'Odd', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '2001:DB8::/32' } }], ports: [{ port: 443 }] }], policyTypes: ['Ingress', 'Ingress'] });
      expect(found(chart)).toEqual(['NP011 test/Odd spec.ingress[0].from[0].ipBlock.cidr', 'NP011 test/Odd spec.policyTypes[1]']);
    });

    test('fires on host bits set in a raw policy (the API server accepts it with a warning), without failing synth', () => {
      const app = Testing.app();
      const chart = chartIn(app);
      raw(chart, 'E2e', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.1.1/4' } }], ports: [{ port: 443 }] }] });
      expect(found(chart)).toEqual(['NP011 test/E2e spec.ingress[0].from[0].ipBlock.cidr']);
      expect(() => app.synth()).not.toThrow();
    });

    test('stays quiet on canonical IPv6', () => {
      const chart = chartIn(Testing.app());
      new NetworkPolicy(chart, 'V6', { podSelector: web, ingress: [AllowFrom(Peer.ipBlock('2001:db8::/32')).toPort(443)] });
      expect(foundIds(chart)).toEqual([]);
    });
  });

  describe('silencing', () => {
    test('the ignore annotation silences the listed lints on that object only', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'Public', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }, { annotations: { [Guardrails.IGNORE_ANNOTATION]: 'NP003, np002' } });
      raw(chart, 'Other', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] });
      expect(found(chart)).toEqual([
        'NP002 test/Other spec.ingress[0]',
        'NP003 test/Other spec.ingress[0].from[0].ipBlock.cidr',
      ]);
    });

    test('Guardrails.ignore silences a construct and everything below it', () => {
      const chart = chartIn(Testing.app());
      const landing = new NetworkPolicy(chart, 'Landing', { podSelector: web, ingress: [AllowFrom(Peer.anyIpv4()).toPort(443)] });
      new NetworkPolicy(chart, 'Admin', { podSelector: web, ingress: [AllowFrom(Peer.anyIpv4()).toPort(8443)] });
      Guardrails.ignore(landing, 'NP003', 'the landing page is public');
      expect(found(chart)).toEqual(['NP003 test/Admin spec.ingress[0].from[0].ipBlock.cidr']);
    });

    test('a suppression keeps its reason, which findings show when asked', () => {
      const chart = chartIn(Testing.app());
      const landing = new NetworkPolicy(chart, 'Landing', { podSelector: web, ingress: [AllowFrom(Peer.anyIpv4()).toPort(443)] });
      Guardrails.ignore(chart, 'NP003', 'the landing page is public');
      expect(Guardrails.findings(chart)).toEqual([]);
      expect(Guardrails.findings(chart, { includeSuppressed: true })).toEqual([expect.objectContaining({
        ruleId: 'NP003',
        location: landing.node.path,
        suppressedBecause: 'the landing page is public',
      })]);
    });

    test('the ignore annotation carries reasons in parentheses', () => {
      const chart = chartIn(Testing.app());
      raw(chart, 'Public', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443 }] }] }, {
        annotations: { [Guardrails.IGNORE_ANNOTATION]: 'NP003 (public, by design), NP009' },
      });
      expect(Guardrails.findings(chart, { includeSuppressed: true }).map((f) => [f.ruleId, f.suppressedBecause])).toEqual([['NP003', 'public, by design']]);
    });

    test('enable() can silence lints for a whole scope', () => {
      const app = Testing.app();
      raw(chartIn(app), 'Defaulted', { noTypes: true, podSelector: {}, ingress: [fromApi] });
      Guardrails.enable(app, { ignore: ['NP009'] });
      expect(foundIds(app)).toEqual([]);
    });

    test('fails if a lint ID is unknown', () => {
      const chart = chartIn(Testing.app());
      expect(() => Guardrails.ignore(chart, 'NP999', 'why')).toThrow(/unknown lint "NP999": use one of NP001, NP002/);
      expect(() => Guardrails.enable(chart, { ignore: ['DNS'] })).toThrow(/unknown lint "DNS"/);
      expect(() => (Guardrails as any).ignore(chart)).toThrow(/needs a lint ID/);
    });

    test('fails if a suppression gives no reason, or a second ID where the reason goes', () => {
      const chart = chartIn(Testing.app());
      expect(() => (Guardrails as any).ignore(chart, 'NP003')).toThrow(/say why NP003 does not apply here/);
      expect(() => Guardrails.ignore(chart, 'NP003', ' ')).toThrow(/say why NP003 does not apply here/);
      expect(() => Guardrails.ignore(chart, 'NP003', 'NP005')).toThrow(/takes one lint ID and a reason, not "NP005": call it once per lint/);
      expect(() => Guardrails.ignore(chart, 'NP003', 'NP005, np006')).toThrow(/not "NP005, np006": call it once per lint, e\.g\. Guardrails\.ignore\(scope, 'NP005', 'why'\)/);
      expect(() => Guardrails.ignore(undefined as any, 'NP003', 'why')).toThrow(/Guardrails\.ignore needs a construct/);
      expect(() => Guardrails.enable(undefined as any)).toThrow(/Guardrails\.enable needs a construct/);
      expect(() => Guardrails.lintManifests({} as any)).toThrow(/lintManifests needs a list of objects/);
    });
  });

  describe('at synth', () => {
    let stderr: jest.SpyInstance;
    beforeEach(() => {
      stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    });
    afterEach(() => stderr.mockRestore());
    const printed = () => stderr.mock.calls.map((c) => String(c[0])).join('');

    test('prints each warning to stderr once per app, and synth goes on', () => {
      const app = Testing.app();
      const chart = chartIn(app);
      new NetworkPolicy(chart, 'Web', { podSelector: web, ingress: [AllowFrom(Peer.anyIpv4()).toPort(443)] });
      Guardrails.enable(app);
      expect(() => app.synth()).not.toThrow();
      expect(() => Testing.synth(chart)).not.toThrow();
      expect(printed().match(/cdk8s-netpol warning: \[test\/Web\] spec\.ingress\[0\]\.from\[0\]\.ipBlock\.cidr: NP003 allows ingress from every IPv4 address/g)).toHaveLength(1);
      expect(printed()).toMatch(/1 guardrail warning\(s\); silence one with Guardrails\.ignore/);
    });

    test('prints nothing when guardrails are not enabled', () => {
      const chart = chartIn(Testing.app());
      new NetworkPolicy(chart, 'Web', { podSelector: web, ingress: [AllowFrom(Peer.anyIpv4()).toPort(443)] });
      Testing.synth(chart);
      expect(stderr).not.toHaveBeenCalled();
    });

    test('fails synth in strict mode, listing every problem with construct path and field path', () => {
      const app = Testing.app();
      const chart = chartIn(app);
      new NetworkPolicy(chart, 'Web', { podSelector: web, ingress: [AllowFrom(Peer.anyIpv4()).toPort(443)] });
      raw(chart, 'Raw', { podSelector: { matchLabels: { 'bad key': 'x' } }, ingress: [{ from: [{}], ports: [{ port: 70000 }] }] });
      raw(chart, 'Trap', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }, { podSelector: {} }], ports: [{ port: 80 }] }] });
      new NetworkPolicy(chart, 'Bad', { podSelector: web, ingress: [AllowFrom(Peer.pods(web)).toPorts(Port.named('http'))], metadata: { name: 'Bad_Name' } });
      Guardrails.enable(app, { strict: true });
      let message = '';
      try {
        app.synth();
      } catch (e) {
        message = (e as Error).message;
      }
      const lines = message.split('\n').slice(2).map((l) => l.trim().replace(/: .*/, ''));
      expect(message).toMatch(/cdk8s-netpol guardrails of the app: 5 problem\(s\)/);
      expect(lines).toEqual([
        '[test/Web] spec.ingress[0].from[0].ipBlock.cidr',
        '[test/Raw] spec.podSelector.matchLabels["bad key"]',
        '[test/Raw] spec.ingress[0].ports[0].port',
        '[test/Raw] spec.ingress[0].from[0]',
        '[test/Trap] spec.ingress[0].from',
        '[test/Bad] metadata.name',
      ]);
      expect(message).toMatch(/\[test\/Web\] spec\.ingress\[0\]\.from\[0\]\.ipBlock\.cidr: NP003 allows ingress from every IPv4 address \(0\.0\.0\.0\/0\).*Fix: Narrow the range/);
      expect(message).toMatch(/\[test\/Raw\] spec\.ingress\[0\]\.ports\[0\]\.port: 70000 must be a whole number between 1 and 65535/);
      expect(message).toMatch(/\[test\/Trap\] spec\.ingress\[0\]\.from: NP004/);
      expect(message).toMatch(/\[test\/Bad\] metadata\.name: "Bad_Name" must be a lowercase RFC 1123 subdomain/);
      expect(stderr).not.toHaveBeenCalled();
    });

    test('validates raw and cdk8s-plus NetworkPolicies like our own, even without strict mode', () => {
      const app = Testing.app();
      const chart = chartIn(app);
      raw(chart, 'Raw', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }], ports: [{ port: 80 }] }] });
      const plus = new kplus.NetworkPolicy(chart, 'Plus', { selector: kplus.Pods.all(chart, 'All') });
      plus.addIngressRule(kplus.Pods.select(chart, 'Api', { labels: { app: 'api' } }), [kplus.NetworkPolicyPort.allTcp()]);
      Guardrails.enable(app);
      expect(() => app.synth()).toThrow(/\[test\/Raw\] spec\.ingress\[0\]\.from\[0\]\.ipBlock\.cidr: "10\.0\.0\.0\/33" must be a valid CIDR value[\s\S]*\[test\/Plus\/Resource\] spec\.ingress\[0\]\.ports\[0\]\.port: 0 must be a whole number between 1 and 65535/);
    });

    test('lints cdk8s-plus policies too', () => {
      const chart = chartIn(Testing.app());
      const plus = new kplus.NetworkPolicy(chart, 'Plus', { selector: kplus.Pods.select(chart, 'Web', { labels: { app: 'web' } }) });
      plus.addIngressRule(kplus.NetworkPolicyIpBlock.anyIpv4(chart, 'Internet'), [kplus.NetworkPolicyPort.tcp(443)]);
      expect(found(chart)).toEqual(['NP003 test/Plus/Resource spec.ingress[0].from[0].ipBlock.cidr']);
    });

    test('a strict chart inside a warning app fails only for its own policies', () => {
      const app = Testing.app();
      const dev = new Chart(app, 'dev', { namespace: 'dev' });
      const prod = new Chart(app, 'prod', { namespace: 'prod' });
      new NetworkPolicy(dev, 'Web', { podSelector: web, ingress: [AllowFrom(Peer.anyIpv4()).toPort(443)] });
      Guardrails.enable(app);
      Guardrails.enable(prod, { strict: true });
      expect(() => app.synth()).not.toThrow();
      expect(Guardrails.findings(app).map((f) => `${f.location} ${f.severity}`)).toEqual(['dev/Web warning']);
      new NetworkPolicy(prod, 'Web', { podSelector: web, ingress: [AllowFrom(Peer.anyIpv4()).toPort(443)] });
      expect(Guardrails.findings(app).map((f) => `${f.location} ${f.severity}`)).toEqual(['dev/Web warning', 'prod/Web error']);
      expect(() => app.synth()).toThrow(/\[prod\/Web\] spec\.ingress\[0\]\.from\[0\]\.ipBlock\.cidr: NP003/);
    });
  });

  describe('enable', () => {
    test('a second call that does not mention strict keeps strict mode', () => {
      const chart = chartIn(Testing.app());
      Guardrails.enable(chart, { strict: true });
      Guardrails.enable(chart, { ignore: ['NP009'] });
      new NetworkPolicy(chart, 'Web', { podSelector: web, ingress: [AllowFrom(Peer.anyIpv4()).toPort(443)] });
      expect(Guardrails.findings(chart).map((f) => f.severity)).toEqual([LintSeverity.ERROR]);
    });

    test('a nested scope that does not mention strict keeps the strictness of the enclosing one', () => {
      const app = Testing.app();
      Guardrails.enable(app, { strict: true });
      const chart = chartIn(app);
      Guardrails.enable(chart, { recordIntent: false });
      new NetworkPolicy(chart, 'Web', { podSelector: web, ingress: [AllowFrom(Peer.anyIpv4()).toPort(443)] });
      expect(Guardrails.findings(app).map((f) => f.severity)).toEqual([LintSeverity.ERROR]);
      expect(() => app.synth()).toThrow(/\[test\/Web\] spec\.ingress\[0\]\.from\[0\]\.ipBlock\.cidr: NP003/);
    });

    test('validates each policy once per synth, however many scopes are enabled', () => {
      const app = Testing.app();
      const a = new Chart(app, 'a', { namespace: 'a' });
      const b = new Chart(app, 'b', { namespace: 'b' });
      Guardrails.enable(a);
      Guardrails.enable(b);
      raw(a, 'Raw', { podSelector: {}, ingress: [fromApi] });
      new NetworkPolicy(b, 'Ours', { podSelector: web, ingress: [AllowFrom(Peer.pods(web)).toPort(80)] });
      const spy = jest.spyOn(validation, 'checkNetworkPolicy');
      try {
        app.synth();
        expect(spy).toHaveBeenCalledTimes(2);
      } finally {
        spy.mockRestore();
      }
    });

    test('a nested scope can still turn strictness off for itself', () => {
      const app = Testing.app();
      Guardrails.enable(app, { strict: true });
      const chart = chartIn(app);
      Guardrails.enable(chart, { strict: false });
      new NetworkPolicy(chart, 'Web', { podSelector: web, ingress: [AllowFrom(Peer.anyIpv4()).toPort(443)] });
      expect(Guardrails.findings(app).map((f) => f.severity)).toEqual([LintSeverity.WARNING]);
    });
  });

  describe('lintManifests', () => {
    test('lints plain objects such as parsed YAML, honouring the ignore annotation and strict mode', () => {
      const manifests = [
        { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'a', namespace: 'shop' }, spec: { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] } },
        { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'b', annotations: { 'netpol.cdk8s.io/ignore': 'NP001,NP002' } }, spec: { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ignored' } },
      ];
      expect(Guardrails.lintManifests(manifests, { strict: true })).toEqual([
        expect.objectContaining({ ruleId: 'NP001', severity: LintSeverity.ERROR, location: 'manifests[0]', policy: 'shop/a', field: 'spec.ingress[0]' }),
        expect.objectContaining({ ruleId: 'NP002', severity: LintSeverity.ERROR, location: 'manifests[0]', policy: 'shop/a', field: 'spec.ingress[0]' }),
      ]);
    });

    test('skips policies the API server would reject', () => {
      const invalid = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: { podSelector: {}, ingress: [{ ports: [{ port: 0 }] }] } };
      expect(Guardrails.lintManifests([invalid])).toEqual([]);
    });
  });

  describe('rules', () => {
    test('lists every lint with a stable ID, a reason and a fix', () => {
      const rules = Guardrails.rules();
      expect(rules.map((r) => r.id)).toEqual(['NP001', 'NP002', 'NP003', 'NP004', 'NP005', 'NP006', 'NP007', 'NP008', 'NP009', 'NP010', 'NP011', 'NP012']);
      for (const r of rules) {
        expect(r.title).not.toBe('');
        expect(r.why.length).toBeGreaterThan(40);
        expect(r.fix.length).toBeGreaterThan(20);
      }
    });
  });
});
