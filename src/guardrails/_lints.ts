// Guardrail lints on plain manifests: the mistakes the API server accepts but that rarely mean what was
// intended. They read synthesized objects (any construct library, raw ApiObjects) or YAML the same way.
// Only NetworkPolicies that pass validation are linted; the other objects give context (workloads, namespaces).
import { parseCidr } from '../kube/cidr';
import { describeLabelSelector, isObject, isWorkloadKind, labelsMatch, Obj, podTemplateOf } from '../kube/objects';
import { NAMESPACE_NAME_LABEL } from '../kube/syntax';
import { validateNetworkPolicy } from '../validation/network-policy';

/** The annotation that silences lints on one object: `netpol.cdk8s.io/ignore: NP003,NP005`. */
export const IGNORE_ANNOTATION = 'netpol.cdk8s.io/ignore';

export interface LintRuleInfo {
  readonly id: string;
  readonly title: string;
  /** Why it matters, in one or two sentences. */
  readonly why: string;
  /** How to fix or silence it. */
  readonly fix: string;
  /**
   * Our constructs only render this shape when the author asked for it (Peer.anything(), a rule without
   * ports, OR'ed peers), so findings on objects they render are not reported.
   */
  readonly intentAware: boolean;
}

export const LINT_RULES: LintRuleInfo[] = [
  {
    id: 'NP001',
    title: 'rule allows every source or destination',
    why: 'A rule without `from`/`to` (or with an empty list) matches every pod of every namespace and every IP address, inside or outside the cluster.',
    fix: 'List the peers the rule is for. If everything is meant, say so: Peer.anything() in this library, or the annotation netpol.cdk8s.io/ignore: NP001.',
    intentAware: true,
  },
  {
    id: 'NP002',
    title: 'rule allows every port',
    why: 'A rule without `ports` (or with an empty list) allows every port of every protocol to or from its peers.',
    fix: 'List the ports (Port.tcp(8080), Port.named("http"), ...). If all ports are meant, leave ports out in this library, or add netpol.cdk8s.io/ignore: NP002.',
    intentAware: true,
  },
  {
    id: 'NP003',
    title: 'ingress from the whole internet',
    why: 'An ipBlock of 0.0.0.0/0 or ::/0 in an ingress rule lets any address in, including every external client.',
    fix: 'Narrow the range to the clients that need access (an office, a load balancer). If the service is public on purpose, silence NP003 for that policy.',
    intentAware: false,
  },
  {
    id: 'NP004',
    title: 'namespaceSelector and podSelector as separate peers (AND/OR trap)',
    why: 'Two list entries are OR\'ed: every pod of the selected namespaces, or the selected pods of the policy\'s own namespace. One entry with both selectors means pods with those labels in those namespaces; the YAML differs by one dash.',
    fix: 'If you meant "these pods in those namespaces", put podSelector and namespaceSelector in one entry (Peer.podsInNamespaces in this library). If the OR is intended, silence NP004.',
    intentAware: true,
  },
  {
    id: 'NP005',
    title: 'egress isolation without DNS',
    why: 'Once a policy isolates egress, DNS is blocked too unless some policy allows UDP and TCP port 53; name lookups then fail and the app breaks in confusing ways.',
    fix: 'Allow DNS for the same pods: AllowDnsEgress (or AllowDnsEgress.rule() in the policy), i.e. egress to kube-dns on UDP 53 and TCP 53.',
    intentAware: false,
  },
  {
    id: 'NP006',
    title: 'namespace selected by a "name" label',
    why: 'Namespaces only carry a `name` label if someone added it, and anyone who can label a namespace can add it to theirs. The API server sets the immutable kubernetes.io/metadata.name label on every namespace.',
    fix: 'Select namespaces by kubernetes.io/metadata.name (Peer.namespace("x") in this library).',
    intentAware: false,
  },
  {
    id: 'NP007',
    title: 'two policies with the same name',
    why: 'Two NetworkPolicies with the same name in the same namespace are one object to the API server: the one applied last silently replaces the other.',
    fix: 'Give each policy its own metadata.name.',
    intentAware: false,
  },
  {
    id: 'NP008',
    title: 'selector matches no workload of the app',
    why: 'A podSelector (of the policy or of a peer) that matches none of the pod templates the app defines in that namespace is usually a typo in a label, so the policy protects or allows nothing.',
    fix: 'Use the labels of the pod template (spec.template.metadata.labels), not those of the Deployment itself. If the pods come from elsewhere, silence NP008.',
    intentAware: false,
  },
  {
    id: 'NP009',
    title: 'policyTypes left to defaulting',
    why: 'Without policyTypes the server assumes Ingress, plus Egress only if there are egress rules: an egress-only policy also denies all ingress, and a deny-all-egress policy (egress: []) isolates nothing.',
    fix: 'Write policyTypes explicitly (this library always does).',
    intentAware: false,
  },
  {
    id: 'NP010',
    title: 'rules of a direction that policyTypes leaves out',
    why: 'Rules of a direction not listed in policyTypes are ignored by Kubernetes, so the traffic they seem to allow or restrict is not affected.',
    fix: 'Add the direction to policyTypes, or remove its rules.',
    intentAware: false,
  },
  {
    id: 'NP011',
    title: 'value the API server accepts but does not like',
    why: 'Non-canonical IPv6 (upper case, uncompressed) draws an API-server warning; a policy type listed twice says nothing and hides what was meant.',
    fix: 'Write IPv6 in RFC 5952 form (lower case, compressed) and list each policy type once.',
    intentAware: false,
  },
];

export const LINT_IDS = LINT_RULES.map((r) => r.id);

export function lintRule(id: string): LintRuleInfo {
  const rule = LINT_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown lint "${id}": use one of ${LINT_IDS.join(', ')}`);
  return rule;
}

/** Parses a list of lint IDs (`NP003, NP005` or `NP003 NP005`), upper-casing them. */
export function parseLintIds(text: string): string[] {
  return text.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
}

export interface LintInput {
  /** Any Kubernetes object; only NetworkPolicies are linted. */
  readonly manifest: unknown;
  /** Where it comes from, for messages: a construct path or `file:document`. */
  readonly where: string;
  /** Lint IDs silenced from outside the object (construct-level switches). */
  readonly silenced?: ReadonlySet<string>;
  /** Rendered by this library's NetworkPolicy, whose API makes "allow all" and OR explicit. */
  readonly explicitIntent?: boolean;
  /** Has a rule from AllowDnsEgress.rule(), which knows where DNS runs even when it is not kube-system/53. */
  readonly providesDns?: boolean;
}

export interface LintResult {
  readonly id: string;
  /** Index of the NetworkPolicy in the inputs. */
  readonly input: number;
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

type Labels = { [key: string]: string };

interface Selector {
  readonly matchLabels: Labels;
  readonly matchExpressions: { key: string; operator: string; values: string[] }[];
}

interface Rule {
  readonly path: string;
  readonly peerField: string;
  readonly peers: Obj[];
  readonly ports: Obj[];
}

interface Policy {
  readonly input: number;
  readonly where: string;
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: Selector;
  readonly explicitTypes: boolean;
  readonly ingressIsolated: boolean;
  readonly egressIsolated: boolean;
  readonly ingress: Rule[];
  readonly egress: Rule[];
  readonly manifest: Obj;
  readonly providesDns: boolean;
}

interface Workload {
  readonly namespace: string;
  readonly description: string;
  readonly labels: Labels;
}


function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

function stringMap(value: unknown): Labels {
  const out: Labels = {};
  // JSON null decodes to "" in a Go map[string]string, as the analyzer reads it too.
  if (isObject(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string' || v === null) out[k] = v ?? '';
  return out;
}

function selector(value: unknown): Selector {
  const s = isObject(value) ? value : {};
  return {
    matchLabels: stringMap(s.matchLabels),
    matchExpressions: list(s.matchExpressions).filter(isObject).map((e) => ({
      key: String(e.key), operator: String(e.operator), values: list(e.values).map(String),
    })),
  };
}

function isEmptySelector(s: Selector): boolean {
  return Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;
}

function describeSelector(s: Selector): string {
  return isEmptySelector(s) ? 'every pod' : describeLabelSelector(s.matchLabels, s.matchExpressions);
}

function matches(s: Selector, labels: Labels): boolean {
  return labelsMatch(Object.entries(s.matchLabels), s.matchExpressions, labels);
}

/** True when every pod `inner` selects is also selected by `outer`, judged from the selectors alone. */
function covers(outer: Selector, inner: Selector): boolean {
  for (const [k, v] of Object.entries(outer.matchLabels)) if (inner.matchLabels[k] !== v) return false;
  return outer.matchExpressions.every((e) => {
    const same = (i: Selector['matchExpressions'][number]) => i.key === e.key && i.operator === e.operator && JSON.stringify(i.values) === JSON.stringify(e.values);
    if (inner.matchExpressions.some(same)) return true;
    const fixed = inner.matchLabels[e.key];
    const inValues = inner.matchExpressions.find((i) => i.key === e.key && i.operator === 'In')?.values;
    if (e.operator === 'Exists') return fixed !== undefined || inValues !== undefined;
    if (e.operator === 'In') return fixed !== undefined ? e.values.includes(fixed) : inValues !== undefined && inValues.every((v) => e.values.includes(v));
    if (e.operator === 'NotIn') return fixed !== undefined ? !e.values.includes(fixed) : inValues !== undefined && inValues.every((v) => !e.values.includes(v));
    return false;
  });
}

function rules(spec: Obj, direction: 'ingress' | 'egress'): Rule[] {
  const peerField = direction === 'ingress' ? 'from' : 'to';
  return list(spec[direction]).map((r, i) => {
    const rule = isObject(r) ? r : {};
    return { path: `spec.${direction}[${i}]`, peerField, peers: list(rule[peerField]).map((p) => (isObject(p) ? p : {})), ports: list(rule.ports).map((p) => (isObject(p) ? p : {})) };
  });
}

function toPolicy(manifest: Obj, input: number, where: string, providesDns: boolean): Policy {
  const metadata = isObject(manifest.metadata) ? manifest.metadata : {};
  const spec = isObject(manifest.spec) ? manifest.spec : {};
  const types = list(spec.policyTypes);
  const explicitTypes = types.length > 0;
  const egress = rules(spec, 'egress');
  return {
    input,
    where,
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : '',
    name: typeof metadata.name === 'string' ? metadata.name : '',
    podSelector: selector(spec.podSelector),
    explicitTypes,
    // Server defaulting: Ingress always, Egress when there are egress rules.
    ingressIsolated: explicitTypes ? types.includes('Ingress') : true,
    egressIsolated: explicitTypes ? types.includes('Egress') : egress.length > 0,
    ingress: rules(spec, 'ingress'),
    egress,
    manifest,
    providesDns,
  };
}

function workloadOf(manifest: Obj): Workload | undefined {
  const metadata = isObject(manifest.metadata) ? manifest.metadata : {};
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const description = `${manifest.kind}/${metadata.name ?? '(unnamed)'}`;
  if (manifest.kind === 'Pod') return { namespace, description, labels: stringMap(metadata.labels) };
  if (!isWorkloadKind(manifest.kind)) return undefined;
  const template = podTemplateOf(manifest);
  return { namespace, description, labels: stringMap(isObject(template.metadata) ? template.metadata.labels : undefined) };
}

function displayNamespace(namespace: string): string {
  return namespace === '' ? 'the default namespace' : `namespace "${namespace}"`;
}

/** The namespace cluster DNS runs in, as the DNS lint assumes it (silence NP005 for another one). */
const DNS_NAMESPACE_LABELS: Labels = { [NAMESPACE_NAME_LABEL]: 'kube-system' };

/**
 * Whether a rule of a policy in `namespace` may reach cluster DNS: its destinations must be able to include
 * the kube-system DNS pods (no peers, an ipBlock such as NodeLocal DNSCache's, or a namespaceSelector that
 * matches kube-system), and its ports must include port 53 of the protocol.
 */
function allowsDns(rule: Rule, protocol: string, namespace: string): boolean {
  const reachesDns = rule.peers.length === 0 || rule.peers.some((peer) => {
    if (isObject(peer.ipBlock)) return true;
    if (isObject(peer.namespaceSelector)) return matches(selector(peer.namespaceSelector), DNS_NAMESPACE_LABELS);
    return namespace === 'kube-system';
  });
  if (!reachesDns) return false;
  if (rule.ports.length === 0) return true;
  return rule.ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined || p.port === null) return true;
    if (typeof p.port === 'string') return /dns|domain/.test(p.port);
    return p.port <= 53 && 53 <= (typeof p.endPort === 'number' ? p.endPort : p.port);
  });
}

class Findings {
  public readonly results: LintResult[] = [];

  constructor(private readonly inputs: LintInput[], private readonly policies: Policy[]) {}

  public add(policy: Policy, id: string, field: string, message: string): void {
    const rule = lintRule(id);
    const input = this.inputs[policy.input];
    if (rule.intentAware && input.explicitIntent) return;
    if (input.silenced?.has(id)) return;
    const annotations = stringMap(policy.manifest.metadata?.annotations);
    if (parseLintIds(annotations[IGNORE_ANNOTATION] ?? '').includes(id)) return;
    this.results.push({ id, input: policy.input, field, message, fix: rule.fix });
  }

  public sorted(): LintResult[] {
    const order = new Map(this.policies.map((p, i) => [p.input, i]));
    return [...this.results].sort((a, b) => (order.get(a.input)! - order.get(b.input)!) || a.id.localeCompare(b.id));
  }
}

function lintRules(f: Findings, p: Policy): void {
  for (const rule of [...p.ingress, ...p.egress]) {
    const ingress = rule.peerField === 'from';
    if (rule.peers.length === 0) {
      f.add(p, 'NP001', rule.path, ingress
        ? 'allows traffic from every source: no `from` list means any pod in any namespace and any IP address, inside or outside the cluster'
        : 'allows traffic to every destination: no `to` list means any pod in any namespace and any IP address, inside or outside the cluster');
    }
    if (rule.ports.length === 0) {
      f.add(p, 'NP002', rule.path, 'allows every port of every protocol: the rule has no `ports` list');
    }
    const nsOnly = rule.peers.findIndex((peer) => peer.namespaceSelector && !peer.podSelector && !peer.ipBlock);
    const podOnly = rule.peers.findIndex((peer) => peer.podSelector && !peer.namespaceSelector && !peer.ipBlock);
    if (nsOnly >= 0 && podOnly >= 0) {
      f.add(p, 'NP004', `${rule.path}.${rule.peerField}`,
        `${rule.peerField}[${nsOnly}] (namespaceSelector only) and ${rule.peerField}[${podOnly}] (podSelector only) are separate entries, so they are OR'ed: every pod of those namespaces, or those pods in this namespace; one entry with both selectors would mean those pods in those namespaces`);
    }
    rule.peers.forEach((peer, j) => {
      const at = `${rule.path}.${rule.peerField}[${j}]`;
      if (ingress && isObject(peer.ipBlock) && typeof peer.ipBlock.cidr === 'string' && parseCidr(peer.ipBlock.cidr).cidr?.prefix === 0) {
        f.add(p, 'NP003', `${at}.ipBlock.cidr`, `allows ingress from every ${peer.ipBlock.cidr.includes(':') ? 'IPv6' : 'IPv4'} address (${peer.ipBlock.cidr}), the whole internet included`);
      }
      if (isObject(peer.namespaceSelector)) {
        const ns = selector(peer.namespaceSelector);
        if (ns.matchLabels.name !== undefined) {
          f.add(p, 'NP006', `${at}.namespaceSelector.matchLabels["name"]`, `selects namespaces by a "name" label, which namespaces only have if someone added it: select by ${NAMESPACE_NAME_LABEL}: ${ns.matchLabels.name}`);
        }
        ns.matchExpressions.forEach((e, k) => {
          if (e.key === 'name') {
            f.add(p, 'NP006', `${at}.namespaceSelector.matchExpressions[${k}].key`, `selects namespaces by a "name" label, which namespaces only have if someone added it: use the key ${NAMESPACE_NAME_LABEL}`);
          }
        });
      }
    });
  }
}

function lintPolicyTypes(f: Findings, p: Policy): void {
  if (!p.explicitTypes) {
    let message = `is not set, so Kubernetes assumes ${p.egressIsolated ? '[Ingress, Egress]' : '[Ingress]'}`;
    if (p.egressIsolated && p.ingress.length === 0) message += ': this egress policy also denies all ingress to its pods';
    else if (!p.egressIsolated && Array.isArray(p.manifest.spec?.egress)) message += ': `egress: []` alone does not isolate egress';
    f.add(p, 'NP009', 'spec.policyTypes', message);
    return;
  }
  if (!p.ingressIsolated && p.ingress.length > 0) {
    f.add(p, 'NP010', 'spec.ingress', 'has rules, but policyTypes leaves out Ingress, so Kubernetes ignores them');
  }
  if (!p.egressIsolated && p.egress.length > 0) {
    f.add(p, 'NP010', 'spec.egress', 'has rules, but policyTypes leaves out Egress, so Kubernetes ignores them');
  }
}

function lintDuplicates(f: Findings, policies: Policy[]): void {
  const first = new Map<string, Policy>();
  for (const p of policies) {
    if (p.name === '') continue;
    const key = `${p.namespace}/${p.name}`;
    const earlier = first.get(key);
    if (earlier) {
      f.add(p, 'NP007', 'metadata.name', `"${p.name}" is also the name of the NetworkPolicy at ${earlier.where} in ${displayNamespace(p.namespace)}: the one applied last replaces the other`);
    } else {
      first.set(key, p);
    }
  }
}

function lintDns(f: Findings, policies: Policy[], workloads: Workload[]): void {
  const egressPolicies = policies.filter((p) => p.egressIsolated);
  const dnsOf = (qs: Policy[]) => ({
    udp: qs.some((q) => q.providesDns || q.egress.some((r) => allowsDns(r, 'UDP', q.namespace))),
    tcp: qs.some((q) => q.providesDns || q.egress.some((r) => allowsDns(r, 'TCP', q.namespace))),
  });
  const missing = (d: { udp: boolean; tcp: boolean }) => [d.udp ? '' : 'UDP 53', d.tcp ? '' : 'TCP 53'].filter((s) => s !== '');
  for (const p of egressPolicies) {
    const sameNamespace = egressPolicies.filter((q) => q.namespace === p.namespace);
    const selected = workloads.filter((w) => w.namespace === p.namespace && matches(p.podSelector, w.labels));
    const gaps: string[] = [];
    if (selected.length > 0) {
      for (const w of selected) {
        const lacking = missing(dnsOf(sameNamespace.filter((q) => matches(q.podSelector, w.labels))));
        if (lacking.length > 0) gaps.push(`${w.description} (${lacking.join(' and ')})`);
      }
    } else {
      const lacking = missing(dnsOf(sameNamespace.filter((q) => covers(q.podSelector, p.podSelector))));
      if (lacking.length > 0) gaps.push(`${isEmptySelector(p.podSelector) ? 'every pod of the namespace' : `pods ${describeSelector(p.podSelector)}`} (${lacking.join(' and ')})`);
    }
    if (gaps.length > 0) {
      f.add(p, 'NP005', p.explicitTypes ? 'spec.policyTypes' : 'spec.egress',
        `isolates egress, but no policy allows DNS for ${gaps.join(', ')}: name lookups will fail`);
    }
  }
}

function lintSelectsNothing(f: Findings, policies: Policy[], workloads: Workload[], namespaceLabels: Map<string, Labels>): void {
  const known = new Set(workloads.map((w) => w.namespace));
  const labelsOf = (ns: string) => namespaceLabels.get(ns) ?? (ns === '' ? {} : { [NAMESPACE_NAME_LABEL]: ns });
  const none = (ns: string[], s: Selector) => !workloads.some((w) => ns.includes(w.namespace) && matches(s, w.labels));
  for (const p of policies) {
    if (known.has(p.namespace) && !isEmptySelector(p.podSelector) && none([p.namespace], p.podSelector)) {
      f.add(p, 'NP008', 'spec.podSelector', `(${describeSelector(p.podSelector)}) matches none of the pod templates the app defines in ${displayNamespace(p.namespace)}, so the policy applies to nothing`);
    }
    for (const rule of [...p.ingress, ...p.egress]) {
      rule.peers.forEach((peer, j) => {
        if (!isObject(peer.podSelector)) return;
        const pods = selector(peer.podSelector);
        if (isEmptySelector(pods)) return;
        let namespaces: string[];
        if (isObject(peer.namespaceSelector)) {
          const ns = selector(peer.namespaceSelector);
          // Only namespaces the app has workloads in can be judged; others may hold matching pods.
          namespaces = [...known].filter((n) => n !== '' && matches(ns, labelsOf(n)));
        } else {
          namespaces = known.has(p.namespace) ? [p.namespace] : [];
        }
        if (namespaces.length > 0 && none(namespaces, pods)) {
          const where = namespaces.length === 1 ? displayNamespace(namespaces[0]) : `namespaces ${namespaces.map((n) => `"${n}"`).join(', ')}`;
          f.add(p, 'NP008', `${rule.path}.${rule.peerField}[${j}].podSelector`, `(${describeSelector(pods)}) matches none of the pod templates the app defines in ${where}, so this peer allows nothing`);
        }
      });
    }
  }
}

/** Lints every valid NetworkPolicy among `inputs`, using the other objects as context. */
export function lint(inputs: LintInput[]): LintResult[] {
  const policies: Policy[] = [];
  const workloads: Workload[] = [];
  const namespaceLabels = new Map<string, Labels>();
  const apiWarnings: { policy: number; field: string; message: string }[] = [];
  inputs.forEach((input, i) => {
    const m = input.manifest;
    if (!isObject(m)) return;
    if (m.kind === 'NetworkPolicy' && m.apiVersion === 'networking.k8s.io/v1') {
      const problems = validateNetworkPolicy(m);
      if (problems.some((p) => p.severity === 'error')) return;
      policies.push(toPolicy(m, i, input.where, input.providesDns === true));
      for (const w of problems) apiWarnings.push({ policy: policies.length - 1, field: w.path, message: w.message });
    } else if (m.kind === 'Namespace' && isObject(m.metadata) && typeof m.metadata.name === 'string') {
      namespaceLabels.set(m.metadata.name, { ...stringMap(m.metadata.labels), [NAMESPACE_NAME_LABEL]: m.metadata.name });
    } else {
      const w = workloadOf(m);
      if (w) workloads.push(w);
    }
  });
  const f = new Findings(inputs, policies);
  for (const p of policies) {
    lintRules(f, p);
    lintPolicyTypes(f, p);
  }
  for (const w of apiWarnings) f.add(policies[w.policy], 'NP011', w.field, w.message);
  lintDuplicates(f, policies);
  lintDns(f, policies, workloads);
  lintSelectsNothing(f, policies, workloads, namespaceLabels);
  return f.sorted();
}
