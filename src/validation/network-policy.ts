// The API server's NetworkPolicy validation on plain objects: kubernetes pkg/apis/networking/validation
// (ValidateNetworkPolicy, ValidateNetworkPolicyPort, ValidateNetworkPolicyPeer, ValidateIPBlock), the
// ObjectMeta rules of apimachinery pkg/api/validation, ValidateLabelSelector of pkg/apis/meta/v1/validation
// and the name/label/port syntax of pkg/util/validation. On top of that, kubectl's strict field validation
// (unknown fields are rejected). Used by the constructs at synth, by `netpol validate` and by the analyzer.
//
// CIDRs (see kube/cidr.ts for the reasons): host bits set (10.0.1.1/4) are a warning, as today's API servers
// report them, and the policy is analysed with the network (0.0.0.0/4); `netpol validate --strict` makes it an
// error, as StrictIPCIDRValidation (KEP-4858) does. Leading zeros and IPv4-mapped IPv6 are errors: the
// non-strict server accepts them too, but what a CNI makes of them is not certain (CVE-2021-29923). The
// constructs never emit any of the three. Non-canonical IPv6 spellings (2001:DB8::/32) stay valid forever
// for this legacy field: they are warnings, like the server's.
import { exceptProblem, isStrictSubnet, parseCidr, ParsedCidr } from '../kube/cidr';
import { isObject } from '../kube/objects';
import { ValidationResult } from '../kube/problems';
import { shorten, show } from '../kube/quote';
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  portNameErrors,
  portNumberErrors,
  qualifiedNameErrors,
} from '../kube/syntax';

type Fields = { [key: string]: unknown };

export type Severity = 'error' | 'warning';

export interface Problem {
  /** Field path such as `spec.ingress[0].from[1].ipBlock.except[0]`. */
  readonly path: string;
  /** What is wrong, quoting the value, and the fix. */
  readonly message: string;
  readonly severity: Severity;
}

/** The problems of one object, by severity: errors make the API server reject it, warnings it only reports. */
export interface Validation extends ValidationResult {
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
}

export function formatProblem(p: Problem): string {
  return `${p.path}: ${p.message}`;
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
/** `TotalAnnotationSizeLimitB`: keys and values together. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

// Field names the API knows; anything else is rejected by strict field validation (kubectl's default).
// Everything the server itself returns is known, so a `kubectl get netpol -o yaml` dump validates: the
// metadata it fills in (uid, resourceVersion, generation, managedFields, creationTimestamp, ...) and
// `status`, which servers of Kubernetes 1.24-1.27 return as `status: {}` (NetworkPolicyStatus, with only
// `conditions`, was removed in 1.28; the server ignores status written to the main resource).
const KNOWN: { [shape: string]: string[] } = {
  policy: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
  status: ['conditions'],
  metadata: [
    'name', 'generateName', 'namespace', 'labels', 'annotations', 'uid', 'resourceVersion', 'generation',
    'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences', 'finalizers',
    'managedFields', 'selfLink',
  ],
  spec: ['podSelector', 'policyTypes', 'ingress', 'egress'],
  ingress: ['from', 'ports'],
  egress: ['to', 'ports'],
  peer: ['podSelector', 'namespaceSelector', 'ipBlock'],
  ipBlock: ['cidr', 'except'],
  port: ['protocol', 'port', 'endPort'],
  selector: ['matchLabels', 'matchExpressions'],
  requirement: ['key', 'operator', 'values'],
};


/** The longest valid label or annotation key: a 253-character prefix, '/', a 63-character name. */
const LONGEST_KEY = 253 + 1 + 63;

/** A map key in a field path (`metadata.labels["app"]`): in full up to the longest valid key, else shortened. */
function keyPath(path: string, key: string): string {
  return `${path}[${shorten(key, '"', LONGEST_KEY)}]`;
}


/** JSON null decodes to the zero value in Go: absent for pointers and lists, "" for strings. */
function absent(value: unknown): boolean {
  return value === undefined || value === null;
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

  /**
   * Checks that `value` is an object with only known fields. A null list element decodes to the
   * zero struct in Go, so it is accepted as `{}`. Returns undefined when it is not an object.
   */
  public shape(path: string, value: unknown, shape: string): Fields | undefined {
    if (value === null) return {};
    if (!isObject(value)) {
      this.error(path, `must be an object, not ${show(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!KNOWN[shape].includes(key)) {
        this.error(`${path}.${shorten(key, '', LONGEST_KEY)}`, `unknown field ${show(key)}: the API server rejects it (known fields: ${KNOWN[shape].join(', ')})`);
      }
    }
    return value;
  }

  /** Returns the list at `path` (empty when absent), or undefined (reporting) when it is not a list. */
  public list(path: string, value: unknown): unknown[] | undefined {
    if (absent(value)) return [];
    if (!Array.isArray(value)) {
      this.error(path, `must be a list, not ${show(value)}`);
      return undefined;
    }
    return value;
  }

  /** Returns the string at `path` ("" for null), or undefined (reporting) when it is not a string. */
  public text(path: string, value: unknown, hint = ''): string | undefined {
    if (value === null) return '';
    if (typeof value !== 'string') {
      this.error(path, `${show(value)} must be a string${hint}`);
      return undefined;
    }
    return value;
  }
}

/**
 * kubectl reads YAML 1.1, which turns unquoted `on`, `yes` or `1.10` into a boolean or a number: say how to
 * keep them text. Only the decoded value is known here, not the text the user wrote, so the hint must not
 * suggest the decoded spelling ("true" for `on`, "1.1" for `1.10`, "8" for `010`), which changes the value:
 * it asks to quote what was written and names the words or spellings that decode this way.
 */
function quoteHint(value: unknown): string {
  if (typeof value === 'boolean') {
    const [words, example] = value ? ['true, yes, on, y', '"on"'] : ['false, no, off, n', '"off"'];
    return ` (YAML 1.1 reads an unquoted ${words} as the boolean ${value}: quote the value as written, e.g. ${example})`;
  }
  if (typeof value === 'number') {
    return ` (YAML reads it unquoted as the number ${value}: quote the value exactly as written in the YAML, since 1.10 reads as the number 1.1 and 010 as 8)`;
  }
  return '';
}

function validateLabelMap(c: Collector, path: string, value: unknown): void {
  if (absent(value)) return;
  if (!isObject(value)) {
    c.error(path, `must be a map of label keys to values, not ${show(value)}`);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    const at = keyPath(path, key);
    c.each(at, key, qualifiedNameErrors(key).map((m) => `is not a valid key: ${m}`));
    const text = c.text(at, v, quoteHint(v));
    if (text !== undefined) c.each(at, text, labelValueErrors(text).map((m) => `is not a valid label value: ${m}`));
  }
}

function validateAnnotations(c: Collector, path: string, value: unknown): void {
  if (absent(value)) return;
  if (!isObject(value)) {
    c.error(path, `must be a map of annotation keys to values, not ${show(value)}`);
    return;
  }
  let bytes = 0;
  for (const [key, v] of Object.entries(value)) {
    const at = keyPath(path, key);
    // Annotation keys are qualified names in any case.
    c.each(at, key, qualifiedNameErrors(key.toLowerCase()).map((m) => `is not a valid annotation key: ${m}`));
    const text = c.text(at, v, quoteHint(v));
    bytes += Buffer.byteLength(key) + Buffer.byteLength(text ?? '');
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    c.error(path, `total size ${bytes} bytes must be no more than ${ANNOTATIONS_MAX_BYTES} bytes (256 KiB): move large data to a ConfigMap`);
  }
}

function validateSelector(c: Collector, path: string, value: unknown): void {
  const selector = c.shape(path, value, 'selector');
  if (!selector) return;
  validateLabelMap(c, `${path}.matchLabels`, selector.matchLabels);
  const expressions = c.list(`${path}.matchExpressions`, selector.matchExpressions) ?? [];
  expressions.forEach((e, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    const req = c.shape(at, e, 'requirement');
    if (!req) return;
    const values = c.list(`${at}.values`, req.values) ?? [];
    const op = req.operator;
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) c.error(`${at}.values`, `must be specified when operator is ${op}: list at least one value, or use Exists/DoesNotExist`);
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) c.error(`${at}.values`, `may not be specified when operator is ${op}: remove the values, or use In/NotIn`);
    } else {
      c.error(`${at}.operator`, `${show(op)} is not a valid selector operator: use one of ${OPERATORS.join(', ')} (case matters)`);
    }
    const key = c.text(`${at}.key`, req.key);
    if (key === '') c.error(`${at}.key`, 'is required: the label key to test');
    else if (key !== undefined) c.each(`${at}.key`, key, qualifiedNameErrors(key).map((m) => `is not a valid label key: ${m}`));
    values.forEach((v, j) => {
      const text = c.text(`${at}.values[${j}]`, v, quoteHint(v));
      if (text !== undefined) c.each(`${at}.values[${j}]`, text, labelValueErrors(text).map((m) => `is not a valid label value: ${m}`));
    });
  });
}

/**
 * Validates one CIDR; returns its network when it parses at all (as the server's sloppy parser does),
 * even if a strict rule failed, so that `except` entries are still checked against it.
 */
function validateCidr(c: Collector, path: string, value: unknown): ParsedCidr | undefined {
  const text = c.text(path, value);
  if (text === undefined) return undefined;
  const parsed = parseCidr(text);
  c.each(path, text, parsed.errors);
  for (const w of parsed.warnings) c.warning(path, w);
  return parsed.cidr;
}

function validateIpBlock(c: Collector, path: string, value: unknown): void {
  const ipBlock = c.shape(path, value, 'ipBlock');
  if (!ipBlock) return;
  if (absent(ipBlock.cidr) || ipBlock.cidr === '') {
    // The server stops here: `except` is not looked at without a cidr.
    c.error(`${path}.cidr`, 'is required: a CIDR such as 10.0.0.0/16 or 2001:db8::/32');
    return;
  }
  const outer = validateCidr(c, `${path}.cidr`, ipBlock.cidr);
  if (!outer) return;
  const excepts = c.list(`${path}.except`, ipBlock.except) ?? [];
  excepts.forEach((entry, i) => {
    const at = `${path}.except[${i}]`;
    const inner = validateCidr(c, at, entry ?? '');
    if (inner && !isStrictSubnet(outer, inner)) c.error(at, `${show(entry)} ${exceptProblem(outer, inner)}`);
  });
}

function validatePeer(c: Collector, path: string, value: unknown): void {
  const peer = c.shape(path, value, 'peer');
  if (!peer) return;
  const present = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => !absent(peer[k]));
  if (present.includes('podSelector')) validateSelector(c, `${path}.podSelector`, peer.podSelector);
  if (present.includes('namespaceSelector')) validateSelector(c, `${path}.namespaceSelector`, peer.namespaceSelector);
  if (present.includes('ipBlock')) validateIpBlock(c, `${path}.ipBlock`, peer.ipBlock);
  if (present.length === 0) {
    c.error(path, 'must specify a peer (podSelector, namespaceSelector or ipBlock): an empty entry is rejected; to allow everything, leave the whole from/to list out');
  } else if (present.includes('ipBlock') && present.length > 1) {
    c.error(path, 'may not specify both ipBlock and another peer: put the ipBlock in its own list entry');
  }
}

function validatePort(c: Collector, path: string, value: unknown): void {
  const port = c.shape(path, value, 'port');
  if (!port) return;
  const { protocol, port: number, endPort } = port;
  // A null protocol is defaulted to TCP; an empty string is not.
  if (!absent(protocol) && !PROTOCOLS.includes(protocol as string)) {
    c.error(`${path}.protocol`, `${show(protocol)} is not supported: use one of ${PROTOCOLS.join(', ')} (upper case)`);
  }
  if (absent(number)) {
    if (!absent(endPort)) c.error(`${path}.endPort`, `${show(endPort)} may not be specified when port is not specified: set port to the first port of the range`);
    return;
  }
  if (typeof number === 'number') {
    c.each(`${path}.port`, number, portNumberErrors(number));
    if (!absent(endPort)) {
      if (typeof endPort !== 'number') {
        c.error(`${path}.endPort`, `${show(endPort)} must be a number`);
      } else {
        if (endPort < number) c.error(`${path}.endPort`, `${endPort} must be greater than or equal to port ${number}: swap them, or set endPort >= ${number}`);
        c.each(`${path}.endPort`, endPort, portNumberErrors(endPort));
      }
    }
  } else if (typeof number === 'string') {
    if (!absent(endPort)) c.error(`${path}.endPort`, `${show(endPort)} may not be specified when port is non-numeric (${show(number)}): use a numeric port for ranges`);
    const hint = /^[0-9]+$/.test(number) ? ` (to mean port ${number}, write it unquoted)` : '';
    c.each(`${path}.port`, number, portNameErrors(number).map((m) => `is not a valid port name: ${m}${hint}`));
  } else {
    c.error(`${path}.port`, `${show(number)} must be a port number or a port name`);
  }
}

function validateRules(c: Collector, spec: Fields, direction: 'ingress' | 'egress'): void {
  const peerField = direction === 'ingress' ? 'from' : 'to';
  const rules = c.list(`spec.${direction}`, spec[direction]) ?? [];
  rules.forEach((value, i) => {
    const at = `spec.${direction}[${i}]`;
    const rule = c.shape(at, value, direction);
    if (!rule) return;
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
      // Accepted by the server, but says nothing and hides what was meant.
      c.warning(`spec.policyTypes[${i}]`, `${show(t)} is listed twice: list each policy type once`);
    }
  });
}

/** `NameIsDNSSubdomain(name, prefix=true)`: a trailing '-' is allowed in a generateName prefix. */
function generateNameErrors(prefix: string): string[] {
  const masked = prefix.length > 1 && prefix.endsWith('-') ? `${prefix.slice(0, -2)}a` : prefix;
  return dns1123SubdomainErrors(masked);
}

function validateMetadata(c: Collector, value: unknown): void {
  if (absent(value)) {
    c.error('metadata.name', 'is required: a lowercase RFC 1123 subdomain such as "db-policy-in"');
    return;
  }
  const metadata = c.shape('metadata', value, 'metadata');
  if (!metadata) return;
  const generateName = c.text('metadata.generateName', metadata.generateName ?? '');
  if (generateName) c.each('metadata.generateName', generateName, generateNameErrors(generateName));
  const name = c.text('metadata.name', metadata.name ?? '');
  if (name) {
    c.each('metadata.name', name, dns1123SubdomainErrors(name));
  } else if (name === '' && !generateName) {
    c.error('metadata.name', 'is required: a lowercase RFC 1123 subdomain such as "db-policy-in"');
  }
  // An unset namespace is filled in from the request (kubectl's context namespace).
  const namespace = c.text('metadata.namespace', metadata.namespace ?? '');
  if (namespace) c.each('metadata.namespace', namespace, dns1123LabelErrors(namespace));
  validateLabelMap(c, 'metadata.labels', metadata.labels);
  validateAnnotations(c, 'metadata.annotations', metadata.annotations);
  if (typeof metadata.generation === 'number' && metadata.generation < 0) {
    c.error('metadata.generation', `${metadata.generation} must be greater than or equal to 0`);
  }
  (c.list('metadata.finalizers', metadata.finalizers) ?? []).forEach((f, i) => {
    const text = c.text(`metadata.finalizers[${i}]`, f);
    if (text !== undefined) c.each(`metadata.finalizers[${i}]`, text, qualifiedNameErrors(text).map((m) => `is not a valid finalizer name: ${m}`));
  });
}

/**
 * Validates one NetworkPolicy manifest the way the API server would, plus strict field checking.
 * Returns every problem found (errors and warnings), in document order.
 */
export function validateNetworkPolicy(manifest: unknown): Problem[] {
  const c = new Collector();
  if (!isObject(manifest)) {
    c.error('(document)', `must be an object, not ${show(manifest)}`);
    return c.problems;
  }
  const policy = c.shape('(document)', manifest, 'policy')!;
  if (policy.apiVersion !== 'networking.k8s.io/v1') {
    c.error('apiVersion', `${show(policy.apiVersion)} must be "networking.k8s.io/v1"`);
  }
  if (policy.kind !== 'NetworkPolicy') c.error('kind', `${show(policy.kind)} must be "NetworkPolicy"`);
  validateMetadata(c, policy.metadata);
  if (!absent(policy.status)) {
    const status = c.shape('status', policy.status, 'status');
    if (status) c.list('status.conditions', status.conditions);
  }
  if (absent(policy.spec)) return c.problems;
  const spec = c.shape('spec', policy.spec, 'spec');
  if (!spec) return c.problems;
  if (!absent(spec.podSelector)) validateSelector(c, 'spec.podSelector', spec.podSelector);
  validateRules(c, spec, 'ingress');
  validateRules(c, spec, 'egress');
  validatePolicyTypes(c, spec.policyTypes);
  return c.problems;
}

/** validateNetworkPolicy, split by severity. */
export function checkNetworkPolicy(manifest: unknown): Validation {
  const problems = validateNetworkPolicy(manifest);
  return { errors: problems.filter((p) => p.severity === 'error'), warnings: problems.filter((p) => p.severity === 'warning') };
}
