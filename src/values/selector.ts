import type * as kplus from 'cdk8s-plus-28';
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

function checkKey(key: string, where: string): void {
  const errors = qualifiedNameErrors(key);
  if (errors.length > 0) {
    throw new Error(`invalid label key "${key}" in ${where}: ${errors.join('; ')}`);
  }
}

function checkValue(key: string, value: string, where: string): void {
  if (typeof value !== 'string') throw new Error(`invalid value ${JSON.stringify(value)} for label "${key}" in ${where}: label values are strings (write "${value}")`);
  const errors = labelValueErrors(value);
  if (errors.length > 0) {
    throw new Error(`invalid value "${value}" for label "${key}" in ${where}: ${errors.join('; ')}`);
  }
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

  /** The label key. */
  public readonly key: string;
  /** The operator. */
  public readonly operator: LabelOperator;
  /** The values (empty for `Exists` and `DoesNotExist`). */
  public readonly values: string[];

  private constructor(key: string, operator: LabelOperator, values: string[]) {
    const where = `a ${operator} expression`;
    checkKey(key, where);
    if ((operator === LabelOperator.IN || operator === LabelOperator.NOT_IN) && values.length === 0) {
      throw new Error(`label expression ${operator} on "${key}" needs at least one value (an empty list would never match): pass the values, or use exists()/doesNotExist()`);
    }
    values.forEach((v) => checkValue(key, v, where));
    this.key = key;
    this.operator = operator;
    this.values = [...values];
  }

  /** Renders the Kubernetes `matchExpressions` entry. */
  public toConfig(): LabelSelectorRequirementConfig {
    return this.values.length > 0
      ? { key: this.key, operator: this.operator, values: [...this.values] }
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
 *
 * @example
 * LabelSelector.matchLabels({ role: 'db' });
 */
export class LabelSelector {
  /**
   * Selects everything (`{}`): every pod of the namespace, or every namespace.
   */
  public static all(): LabelSelector {
    return new LabelSelector({}, []);
  }

  /**
   * Selects what carries all of these labels.
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
    const labels = options.labels ?? {};
    const expressions = options.expressions ?? [];
    if (Object.keys(labels).length === 0 && expressions.length === 0) {
      throw new Error('a label selector needs at least one label or expression: to select everything, say so with LabelSelector.all()');
    }
    return new LabelSelector(labels, expressions);
  }

  /**
   * The pod labels of a cdk8s-plus workload or `Pods.select(...)`, to make it a policy's `podSelector`.
   *
   * Only the pod labels are taken: a policy selects pods of its own namespace, so give the policy the
   * workload's namespace.
   *
   * @example
   * // LabelSelector.ofPods(new kplus.Deployment(chart, 'Db', { containers: [{ image: 'mysql' }] }));
   */
  public static ofPods(selector: kplus.IPodSelector): LabelSelector {
    const config = selector.toPodSelectorConfig().labelSelector._toKube();
    const expressions = (config.matchExpressions ?? []).map((e) => {
      const values = e.values ?? [];
      switch (e.operator) {
        case LabelOperator.IN: return LabelExpression.isIn(e.key, values);
        case LabelOperator.NOT_IN: return LabelExpression.isNotIn(e.key, values);
        case LabelOperator.EXISTS: return LabelExpression.exists(e.key);
        case LabelOperator.DOES_NOT_EXIST: return LabelExpression.doesNotExist(e.key);
        default: throw new Error(`unsupported label operator "${e.operator}" in the selector of ${selector.node.path}: use In, NotIn, Exists or DoesNotExist`);
      }
    });
    return new LabelSelector(config.matchLabels ?? {}, expressions);
  }

  private readonly labels: { [key: string]: string };
  private readonly expressions: LabelExpression[];

  private constructor(labels: { [key: string]: string }, expressions: LabelExpression[]) {
    for (const [key, value] of Object.entries(labels)) {
      checkKey(key, 'matchLabels');
      checkValue(key, value, 'matchLabels');
    }
    this.labels = { ...labels };
    this.expressions = [...expressions];
  }

  /** True for the select-everything selector `{}`. */
  public get isAll(): boolean {
    return Object.keys(this.labels).length === 0 && this.expressions.length === 0;
  }

  /** Renders the Kubernetes label selector (`{}` for `all()`). */
  public toConfig(): LabelSelectorConfig {
    const config: { matchLabels?: { [key: string]: string }; matchExpressions?: LabelSelectorRequirementConfig[] } = {};
    if (Object.keys(this.labels).length > 0) config.matchLabels = { ...this.labels };
    if (this.expressions.length > 0) config.matchExpressions = this.expressions.map((e) => e.toConfig());
    return config;
  }
}
