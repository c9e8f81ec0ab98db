import { IConstruct } from 'constructs';
import { findingsOf, reportScope } from './_run';
import { isActive, lintSnapshot, LintResult, silencedBecause } from './lint';
import { LINT_RULES, lintRule } from './rules';
import { addScopeMetadata, GuardrailSettings, GUARDRAILS_METADATA, IGNORE_ANNOTATION, SUPPRESSION_METADATA } from '../kube/intent';
import { decodeManifests } from '../validation/decode';

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
   * @deprecated give a reason: `Guardrails.ignore(scope, 'NP003', 'why')`
   */
  readonly ignore?: string[];
  /**
   * Write what the author meant on purpose into the synthesized YAML, so that `netpol validate` on it
   * agrees with the guardrails at synth: the annotation `netpol.cdk8s.io/intent` on a policy with rules
   * that allow every peer or port on purpose, and `netpol.cdk8s.io/ignore` (with the reasons) on a policy
   * with suppressions. Only policies rendered by this library's constructs carry them.
   * @default true
   */
  readonly recordIntent?: boolean;
}

/**
 * Options of `Guardrails.findings`.
 */
export interface FindingsOptions {
  /**
   * Also return the findings that are not reported: those a suppression silences, and those on shapes
   * recorded as intended (a rule without ports on purpose, ...), with the reason in `suppressedBecause`.
   * @default false
   */
  readonly includeSuppressed?: boolean;
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
  /**
   * Why it is not reported, for a silenced finding: the suppression's reason (empty when none was given),
   * or the recorded intent.
   * @default - not suppressed
   */
  readonly suppressedBecause?: string;
}

function toFinding(r: LintResult, strict: boolean): LintFinding {
  return {
    ruleId: r.id,
    severity: strict ? LintSeverity.ERROR : LintSeverity.WARNING,
    location: r.policy.where,
    policy: r.policy.namespaceGiven ? r.policy.id : r.policy.name,
    field: r.field,
    message: r.message,
    fix: r.fix,
    ...(isActive(r) ? {} : { suppressedBecause: silencedBecause(r) }),
  };
}

function checkId(id: string): string {
  if (typeof id !== 'string' || id.trim() === '') throw new Error('Guardrails needs a lint ID, such as NP003 (see Guardrails.rules())');
  return lintRule(id).id;
}

function checkScope(scope: IConstruct, call: string): void {
  if (typeof scope?.node?.addMetadata !== 'function') throw new Error(`${call} needs a construct (an App, a Chart or any construct below them), not ${JSON.stringify(scope) ?? 'undefined'}`);
}

function checkReason(id: string, reason: string | undefined): string {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new Error(`Guardrails.ignore(scope, '${id}', reason): say why ${id} does not apply here, e.g. Guardrails.ignore(scope, '${id}', 'public website')`);
  }
  if (/^(NP\d{3}[\s,]*)+$/i.test(reason.trim())) {
    const next = reason.trim().split(/[\s,]+/)[0].toUpperCase();
    throw new Error(`Guardrails.ignore takes one lint ID and a reason, not "${reason}": call it once per lint, e.g. Guardrails.ignore(scope, '${next}', 'why')`);
  }
  return reason.trim();
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
 * Shapes this library's constructs render only because the author asked for them (`Peer.anything()`, a
 * rule without ports, OR'ed peers, the DNS rule of `AllowDnsEgress`) are recorded as intent and never
 * reported. Silence a lint where it does not apply, with a reason:
 * `Guardrails.ignore(construct, 'NP003', 'public website')` for a construct and everything below it, or
 * the annotation `netpol.cdk8s.io/ignore: NP003 (public website)` on the object (which `netpol validate`
 * reads too).
 *
 * @example
 * Guardrails.enable(app, { strict: true });
 */
export class Guardrails {
  /** The annotation that silences lints on one object, e.g. `netpol.cdk8s.io/ignore: NP003 (public website), NP005`. */
  public static readonly IGNORE_ANNOTATION = IGNORE_ANNOTATION;

  /**
   * Lints every NetworkPolicy below `scope` (an App or a Chart) when the app synthesizes.
   *
   * Cross-object lints (DNS, duplicate names, selectors) look at the whole app. When nested scopes are
   * enabled, each policy follows the nearest one. Calling it again on the same scope updates the settings
   * it mentions.
   *
   * @example
   * Guardrails.enable(app);                       // warnings
   * Guardrails.enable(prodChart, { strict: true }); // errors for this chart
   */
  public static enable(scope: IConstruct, options: GuardrailsOptions = {}): void {
    checkScope(scope, 'Guardrails.enable');
    const settings: GuardrailSettings = {
      ...(options.strict !== undefined ? { strict: options.strict } : {}),
      ...(options.recordIntent !== undefined ? { recordIntent: options.recordIntent } : {}),
      ignore: (options.ignore ?? []).map(checkId),
    };
    const first = !scope.node.metadata.some((m) => m.type === GUARDRAILS_METADATA);
    addScopeMetadata(scope, GUARDRAILS_METADATA, settings);
    if (first) scope.node.addValidation({ validate: () => reportScope(scope) });
  }

  /**
   * Silences one lint for `scope` and everything below it (a NetworkPolicy, any construct, or a chart),
   * with the reason, which reports show.
   *
   * @param scope the construct to silence the lint for, with everything below it
   * @param id the lint ID, such as `NP003`
   * @param reason why the lint does not apply here
   * @example
   * Guardrails.ignore(publicWebPolicy, 'NP003', 'the landing page is public');
   */
  public static ignore(scope: IConstruct, id: string, reason: string): void {
    checkScope(scope, 'Guardrails.ignore');
    const checked = checkId(id);
    addScopeMetadata(scope, SUPPRESSION_METADATA, { id: checked, reason: checkReason(checked, reason) });
  }

  /**
   * The findings on the NetworkPolicies below `scope` right now, without printing or failing.
   *
   * Severities follow the nearest enabled scope (warning where none is).
   */
  public static findings(scope: IConstruct, options: FindingsOptions = {}): LintFinding[] {
    return findingsOf(scope)
      .filter((f) => options.includeSuppressed || isActive(f.result))
      .map((f) => toFinding(f.result, f.strict));
  }

  /**
   * Lints plain manifests (any kinds; only `networking.k8s.io/v1` NetworkPolicies are linted, the
   * others give context such as workloads and namespaces). Suppressed findings are left out.
   *
   * Policies that fail API-server validation are skipped: validate them first.
   */
  public static lintManifests(manifests: any[], options: GuardrailsOptions = {}): LintFinding[] {
    if (!Array.isArray(manifests)) throw new Error('Guardrails.lintManifests needs a list of objects, e.g. Reachability.parseYaml(text) or chart.toJson()');
    const silenced = new Map((options.ignore ?? []).map((id) => [checkId(id), ''] as const));
    const snapshot = decodeManifests(manifests.map((manifest, i) => ({ manifest, where: `manifests[${i}]` })));
    return lintSnapshot(snapshot, { silenced }).filter(isActive).map((r) => toFinding(r, options.strict === true));
  }

  /** The catalog of lints, in ID order. */
  public static rules(): LintRuleDescription[] {
    return LINT_RULES.map(({ id, title, why, fix }) => ({ id, title, why, fix }));
  }

  private constructor() {}
}
