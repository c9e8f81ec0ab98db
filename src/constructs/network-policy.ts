import { ApiObject, ApiObjectMetadata, App, Chart, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { isDnsRule, policyIntentFlags } from './_intent';
import {
  formatIntent,
  formatSuppressions,
  IGNORE_ANNOTATION,
  INTENT_ANNOTATION,
  INTENT_METADATA,
  IntentSource,
  mergeIntents,
  parseIntent,
  parseSuppressions,
  PolicyIntent,
  recordsIntent,
  RuleIntent,
  ruleFingerprint,
  suppressionsAbove,
} from '../kube/intent';
import { KubeRule } from '../kube/json';
import { show } from '../kube/quote';
import { toDnsName } from '../kube/syntax';
import { checkNetworkPolicy, formatProblem, Validation } from '../validation/network-policy';
import { PolicyType } from '../values/enums';
import { EgressRule, IngressRule } from '../values/rule';
import { LabelSelector } from '../values/selector';


/**
 * Properties of a `NetworkPolicy`.
 */
export interface NetworkPolicyProps {
  /**
   * The pods this policy applies to, in its namespace. Use `LabelSelector.all()` for every pod.
   */
  readonly podSelector: LabelSelector;

  /**
   * Object metadata: `name`, `namespace`, labels and annotations.
   *
   * @default - the name is derived from the construct path (`AllowApi` -> `allow-api`);
   * the namespace is the chart's
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * Ingress rules. Each adds the traffic it allows; nothing else gets in once ingress is isolated.
   *
   * @default - none; add some with `addIngressRule`
   */
  readonly ingress?: IngressRule[];

  /**
   * Egress rules. Each adds the traffic it allows; nothing else gets out once egress is isolated.
   *
   * @default - none; add some with `addEgressRule`
   */
  readonly egress?: EgressRule[];

  /**
   * The directions this policy isolates, written to `spec.policyTypes`.
   *
   * A direction that has rules must be listed: rules of an unlisted direction would be ignored by
   * Kubernetes, so synth fails instead.
   *
   * @default - the directions that have rules, plus those passed to `isolate()`
   */
  readonly policyTypes?: PolicyType[];
}

const ORDER = [PolicyType.INGRESS, PolicyType.EGRESS];

/** Every NetworkPolicy of an app by the object it would be: `namespace/name` (no namespace is `default`). */
const POLICIES = new WeakMap<IConstruct, Map<string, NetworkPolicy[]>>();

function identityOf(policy: NetworkPolicy): string {
  return `${policy.namespace ?? 'default'}/${policy.name}`;
}

/** Rules as the compiler would have checked them: present, and of the direction they are added to. */
function checkRules(policy: IConstruct, direction: 'ingress' | 'egress', rules: readonly unknown[], fix: string): void {
  const type = direction === 'ingress' ? IngressRule : EgressRule;
  // By class name too: a rule from a second copy of this library in the app is still a rule.
  const isA = (r: unknown, t: Function) => r instanceof t || (typeof (r as { _toKube?: unknown })?._toKube === 'function' && (r as object).constructor?.name === t.name);
  rules.forEach((r, i) => {
    if (!isA(r, type)) {
      const what = r === undefined || r === null ? String(r) : isA(r, direction === 'ingress' ? EgressRule : IngressRule) ? `an ${direction === 'ingress' ? 'egress' : 'ingress'} rule` : show(r);
      throw new Error(`NetworkPolicy ${policy.node.path}: ${direction}[${i}] is ${what}: build it with ${fix}`);
    }
  });
}

/**
 * The shapes of a rendered rule that our API only produces when asked: every peer (Peer.anything()),
 * every port (no toPort), OR'ed namespace-only and pod-only peers (the AND has its own factory).
 */
function intentOf(rule: KubeRule, peerField: 'from' | 'to'): RuleIntent[] {
  const out: RuleIntent[] = [];
  const peers = rule[peerField] as { [key: string]: unknown }[] | undefined;
  if (peers === undefined) out.push('any-peer');
  if (rule.ports === undefined) out.push('any-port');
  const only = (a: string, b: string) => (peers ?? []).some((p) => p[a] !== undefined && p[b] === undefined && p.ipBlock === undefined);
  if (only('namespaceSelector', 'podSelector') && only('podSelector', 'namespaceSelector')) out.push('or-peers');
  return out;
}

/**
 * Freezes rendered plain data all the way down: it is shared by every reader of one rendering. What is
 * frozen already is a rendering made here or a rule's, deep-frozen when it was made, and is not walked again.
 */
function frozen<T>(data: T): T {
  if (typeof data === 'object' && data !== null && !Object.isFrozen(data)) {
    Object.freeze(data);
    for (const v of Object.values(data)) frozen(v);
  }
  return data;
}

/** A rule value's rendering, frozen: shared by the value (rendered once), or frozen here for a rule of another copy of this library. */
function frozenRuleOf(value: IngressRule | EgressRule): KubeRule {
  const own = (value as { _toKubeFrozen?: () => KubeRule })._toKubeFrozen;
  return typeof own === 'function' ? own.call(value) : frozen(value._toKube());
}

/** Whether an app resolves values with cdk8s's built-in resolvers only, which leave plain data as it is. */
const PLAIN_RESOLVERS = new WeakMap<IConstruct, boolean>();

function resolvesPlainDataAsIs(scope: IConstruct): boolean {
  const root = scope.node.root;
  let known = PLAIN_RESOLVERS.get(root);
  if (known === undefined) {
    const resolvers = (root as Partial<App>).resolvers;
    known = Array.isArray(resolvers) && resolvers.length === 3 && resolvers[0] instanceof LazyResolver
      && resolvers[1] instanceof ImplicitTokenResolver && resolvers[2] instanceof NumberStringUnionResolver;
    PLAIN_RESOLVERS.set(root, known);
  }
  return known;
}

/** The fields of cdk8s's ApiObjectMetadataDefinition that its `toJson()` reads (with `apiObject`, its resolution context). */
const METADATA_FIELDS = new Set(['name', 'labels', 'annotations', 'namespace', 'finalizers', 'ownerReferences', 'apiObject', '_additionalAttributes']);
/** The keys of the metadata options that `toJson()` writes from its own fields instead. */
const WRITTEN_FROM_FIELDS = new Set(['name', 'namespace', 'annotations', 'finalizers', 'ownerReferences', 'labels']);

/** A primitive, as a key part that tells every value apart (type and value); undefined for anything else. */
function primitiveKey(value: unknown): string | undefined {
  if (value === undefined || value === null) return String(value);
  switch (typeof value) {
    case 'string': return JSON.stringify(value);
    case 'number':
    case 'boolean': return `${typeof value}:${Object.is(value, -0) ? '-0' : String(value)}`;
    default: return undefined;
  }
}

/** Metadata holding only primitives, as `metadata.toJson()` reads it; lazy values produced. */
interface PlainMetadata {
  readonly key: string;
  /** The fields `toJson()` writes, in the order it spreads them: the options first, then its own fields. */
  readonly fields: ReadonlyArray<readonly [string, unknown]>;
}

/** A map of primitives (lazy values produced), or undefined when it holds anything else. */
function plainMap(
  value: unknown, lazies: () => ReadonlyMap<unknown, unknown>, parts: string[], skip?: ReadonlySet<string>,
): Array<[string, unknown]> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const out: Array<[string, unknown]> = [];
  parts.push('{');
  for (const [k, v] of Object.entries(value)) {
    if (skip?.has(k)) continue;
    const produced = typeof v === 'object' && v !== null && lazies().has(v) ? lazies().get(v) : v;
    const key = primitiveKey(produced);
    if (key === undefined) return undefined;
    parts.push(JSON.stringify(k), key);
    out.push([k, produced]);
  }
  parts.push('}');
  return out;
}

/**
 * What `metadata.toJson()` is a function of, when the metadata holds only primitives (and the lazy values
 * `produce` gives, once, when the metadata holds one): equal keys mean equal JSON. Undefined when anything else is in it (tokens, owner
 * references, fields this cdk8s version has and this code does not know), which only toJson() can tell.
 */
function plainMetadata(metadata: object, produce: () => ReadonlyMap<unknown, unknown>): PlainMetadata | undefined {
  const m = metadata as { [field: string]: unknown };
  let produced: ReadonlyMap<unknown, unknown> | undefined;
  const lazies = () => (produced ??= produce());
  const fields = Object.keys(m);
  if (fields.length !== METADATA_FIELDS.size || !fields.every((f) => METADATA_FIELDS.has(f))) return undefined;
  const parts: string[] = [];
  const name = primitiveKey(m.name);
  const namespace = primitiveKey(m.namespace);
  const additional = plainMap(m._additionalAttributes, lazies, parts, WRITTEN_FROM_FIELDS);
  const labels = plainMap(m.labels, lazies, parts);
  const annotations = plainMap(m.annotations, lazies, parts);
  const finalizers = m.finalizers;
  if (name === undefined || namespace === undefined || !additional || !labels || !annotations) return undefined;
  if (!Array.isArray(finalizers) || !Array.isArray(m.ownerReferences) || m.ownerReferences.length > 0) return undefined;
  for (const f of finalizers) {
    const key = primitiveKey(f);
    if (key === undefined) return undefined;
    parts.push(key);
  }
  parts.push(name, namespace);
  return {
    key: parts.join('\u0000'),
    fields: [
      ...additional,
      ['name', m.name], ['namespace', m.namespace], ['annotations', Object.fromEntries(annotations)],
      ['finalizers', [...finalizers]], ['ownerReferences', []], ['labels', Object.fromEntries(labels)],
    ],
  };
}

/**
 * cdk8s's sanitizeValue for plain data, as `metadata.toJson()` calls it: keys sorted, null and undefined
 * left out, empty lists and maps left out.
 */
function sanitizedMetadata(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(sanitizedMetadata);
  const out: { [key: string]: unknown } = {};
  for (const key of Object.keys(value).sort()) {
    const v = sanitizedMetadata((value as { [key: string]: unknown })[key]);
    if (v !== undefined && v !== null) out[key] = v;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * The ApiObject of a NetworkPolicy. It knows whether JSON patches were added: without any, and with the
 * built-in resolvers only, the object `toJson()` writes is the metadata plus the spec as the policy renders
 * it, so synth-time validation does not resolve and sanitize the whole object a second time.
 */
class PolicyApiObject extends ApiObject {
  private patched = false;
  private metadataMemo?: { readonly key: string; readonly json: unknown };
  /** The lazy annotation values the policy adds, all produced at once (their values are part of the metadata key). */
  private produceOwn: () => ReadonlyMap<unknown, unknown> = () => new Map();

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /**
   * Adds annotations whose values the policy produces at synth: one by one for cdk8s, all at once (one look
   * at the guardrails) for the metadata key.
   */
  public _addLazyAnnotations(
    each: { readonly [key: string]: () => string | undefined },
    produce: () => ReadonlyMap<string, string | undefined>,
  ): void {
    const lazies = new Map<unknown, string>();
    for (const [key, one] of Object.entries(each)) {
      const value = Lazy.any({ produce: one });
      lazies.set(value, key);
      this.metadata.addAnnotation(key, value as unknown as string);
    }
    this.produceOwn = () => {
      const values = produce();
      return new Map([...lazies].map(([lazy, key]) => [lazy, values.get(key)]));
    };
  }

  /**
   * What the object `toJson()` writes is a function of, besides the policy's spec, or undefined when only
   * `toJson()` can tell (JSON patches, custom resolvers, metadata holding more than plain values).
   */
  public _plainKey(): string | undefined {
    if (this.patched || !resolvesPlainDataAsIs(this)) return undefined;
    const metadata = plainMetadata(this.metadata, this.produceOwn);
    if (metadata === undefined) return undefined;
    const key = `${this.apiVersion}\u0000${this.kind}\u0000${metadata.key}`;
    // Its JSON, as metadata.toJson() writes it: resolving leaves primitives as they are, sanitizing is done here.
    if (this.metadataMemo?.key !== key) this.metadataMemo = { key, json: frozen(sanitizedMetadata(Object.fromEntries(metadata.fields))) };
    return key;
  }

  /** What `toJson()` writes (keys unsorted) for the key `_plainKey()` returned last. */
  public _plainJson(key: string, spec: () => { [field: string]: unknown }): { [field: string]: unknown } {
    const metadata = this.metadataMemo?.key === key ? this.metadataMemo.json : this.metadata.toJson();
    return { apiVersion: this.apiVersion, kind: this.kind, metadata, spec: spec() };
  }
}

/** The intent of one rendering; fingerprints are added as they are needed. */
interface IntentMemo {
  readonly version: number;
  readonly rules: Map<string, Set<RuleIntent>>;
  readonly fingerprints: Map<string, string>;
  /** Which rules are fingerprinted so far: those with intent, or all. */
  fingerprinted?: 'intended' | 'all';
}

/** The rules of a policy as rendered: identical ones once, each with the values it came from. */
interface RenderedRules {
  readonly ingress: KubeRule[];
  readonly egress: KubeRule[];
  /** By rule id (`ingress[0]`): the rule values that render it. */
  readonly sources: ReadonlyMap<string, readonly (IngressRule | EgressRule)[]>;
}

/**
 * The path of a construct below its chart, as a DNS name: deterministic, readable, no hash.
 * Ids called `Resource` or `Default` add nothing to a name and are skipped.
 */
function nameFromPath(scope: IConstruct): string {
  const chart = Chart.of(scope);
  const parts = scope.node.scopes
    .slice(scope.node.scopes.indexOf(chart) + 1)
    .map((c) => c.node.id)
    .filter((id) => id !== 'Resource' && id !== 'Default');
  return parts.map(toDnsName).filter((p) => p !== '').join('-');
}

/**
 * A Kubernetes NetworkPolicy: the pods it selects accept only the traffic its rules allow,
 * in each direction it isolates.
 *
 * Kubernetes semantics, in short:
 * - A pod is isolated for ingress (or egress) as soon as any policy that selects it lists that
 *   policy type. A pod no policy selects accepts and sends everything.
 * - Policies only allow. The traffic a pod accepts is the union of every rule of every policy that
 *   selects it; there is no order and no deny rule.
 * - A connection needs both sides: egress from the source AND ingress to the destination.
 *
 * This construct always writes `policyTypes`, drops identical rules, and renders its spec lazily,
 * so rules can be added in any order. At synth, the rendered object is checked against the API
 * server's validation rules; every problem is reported with its field path.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * @example
 * new NetworkPolicy(chart, 'DbPolicyIn', {
 *   metadata: { name: 'db-policy-in' },
 *   podSelector: LabelSelector.matchLabels({ role: 'db' }),
 *   ingress: [IngressRule.fromPeers(Peer.pods(LabelSelector.matchLabels({ name: 'api-pod' }))).toPort(3306)],
 * });
 */
export class NetworkPolicy extends Construct {
  /** The underlying Kubernetes object. */
  public readonly apiObject: ApiObject;

  /** The podSelector as rendered when the policy was built (JSON). */
  private readonly podSelector: string;
  private readonly ingressRules: IngressRule[] = [];
  private readonly egressRules: EgressRule[] = [];
  private readonly explicitTypes?: PolicyType[];
  private readonly isolated = new Set<PolicyType>();
  private validated?: { readonly text: string; readonly result: Validation };
  /** The object as synthesized, by what it is a function of, and its validation once made. */
  private manifestMemo?: { readonly key: string; readonly manifest: unknown; result?: Validation };
  /** Bumped by every change to the rules or directions: what the memoized renderings are of. */
  private version = 0;
  private rendered?: { readonly version: number; readonly rules: RenderedRules };
  private intentMemo?: IntentMemo;
  private annotationMemo?: { readonly rules: unknown; readonly flags: ReadonlySet<unknown>; readonly fingerprints: number; readonly text?: string };

  public constructor(scope: Construct, id: string, props: NetworkPolicyProps) {
    super(scope, id);
    // Checked now, for callers without a compiler (JavaScript, or `any`): a wrong shape would otherwise
    // surface at synth as a TypeError far from where it was written.
    if (typeof props?.podSelector?.toConfig !== 'function') {
      throw new Error(`NetworkPolicy ${this.node.path}: podSelector must be a LabelSelector (LabelSelector.matchLabels({...}), or LabelSelector.all() for every pod of the namespace), not ${show(props?.podSelector)}`);
    }
    for (const field of ['labels', 'annotations'] as const) {
      if (Object.prototype.hasOwnProperty.call(props.metadata?.[field] ?? {}, 'constructor')) {
        // cdk8s takes an object with its own `constructor` key for a class instance and cannot serialise it.
        throw new Error(`NetworkPolicy ${this.node.path}: metadata.${field}["constructor"]: cdk8s cannot write a map key named "constructor": choose another key`);
      }
    }
    (props.policyTypes ?? []).forEach((t, i) => {
      if (!ORDER.includes(t)) throw new Error(`NetworkPolicy ${this.node.path}: policyTypes[${i}] is ${show(t)}: use PolicyType.INGRESS or PolicyType.EGRESS`);
    });
    // Rendered from a copy taken now: nothing done to the selector later changes this policy.
    this.podSelector = JSON.stringify(props.podSelector.toConfig());
    this.explicitTypes = props.policyTypes ? [...props.policyTypes] : undefined;
    this.apiObject = new PolicyApiObject(this, 'Resource', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { ...props.metadata, name: props.metadata?.name ?? nameFromPath(this) },
      spec: Lazy.any({ produce: () => this._toKube() }),
    });
    this.addIngressRule(...(props.ingress ?? []));
    this.addEgressRule(...(props.egress ?? []));
    this.node.addValidation({ validate: () => this.problems() });
    const byIdentity = POLICIES.get(this.node.root) ?? new Map<string, NetworkPolicy[]>();
    POLICIES.set(this.node.root, byIdentity);
    byIdentity.set(identityOf(this), [...(byIdentity.get(identityOf(this)) ?? []), this]);

    // What the author meant on purpose: for the guardrails while synthesizing (construct metadata), and
    // in the YAML for `netpol validate` when guardrails cover this policy.
    const source: IntentSource = {
      apiObject: this.apiObject,
      intent: () => this.intent(),
      validate: (m) => this.validationOf(m),
      manifest: () => this.manifest(),
    };
    this.node.addMetadata(INTENT_METADATA, source);
    // What the author wrote in these annotations stays; the recorded intent and suppressions are added.
    const ownIntent = props.metadata?.annotations?.[INTENT_ANNOTATION];
    const ownIgnore = props.metadata?.annotations?.[IGNORE_ANNOTATION];
    const intent = (records: boolean) => (records ? this.intentAnnotation(ownIntent) : ownIntent);
    const ignore = (records: boolean) => (records ? formatSuppressions([...parseSuppressions(ownIgnore), ...suppressionsAbove(this)]) : ownIgnore);
    (this.apiObject as PolicyApiObject)._addLazyAnnotations(
      { [INTENT_ANNOTATION]: () => intent(recordsIntent(this)), [IGNORE_ANNOTATION]: () => ignore(recordsIntent(this)) },
      () => {
        const records = recordsIntent(this);
        return new Map([[INTENT_ANNOTATION, intent(records)], [IGNORE_ANNOTATION, ignore(records)]]);
      },
    );
  }

  /** The policy's `metadata.name`. */
  public get name(): string {
    return this.apiObject.name;
  }

  /**
   * The policy's namespace.
   * @default - the namespace of the context (unset in the manifest)
   */
  public get namespace(): string | undefined {
    return this.apiObject.metadata.namespace;
  }

  /**
   * Adds ingress rules.
   *
   * @example
   * policy.addIngressRule(IngressRule.fromPeers(Peer.namespace('monitoring')).toPort(9090));
   */
  public addIngressRule(...rules: IngressRule[]): void {
    checkRules(this, 'ingress', rules, 'IngressRule.fromPeers(...) or AllowFrom(...)');
    this.ingressRules.push(...rules);
    this.version++;
  }

  /**
   * Adds egress rules.
   *
   * @example
   * policy.addEgressRule(EgressRule.toPeers(Peer.ipBlock('10.0.0.0/8')).toPort(443));
   */
  public addEgressRule(...rules: EgressRule[]): void {
    checkRules(this, 'egress', rules, 'EgressRule.toPeers(...) or AllowTo(...)');
    this.egressRules.push(...rules);
    this.version++;
  }

  /**
   * Isolates the selected pods in this direction, even with no rules: with none, nothing is allowed.
   *
   * @example
   * policy.isolate(PolicyType.EGRESS);
   */
  public isolate(direction: PolicyType): void {
    this.isolated.add(direction);
    this.version++;
  }

  /** The directions written to `spec.policyTypes`, in Kubernetes order. */
  public get policyTypes(): PolicyType[] {
    const types = new Set<PolicyType>([...(this.explicitTypes ?? this.directionsWithRules()), ...this.isolated]);
    return ORDER.filter((t) => types.has(t));
  }

  /** @internal */
  public _toKube(): { [field: string]: unknown } {
    const { ingress, egress } = this.renderRules();
    // Fresh containers each time; the rules themselves are frozen renderings shared between calls.
    const spec: { [field: string]: unknown } = { podSelector: JSON.parse(this.podSelector) };
    if (ingress.length > 0) spec.ingress = [...ingress];
    if (egress.length > 0) spec.egress = [...egress];
    spec.policyTypes = this.policyTypes;
    return spec;
  }

  /** The rules as rendered (identical ones once), rendered once per change of the rules. */
  private renderRules(): RenderedRules {
    if (this.rendered?.version === this.version) return this.rendered.rules;
    const sources = new Map<string, (IngressRule | EgressRule)[]>();
    const direction = (name: 'ingress' | 'egress', values: readonly (IngressRule | EgressRule)[]): KubeRule[] => {
      const rendered: KubeRule[] = [];
      const index = new Map<string, number>();
      for (const value of values) {
        const rule = frozenRuleOf(value);
        // One rule has nothing to be identical to: no key to make.
        const key = values.length > 1 ? JSON.stringify(rule) : '';
        if (!index.has(key)) {
          index.set(key, rendered.length);
          rendered.push(rule);
        }
        const id = `${name}[${index.get(key)}]`;
        sources.set(id, [...(sources.get(id) ?? []), value]);
      }
      return rendered;
    };
    const rules = { ingress: direction('ingress', this.ingressRules), egress: direction('egress', this.egressRules), sources };
    this.rendered = { version: this.version, rules };
    return rules;
  }

  /**
   * The intent each rendered rule carries (computed only for the tools that read it: guardrails, annotations).
   * Rules are fingerprinted only where there is intent to tie to them (hashing every rule is the cost of
   * intent on large apps), unless `allFingerprints`: an author's own intent annotation may name any rule.
   */
  private intent(allFingerprints = false): PolicyIntent {
    if (this.intentMemo?.version !== this.version) {
      const { ingress, egress, sources } = this.renderRules();
      const rules = new Map<string, Set<RuleIntent>>();
      for (const [name, rendered] of [['ingress', ingress], ['egress', egress]] as const) {
        rendered.forEach((rule, i) => {
          const id = `${name}[${i}]`;
          const intent = new Set<RuleIntent>(intentOf(rule, name === 'ingress' ? 'from' : 'to'));
          for (const value of sources.get(id) ?? []) if (value instanceof EgressRule && isDnsRule(value)) intent.add('dns');
          rules.set(id, intent);
        });
      }
      this.intentMemo = { version: this.version, rules, fingerprints: new Map() };
    }
    const memo = this.intentMemo;
    if (memo.fingerprinted !== 'all' && (allFingerprints || memo.fingerprinted === undefined)) {
      const { ingress, egress } = this.renderRules();
      for (const [name, rendered] of [['ingress', ingress], ['egress', egress]] as const) {
        rendered.forEach((rule, i) => {
          const id = `${name}[${i}]`;
          const wanted = allFingerprints || (memo.rules.get(id)?.size ?? 0) > 0;
          if (wanted && !memo.fingerprints.has(id)) memo.fingerprints.set(id, ruleFingerprint(rule));
        });
      }
      memo.fingerprinted = allFingerprints ? 'all' : 'intended';
    }
    return { rules: this.intentMemo.rules, flags: policyIntentFlags(this), fingerprints: this.intentMemo.fingerprints };
  }

  /** The intent annotation: the author's own, merged with the recorded intent; formatted once per rendering. */
  private intentAnnotation(own: string | undefined): string | undefined {
    const intent = this.intent(own !== undefined);
    const memo = this.annotationMemo;
    const sameFlags = memo !== undefined && (memo.flags === intent.flags || (memo.flags.size === 0 && intent.flags.size === 0));
    if (memo && sameFlags && memo.rules === intent.rules && memo.fingerprints === intent.fingerprints!.size) return memo.text;
    const text = formatIntent(mergeIntents(parseIntent(own), intent));
    this.annotationMemo = { rules: intent.rules, flags: intent.flags, fingerprints: intent.fingerprints!.size, text };
    return text;
  }

  /** The object as synthesized (keys in any order): by a full render only when patches or custom resolvers could change it. */
  private manifest(): unknown {
    const apiObject = this.apiObject as PolicyApiObject;
    const plain = apiObject._plainKey();
    if (plain === undefined) return this.apiObject.toJson();
    // The spec is a function of the version; the rest of the object of the plain key: the same key, the same
    // object (frozen), so asking again (cdk8s validates twice per synth, the guardrails once more) costs a key.
    const key = `${this.version}\u0000${plain}`;
    if (this.manifestMemo?.key !== key) this.manifestMemo = { key, manifest: frozen(apiObject._plainJson(plain, () => this._toKube())) };
    return this.manifestMemo.manifest;
  }

  /** Validation of one rendering, done once however many tools ask (this construct, the guardrails). */
  private validationOf(manifest: unknown): Validation {
    const memo = this.manifestMemo;
    if (memo !== undefined && memo.manifest === manifest) return (memo.result ??= checkNetworkPolicy(manifest));
    const text = JSON.stringify(manifest);
    if (this.validated?.text !== text) this.validated = { text, result: checkNetworkPolicy(manifest) };
    return this.validated.result;
  }

  private directionsWithRules(): PolicyType[] {
    const out: PolicyType[] = [];
    if (this.ingressRules.length > 0) out.push(PolicyType.INGRESS);
    if (this.egressRules.length > 0) out.push(PolicyType.EGRESS);
    return out;
  }

  private problems(): string[] {
    const errors: string[] = [];
    const types = this.policyTypes;
    if (this.explicitTypes?.length === 0 && types.length === 0) {
      errors.push('spec.policyTypes: is an empty list, which Kubernetes reads as "Ingress, plus Egress if there are egress rules": list the directions to isolate, or leave policyTypes out to infer them from the rules');
    } else if (types.length === 0) {
      errors.push('spec.policyTypes: the policy has no rules and isolates nothing (Kubernetes would default it to a deny-all-ingress policy): add rules, call isolate(), or use DefaultDeny for a deny-all');
    }
    for (const direction of this.directionsWithRules()) {
      if (!types.includes(direction)) {
        errors.push(`spec.policyTypes: ${JSON.stringify(types)} leaves out ${direction}, so its ${direction.toLowerCase()} rules would be ignored: add ${direction} to policyTypes or remove those rules`);
      }
    }
    const twin = this.sameNameElsewhere();
    if (twin) {
      errors.push(`metadata.name: "${this.name}" is also the name of the NetworkPolicy at ${twin.node.path} in the same namespace: the one applied last would replace the other; give one of them its own metadata.name`);
    }
    return [...errors, ...this.validationOf(this.manifest()).errors.map(formatProblem)];
  }

  /** Another NetworkPolicy of the app that would be the same Kubernetes object (same namespace and name). */
  private sameNameElsewhere(): NetworkPolicy | undefined {
    // A lookup, not a walk of the whole tree for every policy; a policy removed from the tree since does not count.
    const inTree = (p: NetworkPolicy) => p.node.scopes.every((s, i, all) => i === 0 || all[i - 1].node.tryFindChild(s.node.id) === s);
    return (POLICIES.get(this.node.root)?.get(identityOf(this)) ?? []).find((p) => p !== this && inTree(p));
  }
}
