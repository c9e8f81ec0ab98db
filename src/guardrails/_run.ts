// Guardrails at synth: reads the settings and suppressions that Guardrails.enable/ignore keep in construct
// metadata, decodes every ApiObject of the app once, lints the snapshot, and reports for one enabled scope.
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isActive, lintSnapshot, LintResult } from './lint';
import { formatIntent, guardrailSettingsOf, IGNORE_ANNOTATION, INTENT_METADATA, IntentSource, metadataEntries, nearestGuardrails, suppressionsAbove } from '../kube/intent';
import { isCoreNetworkPolicy, isObject } from '../kube/objects';
import { ValidationResult } from '../kube/problems';
import { DecodeInput, Snapshot } from '../kube/snapshot';
import { decodeManifests } from '../validation/decode';
import { checkNetworkPolicy } from '../validation/network-policy';

export interface ScopedResult {
  readonly result: LintResult;
  readonly strict: boolean;
  /** The nearest enabled scope of the policy, if any. */
  readonly scope?: IConstruct;
  /** The construct the finding is reported on: the policy construct, or the ApiObject itself. */
  readonly owner: IConstruct;
}

function intentSourceOf(apiObject: ApiObject): { owner: IConstruct; source: IntentSource } | undefined {
  const parent = apiObject.node.scope;
  const source = parent && metadataEntries<IntentSource>(parent, INTENT_METADATA).find((s) => s.apiObject === apiObject);
  return source ? { owner: parent!, source } : undefined;
}

interface Target {
  readonly apiObject: ApiObject;
  readonly owner: IConstruct;
  /** Rendered by one of our constructs, which reports its own validation errors. */
  readonly ours: boolean;
  readonly scope?: IConstruct;
}

interface Run {
  readonly targets: Target[];
  readonly invalid: { target: Target; errors: readonly { path: string; message: string }[] }[];
  readonly results: ScopedResult[];
}

/**
 * Validation of the policies our constructs did not render, by their JSON, per app: each enabled scope
 * decodes the whole app, and a policy is validated once however many scopes there are.
 */
const VALIDATED = new WeakMap<IConstruct, Map<string, ValidationResult>>();

function validationOf(root: IConstruct, manifest: unknown): ValidationResult | undefined {
  if (!isObject(manifest) || !isCoreNetworkPolicy(manifest)) return undefined;
  const cache = VALIDATED.get(root) ?? new Map<string, ValidationResult>();
  VALIDATED.set(root, cache);
  const text = JSON.stringify(manifest);
  const known = cache.get(text);
  if (known) return known;
  const result = checkNetworkPolicy(manifest);
  cache.set(text, result);
  return result;
}

/** The last decoded and linted inputs of an app, by their content. */
const LINTED = new WeakMap<IConstruct, { readonly key: string; readonly snapshot: Snapshot; readonly lint: LintResult[] }>();

/**
 * Decodes and lints the inputs, or returns the last answer for the same app when the inputs are the same:
 * cdk8s validates the app once per synth and once more per chart, and each enabled scope asks, so one synth
 * would otherwise decode and lint the whole app several times. The key is the inputs' content (objects,
 * construct paths, suppressions, recorded intent), never a guess that nothing changed.
 */
/** The JSON text of frozen manifests (the constructs' renderings, which cannot change), by object. */
const TEXT_OF_FROZEN = new WeakMap<object, string>();

function jsonText(manifest: unknown): string {
  if (typeof manifest !== 'object' || manifest === null || !Object.isFrozen(manifest)) return JSON.stringify(manifest);
  let text = TEXT_OF_FROZEN.get(manifest);
  if (text === undefined) TEXT_OF_FROZEN.set(manifest, text = JSON.stringify(manifest));
  return text;
}

function decodedAndLinted(root: IConstruct, inputs: DecodeInput[]): { snapshot: Snapshot; lint: LintResult[] } {
  const key = inputs.map((i) => [
    jsonText(i.manifest),
    i.where,
    JSON.stringify(i.suppressions ?? []),
    i.intent ? formatIntent(i.intent) ?? '' : '-',
  ].join('\u0000')).join('\u0001');
  const last = LINTED.get(root);
  if (last?.key === key) return last;
  const snapshot = decodeManifests(inputs);
  const answer = { key, snapshot, lint: lintSnapshot(snapshot) };
  LINTED.set(root, answer);
  return answer;
}

/** Decodes and lints every ApiObject of the app, once. */
function run(anywhere: IConstruct): Run {
  const targets: Target[] = [];
  const inputs: DecodeInput[] = [];
  const root = anywhere.node.root;
  for (const c of anywhere.node.root.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const ours = intentSourceOf(c);
    let manifest: unknown;
    try {
      manifest = ours?.source.manifest?.() ?? c.toJson();
    } catch {
      continue; // cannot render now; synth reports why
    }
    const owner = ours?.owner ?? c;
    targets.push({ apiObject: c, owner, ours: ours !== undefined, scope: nearestGuardrails(c) });
    const validation = ours ? ours.source.validate(manifest) : validationOf(root, manifest);
    inputs.push({
      manifest,
      where: owner.node.path,
      suppressions: suppressionsAbove(c),
      ...(ours ? { intent: ours.source.intent() } : {}),
      ...(validation ? { validation } : {}),
    });
  }
  const { snapshot, lint } = decodedAndLinted(root, inputs);
  const invalid = snapshot.invalid.map((p) => ({ target: targets[p.input], errors: p.errors }));
  const results = lint.map((result) => {
    const target = targets[result.policy.input];
    const strict = target.scope ? guardrailSettingsOf(target.scope)?.strict === true : false;
    return { result, strict, scope: target.scope, owner: target.owner };
  });
  return { targets, invalid, results };
}

function isBelow(c: IConstruct, scope: IConstruct): boolean {
  return c.node.scopes.includes(scope);
}

/** The findings on the policies below `scope`, suppressed ones included. */
export function findingsOf(scope: IConstruct): ScopedResult[] {
  return run(scope).results.filter((r) => isBelow(r.owner, scope));
}

function line(r: LintResult): string {
  return `${r.field}: ${r.id} ${r.message}. Fix: ${r.fix}`;
}

/** Warning lines printed per app, so each is printed once however often the app synthesizes. */
const PRINTED = new WeakMap<IConstruct, Set<string>>();

/**
 * The validation of an enabled scope: prints its warnings, and returns its errors (findings in strict
 * mode, and the API-server errors of policies our constructs did not render) as one message whose
 * lines name each policy's construct path.
 */
export function reportScope(scope: IConstruct): string[] {
  const { targets, invalid, results } = run(scope);
  const errors: { order: number; text: string }[] = [];
  // Policies not rendered by our constructs (raw ApiObject, cdk8s-plus, Include) get the same API-server
  // validation; these are always errors, as for our own (which report theirs themselves).
  for (const { target, errors: problems } of invalid) {
    if (target.ours || target.scope !== scope) continue;
    for (const p of problems) errors.push({ order: targets.indexOf(target), text: `[${target.owner.node.path}] ${p.path}: ${p.message}` });
  }
  const mine = results.filter((r) => r.scope === scope && isActive(r.result));
  const printed = PRINTED.get(scope.node.root) ?? new Set<string>();
  PRINTED.set(scope.node.root, printed);
  const fresh: string[] = [];
  for (const r of mine) {
    const text = `[${r.owner.node.path}] ${line(r.result)}`;
    if (r.strict) {
      errors.push({ order: r.result.policy.input, text });
    } else if (!printed.has(text)) {
      printed.add(text);
      fresh.push(text);
    }
  }
  if (fresh.length > 0) {
    process.stderr.write(fresh.map((t) => `cdk8s-netpol warning: ${t}\n`).join('')
      + `cdk8s-netpol: ${fresh.length} guardrail warning(s); silence one with Guardrails.ignore(construct, 'NP0xx', 'why') or the annotation ${IGNORE_ANNOTATION}, or make them errors with Guardrails.enable(scope, { strict: true })\n`);
  }
  if (errors.length === 0) return [];
  const what = scope.node.path === '' ? 'the app' : scope.node.path;
  const lines = errors.sort((a, b) => a.order - b.order).map((e) => e.text);
  return [`cdk8s-netpol guardrails of ${what}: ${lines.length} problem(s)\n  ${lines.join('\n  ')}`];
}
