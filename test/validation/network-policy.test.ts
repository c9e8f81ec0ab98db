// A table of NetworkPolicy manifests and what the API server makes of each, written from the upstream rules
// (pkg/apis/networking/validation, apimachinery ObjectMeta / label selector / name syntax, IP/CIDR helpers)
// and the cases of their *_test.go tables. Every row states the exact outcome: valid, or each problem's
// field path and a fragment of its message.
import { validateNetworkPolicy } from '../../src/validation/network-policy';

type Outcome = { errors: [string, RegExp][]; warnings: [string, RegExp][] };

const VALID: Outcome = { errors: [], warnings: [] };
const error = (...pairs: [string, RegExp][]): Outcome => ({ errors: pairs, warnings: [] });
const warning = (...pairs: [string, RegExp][]): Outcome => ({ errors: [], warnings: pairs });

const LABEL_63 = 'a'.repeat(63);
const LABEL_64 = 'a'.repeat(64);
const SUBDOMAIN_253 = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
const SUBDOMAIN_254 = `${SUBDOMAIN_253}e`;

function policy(spec: unknown, metadata: unknown = { name: 'p', namespace: 'shop' }): object {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec };
}
const named = (metadata: unknown) => policy({ podSelector: {} }, metadata);
const selecting = (podSelector: unknown) => policy({ podSelector });
const from = (...peers: unknown[]) => policy({ podSelector: {}, ingress: [{ from: peers }] });
const to = (...peers: unknown[]) => policy({ podSelector: {}, egress: [{ to: peers }], policyTypes: ['Egress'] });
const ports = (...list: unknown[]) => policy({ podSelector: {}, ingress: [{ ports: list }] });
const ipBlock = (cidr: unknown, except?: unknown[]) => from({ ipBlock: except ? { cidr, except } : { cidr } });
const types = (policyTypes: unknown) => policy({ podSelector: {}, policyTypes });

const PEER0 = 'spec.ingress[0].from[0]';
const PORT0 = 'spec.ingress[0].ports[0]';
const CIDR = `${PEER0}.ipBlock.cidr`;
const EXCEPT0 = `${PEER0}.ipBlock.except[0]`;

const rows: [string, unknown, Outcome][] = [
  // metadata: names are DNS-1123 subdomains, namespaces DNS-1123 labels (ValidateObjectMeta)
  ['a plain name and namespace', named({ name: 'db-policy', namespace: 'shop' }), VALID],
  ['a name with dots', named({ name: 'db.policy.v1' }), VALID],
  ['a name of exactly 253 characters', named({ name: SUBDOMAIN_253 }), VALID],
  ['a name of 254 characters', named({ name: SUBDOMAIN_254 }), error(['metadata.name', /must be no more than 253 characters/])],
  ['an upper-case name', named({ name: 'DbPolicy' }), error(['metadata.name', /"DbPolicy" must be a lowercase RFC 1123 subdomain/])],
  ['a name with an underscore', named({ name: 'db_policy' }), error(['metadata.name', /must be a lowercase RFC 1123 subdomain/])],
  ['a name ending in a dash', named({ name: 'db-' }), error(['metadata.name', /must be a lowercase RFC 1123 subdomain/])],
  ['no name at all', named({ namespace: 'shop' }), error(['metadata.name', /is required/])],
  ['no metadata at all', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', spec: {} }, error(['metadata.name', /is required/])],
  ['generateName instead of a name (a trailing dash is fine in a prefix)', named({ generateName: 'db-' }), VALID],
  ['an invalid generateName', named({ generateName: 'Db-' }), error(['metadata.generateName', /"Db-" must be a lowercase RFC 1123 subdomain/])],
  ['no namespace (kubectl fills in the context namespace)', named({ name: 'p' }), VALID],
  ['a namespace of exactly 63 characters', named({ name: 'p', namespace: LABEL_63 }), VALID],
  ['a namespace of 64 characters', named({ name: 'p', namespace: LABEL_64 }), error(['metadata.namespace', /must be no more than 63 characters/])],
  ['a namespace with a dot', named({ name: 'p', namespace: 'team.shop' }), error(['metadata.namespace', /"team.shop" must not contain dots/])],
  ['an upper-case namespace', named({ name: 'p', namespace: 'Shop' }), error(['metadata.namespace', /"Shop" must be a lowercase RFC 1123 label/])],
  ['labels with a prefixed key and an empty value', named({ name: 'p', labels: { 'example.com/team': '', 'app': 'web' } }), VALID],
  ['a label value of 64 characters', named({ name: 'p', labels: { app: LABEL_64 } }), error(['metadata.labels["app"]', /is not a valid label value: must be no more than 63 characters/])],
  ['a label value with a space', named({ name: 'p', labels: { app: 'my app' } }), error(['metadata.labels["app"]', /"my app" is not a valid label value/])],
  ['a label value that YAML read as a boolean (on, yes)', named({ name: 'p', labels: { enabled: true } }), error(['metadata.labels["enabled"]', /^true must be a string \(YAML 1\.1 reads an unquoted true, yes, on, y as the boolean true: quote the value as written, e.g\. "on"\)$/])],
  ['a label value that YAML read as false (off, no)', named({ name: 'p', labels: { enabled: false } }), error(['metadata.labels["enabled"]', /^false must be a string \(.*as the boolean false: quote the value as written, e\.g\. "off"\)$/])],
  ['fails if the hint for a number (1.10 read as 1.1) suggests the decoded spelling "1.1"', named({ name: 'p', labels: { version: 1.1 } }), error(['metadata.labels["version"]', /^1\.1 must be a string \(YAML reads it unquoted as the number 1\.1: quote the value exactly as written in the YAML, since 1\.10 reads as the number 1\.1 and 010 as 8\)$/])],
  ['an annotation value that YAML read as a boolean', named({ name: 'p', annotations: { 'example.com/on': true } }), error(['metadata.annotations["example.com/on"]', /quote the value as written, e\.g\. "on"/])],
  ['a matchExpressions value that YAML read as a number', selecting({ matchExpressions: [{ key: 'v', operator: 'In', values: [1.1] }] }), error(['spec.podSelector.matchExpressions[0].values[0]', /quote the value exactly as written in the YAML/])],
  ['a label value that is a map (no quoting hint)', named({ name: 'p', labels: { app: { a: 1 } } }), error(['metadata.labels["app"]', /^\{"a":1\} must be a string$/])],
  ['a label key with two slashes', named({ name: 'p', labels: { 'a/b/c': 'x' } }), error(['metadata.labels["a/b/c"]', /is not a valid key: must be a name with at most one '\/'/])],
  ['annotations with free-form values', named({ name: 'p', annotations: { 'example.com/note': 'Any text: even {json}' } }), VALID],
  ['an annotation key with upper case (case does not matter for annotations)', named({ name: 'p', annotations: { 'Example.COM/Owner': 'x' } }), VALID],
  ['an annotation key with a space', named({ name: 'p', annotations: { 'my note': 'x' } }), error(['metadata.annotations["my note"]', /is not a valid annotation key/])],
  ['annotations over 256 KiB in total', named({ name: 'p', annotations: { big: 'x'.repeat(256 * 1024) } }), error(['metadata.annotations', /must be no more than 262144 bytes/])],
  ['an unknown metadata field', named({ name: 'p', nmespace: 'shop' }), error(['metadata.nmespace', /unknown field "nmespace"/])],
  ['a negative generation', named({ name: 'p', generation: -1 }), error(['metadata.generation', /must be greater than or equal to 0/])],
  ['an invalid finalizer', named({ name: 'p', finalizers: ['bad finalizer'] }), error(['metadata.finalizers[0]', /is not a valid finalizer name/])],

  // top level
  ['no spec (selects every pod, isolates ingress)', policy(undefined), VALID],
  ['another apiVersion', { ...policy({ podSelector: {} }), apiVersion: 'extensions/v1beta1' }, error(['apiVersion', /must be "networking.k8s.io\/v1"/])],
  ['an empty status section (what servers of 1.24-1.27 return)', { ...policy({ podSelector: {} }), status: {} }, VALID],
  ['a status section with conditions', { ...policy({ podSelector: {} }), status: { conditions: [{ type: 'PolicyAccepted', status: 'True' }] } }, VALID],
  ['fails if status has an unknown field', { ...policy({ podSelector: {} }), status: { phase: 'Ready' } }, error(['status.phase', /unknown field "phase"/])],
  ['fails if status is not an object', { ...policy({ podSelector: {} }), status: 'ok' }, error(['status', /must be an object, not "ok"/])],
  ['fails if status.conditions is not a list', { ...policy({ podSelector: {} }), status: { conditions: {} } }, error(['status.conditions', /must be a list/])],
  ['a dump as kubectl get -o yaml returns it (server-filled metadata and status)', {
    ...policy({ podSelector: {} }, {
      name: 'p',
      namespace: 'shop',
      uid: '3f1c2a7e-9d7b-4c1e-8f3a-2b6d5e4c3a21',
      resourceVersion: '123456',
      generation: 1,
      creationTimestamp: '2024-05-01T12:00:00Z',
      managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'networking.k8s.io/v1', time: '2024-05-01T12:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"annotations":{},"name":"p","namespace":"shop"},"spec":{"podSelector":{}}}\n' },
    }),
    status: {},
  }, VALID],
  ['fails if a dump has an unknown field in spec', { ...policy({ podSelector: {}, status: {} }), status: {} }, error(['spec.status', /unknown field "status"/])],
  ['a misspelt spec field', policy({ podSelector: {}, ingres: [] }), error(['spec.ingres', /unknown field "ingres"/])],

  // spec.podSelector: ValidateLabelSelector
  ['an empty podSelector (every pod)', selecting({}), VALID],
  ['matchLabels with an empty value', selecting({ matchLabels: { role: '' } }), VALID],
  ['a label key with a 253-character prefix and a 63-character name', selecting({ matchLabels: { [`${SUBDOMAIN_253}/${LABEL_63}`]: 'x' } }), VALID],
  ['a label key with a 254-character prefix', selecting({ matchLabels: { [`${SUBDOMAIN_254}/x`]: 'x' } }), error(['spec.podSelector.matchLabels["' + SUBDOMAIN_254 + '/x"]', /prefix part must be no more than 253 characters/])],
  ['a label key with a 64-character name', selecting({ matchLabels: { [LABEL_64]: 'x' } }), error([`spec.podSelector.matchLabels["${LABEL_64}"]`, /name part must be no more than 63 characters/])],
  ['a label key with an empty prefix', selecting({ matchLabels: { '/app': 'x' } }), error(['spec.podSelector.matchLabels["/app"]', /prefix part must be non-empty/])],
  ['a label key with "=" in it (upstream invalidSelector)', selecting({ matchLabels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' } }), error(['spec.podSelector.matchLabels["NoUppercaseOrSpecialCharsLike=Equals"]', /name part must consist of alphanumeric characters/])],
  ['a label key with upper case (allowed in the name part)', selecting({ matchLabels: { MyName: 'x' } }), VALID],
  ['a label value of exactly 63 characters', selecting({ matchLabels: { app: LABEL_63 } }), VALID],
  ['a label value starting with a dot', selecting({ matchLabels: { app: '.web' } }), error(['spec.podSelector.matchLabels["app"]', /is not a valid label value/])],
  ['every operator used correctly', selecting({
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['web', 'api'] },
      { key: 'env', operator: 'NotIn', values: ['dev'] },
      { key: 'team', operator: 'Exists' },
      { key: 'quarantine', operator: 'DoesNotExist' },
    ],
  }), VALID],
  ['In without values', selecting({ matchExpressions: [{ key: 'tier', operator: 'In' }] }), error(['spec.podSelector.matchExpressions[0].values', /must be specified when operator is In/])],
  ['NotIn with an empty list', selecting({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: [] }] }), error(['spec.podSelector.matchExpressions[0].values', /must be specified when operator is NotIn/])],
  ['Exists with values', selecting({ matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['web'] }] }), error(['spec.podSelector.matchExpressions[0].values', /may not be specified when operator is Exists/])],
  ['DoesNotExist with values', selecting({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist', values: ['x'] }] }), error(['spec.podSelector.matchExpressions[0].values', /may not be specified when operator is DoesNotExist/])],
  ['a lower-case operator', selecting({ matchExpressions: [{ key: 'tier', operator: 'in', values: ['web'] }] }), error(['spec.podSelector.matchExpressions[0].operator', /"in" is not a valid selector operator/])],
  ['an expression with an invalid key', selecting({ matchExpressions: [{ key: 'bad key', operator: 'Exists' }] }), error(['spec.podSelector.matchExpressions[0].key', /is not a valid label key/])],
  ['an expression with an invalid value', selecting({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['ok', 'not ok'] }] }), error(['spec.podSelector.matchExpressions[0].values[1]', /"not ok" is not a valid label value/])],
  ['an expression with an empty value', selecting({ matchExpressions: [{ key: 'tier', operator: 'In', values: [''] }] }), VALID],

  // ports: ValidateNetworkPolicyPort
  ['no protocol (defaults to TCP) and port 1', ports({ port: 1 }), VALID],
  ['port 65535 over SCTP', ports({ protocol: 'SCTP', port: 65535 }), VALID],
  ['protocol only (every port of it)', ports({ protocol: 'UDP' }), VALID],
  ['port 0', ports({ port: 0 }), error([`${PORT0}.port`, /0 must be a whole number between 1 and 65535/])],
  ['port 65536', ports({ port: 65536 }), error([`${PORT0}.port`, /65536 must be a whole number between 1 and 65535/])],
  ['port 123456789 (upstream case)', ports({ protocol: 'TCP', port: 123456789 }), error([`${PORT0}.port`, /between 1 and 65535/])],
  ['a negative port', ports({ port: -80 }), error([`${PORT0}.port`, /between 1 and 65535/])],
  ['protocol ICMP (upstream case)', ports({ protocol: 'ICMP', port: 80 }), error([`${PORT0}.protocol`, /"ICMP" is not supported: use one of TCP, UDP, SCTP/])],
  ['a lower-case protocol', ports({ protocol: 'tcp', port: 80 }), error([`${PORT0}.protocol`, /"tcp" is not supported/])],
  ['an empty protocol (not defaulted, unlike null)', ports({ protocol: '', port: 80 }), error([`${PORT0}.protocol`, /"" is not supported/])],
  ['a null protocol (defaulted to TCP)', ports({ protocol: null, port: 80 }), VALID],
  ['a named port', ports({ protocol: 'UDP', port: 'dns' }), VALID],
  ['a named port of 15 characters', ports({ port: 'abcdefghij-klmn' }), VALID],
  ['a named port of 16 characters', ports({ port: 'abcdefghij-klmno' }), error([`${PORT0}.port`, /is not a valid port name: must be 1 to 15 characters/])],
  ['a named port with upper case', ports({ port: 'Http' }), error([`${PORT0}.port`, /must contain only lowercase letters, digits and '-'/])],
  ['a named port without a letter', ports({ port: '8080' }), error([`${PORT0}.port`, /must contain at least one letter \(to mean port 8080, write it unquoted\)/])],
  ['a named port with "--"', ports({ port: 'my--port' }), error([`${PORT0}.port`, /must not contain consecutive '-'/])],
  ['a named port starting with "-"', ports({ port: '-http' }), error([`${PORT0}.port`, /must not begin or end with '-'/])],
  ['a named port of symbols (upstream case)', ports({ protocol: 'TCP', port: '!@#$' }), error(
    [`${PORT0}.port`, /must contain only lowercase letters/],
    [`${PORT0}.port`, /must contain at least one letter/],
  )],
  ['a port range (endPort GA since 1.25)', ports({ protocol: 'TCP', port: 32000, endPort: 32768 }), VALID],
  ['a range of one port', ports({ port: 8080, endPort: 8080 }), VALID],
  ['endPort below port (upstream case)', ports({ protocol: 'SCTP', port: 35000, endPort: 32768 }), error([`${PORT0}.endPort`, /32768 must be greater than or equal to port 35000/])],
  ['endPort above 65535 (upstream case)', ports({ port: 30000, endPort: 65537 }), error([`${PORT0}.endPort`, /65537 must be a whole number between 1 and 65535/])],
  ['endPort with a named port (upstream case)', ports({ protocol: 'UDP', port: 'dns', endPort: 32768 }), error([`${PORT0}.endPort`, /may not be specified when port is non-numeric/])],
  ['endPort without port (upstream case)', ports({ protocol: 'TCP', endPort: 32768 }), error([`${PORT0}.endPort`, /may not be specified when port is not specified/])],
  ['an unknown port field', ports({ port: 80, portName: 'http' }), error([`${PORT0}.portName`, /unknown field "portName"/])],
  ['every port problem at once, each at its own path', ports({ protocol: 'UDP', port: 35000, endPort: 32768 }, { port: 32000, endPort: 32768 }, { protocol: 'TCP', port: 'https', endPort: 32768 }), error(
    [`${PORT0}.endPort`, /32768 must be greater than or equal to port 35000/],
    ['spec.ingress[0].ports[2].endPort', /may not be specified when port is non-numeric/],
  )],

  // rules and peers: ValidateNetworkPolicyPeer
  ['an empty ingress list (deny all ingress)', policy({ podSelector: {}, ingress: [] }), VALID],
  ['an empty rule (allow all)', policy({ podSelector: {}, ingress: [{}] }), VALID],
  ['empty from and ports lists (upstream success case)', policy({ podSelector: {}, ingress: [{ from: [], ports: [] }] }), VALID],
  ['a podSelector peer', from({ podSelector: { matchLabels: { c: 'd' } } }), VALID],
  ['a namespaceSelector peer', from({ namespaceSelector: { matchLabels: { c: 'd' } } }), VALID],
  ['pods AND namespaces in one peer', from({ namespaceSelector: { matchLabels: { c: 'd' } }, podSelector: { matchLabels: { e: 'f' } } }), VALID],
  ['every namespace', from({ namespaceSelector: {} }), VALID],
  ['an empty peer (upstream "missing from and to type")', from({}), error([PEER0, /must specify a peer/])],
  ['a null peer (decodes to an empty one)', from(null), error([PEER0, /must specify a peer/])],
  ['an empty egress peer', to({}), error(['spec.egress[0].to[0]', /must specify a peer/])],
  ['namespaceSelector and ipBlock together', from({ namespaceSelector: { matchLabels: { c: 'd' } }, ipBlock: { cidr: '192.168.0.0/16' } }), error([PEER0, /may not specify both ipBlock and another peer/])],
  ['podSelector and ipBlock together (egress)', to({ podSelector: { matchLabels: { c: 'd' } }, ipBlock: { cidr: '192.168.0.0/16' } }), error(['spec.egress[0].to[0]', /may not specify both ipBlock and another peer/])],
  ['an invalid selector in an egress peer', to({ podSelector: { matchLabels: { 'bad key': 'x' } } }), error(['spec.egress[0].to[0].podSelector.matchLabels["bad key"]', /is not a valid key/])],
  ['a peer that is a string', from('web'), error([PEER0, /must be an object, not "web"/])],
  ['rules that are not a list', policy({ podSelector: {}, ingress: { from: [] } }), error(['spec.ingress', /must be a list/])],

  // ipBlock: ValidateIPBlock with IsValidCIDRForLegacyField (strict)
  ['an IPv4 range with exceptions (upstream success case)', ipBlock('192.168.0.0/16', ['192.168.3.0/24', '192.168.4.0/24']), VALID],
  ['an IPv6 range with exceptions (upstream success case)', ipBlock('fd00:192:168::/48', ['fd00:192:168:3::/64', 'fd00:192:168:4::/64']), VALID],
  ['every IPv4 address', ipBlock('0.0.0.0/0'), VALID],
  ['every IPv6 address', ipBlock('::/0'), VALID],
  ['a single address', ipBlock('192.168.5.6/32'), VALID],
  ['a single IPv6 address', ipBlock('2001:db8::1/128'), VALID],
  ['IPv6 in upper case (valid, but not canonical)', ipBlock('2001:DB8::/32'), warning([CIDR, /not in RFC 5952 canonical form \("2001:db8::\/32"\)/])],
  ['uncompressed IPv6 (valid, but not canonical)', ipBlock('2001:db8:0:0:0:0:0:0/32'), warning([CIDR, /canonical form \("2001:db8::\/32"\)/])],
  ['a missing cidr (upstream case; except is then not checked)', from({ ipBlock: { except: ['192.168.8.0/24', 'nonsense'] } }), error([CIDR, /is required/])],
  ['an address without a prefix (upstream "invalid cidr format")', ipBlock('192.168.5.6', ['192.168.1.0/24']), error([CIDR, /with a prefix length \(did you mean "192.168.5.6\/32"/])],
  ['IPv6 without a prefix (upstream case)', ipBlock('fd00:192:168::'), error([CIDR, /with a prefix length/])],
  ['a prefix longer than 32', ipBlock('10.0.0.0/33'), error([CIDR, /must be a valid CIDR value/])],
  ['an octet above 255', ipBlock('300.300.300.300/32'), error([CIDR, /must be a valid CIDR value/])],
  ['host bits set: accepted with a warning naming the network the server uses', ipBlock('192.168.1.5/24'), warning([CIDR, /^CIDR "192.168.1.5\/24" has bits set beyond the prefix length: the API server accepts it with a warning and uses the network "192.168.1.0\/24".*KEP-4858.*Write "192.168.1.0\/24", or "192.168.1.5\/32" for the single address$/])],
  ['host bits set as the Kubernetes e2e suite writes it', ipBlock('10.0.1.1/4'), warning([CIDR, /uses the network "0.0.0.0\/4"/])],
  ['IPv6 host bits set', ipBlock('2001:db8::1/64'), warning([CIDR, /bits set beyond the prefix length: .* uses the network "2001:db8::\/64"/])],
  ['IPv6 host bits set in upper case (one warning, suggesting the canonical network)', ipBlock('2001:DB8::1/64'), warning([CIDR, /Write "2001:db8::\/64", or "2001:db8::1\/128"/])],
  ['leading zeros in an octet', ipBlock('010.0.0.0/8'), error([CIDR, /must not have leading 0s.*\(use "10.0.0.0\/8"\)/])],
  ['leading zeros in the prefix length', ipBlock('10.0.0.0/08'), error([CIDR, /must not have leading 0s/])],
  ['an IPv4-mapped IPv6 range', ipBlock('::ffff:10.0.0.0/104'), error([CIDR, /must not be an IPv4-mapped IPv6 address \(use the IPv4 form "10.0.0.0\/8"\)/])],
  ['an IPv6 zone', ipBlock('fe80::1%eth0/64'), error([CIDR, /must be a valid CIDR value/])],
  ['an empty except entry (upstream case)', ipBlock('192.168.8.0/24', ['']), error([EXCEPT0, /must be a valid CIDR value/])],
  ['a blank except entry (upstream case)', ipBlock('192.168.8.0/24', [' ']), error([EXCEPT0, /must be a valid CIDR value/])],
  ['an except entry that is not an address (upstream case)', ipBlock('192.168.8.0/24', ['300.300.300.300']), error([EXCEPT0, /must be a valid CIDR value/])],
  ['an except entry outside the range (upstream case)', ipBlock('192.168.8.0/24', ['192.168.9.1/32']), error([EXCEPT0, /"192.168.9.1\/32" must be a strict subset of cidr "192.168.8.0\/24"/])],
  ['an except entry equal to the range (upstream case)', ipBlock('192.168.0.0/24', ['192.168.0.0/24']), error([EXCEPT0, /must be a strict subset of cidr/])],
  ['an except entry wider than the range', ipBlock('10.1.0.0/16', ['10.0.0.0/8']), error([EXCEPT0, /must be a strict subset of cidr/])],
  ['an IPv6 except entry outside the range (upstream case)', ipBlock('fd00:192:168:1::/64', ['fd00:192:168:2::/64']), error([EXCEPT0, /must be a strict subset of cidr "fd00:192:168:1::\/64"/])],
  ['an IPv6 except entry in an IPv4 range', ipBlock('0.0.0.0/0', ['fd00::/8']), error([EXCEPT0, /must be an IPv4 range like cidr "0.0.0.0\/0"; put IPv6 ranges in a separate ipBlock/])],
  ['an except entry with host bits, still inside the range', ipBlock('10.0.0.0/8', ['10.1.2.3/16']), warning([EXCEPT0, /"10.1.2.3\/16" has bits set beyond the prefix length: .*uses the network "10.1.0.0\/16"/])],
  ['fails if an except entry with host bits is outside the range (checked as its network)', ipBlock('10.0.0.0/8', ['11.1.2.3/16']), {
    errors: [[EXCEPT0, /"11.1.2.3\/16" must be a strict subset of cidr "10.0.0.0\/8"/]],
    warnings: [[EXCEPT0, /uses the network "11.1.0.0\/16"/]],
  }],
  ['an except entry in upper-case IPv6', ipBlock('2001:db8::/32', ['2001:DB8:1::/48']), warning([EXCEPT0, /not in RFC 5952 canonical form/])],
  ['fails if an except entry is outside the network of a host-bits cidr', ipBlock('10.0.0.1/8', ['11.0.0.0/16']), {
    errors: [[EXCEPT0, /must be a strict subset of cidr "10.0.0.0\/8"/]],
    warnings: [[CIDR, /bits set beyond the prefix length/]],
  }],
  ['a host-bits cidr with an except entry inside its network', ipBlock('10.0.1.1/4', ['10.0.0.0/8']), warning([CIDR, /uses the network "0.0.0.0\/4"/])],

  // policyTypes
  ['Ingress and Egress', types(['Ingress', 'Egress']), VALID],
  ['Egress only', types(['Egress']), VALID],
  ['an empty list (defaulted by the server)', types([]), VALID],
  ['lower-case types', types(['ingress']), error(['spec.policyTypes[0]', /"ingress" is not supported: use Ingress or Egress/])],
  ['two unknown types (upstream case)', types(['foo', 'bar']), error(
    ['spec.policyTypes[0]', /"foo" is not supported/],
    ['spec.policyTypes[1]', /"bar" is not supported/],
  )],
  ['three types (upstream case)', types(['foo', 'bar', 'baz']), error(['spec.policyTypes', /may not specify more than two policyTypes/])],
  ['three valid types', types(['Ingress', 'Egress', 'Ingress']), error(['spec.policyTypes', /may not specify more than two policyTypes/])],
  ['the same type twice (accepted by the server)', types(['Egress', 'Egress']), warning(['spec.policyTypes[1]', /"Egress" is listed twice/])],
];

describe('validateNetworkPolicy', () => {
  test('has a table of at least 80 upstream-derived cases', () => {
    expect(rows.length).toBeGreaterThanOrEqual(80);
  });

  test.each(rows)('%s', (_title, manifest, outcome) => {
    const problems = validateNetworkPolicy(manifest);
    const errors = problems.filter((p) => p.severity === 'error');
    const warnings = problems.filter((p) => p.severity === 'warning');
    expect(errors.map((p) => p.path)).toEqual(outcome.errors.map(([path]) => path));
    expect(warnings.map((p) => p.path)).toEqual(outcome.warnings.map(([path]) => path));
    outcome.errors.forEach(([, fragment], i) => expect(errors[i].message).toMatch(fragment));
    outcome.warnings.forEach(([, fragment], i) => expect(warnings[i].message).toMatch(fragment));
  });

  test('reports every problem of a manifest, in document order', () => {
    const problems = validateNetworkPolicy(policy({
      podSelector: { matchLabels: { 'bad key': 'x' } },
      ingress: [{ from: [{}], ports: [{ port: 0 }] }],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }],
      policyTypes: ['Ingress', 'Egres'],
    }, { name: 'Bad_Name' }));
    expect(problems.map((p) => p.path)).toEqual([
      'metadata.name',
      'spec.podSelector.matchLabels["bad key"]',
      'spec.ingress[0].ports[0].port',
      'spec.ingress[0].from[0]',
      'spec.egress[0].to[0].ipBlock.cidr',
      'spec.policyTypes[1]',
    ]);
  });

  describe('long values in messages', () => {
    const MIB = 1024 * 1024;

    test('quotes the first 60 characters of a 1 MiB label value and counts the rest', () => {
      const [problem] = validateNetworkPolicy(named({ name: 'p', labels: { app: 'a'.repeat(MIB) } }));
      expect(problem.path).toBe('metadata.labels["app"]');
      expect(problem.message).toBe(`"${'a'.repeat(60)}…" (${MIB} characters) is not a valid label value: must be no more than 63 characters`);
    });

    test('shortens a long label key in the message, and in the field path beyond the longest valid key (317 characters)', () => {
      const key = `${'k'.repeat(400)} x`;
      const [problem] = validateNetworkPolicy(named({ name: 'p', labels: { [key]: 'v' } }));
      expect(problem.path).toBe(`metadata.labels["${'k'.repeat(317)}…" (402 characters)]`);
      expect(problem.message).toMatch(new RegExp(`^"${'k'.repeat(60)}…" \\(402 characters\\) is not a valid key`));
    });

    test('shortens a long unknown field name and a long non-string value', () => {
      const problems = validateNetworkPolicy(policy({ podSelector: {}, ['x'.repeat(MIB)]: 1, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 80, protocol: ['T'.repeat(MIB)] }] }] }));
      expect(problems.map((p) => p.path)).toEqual([`spec.${'x'.repeat(317)}… (${MIB} characters)`, 'spec.ingress[0].ports[0].protocol']);
      expect(problems[0].message).toMatch(new RegExp(`^unknown field "${'x'.repeat(60)}…" \\(${MIB} characters\\): the API server rejects it`));
      expect(problems[1].message).toBe(`["${'T'.repeat(58)}… (${MIB + 4} characters) is not supported: use one of TCP, UDP, SCTP (upper case)`);
    });

    test('fails if a value of exactly 60 characters is shortened', () => {
      const [problem] = validateNetworkPolicy(named({ name: 'p', labels: { app: `${'a'.repeat(59)} ` } }));
      expect(problem.message).toBe(`"${'a'.repeat(59)} " is not a valid label value: ${problem.message.split(': ').slice(1).join(': ')}`);
      expect(problem.message).not.toContain('…');
    });

    test('does not split a surrogate pair', () => {
      const [problem] = validateNetworkPolicy(named({ name: 'p', labels: { app: `${'a'.repeat(59)}😀${'b'.repeat(10)}` } }));
      expect(problem.message.startsWith(`"${'a'.repeat(59)}…" (71 characters)`)).toBe(true);
    });
  });

  test('fails if the document is not an object', () => {
    expect(validateNetworkPolicy('kind: NetworkPolicy')).toEqual([
      { path: '(document)', message: 'must be an object, not "kind: NetworkPolicy"', severity: 'error' },
    ]);
  });
});
