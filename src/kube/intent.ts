// What an author meant on purpose, in a form every tool can read: the constructs write it (construct
// metadata while synthesizing, annotations in the YAML), the guardrails read it from the decoded model.
// It lives here, below both, so neither imports the other.
import { createHash } from 'crypto';
import { IConstruct } from 'constructs';
import { ValidationResult } from './problems';

/** Silences lints on one object: `NP003 (public website), NP005`. */
export const IGNORE_ANNOTATION = 'netpol.cdk8s.io/ignore';

/** Shapes a policy has on purpose, per rendered rule: `ingress[0]: any-port; egress[1]: dns`. */
export const INTENT_ANNOTATION = 'netpol.cdk8s.io/intent';

/** Construct metadata type of `Guardrails.enable` settings on a scope. */
export const GUARDRAILS_METADATA = 'cdk8s-netpol:guardrails';

/** Construct metadata type of one suppression (`Guardrails.ignore`) on a scope. */
export const SUPPRESSION_METADATA = 'cdk8s-netpol:suppression';

/** Construct metadata type on a construct that renders a policy and knows its intent. */
export const INTENT_METADATA = 'cdk8s-netpol:intent';

/** A deliberate shape of one rule. */
export type RuleIntent =
  /** no `from`/`to`: every peer (Peer.anything()) */
  | 'any-peer'
  /** no `ports`: every port (a rule without toPort) */
  | 'any-port'
  /** separate namespace-only and pod-only peers, OR'ed (the AND has its own factory) */
  | 'or-peers'
  /** the cluster DNS rule (AllowDnsEgress), wherever DNS runs */
  | 'dns';

const RULE_INTENTS: readonly RuleIntent[] = ['any-peer', 'any-port', 'or-peers', 'dns'];

/** A deliberate shape of a whole policy. */
export type PolicyIntentFlag =
  /** isolates egress without DNS on purpose (NamespaceIsolation with allowDns: false) */
  | 'no-dns';

export interface PolicyIntent {
  /** By rule, e.g. `ingress[0]`. */
  readonly rules: ReadonlyMap<string, ReadonlySet<RuleIntent>>;
  readonly flags: ReadonlySet<PolicyIntentFlag>;
  /**
   * The fingerprint (ruleFingerprint) of each rule the intent was recorded for, by rule: the intent then
   * follows the rule's content, so a rule added or moved later (a JSON patch, a hand edit) never inherits it.
   */
  readonly fingerprints?: ReadonlyMap<string, string>;
}

export const NO_INTENT: PolicyIntent = Object.freeze({ rules: new Map(), flags: new Set<PolicyIntentFlag>() });

/** Data of INTENT_METADATA, on the construct that renders `apiObject`. */
export interface IntentSource {
  /** The rendered object this is about (the construct's ApiObject). */
  readonly apiObject: unknown;
  /** The intent of what the construct renders now. */
  intent(): PolicyIntent;
  /** The construct's own validation of this rendering (the construct reports its errors itself). */
  validate(manifest: unknown): ValidationResult;
  /** The object `apiObject.toJson()` writes (keys in any order), built without a second full render; undefined when only toJson() can tell. */
  manifest?(): unknown;
}

/** A short hash of a rule's content (key order ignored): what recorded intent is tied to. */
export function ruleFingerprint(rule: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (typeof v === 'object' && v !== null) return Object.keys(v).sort().map((k) => [k, canonical((v as { [key: string]: unknown })[k])]);
    return v;
  };
  // 32 bits tell a policy's rules apart; this ties intent to content, it is not a security boundary.
  return createHash('sha256').update(JSON.stringify(canonical(rule) ?? null)).digest('hex').slice(0, 8);
}

/** The intent recorded for a rule, by content when fingerprints were recorded, else by position. */
export function intentForRule(intent: PolicyIntent, id: string, rule: unknown): ReadonlySet<RuleIntent> {
  const fingerprints = intent.fingerprints;
  if (fingerprints && fingerprints.size > 0) {
    const fp = ruleFingerprint(rule);
    const owner = fingerprints.get(id) === fp ? id : [...fingerprints].find(([, f]) => f === fp)?.[0];
    if (owner !== undefined) return intent.rules.get(owner) ?? new Set();
    if (fingerprints.has(id)) return new Set();
  }
  return intent.rules.get(id) ?? new Set();
}

/** `ingress[0]@1a2b3c4d: any-port; egress[1]: dns; no-dns`, or undefined when there is nothing to say. */
export function formatIntent(intent: PolicyIntent): string | undefined {
  const at = (rule: string) => (intent.fingerprints?.has(rule) ? `${rule}@${intent.fingerprints.get(rule)}` : rule);
  const parts = [...intent.rules].filter(([, s]) => s.size > 0).map(([rule, s]) => `${at(rule)}: ${RULE_INTENTS.filter((i) => s.has(i)).join(' ')}`);
  parts.push(...intent.flags);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** Reads INTENT_ANNOTATION; words it does not know are ignored, so newer writers stay readable. */
export function parseIntent(text: string | undefined): PolicyIntent {
  if (text === undefined) return NO_INTENT;
  const rules = new Map<string, Set<RuleIntent>>();
  const flags = new Set<PolicyIntentFlag>();
  const fingerprints = new Map<string, string>();
  for (const part of text.split(';').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = part.match(/^((?:ingress|egress)\[\d+\])(?:@([0-9a-f]{8}))?\s*:\s*(.*)$/);
    if (m) {
      const words = m[3].split(/\s+/).filter((w): w is RuleIntent => (RULE_INTENTS as readonly string[]).includes(w));
      rules.set(m[1], new Set([...(rules.get(m[1]) ?? []), ...words]));
      if (m[2] !== undefined) fingerprints.set(m[1], m[2]);
    } else if (part === 'no-dns') {
      flags.add(part);
    }
  }
  return fingerprints.size > 0 ? { rules, flags, fingerprints } : { rules, flags };
}

/** Both intents: every rule's shapes and every flag of either. */
export function mergeIntents(a: PolicyIntent, b: PolicyIntent): PolicyIntent {
  const rules = new Map<string, Set<RuleIntent>>();
  for (const source of [a, b]) for (const [k, v] of source.rules) rules.set(k, new Set([...(rules.get(k) ?? []), ...v]));
  const fingerprints = new Map([...(a.fingerprints ?? []), ...(b.fingerprints ?? [])]);
  const flags = new Set([...a.flags, ...b.flags]);
  return fingerprints.size > 0 ? { rules, flags, fingerprints } : { rules, flags };
}

/** A lint silenced on purpose, and why. */
export interface Suppression {
  readonly id: string;
  /** Empty when none was given. */
  readonly reason: string;
}

/**
 * `NP003 (public website), NP005`: IDs separated by commas or spaces, each with an optional reason;
 * an ID given twice is one suppression, with the first reason given for it.
 */
export function parseSuppressions(text: string | undefined): Suppression[] {
  const out: Suppression[] = [];
  const re = /([A-Za-z]+\d+)\s*(?:\(([^)]*)\))?/g;
  for (let m = re.exec(text ?? ''); m !== null; m = re.exec(text ?? '')) {
    out.push({ id: m[1].toUpperCase(), reason: (m[2] ?? '').trim() });
  }
  return uniqueSuppressions(out);
}

/** One suppression per ID, in first-seen order, with the first reason given for it ('' when none was). */
export function uniqueSuppressions(suppressions: readonly Suppression[]): Suppression[] {
  const seen = new Map<string, string>();
  for (const s of suppressions) if (!seen.has(s.id) || seen.get(s.id) === '') seen.set(s.id, s.reason);
  return [...seen].map(([id, reason]) => ({ id, reason }));
}

export function formatSuppressions(suppressions: readonly Suppression[]): string | undefined {
  const parts = uniqueSuppressions(suppressions).map(({ id, reason }) => (reason === '' ? id : `${id} (${reason.replace(/[()]/g, '')})`));
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** Data of GUARDRAILS_METADATA: what one `Guardrails.enable` call said. */
export interface GuardrailSettings {
  readonly strict?: boolean;
  readonly recordIntent?: boolean;
  readonly ignore: readonly string[];
}

/** The data of the metadata entries of one type on one construct, in the order they were added. */
export function metadataEntries<T>(scope: IConstruct, type: string): T[] {
  return scope.node.metadata.filter((m) => m.type === type).map((m) => m.data as T);
}

// Settings and suppressions are read for every policy on every validation pass, but they change only
// when one is added (a construct's scopes never change): reads are kept per construct until the next write.
let generation = 0;
interface Reads {
  generation: number;
  settings?: GuardrailSettings | null;
  nearest?: IConstruct | null;
  suppressions?: readonly Suppression[];
}
const reads = new WeakMap<IConstruct, Reads>();

function readsOf(c: IConstruct): Reads {
  let r = reads.get(c);
  if (r === undefined || r.generation !== generation) {
    r = { generation };
    reads.set(c, r);
  }
  return r;
}

/** Adds guardrail settings or a suppression to `scope`: the only way they are written, so reads can be kept. */
export function addScopeMetadata(scope: IConstruct, type: typeof GUARDRAILS_METADATA | typeof SUPPRESSION_METADATA, data: object): void {
  scope.node.addMetadata(type, data);
  generation++;
}

/**
 * The settings in force at an enabled scope, or undefined when guardrails are not enabled on it: what the
 * enclosing enabled scopes said, then its own `enable` calls in order (later calls win for what they
 * mention, so a nested call without `strict` keeps the enclosing scope's strictness).
 */
export function guardrailSettingsOf(scope: IConstruct): GuardrailSettings | undefined {
  const r = readsOf(scope);
  if (r.settings === undefined) {
    if (metadataEntries(scope, GUARDRAILS_METADATA).length === 0) {
      r.settings = null;
    } else {
      const all = scope.node.scopes.flatMap((s) => metadataEntries<GuardrailSettings>(s, GUARDRAILS_METADATA));
      r.settings = Object.freeze(all.reduce((a, b) => ({ ...a, ...b, ignore: [...a.ignore, ...b.ignore] }), { ignore: [] }));
    }
  }
  return r.settings ?? undefined;
}

/** The nearest scope of `c` (itself included) on which guardrails are enabled. */
export function nearestGuardrails(c: IConstruct): IConstruct | undefined {
  const r = readsOf(c);
  if (r.nearest === undefined) r.nearest = [...c.node.scopes].reverse().find((s) => guardrailSettingsOf(s) !== undefined) ?? null;
  return r.nearest ?? undefined;
}

/** Every suppression on `c` and the scopes above it. */
export function suppressionsAbove(c: IConstruct): readonly Suppression[] {
  const r = readsOf(c);
  r.suppressions ??= Object.freeze(c.node.scopes.flatMap((s) => [
    ...metadataEntries<Suppression>(s, SUPPRESSION_METADATA),
    ...metadataEntries<GuardrailSettings>(s, GUARDRAILS_METADATA).flatMap((g) => g.ignore.map((id) => ({ id, reason: '' }))),
  ]));
  return r.suppressions;
}

/** Whether what `c` renders should carry its intent in the YAML: guardrails cover it and did not opt out. */
export function recordsIntent(c: IConstruct): boolean {
  const scope = nearestGuardrails(c);
  return scope !== undefined && guardrailSettingsOf(scope)!.recordIntent !== false;
}
