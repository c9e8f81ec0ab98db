// The API server's NetworkPolicy validation (kubernetes pkg/apis/networking/validation
// ValidateNetworkPolicy and the apimachinery helpers it calls), on plain objects.
// Used by the constructs at synth, by `netpol validate` and by the analyzer.
import { exceptProblem, isStrictSubnet, parseCidr } from './_cidr';
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  portNameErrors,
  portNumberErrors,
  qualifiedNameErrors,
} from './_syntax';

export type Severity = 'error' | 'warning';

export interface Problem {
  /** Field path such as `spec.ingress[0].from[1].ipBlock.except[0]`. */
  readonly path: string;
  /** What is wrong, quoting the value, and the fix. */
  readonly message: string;
  readonly severity: Severity;
}

export function formatProblem(p: Problem): string {
  return `${p.path}: ${p.message}`;
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

// Field names the API knows; anything else is rejected by strict field validation (kubectl's default).
const KNOWN: { [shape: string]: string[] } = {
  policy: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
  spec: ['podSelector', 'policyTypes', 'ingress', 'egress'],
  ingress: ['from', 'ports'],
  egress: ['to', 'ports'],
  peer: ['podSelector', 'namespaceSelector', 'ipBlock'],
  ipBlock: ['cidr', 'except'],
  port: ['protocol', 'port', 'endPort'],
  selector: ['matchLabels', 'matchExpressions'],
  requirement: ['key', 'operator', 'values'],
};

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Collector {
  public readonly problems: Problem[] = [];

  public error(path: string, message: string): void {
    this.problems.push({ path, message, severity: 'error' });
  }

  public warning(path: string, message: string): void {
    this.problems.push({ path, message, severity: 'warning' });
  }

  /** Reports each message about `value` at `path`. */
  public each(path: string, value: unknown, messages: string[]): void {
    for (const m of messages) this.error(path, `${show(value)} ${m}`);
  }

  /** Checks that `value` is an object with only known fields; false when it is not an object. */
  public shape(path: string, value: unknown, shape: string): value is { [key: string]: unknown } {
    if (!isObject(value)) {
      this.error(path, `must be an object, not ${show(value)}`);
      return false;
    }
    for (const key of Object.keys(value)) {
      if (!KNOWN[shape].includes(key)) {
        this.error(`${path}.${key}`, `unknown field "${key}": the API server rejects it (known fields: ${KNOWN[shape].join(', ')})`);
      }
    }
    return true;
  }

  /** Returns the list at `path`, or undefined (reporting) when it is present but not a list. */
  public list(path: string, value: unknown): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.error(path, `must be a list, not ${show(value)}`);
      return undefined;
    }
    return value;
  }
}

function validateLabelMap(c: Collector, path: string, value: unknown, checkValues: boolean): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) {
    c.error(path, `must be a map of label keys to values, not ${show(value)}`);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    const at = `${path}["${key}"]`;
    c.each(at, key, qualifiedNameErrors(key).map((m) => `is not a valid key: ${m}`));
    if (typeof v !== 'string') {
      c.error(at, `value ${show(v)} must be a string (quote it in YAML, e.g. "${String(v)}")`);
    } else if (checkValues) {
      c.each(at, v, labelValueErrors(v).map((m) => `is not a valid label value: ${m}`));
    }
  }
}

function validateSelector(c: Collector, path: string, selector: unknown): void {
  if (!c.shape(path, selector, 'selector')) return;
  validateLabelMap(c, `${path}.matchLabels`, selector.matchLabels, true);
  const expressions = c.list(`${path}.matchExpressions`, selector.matchExpressions) ?? [];
  expressions.forEach((e, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    if (!c.shape(at, e, 'requirement')) return;
    if (typeof e.key !== 'string') {
      c.error(`${at}.key`, 'is required: the label key to test');
    } else {
      c.each(`${at}.key`, e.key, qualifiedNameErrors(e.key).map((m) => `is not a valid label key: ${m}`));
    }
    const values = c.list(`${at}.values`, e.values) ?? [];
    const op = e.operator;
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) c.error(`${at}.values`, `must be specified when operator is ${op}: list at least one value, or use Exists/DoesNotExist`);
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) c.error(`${at}.values`, `may not be specified when operator is ${op}: remove the values, or use In/NotIn`);
    } else {
      c.error(`${at}.operator`, `${show(op)} is not supported: use one of ${OPERATORS.join(', ')} (case matters)`);
    }
    values.forEach((v, j) => {
      if (typeof v !== 'string') c.error(`${at}.values[${j}]`, `${show(v)} must be a string (quote it in YAML)`);
      else c.each(`${at}.values[${j}]`, v, labelValueErrors(v).map((m) => `is not a valid label value: ${m}`));
    });
  });
}

function validateCidr(c: Collector, path: string, value: unknown) {
  if (typeof value !== 'string' || value === '') {
    c.error(path, 'is required: a CIDR such as 10.0.0.0/16 or 2001:db8::/32');
    return undefined;
  }
  const parsed = parseCidr(value);
  c.each(path, value, parsed.errors);
  for (const w of parsed.warnings) c.warning(path, w);
  return parsed.errors.length === 0 ? parsed.cidr : undefined;
}

function validateIpBlock(c: Collector, path: string, ipBlock: unknown): void {
  if (!c.shape(path, ipBlock, 'ipBlock')) return;
  const outer = validateCidr(c, `${path}.cidr`, ipBlock.cidr);
  const excepts = c.list(`${path}.except`, ipBlock.except) ?? [];
  excepts.forEach((text, i) => {
    const at = `${path}.except[${i}]`;
    const inner = validateCidr(c, at, text);
    if (outer && inner && !isStrictSubnet(outer, inner)) c.error(at, `${show(text)} ${exceptProblem(outer, inner)}`);
  });
}

function validatePeer(c: Collector, path: string, peer: unknown): void {
  if (!c.shape(path, peer, 'peer')) return;
  const present = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => peer[k] !== undefined && peer[k] !== null);
  if (present.length === 0) {
    c.error(path, 'must specify a peer (podSelector, namespaceSelector or ipBlock): an empty entry is rejected; to allow everything, leave the whole from/to list out');
  } else if (present.includes('ipBlock') && present.length > 1) {
    c.error(path, 'may not specify both ipBlock and another peer: put the ipBlock in its own list entry');
  }
  if (present.includes('podSelector')) validateSelector(c, `${path}.podSelector`, peer.podSelector);
  if (present.includes('namespaceSelector')) validateSelector(c, `${path}.namespaceSelector`, peer.namespaceSelector);
  if (present.includes('ipBlock')) validateIpBlock(c, `${path}.ipBlock`, peer.ipBlock);
}

function validatePort(c: Collector, path: string, port: unknown): void {
  if (!c.shape(path, port, 'port')) return;
  const { protocol, port: value, endPort } = port;
  if (protocol !== undefined && !PROTOCOLS.includes(protocol as string)) {
    c.error(`${path}.protocol`, `${show(protocol)} is not supported: use one of ${PROTOCOLS.join(', ')} (upper case)`);
  }
  if (value === undefined || value === null) {
    if (endPort !== undefined) c.error(`${path}.endPort`, `${show(endPort)} may not be specified when port is not specified: set port to the first port of the range`);
    return;
  }
  if (typeof value === 'number') {
    c.each(`${path}.port`, value, portNumberErrors(value));
    if (endPort !== undefined) {
      if (typeof endPort !== 'number') {
        c.error(`${path}.endPort`, `${show(endPort)} must be a number`);
      } else {
        if (endPort < value) c.error(`${path}.endPort`, `${endPort} must be greater than or equal to port ${value}: swap them, or set endPort >= ${value}`);
        c.each(`${path}.endPort`, endPort, portNumberErrors(endPort));
      }
    }
  } else if (typeof value === 'string') {
    if (endPort !== undefined) c.error(`${path}.endPort`, `${show(endPort)} may not be specified when port is a named port (${show(value)}): use a numeric port for ranges`);
    const hint = /^[0-9]+$/.test(value) ? ` (to mean port ${value}, write it unquoted)` : '';
    c.each(`${path}.port`, value, portNameErrors(value).map((m) => `is not a valid port name: ${m}${hint}`));
  } else {
    c.error(`${path}.port`, `${show(value)} must be a port number or a port name`);
  }
}

function validateRules(c: Collector, spec: { [key: string]: unknown }, direction: 'ingress' | 'egress'): void {
  const peerField = direction === 'ingress' ? 'from' : 'to';
  const rules = c.list(`spec.${direction}`, spec[direction]) ?? [];
  rules.forEach((rule, i) => {
    const at = `spec.${direction}[${i}]`;
    if (!c.shape(at, rule, direction)) return;
    (c.list(`${at}.ports`, rule.ports) ?? []).forEach((p, j) => validatePort(c, `${at}.ports[${j}]`, p));
    (c.list(`${at}.${peerField}`, rule[peerField]) ?? []).forEach((p, j) => validatePeer(c, `${at}.${peerField}[${j}]`, p));
  });
}

function validatePolicyTypes(c: Collector, value: unknown): void {
  const types = c.list('spec.policyTypes', value);
  if (!types) return;
  if (types.length > 2) {
    c.error('spec.policyTypes', `${show(types)} may not specify more than two policyTypes: use Ingress, Egress or both`);
    return;
  }
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(t as string)) {
      c.error(`spec.policyTypes[${i}]`, `${show(t)} is not supported: use Ingress or Egress (case matters)`);
    } else if (types.indexOf(t) !== i) {
      c.error(`spec.policyTypes[${i}]`, `${show(t)} is listed twice: list each policy type once`);
    }
  });
}

function validateMetadata(c: Collector, metadata: unknown): void {
  if (!isObject(metadata)) {
    c.error('metadata', 'is required: set metadata.name');
    return;
  }
  const { name, generateName, namespace } = metadata;
  if (typeof name === 'string' && name !== '') {
    c.each('metadata.name', name, dns1123SubdomainErrors(name));
  } else if (typeof generateName !== 'string' || generateName === '') {
    c.error('metadata.name', 'is required: a lowercase RFC 1123 subdomain such as "db-policy-in"');
  }
  if (namespace !== undefined && namespace !== null) {
    if (typeof namespace !== 'string') c.error('metadata.namespace', `${show(namespace)} must be a string`);
    else c.each('metadata.namespace', namespace, dns1123LabelErrors(namespace));
  }
  validateLabelMap(c, 'metadata.labels', metadata.labels, true);
  validateLabelMap(c, 'metadata.annotations', metadata.annotations, false);
}

/**
 * Validates one NetworkPolicy manifest the way the API server would, plus strict field checking.
 * Returns every problem found (errors and warnings), in document order.
 */
export function validateNetworkPolicy(manifest: unknown): Problem[] {
  const c = new Collector();
  if (!c.shape('(document)', manifest, 'policy')) return c.problems;
  if (manifest.apiVersion !== 'networking.k8s.io/v1') {
    c.error('apiVersion', `${show(manifest.apiVersion)} must be "networking.k8s.io/v1"`);
  }
  if (manifest.kind !== 'NetworkPolicy') c.error('kind', `${show(manifest.kind)} must be "NetworkPolicy"`);
  validateMetadata(c, manifest.metadata);
  const spec = manifest.spec;
  if (spec === undefined || spec === null) return c.problems;
  if (!c.shape('spec', spec, 'spec')) return c.problems;
  if (spec.podSelector !== undefined && spec.podSelector !== null) validateSelector(c, 'spec.podSelector', spec.podSelector);
  validateRules(c, spec, 'ingress');
  validateRules(c, spec, 'egress');
  validatePolicyTypes(c, spec.policyTypes);
  return c.problems;
}
