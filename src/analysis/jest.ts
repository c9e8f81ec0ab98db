// jest matchers for reachability facts. TypeScript only, and never re-exported from src/index.ts, so the
// library does not depend on jest at runtime. Importing this module registers the matchers:
//
//   import 'cdk8s-netpol/lib/analysis/jest';
//   expect(chart).toAllowTraffic({ from: 'shop/api', to: 'shop/db', port: 5432 });
//   expect(chart).toAllowTraffic({ from: 'shop/web', to: 'svc/shop/api', port: 80 }); // every pod behind it
import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isServiceName } from './engine/resolve';
import { PodDefinition } from './options';
import { Reachability } from './reachability';
import { ServiceVerdict } from './service';
import { TrafficVerdict } from './verdict';
import { Protocol } from '../values/enums';

/** One connection to check, and what to add to the chart for the check. */
export interface TrafficExpectation {
  /** The source: `namespace/name`, a bare name if unique, an IP, or a cdk8s-plus workload/pod construct. */
  readonly from: string | IConstruct;
  /**
   * The destination, written like `from`, or a Service: `svc/namespace/name` (optionally `:PORT`) or a
   * cdk8s-plus Service construct. A Service is allowed when every pod it selects allows the connection
   * on its pod port (the targetPort), denied when none does.
   */
  readonly to: string | IConstruct;
  /** The destination port; for a Service, the Service port (it may instead be named in `to`, e.g. `svc/shop/api:http`). */
  readonly port?: number;
  /** The protocol (default TCP). */
  readonly protocol?: Protocol | 'TCP' | 'UDP' | 'SCTP';
  /** Plain labelled pods to add, e.g. a client that the chart does not define. */
  readonly pods?: PodDefinition[];
  /** External IPs to add (any IP can be queried anyway). */
  readonly externalIps?: string[];
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** Passes when the NetworkPolicies allow the connection (egress of the source AND ingress of the destination). */
      toAllowTraffic(expectation: TrafficExpectation): R;
      /** Passes when the NetworkPolicies deny the connection. */
      toDenyTraffic(expectation: TrafficExpectation): R;
    }
  }
}

function isConstruct(value: unknown): value is IConstruct {
  return typeof value === 'object' && value !== null && 'node' in value;
}

function load(subject: unknown, expectation: TrafficExpectation): Reachability {
  const options = { pods: expectation.pods, externalIps: expectation.externalIps };
  if (subject instanceof Reachability) {
    if (expectation.pods || expectation.externalIps) {
      throw new Error('pods and externalIps cannot be added to a Reachability that is already loaded: pass them when loading it, or expect() the chart');
    }
    return subject;
  }
  if (Chart.isChart(subject)) return Reachability.fromChart(subject, options);
  if (subject instanceof App) return Reachability.fromApp(subject, options);
  if (Array.isArray(subject)) return Reachability.fromManifests(subject, options);
  if (typeof subject === 'string') return Reachability.fromYaml(subject, options);
  throw new Error(`expect(...) needs a cdk8s Chart or App, a Reachability, a list of manifests or YAML text, not ${typeof subject}`);
}

function endpoint(value: string | IConstruct): string {
  return isConstruct(value) ? Reachability.nameOf(value) : value;
}

/** What a matcher reads of a pod verdict or a Service verdict. */
interface Outcome {
  readonly what: string;
  /** `allowed`, `denied`, or `allowed by only some of its pods`. */
  readonly is: string;
  readonly allowed: boolean;
  /** No pod of the destination allows it. */
  readonly denied: boolean;
  readonly explanation: string;
}

function outcomeOf(subject: unknown, expectation: TrafficExpectation): Outcome {
  if (typeof expectation !== 'object' || expectation === null) {
    throw new Error('expected { from, to, port, protocol? } describing one connection');
  }
  const protocol = expectation.protocol as Protocol | undefined;
  const to = endpoint(expectation.to);
  const reachability = load(subject, expectation);
  if (isServiceName(to)) {
    const port = expectation.port === undefined ? undefined : { port: expectation.port, protocol };
    const v: ServiceVerdict = reachability.checkService(endpoint(expectation.from), to, port);
    const partial = v.allowedPods.length > 0 && !v.allowed;
    return {
      what: `${v.source} -> svc/${v.service} on ${v.servicePort}/${v.protocol}`,
      is: v.allowed ? 'allowed' : partial ? `allowed by only some of its pods (${v.allowedPods.join(', ')})` : 'denied',
      allowed: v.allowed,
      denied: v.allowedPods.length === 0,
      explanation: v.explanation,
    };
  }
  if (expectation.port === undefined) throw new Error(`expected a port for the connection to ${to}`);
  const verdict: TrafficVerdict = reachability.check(endpoint(expectation.from), to, { port: expectation.port, protocol });
  return {
    what: `${verdict.source} -> ${verdict.destination} on ${verdict.port}/${verdict.protocol}`,
    is: verdict.allowed ? 'allowed' : 'denied',
    allowed: verdict.allowed,
    denied: !verdict.allowed,
    explanation: verdict.explanation,
  };
}

function matcher(want: boolean) {
  return function (this: jest.MatcherContext, subject: unknown, expectation: TrafficExpectation): jest.CustomMatcherResult {
    const verdict = outcomeOf(subject, expectation);
    const what = verdict.what;
    const is = verdict.is;
    const wanted = want ? 'allowed' : 'denied';
    // A Service that some of its pods allow is neither: both matchers fail, naming the pods.
    const pass = want ? verdict.allowed : verdict.denied;
    return {
      pass,
      message: () => (this.isNot
        ? `expected ${what} not to be ${wanted}, but it is ${is}.\n\n${verdict.explanation}`
        : `expected ${what} to be ${wanted}, but it is ${is}.\n\n${verdict.explanation}`),
    };
  };
}

/** The matchers, for `expect.extend(reachabilityMatchers)` in setups that do not import this module for its side effect. */
export const reachabilityMatchers = {
  toAllowTraffic: matcher(true),
  toDenyTraffic: matcher(false),
};

if (typeof expect !== 'undefined' && typeof expect.extend === 'function') {
  expect.extend(reachabilityMatchers);
}
