import { IConstruct } from 'constructs';
import { lockFields } from './_immutable';
import { KplusLabelSelector, podSelectionOf } from './_kplus';
import { LabelOperator } from './enums';
import { labelValueErrors, qualifiedNameErrors } from '../kube/syntax';


/**
 * A `matchExpressions` entry as Kubernetes writes it.
 */
export interface LabelSelectorRequirementConfig {
  /** The label key. */
  readonly key: string;
  /** The operator (`In`, `NotIn`, `Exists` or `DoesNotExist`). */
  readonly operator: string;
  /**
   * The values, for `In` and `NotIn`.
   * @default - none (`Exists`, `DoesNotExist`)
   */
  readonly values?: string[];
}

/**
 * A label selector as Kubernetes writes it. `{}` selects everything.
 */
export interface LabelSelectorConfig {
  /**
   * Labels that must all match exactly.
   * @default - no label constraint
   */
  readonly matchLabels?: { [key: string]: string };
  /**
   * Requirements that must all hold.
   * @default - no expression constraint
   */
  readonly matchExpressions?: LabelSelectorRequirementConfig[];
}

/**
 * cdk8s renders a map through `resolve`/`sanitizeValue`, which take an object whose own `constructor` is not
 * `Object` for a class instance and fail with "can't render non-simple object of type 'undefined'". A map with
 * the (valid) label key `constructor` can therefore never be written; expressions carry keys as values, so they can.
 */
const UNWRITABLE_MAP_KEYS = new Set(['constructor']);

function checkKey(key: string, where: string): void {
  const errors = qualifiedNameErrors(key);
  if (errors.length > 0) {
    throw new Error(`invalid label key "${key}" in ${where}: ${errors.join('; ')}`);
  }
}

function checkMapKey(key: string, value: string, where: string): void {
  checkKey(key, where);
  if (UNWRITABLE_MAP_KEYS.has(key)) {
    throw new Error(
      `label key "${key}" in ${where} is valid in Kubernetes but cdk8s cannot synthesize a map with an own "${key}" key `
      + `(it fails with "can't render non-simple object"): select it with an expression instead, LabelExpression.isIn('${key}', [${JSON.stringify(value)}]), which matches the same pods`,
    );
  }
}

function checkValue(key: string, value: string, where: string): void {
  if (typeof value !== 'string') throw new Error(`invalid value ${JSON.stringify(value)} for label "${key}" in ${where}: label values are strings (write "${value}")`);
  const errors = labelValueErrors(value);
  if (errors.length > 0) {
    throw new Error(`invalid value "${value}" for label "${key}" in ${where}: ${errors.join('; ')}`);
  }
}

/** The own enumerable entries of a labels map given by a caller (JavaScript callers may pass anything). */
function entriesOf(labels: { [key: string]: string }, where: string): Array<[string, string]> {
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels) || labels instanceof Map) {
    throw new Error(`${where} must be a plain object of label keys to values, e.g. { app: 'web' }; got ${labels instanceof Map ? 'a Map' : JSON.stringify(labels)}`);
  }
  return Object.entries(labels);
}

/** A map's entries as a plain object; `Object.fromEntries` defines own properties, so no key can reach the prototype. */
function toRecord(entries: Iterable<readonly [string, string]>): { [key: string]: string } {
  return Object.fromEntries(entries);
}

/**
 * One `matchExpressions` requirement of a label selector.
 *
 * @example
 * LabelExpression.isIn('tier', ['web', 'api']);
 */
export class LabelExpression {
  /**
   * The label's value is one of `values` (operator `In`).
   *
   * @example
   * LabelExpression.isIn('environment', ['prod', 'staging']);
   */
  public static isIn(key: string, values: string[]): LabelExpression {
    return new LabelExpression(key, LabelOperator.IN, values);
  }

  /**
   * The label is absent, or its value is none of `values` (operator `NotIn`).
   *
   * @example
   * LabelExpression.isNotIn('environment', ['dev']);
   */
  public static isNotIn(key: string, values: string[]): LabelExpression {
    return new LabelExpression(key, LabelOperator.NOT_IN, values);
  }

  /**
   * The label is present (operator `Exists`).
   *
   * @example
   * LabelExpression.exists('team');
   */
  public static exists(key: string): LabelExpression {
    return new LabelExpression(key, LabelOperator.EXISTS, []);
  }

  /**
   * The label is absent (operator `DoesNotExist`).
   *
   * @example
   * LabelExpression.doesNotExist('quarantine');
   */
  public static doesNotExist(key: string): LabelExpression {
    return new LabelExpression(key, LabelOperator.DOES_NOT_EXIST, []);
  }

  /**
   * A requirement read from elsewhere (cdk8s-plus), with its operator as a string.
   * @internal
   */
  public static _read(key: string, operator: string, values: readonly string[], where: string): LabelExpression {
    const known = Object.values(LabelOperator).find((o) => o === operator);
    if (known === undefined) {
      throw new Error(`unsupported label operator "${operator}" on "${key}" in ${where}: use In, NotIn, Exists or DoesNotExist`);
    }
    if ((known === LabelOperator.EXISTS || known === LabelOperator.DOES_NOT_EXIST) && values.length > 0) {
      throw new Error(`label expression ${known} on "${key}" in ${where} has values (${values.join(', ')}), which Kubernetes rejects: ${known} takes none`);
    }
    return new LabelExpression(key, known, [...values], where);
  }

  /** The label key. */
  public readonly key: string;
  /** The operator. */
  public readonly operator: LabelOperator;

  private readonly valueList: readonly string[];

  private constructor(key: string, operator: LabelOperator, values: string[], where = `a ${operator} expression`) {
    checkKey(key, where);
    if (!Array.isArray(values)) throw new Error(`label expression ${operator} on "${key}" needs a list of values; got ${JSON.stringify(values)}`);
    if ((operator === LabelOperator.IN || operator === LabelOperator.NOT_IN) && values.length === 0) {
      throw new Error(`label expression ${operator} on "${key}" needs at least one value (an empty list would never match): pass the values, or use exists()/doesNotExist()`);
    }
    values.forEach((v) => checkValue(key, v, where));
    this.key = key;
    this.operator = operator;
    this.valueList = [...values];
    lockFields(this);
  }

  /** The values (empty for `Exists` and `DoesNotExist`); a copy, so changing it changes nothing. */
  public get values(): string[] {
    return [...this.valueList];
  }

  /** Renders the Kubernetes `matchExpressions` entry (a new object on every call). */
  public toConfig(): LabelSelectorRequirementConfig {
    return this.valueList.length > 0
      ? { key: this.key, operator: this.operator, values: [...this.valueList] }
      : { key: this.key, operator: this.operator };
  }
}

/**
 * Options to build a label selector.
 */
export interface LabelSelectorOptions {
  /**
   * Labels that must all match exactly.
   * @default - no label constraint
   */
  readonly labels?: { [key: string]: string };
  /**
   * Requirements that must all hold.
   * @default - no expression constraint
   */
  readonly expressions?: LabelExpression[];
}

/**
 * Selects pods or namespaces by label (`matchLabels` AND `matchExpressions`).
 *
 * "Everything" is its own factory, `LabelSelector.all()`: an empty selector is never built by accident.
 * A selector is an immutable value: it copies what it is given, and `toConfig()` returns a new object.
 *
 * @example
 * LabelSelector.matchLabels({ role: 'db' });
 */
export class LabelSelector {
  /**
   * Selects everything (`{}`): every pod of the namespace, or every namespace.
   */
  public static all(): LabelSelector {
    return new LabelSelector([], []);
  }

  /**
   * Selects what carries all of these labels. A value may be empty (`track: ''`): it matches exactly.
   *
   * @example
   * LabelSelector.matchLabels({ app: 'shop', role: 'api' });
   */
  public static matchLabels(labels: { [key: string]: string }): LabelSelector {
    return LabelSelector.of({ labels });
  }

  /**
   * Selects what matches all the given labels and expressions.
   *
   * @example
   * LabelSelector.of({ labels: { app: 'shop' }, expressions: [LabelExpression.isIn('tier', ['web', 'api'])] });
   */
  public static of(options: LabelSelectorOptions): LabelSelector {
    const labels = entriesOf(options.labels ?? {}, 'labels');
    const expressions = options.expressions ?? [];
    if (labels.length === 0 && expressions.length === 0) {
      throw new Error('a label selector needs at least one label or expression: to select everything, say so with LabelSelector.all()');
    }
    return new LabelSelector(labels, expressions);
  }

  /**
   * The pod labels of a cdk8s-plus pod selector (a workload, a Pod, `Pods.select(...)`, `Pods.all(...)`),
   * to make it a policy's `podSelector`.
   *
   * Any cdk8s-plus 2.x (cdk8s-plus-28 to -34) is read at run time. Labels and expressions are taken exactly,
   * empty label values included; a workload gives the labels you gave it (its `select(...)` without
   * `cdk8s.io/metadata.addr`, else its pod template labels), and `cdk8s.io/metadata.addr` only when you
   * gave none. Only the pods are taken, not
   * the namespaces: a policy selects pods of its own namespace, so give the policy the workload's
   * namespace. For a peer, which can reach into other namespaces, use `Peer.fromPodSelector()`.
   *
   * @example
   * // const db = new kplus.Deployment(chart, 'Db', { containers: [{ image: 'mysql' }] });
   * // new NetworkPolicy(chart, 'DbIn', { podSelector: LabelSelector.fromPodSelector(db), ... });
   */
  public static fromPodSelector(selector: IConstruct): LabelSelector {
    const selection = podSelectionOf(selector, 'LabelSelector.fromPodSelector()');
    return LabelSelector._read(selection.pods, `the pod selector of ${selection.path}`);
  }

  /**
   * The pod labels of a cdk8s-plus workload or `Pods.select(...)`.
   *
   * @deprecated use `LabelSelector.fromPodSelector()`, the same conversion under the name `Peer` also uses
   */
  public static ofPods(selector: IConstruct): LabelSelector {
    return LabelSelector.fromPodSelector(selector);
  }

  /**
   * A selector read from cdk8s-plus: checked like any other, `where` names it in messages.
   * @internal
   */
  public static _read(selector: KplusLabelSelector, where: string): LabelSelector {
    const expressions = selector.matchExpressions.map((e) => LabelExpression._read(e.key, e.operator, e.values, where));
    return new LabelSelector([...selector.matchLabels], expressions, where);
  }

  /**
   * The selector that matches what all of `selectors` match: labels merged, expressions concatenated.
   * Throws when two of them ask for different values of one label, which nothing matches.
   * @internal
   */
  public static _and(selectors: LabelSelector[], where: string): LabelSelector {
    const labels = new Map<string, string>();
    for (const selector of selectors) {
      for (const [key, value] of selector.labels) {
        const earlier = labels.get(key);
        if (earlier !== undefined && earlier !== value) {
          throw new Error(`${where} asks for label ${key}=${JSON.stringify(earlier)} and ${key}=${JSON.stringify(value)} at once, which nothing matches`);
        }
        labels.set(key, value);
      }
    }
    return new LabelSelector([...labels], selectors.flatMap((s) => s.expressions));
  }

  // Held in private fields (nothing outside the class can assign them) and frozen, read through the getters
  // below: cheaper to build than fields made read-only one by one, and no caller can change what they render.
  readonly #labels: ReadonlyArray<readonly [string, string]>;
  readonly #expressions: readonly LabelExpression[];

  private constructor(labels: ReadonlyArray<readonly [string, string]>, expressions: readonly LabelExpression[], where = 'matchLabels') {
    for (const [key, value] of labels) {
      checkMapKey(key, value, where);
      checkValue(key, value, where);
    }
    const missing = expressions.findIndex((e) => typeof e?.toConfig !== 'function');
    if (missing >= 0) throw new Error(`expression ${missing} of a label selector is not a LabelExpression: build it with LabelExpression.isIn(), isNotIn(), exists() or doesNotExist()`);
    this.#labels = Object.freeze(labels.map(([k, v]) => Object.freeze([k, v] as const)));
    this.#expressions = Object.freeze([...expressions]);
  }

  private get labels(): ReadonlyArray<readonly [string, string]> {
    return this.#labels;
  }

  private get expressions(): readonly LabelExpression[] {
    return this.#expressions;
  }

  /** True for the select-everything selector `{}`. */
  public get isAll(): boolean {
    return this.labels.length === 0 && this.expressions.length === 0;
  }

  /** Renders the Kubernetes label selector (`{}` for `all()`), as a new object on every call. */
  public toConfig(): LabelSelectorConfig {
    const config: { matchLabels?: { [key: string]: string }; matchExpressions?: LabelSelectorRequirementConfig[] } = {};
    if (this.labels.length > 0) config.matchLabels = toRecord(this.labels);
    if (this.expressions.length > 0) config.matchExpressions = this.expressions.map((e) => e.toConfig());
    return config;
  }
}
