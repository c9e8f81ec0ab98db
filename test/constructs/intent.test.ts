import { App, Chart, JsonPatch, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { documentedPatterns } from '../../examples/patterns';
import { AllowFrom, Guardrails, GuardrailsOptions, IngressRule, LabelSelector, NamespaceIsolation, NetworkPolicy, Peer } from '../../src';
import { lintSnapshot } from '../../src/guardrails/lint';
import { parseYamlDocuments } from '../../src/kube/yaml';
import { decodeManifests } from '../../src/validation/decode';
import { fixture, policies } from '../_support/helpers';

const INTENT = 'netpol.cdk8s.io/intent';
const IGNORE = 'netpol.cdk8s.io/ignore';

const api = LabelSelector.matchLabels({ app: 'api' });
const db = LabelSelector.matchLabels({ app: 'db' });
const web = LabelSelector.matchLabels({ app: 'web' });
const prometheus = LabelSelector.matchLabels({ app: 'prometheus' });

function workload(chart: Chart, id: string, app: string): void {
  const d = new kplus.Deployment(chart, id, { containers: [{ image: 'nginx', portNumber: 8080, securityContext: { ensureNonRoot: false } }] });
  d.podMetadata.addLabel('app', app);
}

/**
 * A chart whose policies are permissive only on purpose: every port, every peer, OR'ed peers, egress
 * isolation without DNS, and a public policy silenced with a reason.
 */
function deliberateChart(guardrails?: GuardrailsOptions): Chart {
  const app: App = Testing.app();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  if (guardrails) Guardrails.enable(chart, guardrails);
  for (const [id, label] of [['Api', 'api'], ['Db', 'db'], ['Web', 'web'], ['Prometheus', 'prometheus']]) workload(chart, id, label);
  new NetworkPolicy(chart, 'AnyPort', { podSelector: db, ingress: [AllowFrom(Peer.pods(api))] });
  new NetworkPolicy(chart, 'AnyPeer', { podSelector: web, ingress: [AllowFrom(Peer.anything()).toPort(443), IngressRule.fromAnywhere().toPort(80)] });
  new NetworkPolicy(chart, 'OrPeers', {
    podSelector: api,
    ingress: [AllowFrom(Peer.namespaces(LabelSelector.matchLabels({ team: 'ops' })), Peer.pods(prometheus)).toPort(9090)],
  });
  new NamespaceIsolation(chart, 'Isolation', { namespace: 'shop', isolateEgress: true, allowDns: false });
  const pub = new NetworkPolicy(chart, 'Public', { podSelector: web, ingress: [AllowFrom(Peer.anyIpv4()).toPort(8443)] });
  Guardrails.ignore(pub, 'NP003', 'the landing page is public, by design');
  return chart;
}

/** `name: annotations` of every synthesized NetworkPolicy. */
function annotationsByName(objects: any[]): { [name: string]: unknown } {
  return Object.fromEntries(objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => [o.metadata.name, o.metadata.annotations]));
}

/** Lints synthesized objects as `netpol validate` does: `ID policy (reason)` for each finding. */
function validateLike(objects: unknown[]): string[] {
  const snapshot = decodeManifests(objects.map((manifest, i) => ({ manifest, where: `dist/shop.k8s.yaml:${i + 1}` })));
  expect(snapshot.invalid).toEqual([]);
  return lintSnapshot(snapshot).filter((r) => r.intended === undefined)
    .map((r) => `${r.id} ${r.policy.name}${r.suppressedBecause !== undefined ? ` (suppressed: ${r.suppressedBecause})` : ''}`);
}

/** What the recorded intent silences, as `ID policy intent`. */
function intendedLike(objects: unknown[]): string[] {
  const snapshot = decodeManifests(objects.map((manifest, i) => ({ manifest, where: `dist/shop.k8s.yaml:${i + 1}` })));
  return lintSnapshot(snapshot).filter((r) => r.intended !== undefined).map((r) => `${r.id} ${r.policy.name} ${r.intended}`);
}

/** An intent annotation, with each rule's fingerprint replaced by `@…`. */
function unfingerprinted(annotations: { [name: string]: any }): { [name: string]: unknown } {
  return Object.fromEntries(Object.entries(annotations).map(([name, a]) =>
    [name, a?.[INTENT] ? { ...a, [INTENT]: a[INTENT].replace(/@[0-9a-f]{8}/g, '@…') } : a]));
}

const DELIBERATE_ANNOTATIONS = {
  'any-port': { [INTENT]: 'ingress[0]@…: any-port' },
  'any-peer': { [INTENT]: 'ingress[0]@…: any-peer; ingress[1]@…: any-peer' },
  'or-peers': { [INTENT]: 'ingress[0]@…: or-peers' },
  'isolation': { [INTENT]: 'ingress[0]@…: any-port; egress[0]@…: any-port; no-dns' },
  'public': { [IGNORE]: 'NP003 (the landing page is public, by design)' },
};

/** What the same YAML draws from the lints when nothing says it is deliberate. */
const UNRECORDED_FINDINGS = [
  'NP002 any-port',
  'NP001 any-peer',
  'NP001 any-peer',
  'NP004 or-peers',
  'NP002 isolation',
  'NP002 isolation',
  'NP005 isolation',
  'NP003 public',
];

describe('recorded intent', () => {
  describe('with Guardrails.enable', () => {
    test('writes exactly the intent and ignore annotations, and nothing else', () => {
      expect(unfingerprinted(annotationsByName(Testing.synth(deliberateChart({}))))).toEqual(DELIBERATE_ANNOTATIONS);
    });

    test('the guardrails at synth report nothing, in strict mode too', () => {
      const chart = deliberateChart({ strict: true });
      expect(() => Testing.synth(chart)).not.toThrow();
      expect(Guardrails.findings(chart)).toEqual([]);
      expect(Guardrails.findings(chart, { includeSuppressed: true }).map((f) => [f.ruleId, f.policy, f.suppressedBecause]))
        .toEqual([
          ['NP002', 'shop/any-port', 'recorded intent: any-port'],
          ['NP001', 'shop/any-peer', 'recorded intent: any-peer'],
          ['NP001', 'shop/any-peer', 'recorded intent: any-peer'],
          ['NP004', 'shop/or-peers', 'recorded intent: or-peers'],
          ['NP002', 'shop/isolation', 'recorded intent: any-port'],
          ['NP002', 'shop/isolation', 'recorded intent: any-port'],
          ['NP003', 'shop/public', 'the landing page is public, by design'],
        ]);
    });

    test('netpol validate on the synthesized objects reports no unsuppressed finding', () => {
      const objects = Testing.synth(deliberateChart({}));
      expect(validateLike(objects)).toEqual(['NP003 public (suppressed: the landing page is public, by design)']);
      expect(intendedLike(objects)).toEqual([
        'NP002 any-port any-port', 'NP001 any-peer any-peer', 'NP001 any-peer any-peer', 'NP004 or-peers or-peers',
        'NP002 isolation any-port', 'NP002 isolation any-port',
      ]);
    });

    test('recorded intent follows the rule it was recorded for, not its position', () => {
      const chart = Testing.chart();
      Guardrails.enable(chart);
      const p = new NetworkPolicy(chart, 'Shifted', {
        podSelector: db,
        ingress: [AllowFrom(Peer.pods(api)).toPort(80), AllowFrom(Peer.pods(web))],
      });
      // A rule patched in later moves the deliberate one from ingress[1] to ingress[2].
      p.apiObject.addJsonPatch(JsonPatch.add('/spec/ingress/1', { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }));
      const objects = Testing.synth(chart);
      expect(objects[0].metadata.annotations[INTENT]).toMatch(/^ingress\[1\]@[0-9a-f]{8}: any-port$/);
      expect(validateLike(objects)).toEqual(['NP002 shifted']);
      expect(intendedLike(objects)).toEqual(['NP002 shifted any-port']);
      const findings = Guardrails.findings(chart);
      expect(findings.map((f) => [f.ruleId, f.field])).toEqual([['NP002', 'spec.ingress[1]']]);
    });

    test('netpol validate on the synthesized YAML text agrees', () => {
      const text = Yaml.stringify(...Testing.synth(deliberateChart({})));
      expect(validateLike(parseYamlDocuments(text))).toEqual(['NP003 public (suppressed: the landing page is public, by design)']);
    });

    test('fails if the annotations are not what makes the findings deliberate', () => {
      const stripped = Testing.synth(deliberateChart({})).map((o) => (o.kind === 'NetworkPolicy' ? { ...o, metadata: { name: o.metadata.name, namespace: o.metadata.namespace } } : o));
      expect(validateLike(stripped)).toEqual(UNRECORDED_FINDINGS);
    });

    test('merges the author\'s own ignore annotation with Guardrails.ignore, and keeps other annotations', () => {
      const chart = Testing.chart();
      Guardrails.enable(chart);
      const p = new NetworkPolicy(chart, 'Legacy', {
        metadata: { annotations: { 'example.com/owner': 'team-a', [IGNORE]: 'np009(old tooling)' } },
        podSelector: db,
        ingress: [AllowFrom(Peer.anyIpv4()).toPort(5432)],
      });
      Guardrails.ignore(p, 'NP003', 'VPN only');
      expect(policies(chart)[0].metadata.annotations).toEqual({ 'example.com/owner': 'team-a', [IGNORE]: 'NP009 (old tooling), NP003 (VPN only)' });
    });

    test('keeps the reason of a suppression that a reason-less scope-wide ignore also names', () => {
      const chart = Testing.chart();
      // The deprecated `ignore` option gives no reason; the policy's own suppression does.
      Guardrails.enable(chart, { ignore: ['NP003'], recordIntent: false });
      const p = new NetworkPolicy(chart, 'Public', { podSelector: web, ingress: [AllowFrom(Peer.anyIpv4()).toPort(443)] });
      Guardrails.ignore(p, 'NP003', 'public');
      expect(Guardrails.findings(chart, { includeSuppressed: true }).map((f) => [f.ruleId, f.suppressedBecause])).toEqual([['NP003', 'public']]);
    });
  });

  describe('without Guardrails.enable', () => {
    test('the same chart synthesizes no annotations at all', () => {
      const objects = Testing.synth(deliberateChart());
      expect(objects.filter((o) => o.kind === 'NetworkPolicy')).toHaveLength(5);
      expect(objects.filter((o) => o.metadata.annotations !== undefined)).toEqual([]);
    });

    test('the YAML is what the guardrails YAML is, minus the annotations', () => {
      const plain = Testing.synth(deliberateChart());
      const strip = (o: any) => ({ ...o, metadata: { ...o.metadata, annotations: undefined } });
      expect(Testing.synth(deliberateChart({})).map(strip)).toEqual(plain.map(strip));
    });

    test('netpol validate then reports every permissive shape', () => {
      expect(validateLike(Testing.synth(deliberateChart()))).toEqual(UNRECORDED_FINDINGS);
    });

    test('keeps the author\'s own ignore annotation exactly as written', () => {
      const chart = Testing.chart();
      new NetworkPolicy(chart, 'Legacy', { metadata: { annotations: { [IGNORE]: 'np009(old tooling)' } }, podSelector: db, ingress: [AllowFrom(Peer.pods(api)).toPort(5432)] });
      expect(policies(chart)[0].metadata.annotations).toEqual({ [IGNORE]: 'np009(old tooling)' });
    });

    test('keeps every annotation the author wrote, an intent annotation included', () => {
      const chart = Testing.chart();
      const annotations = { 'example.com/owner': 'team-a', [INTENT]: 'ingress[0]: any-port' };
      new NetworkPolicy(chart, 'Written', { metadata: { annotations }, podSelector: db, ingress: [AllowFrom(Peer.pods(api))] });
      expect(policies(chart)[0].metadata.annotations).toEqual(annotations);
    });

    test('the documented patterns stay exactly as documented', () => {
      const chart = Testing.chart();
      documentedPatterns(chart);
      expect(policies(chart)).toEqual(fixture('documented-patterns.yaml'));
    });
  });

  describe('with recordIntent: false', () => {
    test('writes no annotations, but the guardrails at synth still know the intent', () => {
      const chart = deliberateChart({ recordIntent: false });
      const objects = Testing.synth(chart);
      expect(objects.filter((o) => o.metadata.annotations !== undefined)).toEqual([]);
      expect(Guardrails.findings(chart)).toEqual([]);
      expect(validateLike(objects)).toEqual(UNRECORDED_FINDINGS);
    });

    test('the documented patterns stay exactly as documented', () => {
      const chart = Testing.chart();
      Guardrails.enable(chart, { recordIntent: false });
      documentedPatterns(chart);
      expect(policies(chart)).toEqual(fixture('documented-patterns.yaml'));
    });

    test('a nested scope can opt out of what an outer one records', () => {
      const app = Testing.app();
      Guardrails.enable(app);
      const recorded = new Chart(app, 'recorded');
      const quiet = new Chart(app, 'quiet');
      Guardrails.enable(quiet, { recordIntent: false });
      new NetworkPolicy(recorded, 'Recorded', { podSelector: db, ingress: [AllowFrom(Peer.pods(api))] });
      new NetworkPolicy(quiet, 'Quiet', { podSelector: db, ingress: [AllowFrom(Peer.pods(api))] });
      expect(Testing.synth(recorded)[0].metadata.annotations).toEqual({ [INTENT]: expect.stringMatching(/^ingress\[0\]@[0-9a-f]{8}: any-port$/) });
      expect(Testing.synth(quiet)[0].metadata.annotations).toBeUndefined();
    });
  });
});
