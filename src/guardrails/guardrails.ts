import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { IGNORE_ANNOTATION, lint, LINT_IDS, LINT_RULES, LintInput, LintResult, lintRule } from './_lints';
import { AllowDnsEgress } from '../constructs/allow-dns-egress';
import { NetworkPolicy } from '../constructs/network-policy';
import { formatProblem, validateNetworkPolicy } from '../validation/network-policy';

/**
 * How a lint finding is reported.
 */
export enum LintSeverity {
  /** Printed to stderr at synth; synth goes on. */
  WARNING = 'warning',
  /** Fails `cdk8s synth`, like an API-server validation error. */
  ERROR = 'error',
}

/**
 * Options of `Guardrails.enable` and `Guardrails.lintManifests`.
 */
export interface GuardrailsOptions {
  /**
   * Report every finding as an error that fails synth, instead of a warning.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Lint IDs (such as `NP003`) to silence for everything in this scope.
   * @default - none
   */
  readonly ignore?: string[];
}

/**
 * One lint of the catalog.
 */
export interface LintRuleDescription {
  /** The stable ID, such as `NP003`. */
  readonly id: string;
  /** What it finds, in a few words. */
  readonly title: string;
  /** Why it matters. */
  readonly why: string;
  /** How to fix or silence it. */
  readonly fix: string;
}

/**
 * A lint finding on one NetworkPolicy.
 */
export interface LintFinding {
  /** The lint ID, such as `NP003`. */
  readonly ruleId: string;
  /** Warning, or error in strict mode. */
  readonly severity: LintSeverity;
  /** Where the policy is defined: its construct path, or `manifests[i]` for `lintManifests`. */
  readonly location: string;
  /** The policy as `namespace/name` (just `name` when it has no namespace). */
  readonly policy: string;
  /** The field the finding is about, such as `spec.ingress[0].from[1]`. */
  readonly field: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix or silence it. */
  readonly fix: string;
}

interface ScopeSettings {
  strict?: boolean;
  enabled: boolean;
  readonly ignore: Set<string>;
  /** Warning lines already printed, so each is printed once per app. */
  readonly printed: Set<string>;
  /** Constructs that carry this scope's errors from the last run. */
  readonly owners: Set<IConstruct>;
}

// Symbol.for, so that two copies of this library in one app still share the switches.
const SETTINGS = Symbol.for('cdk8s-netpol.guardrails');
const ERRORS = Symbol.for('cdk8s-netpol.guardrails.errors');

function settingsOf(scope: IConstruct, create: boolean): ScopeSettings | undefined {
  const holder = scope as unknown as { [SETTINGS]?: ScopeSettings };
  if (!holder[SETTINGS] && create) holder[SETTINGS] = { enabled: false, ignore: new Set(), printed: new Set(), owners: new Set() };
  return holder[SETTINGS];
}

function checkIds(ids: string[]): string[] {
  return ids.map((id) => lintRule(id.trim().toUpperCase()).id);
}

interface Target {
  readonly apiObject: ApiObject;
  readonly manifest: unknown;
  /** Rendered by our NetworkPolicy, which validates itself. */
  readonly ours: boolean;
  /** The construct problems are reported on: our NetworkPolicy, or the ApiObject itself. */
  readonly owner: IConstruct;
  /** The nearest enabled scope, if any. */
  readonly scope?: IConstruct;
}

function isNetworkPolicy(manifest: any): boolean {
  return manifest?.kind === 'NetworkPolicy' && typeof manifest?.apiVersion === 'string' && /^(networking\.k8s\.io|extensions)\//.test(manifest.apiVersion);
}

function policyName(manifest: any): string {
  const name = manifest?.metadata?.name ?? '(unnamed)';
  return manifest?.metadata?.namespace ? `${manifest.metadata.namespace}/${name}` : name;
}

interface Run {
  readonly targets: Target[];
  readonly results: { finding: LintFinding; target: Target }[];
}

/** Lints every ApiObject of the app; keeps the findings on the objects below `below`. */
function run(below: IConstruct): Run {
  const targets: Target[] = [];
  const inputs: LintInput[] = [];
  for (const c of below.node.root.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    let manifest: unknown;
    try {
      manifest = c.toJson();
    } catch {
      continue; // cannot render now; synth reports why
    }
    const silenced = new Set<string>();
    let scope: IConstruct | undefined;
    for (const s of [...c.node.scopes].reverse()) {
      const settings = settingsOf(s, false);
      settings?.ignore.forEach((id) => silenced.add(id));
      if (!scope && settings?.enabled) scope = s;
    }
    const parent = c.node.scope;
    const ours = parent instanceof NetworkPolicy && parent.apiObject === c;
    targets.push({ apiObject: c, manifest, ours, owner: ours ? parent : c, scope });
    const providesDns = ours && parent._egressRules.some((r) => AllowDnsEgress._isDnsRule(r));
    inputs.push({ manifest, where: (ours ? parent : c).node.path, silenced, explicitIntent: ours, providesDns });
  }
  const inside = new Set(below.node.findAll());
  const results = lint(inputs)
    .filter((r) => inside.has(targets[r.input].apiObject))
    .map((r) => {
      const target = targets[r.input];
      const strict = target.scope ? settingsOf(target.scope, false)?.strict === true : false;
      return { target, finding: toFinding(r, inputs[r.input], strict, target.owner.node.path) };
    });
  return { targets: targets.filter((t) => inside.has(t.apiObject)), results };
}

function toFinding(r: LintResult, input: LintInput, strict: boolean, location: string): LintFinding {
  return {
    ruleId: r.id,
    severity: strict ? LintSeverity.ERROR : LintSeverity.WARNING,
    location,
    policy: policyName(input.manifest),
    field: r.field,
    message: r.message,
    fix: r.fix,
  };
}

function line(f: LintFinding): string {
  return `${f.field}: ${f.ruleId} ${f.message}. Fix: ${f.fix}`;
}

/**
 * Guardrails: lints for NetworkPolicies that the API server accepts but that rarely mean what was
 * intended (allow-all rules, ingress from the internet, the AND/OR trap, egress isolation without DNS,
 * namespaces selected by a `name` label, duplicate names, selectors that match no workload, ...).
 *
 * Lints read the synthesized objects of the whole app, so they also cover NetworkPolicies written as raw
 * `ApiObject`s or with cdk8s-plus; those also get the API-server validation that `NetworkPolicy`
 * constructs always run (its errors always fail synth). Turn guardrails on once, for the app or a chart:
 * - by default each finding is a warning, printed to stderr once per app when it synthesizes;
 * - with `strict: true` each finding is an error and `cdk8s synth` fails, listing all of them with
 *   their construct path and field path.
 *
 * Silence a lint where it is intended: `Guardrails.ignore(construct, 'NP003')` for a construct and
 * everything below it, or the annotation `netpol.cdk8s.io/ignore: NP003,NP005` on the object
 * (which also works for YAML checked with `netpol validate`).
 *
 * @example
 * Guardrails.enable(app, { strict: true });
 */
export class Guardrails {
  /** The annotation that silences lints on one object, e.g. `netpol.cdk8s.io/ignore: NP003,NP005`. */
  public static readonly IGNORE_ANNOTATION = IGNORE_ANNOTATION;

  /**
   * Lints every NetworkPolicy below `scope` (an App or a Chart) when the app synthesizes.
   *
   * Cross-object lints (DNS, duplicate names, selectors) look at the whole app. When nested scopes are
   * enabled, each policy follows the nearest one.
   *
   * @example
   * Guardrails.enable(app);                       // warnings
   * Guardrails.enable(prodChart, { strict: true }); // errors for this chart
   */
  public static enable(scope: IConstruct, options: GuardrailsOptions = {}): void {
    const ignore = checkIds(options.ignore ?? []);
    const settings = settingsOf(scope, true)!;
    // A later call that does not mention strict keeps what an earlier one set.
    if (options.strict !== undefined) settings.strict = options.strict;
    ignore.forEach((id) => settings.ignore.add(id));
    if (settings.enabled) return;
    settings.enabled = true;
    scope.node.addValidation({ validate: () => Guardrails.report(scope) });
  }

  /**
   * Silences lints for `scope` and everything below it: a NetworkPolicy, any construct, or a chart.
   *
   * @example
   * Guardrails.ignore(publicWebPolicy, 'NP003');
   */
  public static ignore(scope: IConstruct, ...ids: string[]): void {
    const checked = checkIds(ids);
    if (checked.length === 0) throw new Error(`Guardrails.ignore needs at least one lint ID (${LINT_IDS.join(', ')})`);
    const settings = settingsOf(scope, true)!;
    checked.forEach((id) => settings.ignore.add(id));
  }

  /**
   * The findings on the NetworkPolicies below `scope` right now, without printing or failing.
   *
   * Severities follow the nearest enabled scope (warning where none is).
   */
  public static findings(scope: IConstruct): LintFinding[] {
    return run(scope).results.map((r) => r.finding);
  }

  /**
   * Lints plain manifests (any kinds; only `networking.k8s.io/v1` NetworkPolicies are linted, the
   * others give context such as workloads and namespaces).
   *
   * Policies that fail API-server validation are skipped: validate them first.
   */
  public static lintManifests(manifests: any[], options: GuardrailsOptions = {}): LintFinding[] {
    const silenced = new Set(checkIds(options.ignore ?? []));
    const inputs: LintInput[] = manifests.map((manifest, i) => ({ manifest, where: `manifests[${i}]`, silenced }));
    return lint(inputs).map((r) => toFinding(r, inputs[r.input], options.strict ?? false, inputs[r.input].where));
  }

  /** The catalog of lints, in ID order. */
  public static rules(): LintRuleDescription[] {
    return LINT_RULES.map(({ id, title, why, fix }) => ({ id, title, why, fix }));
  }

  /** Runs the lints for an enabled scope: prints warnings, registers errors on the constructs they are about. */
  private static report(scope: IConstruct): string[] {
    const settings = settingsOf(scope, false)!;
    const { targets, results } = run(scope);
    const errors = new Map<IConstruct, string[]>();
    const addError = (owner: IConstruct, text: string) => errors.set(owner, [...(errors.get(owner) ?? []), text]);
    // Policies not rendered by our NetworkPolicy (raw ApiObject, cdk8s-plus, Include) get the same
    // API-server validation; these are always errors, as for our own (the server rejects them, or for
    // ambiguous CIDRs accepts them only with a warning).
    for (const t of targets) {
      if (t.ours || t.scope !== scope || !isNetworkPolicy(t.manifest)) continue;
      validateNetworkPolicy(t.manifest).filter((p) => p.severity === 'error').forEach((p) => addError(t.owner, formatProblem(p)));
    }
    const fresh: string[] = [];
    for (const { finding, target } of results.filter((r) => r.target.scope === scope)) {
      if (finding.severity === LintSeverity.ERROR) {
        addError(target.owner, line(finding));
      } else {
        const text = `[${finding.location}] ${line(finding)}`;
        if (!settings.printed.has(text)) fresh.push(text);
        settings.printed.add(text);
      }
    }
    if (fresh.length > 0) {
      process.stderr.write(fresh.map((t) => `cdk8s-netpol warning: ${t}\n`).join('')
        + `cdk8s-netpol: ${fresh.length} guardrail warning(s); silence one with Guardrails.ignore(construct, 'NP0xx') or the annotation ${IGNORE_ANNOTATION}, or make them errors with Guardrails.enable(scope, { strict: true })\n`);
    }
    // Errors are reported by the constructs they are about, which cdk8s validates after this scope
    // (parents first), so synth lists each with its own construct path. An owner above the scope has
    // already been validated: the scope reports those itself.
    settings.owners.forEach((o) => Guardrails.errorsOn(o, []));
    settings.owners.clear();
    const own: string[] = [];
    errors.forEach((list, owner) => {
      if (owner.node.scopes.includes(scope)) {
        Guardrails.errorsOn(owner, list);
        settings.owners.add(owner);
      } else {
        own.push(...list.map((l) => `${owner.node.path}: ${l}`));
      }
    });
    return own;
  }

  private static errorsOn(owner: IConstruct, errors: string[]): void {
    const holder = owner as unknown as { [ERRORS]?: string[] };
    if (holder[ERRORS] === undefined) owner.node.addValidation({ validate: () => holder[ERRORS] ?? [] });
    holder[ERRORS] = errors;
  }

  private constructor() {}
}
