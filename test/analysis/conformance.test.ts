// Conformance scenarios on the classic x/y/z, a/b/c cluster (see _fixtures.ts). Every expected
// matrix was worked out by hand from the Kubernetes rules; the code under test computes none of them.
// Rows = from, columns = to, in the order xa xb xc | ya yb yc | za zb zc [| e1 e2];
// 1 = allowed, 0 = denied. A pod can always reach itself, so the diagonal is all 1.
import { classicCluster, ClusterOptions, parseTable, policy, POD_IDS } from './_fixtures';
import { Reachability } from '../../src';

interface Scenario {
  readonly name: string;
  readonly policies: any[];
  readonly cluster?: ClusterOptions;
  /** External IPs, in column order e1, e2. */
  readonly externals?: string[];
  /** Port label -> truth table. */
  readonly expected: { [port: string]: string };
}

const E1 = '203.0.113.5';
const E2 = '198.51.100.7';

// Tables that several scenarios share, named by what they mean.
const X_INGRESS_DENIED = `
  xa 100 111 111
  xb 010 111 111
  xc 001 111 111
  ya 000 111 111
  yb 000 111 111
  yc 000 111 111
  za 000 111 111
  zb 000 111 111
  zc 000 111 111`;

const Y_INGRESS_DENIED = `
  xa 111 000 111
  xb 111 000 111
  xc 111 000 111
  ya 111 100 111
  yb 111 010 111
  yc 111 001 111
  za 111 000 111
  zb 111 000 111
  zc 111 000 111`;

const Z_INGRESS_DENIED = `
  xa 111 111 000
  xb 111 111 000
  xc 111 111 000
  ya 111 111 000
  yb 111 111 000
  yc 111 111 000
  za 111 111 100
  zb 111 111 010
  zc 111 111 001`;

const X_EGRESS_DENIED = `
  xa 100 000 000
  xb 010 000 000
  xc 001 000 000
  ya 111 111 111
  yb 111 111 111
  yc 111 111 111
  za 111 111 111
  zb 111 111 111
  zc 111 111 111`;

const XA_INGRESS_DENIED = `
  xa 111 111 111
  xb 011 111 111
  xc 011 111 111
  ya 011 111 111
  yb 011 111 111
  yc 011 111 111
  za 011 111 111
  zb 011 111 111
  zc 011 111 111`;

const XA_INGRESS_FROM_Y = `
  xa 111 111 111
  xb 011 111 111
  xc 011 111 111
  ya 111 111 111
  yb 111 111 111
  yc 111 111 111
  za 011 111 111
  zb 011 111 111
  zc 011 111 111`;

const XB_INGRESS_DENIED = `
  xa 101 111 111
  xb 111 111 111
  xc 101 111 111
  ya 101 111 111
  yb 101 111 111
  yc 101 111 111
  za 101 111 111
  zb 101 111 111
  zc 101 111 111`;

const YA_INGRESS_DENIED = `
  xa 111 011 111
  xb 111 011 111
  xc 111 011 111
  ya 111 111 111
  yb 111 011 111
  yc 111 011 111
  za 111 011 111
  zb 111 011 111
  zc 111 011 111`;

const ZB_INGRESS_DENIED = `
  xa 111 111 101
  xb 111 111 101
  xc 111 111 101
  ya 111 111 101
  yb 111 111 101
  yc 111 111 101
  za 111 111 101
  zb 111 111 111
  zc 111 111 101`;

const X_INGRESS_FROM_Z_ONLY = `
  xa 100 111 111
  xb 010 111 111
  xc 001 111 111
  ya 000 111 111
  yb 000 111 111
  yc 000 111 111
  za 111 111 111
  zb 111 111 111
  zc 111 111 111`;

const denyIngress = (ns: string, name = 'deny-ingress') => policy(ns, name, { podSelector: {}, policyTypes: ['Ingress'] });

const SCENARIOS: Scenario[] = [
  // ---- default allow and default deny, per direction ----
  {
    name: 'no policies: every pod reaches every pod on every protocol',
    policies: [],
    expected: { '80/TCP': 'all', '80/UDP': 'all', '81/SCTP': 'all' },
  },
  {
    name: 'deny all ingress in x isolates only the ingress of x pods',
    policies: [denyIngress('x')],
    expected: { '80/TCP': X_INGRESS_DENIED, '81/UDP': X_INGRESS_DENIED },
  },
  {
    name: 'deny all egress in x isolates only the egress of x pods',
    policies: [policy('x', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] })],
    expected: { '80/TCP': X_EGRESS_DENIED, '80/UDP': X_EGRESS_DENIED },
  },
  {
    name: 'deny all in both directions in x leaves only self traffic for x pods',
    policies: [policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
    expected: {
      '80/TCP': `
        xa 100 000 000
        xb 010 000 000
        xc 001 000 000
        ya 000 111 111
        yb 000 111 111
        yc 000 111 111
        za 000 111 111
        zb 000 111 111
        zc 000 111 111`,
    },
  },
  {
    name: 'ingress: [] with policyTypes Ingress denies all ingress',
    policies: [policy('x', 'empty-ingress', { podSelector: {}, policyTypes: ['Ingress'], ingress: [] })],
    expected: { '80/TCP': X_INGRESS_DENIED },
  },
  // ---- policyTypes defaulting ----
  {
    name: 'policyTypes omitted with no rules defaults to Ingress: deny all ingress',
    policies: [policy('x', 'bare', { podSelector: {} })],
    expected: { '80/TCP': X_INGRESS_DENIED, '80/UDP': X_INGRESS_DENIED },
  },
  {
    name: 'policyTypes omitted with only egress rules isolates ingress too',
    policies: [policy('x', 'egress-only', { podSelector: { matchLabels: { pod: 'a' } }, egress: [{ to: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] })],
    expected: {
      '80/TCP': `
        xa 110 000 000
        xb 011 111 111
        xc 011 111 111
        ya 011 111 111
        yb 011 111 111
        yc 011 111 111
        za 011 111 111
        zb 011 111 111
        zc 011 111 111`,
    },
  },
  {
    name: 'policyTypes omitted with egress: [] defaults to Ingress only (an empty egress list adds no Egress)',
    policies: [policy('x', 'empty-egress', { podSelector: { matchLabels: { pod: 'a' } }, egress: [] })],
    expected: { '80/TCP': XA_INGRESS_DENIED },
  },
  {
    name: 'policyTypes Ingress ignores egress rules: egress stays open',
    policies: [policy('x', 'ingress-only', {
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Ingress'],
      ingress: [{}],
      egress: [{ to: [{ podSelector: { matchLabels: { pod: 'b' } } }] }],
    })],
    expected: { '80/TCP': 'all' },
  },
  {
    name: 'spec without podSelector selects every pod of the namespace',
    policies: [policy('y', 'no-selector', { policyTypes: ['Ingress'] })],
    expected: { '80/TCP': Y_INGRESS_DENIED },
  },
  // ---- empty vs absent lists ----
  {
    name: 'ingress: [{}] allows everything in',
    policies: [policy('x', 'allow-all', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] })],
    expected: { '80/TCP': 'all', '81/SCTP': 'all' },
  },
  {
    name: 'from: [] matches every source, ports still restrict',
    policies: [policy('x', 'any-source-80', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [], ports: [{ port: 80 }] }] })],
    expected: { '80/TCP': 'all', '81/TCP': X_INGRESS_DENIED, '80/UDP': X_INGRESS_DENIED },
  },
  {
    name: 'ports: [] matches every port, peers still restrict',
    policies: [policy('x', 'same-ns-all-ports', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }], ports: [] }] })],
    expected: {
      '80/TCP': `
        xa 111 111 111
        xb 111 111 111
        xc 111 111 111
        ya 000 111 111
        yb 000 111 111
        yc 000 111 111
        za 000 111 111
        zb 000 111 111
        zc 000 111 111`,
      '81/UDP': '=80/TCP',
    },
  },
  {
    name: 'podSelector: {} as the only peer field means every pod of the policy namespace',
    policies: [policy('z', 'same-ns', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] })],
    expected: {
      '80/TCP': `
        xa 111 111 000
        xb 111 111 000
        xc 111 111 000
        ya 111 111 000
        yb 111 111 000
        yc 111 111 000
        za 111 111 111
        zb 111 111 111
        zc 111 111 111`,
    },
  },
  {
    name: 'namespaceSelector: {} means every pod of every namespace, but no external IP',
    policies: [policy('z', 'all-pods', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {} }] }] })],
    externals: [E1],
    expected: {
      '80/TCP': `
        xa 111 111 111 1
        xb 111 111 111 1
        xc 111 111 111 1
        ya 111 111 111 1
        yb 111 111 111 1
        yc 111 111 111 1
        za 111 111 111 1
        zb 111 111 111 1
        zc 111 111 111 1
        e1 111 111 000 1`,
    },
  },
  // ---- pod and namespace selectors, AND vs OR ----
  {
    name: 'podSelector peer selects pods of the policy namespace only',
    policies: [policy('y', 'a-from-b', {
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }], ports: [{ port: 80, protocol: 'TCP' }] }],
    })],
    expected: {
      '80/TCP': `
        xa 111 011 111
        xb 111 011 111
        xc 111 011 111
        ya 111 111 111
        yb 111 111 111
        yc 111 011 111
        za 111 011 111
        zb 111 011 111
        zc 111 011 111`,
      '81/TCP': YA_INGRESS_DENIED,
    },
  },
  {
    name: 'podSelector peer for pod=a in y does not admit a pods of other namespaces',
    policies: [policy('y', 'from-a', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'a' } } }] }] })],
    expected: {
      '80/TCP': `
        xa 111 000 111
        xb 111 000 111
        xc 111 000 111
        ya 111 111 111
        yb 111 010 111
        yc 111 001 111
        za 111 000 111
        zb 111 000 111
        zc 111 000 111`,
    },
  },
  {
    name: 'namespaceSelector peer alone admits every pod of the matching namespaces',
    policies: [policy('x', 'a-from-y', {
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }],
    })],
    expected: { '80/TCP': XA_INGRESS_FROM_Y, '81/UDP': XA_INGRESS_FROM_Y },
  },
  {
    name: 'namespaceSelector and podSelector in one peer are ANDed',
    policies: [policy('x', 'a-from-yb', {
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } }, podSelector: { matchLabels: { pod: 'b' } } }] }],
    })],
    expected: {
      '80/TCP': `
        xa 111 111 111
        xb 011 111 111
        xc 011 111 111
        ya 011 111 111
        yb 111 111 111
        yc 011 111 111
        za 011 111 111
        zb 011 111 111
        zc 011 111 111`,
    },
  },
  {
    name: 'namespaceSelector and podSelector in two peers are ORed',
    policies: [policy('x', 'a-from-y-or-b', {
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }, { podSelector: { matchLabels: { pod: 'b' } } }] }],
    })],
    expected: {
      '80/TCP': `
        xa 111 111 111
        xb 111 111 111
        xc 011 111 111
        ya 111 111 111
        yb 111 111 111
        yc 111 111 111
        za 011 111 111
        zb 011 111 111
        zc 011 111 111`,
    },
  },
  {
    name: 'namespaceSelector: {} with a podSelector admits those pods from every namespace',
    policies: [policy('x', 'a-from-every-c', {
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { pod: 'c' } } }] }],
    })],
    expected: {
      '80/TCP': `
        xa 111 111 111
        xb 011 111 111
        xc 111 111 111
        ya 011 111 111
        yb 011 111 111
        yc 111 111 111
        za 011 111 111
        zb 011 111 111
        zc 111 111 111`,
    },
  },
  {
    name: 'namespaceSelector with podSelector: {} admits every pod of the matching namespaces',
    policies: [policy('x', 'b-from-dev', {
      podSelector: { matchLabels: { pod: 'b' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'dev' } }, podSelector: {} }] }],
    })],
    expected: {
      '80/TCP': `
        xa 101 111 111
        xb 111 111 111
        xc 101 111 111
        ya 111 111 111
        yb 111 111 111
        yc 111 111 111
        za 101 111 111
        zb 101 111 111
        zc 101 111 111`,
    },
  },
  {
    name: 'a policy selects pods of its own namespace only',
    policies: [policy('z', 'deny-za', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Ingress'] })],
    expected: {
      '80/TCP': `
        xa 111 111 011
        xb 111 111 011
        xc 111 111 011
        ya 111 111 011
        yb 111 111 011
        yc 111 111 011
        za 111 111 111
        zb 111 111 011
        zc 111 111 011`,
    },
  },
  {
    name: 'namespaceSelector on kubernetes.io/metadata.name selects a namespace by name',
    policies: [policy('x', 'from-z', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'z' } } }] }] })],
    expected: { '80/TCP': X_INGRESS_FROM_Z_ONLY },
  },
  {
    name: 'namespaceSelector on a "name" label nobody set matches nothing',
    policies: [policy('x', 'from-name-z', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { name: 'z' } } }] }] })],
    expected: { '80/TCP': X_INGRESS_DENIED },
  },
  {
    name: 'undeclared namespaces carry only their kubernetes.io/metadata.name label',
    cluster: { namespaces: false },
    policies: [policy('x', 'from-y-or-z', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'z' } } }] }],
    })],
    expected: { '80/TCP': X_INGRESS_FROM_Z_ONLY },
  },
  // ---- matchExpressions ----
  {
    name: 'matchExpressions In on a namespace label',
    policies: [policy('y', 'from-x-and-z', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'In', values: ['x', 'z'] }] } }] }],
    })],
    expected: {
      '80/TCP': `
        xa 111 111 111
        xb 111 111 111
        xc 111 111 111
        ya 111 100 111
        yb 111 010 111
        yc 111 001 111
        za 111 111 111
        zb 111 111 111
        zc 111 111 111`,
    },
  },
  {
    name: 'matchExpressions NotIn in the policy podSelector and in a peer',
    policies: [policy('x', 'not-a-from-not-bc', {
      podSelector: { matchExpressions: [{ key: 'pod', operator: 'NotIn', values: ['a'] }] },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'pod', operator: 'NotIn', values: ['b', 'c'] }] } }] }],
    })],
    expected: {
      '80/TCP': `
        xa 111 111 111
        xb 110 111 111
        xc 101 111 111
        ya 100 111 111
        yb 100 111 111
        yc 100 111 111
        za 100 111 111
        zb 100 111 111
        zc 100 111 111`,
    },
  },
  {
    name: 'matchExpressions DoesNotExist selects, Exists admits (pod label tier)',
    policies: [policy('z', 'untiered-from-tiered', {
      podSelector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } }] }],
    })],
    expected: {
      '80/TCP': `
        xa 111 111 111
        xb 111 111 111
        xc 111 111 110
        ya 111 111 111
        yb 111 111 111
        yc 111 111 110
        za 111 111 111
        zb 111 111 111
        zc 111 111 111`,
    },
  },
  {
    name: 'matchExpressions DoesNotExist on a namespace label (env) admits only z',
    policies: [policy('x', 'from-no-env', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] } }] }],
    })],
    expected: { '80/TCP': X_INGRESS_FROM_Z_ONLY },
  },
  {
    name: 'matchLabels and matchExpressions in one selector are ANDed',
    policies: [policy('y', 'a-from-api-b', {
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [
          { namespaceSelector: {}, podSelector: { matchLabels: { pod: 'b' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['api'] }] } },
          { namespaceSelector: {}, podSelector: { matchLabels: { pod: 'c' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] } },
        ],
      }],
    })],
    expected: {
      '80/TCP': `
        xa 111 011 111
        xb 111 111 111
        xc 111 011 111
        ya 111 111 111
        yb 111 111 111
        yc 111 011 111
        za 111 011 111
        zb 111 111 111
        zc 111 011 111`,
    },
  },
  {
    name: 'matchExpressions In in the policy podSelector selects several pods',
    policies: [policy('x', 'a-and-c-stay-home', {
      podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['a', 'c'] }] },
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'x' } } }] }],
    })],
    expected: {
      '80/TCP': `
        xa 111 000 000
        xb 111 111 111
        xc 111 000 000
        ya 111 111 111
        yb 111 111 111
        yc 111 111 111
        za 111 111 111
        zb 111 111 111
        zc 111 111 111`,
    },
  },
  // ---- ipBlock ----
  {
    name: 'ipBlock matches pods by their IP',
    policies: [policy('x', 'a-from-10-0-2', {
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.2.0/24' } }] }],
    })],
    expected: { '80/TCP': XA_INGRESS_FROM_Y },
  },
  {
    name: 'ipBlock except removes ranges, down to single addresses',
    policies: [policy('x', 'a-from-most', {
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.2.0/24', '10.0.3.2/32'] } }] }],
    })],
    expected: {
      '80/TCP': `
        xa 111 111 111
        xb 111 111 111
        xc 111 111 111
        ya 011 111 111
        yb 011 111 111
        yc 011 111 111
        za 111 111 111
        zb 011 111 111
        zc 111 111 111`,
    },
  },
  {
    name: 'ipBlock in egress with except keeps x pods away from z',
    policies: [policy('x', 'not-to-z', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.3.0/24'] } }] }],
    })],
    expected: {
      '80/TCP': `
        xa 111 111 000
        xb 111 111 000
        xc 111 111 000
        ya 111 111 111
        yb 111 111 111
        yc 111 111 111
        za 111 111 111
        zb 111 111 111
        zc 111 111 111`,
    },
  },
  {
    name: 'ipBlock admits external IPs in its range and selects them for egress',
    externals: [E1, E2],
    policies: [policy('y', 'outside-only', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }],
    })],
    expected: {
      '80/TCP': `
        xa 111 000 111 11
        xb 111 000 111 11
        xc 111 000 111 11
        ya 000 100 000 11
        yb 000 010 000 11
        yc 000 001 000 11
        za 111 000 111 11
        zb 111 000 111 11
        zc 111 000 111 11
        e1 111 111 111 11
        e2 111 000 111 11`,
    },
  },
  {
    name: 'ipBlock never matches a pod whose IP is unknown',
    cluster: { podIps: false },
    externals: [E1],
    policies: [policy('x', 'a-from-anywhere-by-ip', {
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }],
    })],
    expected: {
      '80/TCP': `
        xa 111 111 111 1
        xb 011 111 111 1
        xc 011 111 111 1
        ya 011 111 111 1
        yb 011 111 111 1
        yc 011 111 111 1
        za 011 111 111 1
        zb 011 111 111 1
        zc 011 111 111 1
        e1 111 111 111 1`,
    },
  },
  {
    name: 'selectors never match external IPs, in either direction',
    externals: [E1],
    policies: [policy('x', 'pods-only', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: {} }] }],
      egress: [{ to: [{ namespaceSelector: {}, podSelector: {} }] }],
    })],
    expected: {
      '80/TCP': `
        xa 111 111 111 0
        xb 111 111 111 0
        xc 111 111 111 0
        ya 111 111 111 1
        yb 111 111 111 1
        yc 111 111 111 1
        za 111 111 111 1
        zb 111 111 111 1
        zc 111 111 111 1
        e1 000 111 111 1`,
    },
  },
  {
    name: 'a rule without peers matches external IPs too',
    externals: [E1],
    policies: [policy('z', 'a-out-on-443', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 443 }] }] })],
    expected: {
      '80/TCP': `
        xa 111 111 111 1
        xb 111 111 111 1
        xc 111 111 111 1
        ya 111 111 111 1
        yb 111 111 111 1
        yc 111 111 111 1
        za 000 000 100 0
        zb 111 111 111 1
        zc 111 111 111 1
        e1 111 111 111 1`,
      '443/TCP': 'all',
    },
  },
  // ---- ports: numbers, protocols, ranges, protocol-only ----
  {
    name: 'a port without protocol means TCP',
    policies: [policy('z', 'tcp-80', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 80 }] }] })],
    expected: { '80/TCP': 'all', '80/UDP': Z_INGRESS_DENIED, '80/SCTP': Z_INGRESS_DENIED },
  },
  {
    name: 'endPort allows the whole range, both ends included',
    policies: [policy('x', 'range', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 80, endPort: 81 }] }] })],
    expected: { '79/TCP': X_INGRESS_DENIED, '80/TCP': 'all', '81/TCP': 'all', '82/TCP': X_INGRESS_DENIED, '80/UDP': X_INGRESS_DENIED },
  },
  {
    name: 'endPort on UDP in an egress rule',
    policies: [policy('y', 'b-udp-range', { podSelector: { matchLabels: { pod: 'b' } }, policyTypes: ['Egress'], egress: [{ ports: [{ protocol: 'UDP', port: 53, endPort: 80 }] }] })],
    expected: {
      '53/UDP': 'all',
      '80/UDP': 'all',
      '81/UDP': `
        xa 111 111 111
        xb 111 111 111
        xc 111 111 111
        ya 111 111 111
        yb 000 010 000
        yc 111 111 111
        za 111 111 111
        zb 111 111 111
        zc 111 111 111`,
      '80/TCP': '=81/UDP',
    },
  },
  {
    name: 'a protocol-only port allows every port of that protocol',
    policies: [policy('z', 'all-udp', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'UDP' }] }] })],
    expected: { '80/UDP': 'all', '81/UDP': 'all', '80/TCP': Z_INGRESS_DENIED, '80/SCTP': Z_INGRESS_DENIED },
  },
  {
    name: 'SCTP ports are matched by number and protocol',
    policies: [policy('x', 'b-sctp-81-from-z', {
      podSelector: { matchLabels: { pod: 'b' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }], ports: [{ protocol: 'SCTP', port: 81 }] }],
    })],
    expected: {
      '81/SCTP': `
        xa 101 111 111
        xb 111 111 111
        xc 101 111 111
        ya 101 111 111
        yb 101 111 111
        yc 101 111 111
        za 111 111 111
        zb 111 111 111
        zc 111 111 111`,
      '80/SCTP': XB_INGRESS_DENIED,
      '81/TCP': XB_INGRESS_DENIED,
    },
  },
  {
    name: 'several ports in one rule are ORed',
    policies: [policy('z', 'b-80-tcp-81-udp', { podSelector: { matchLabels: { pod: 'b' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 80 }, { protocol: 'UDP', port: 81 }] }] })],
    expected: { '80/TCP': 'all', '81/UDP': 'all', '81/TCP': ZB_INGRESS_DENIED, '80/UDP': ZB_INGRESS_DENIED },
  },
  {
    name: 'DNS-style egress: UDP and TCP 53 to one namespace, nothing else',
    policies: [policy('x', 'dns-only', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
    })],
    expected: {
      '53/UDP': `
        xa 100 000 111
        xb 010 000 111
        xc 001 000 111
        ya 111 111 111
        yb 111 111 111
        yc 111 111 111
        za 111 111 111
        zb 111 111 111
        zc 111 111 111`,
      '53/TCP': '=53/UDP',
      '80/TCP': X_EGRESS_DENIED,
    },
  },
  // ---- named ports ----
  {
    name: 'a named ingress port resolves on each destination pod (web = 80 on a, b; 81 on c)',
    policies: [policy('x', 'web', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'web' }] }] })],
    expected: {
      '80/TCP': `
        xa 110 111 111
        xb 110 111 111
        xc 111 111 111
        ya 110 111 111
        yb 110 111 111
        yc 110 111 111
        za 110 111 111
        zb 110 111 111
        zc 110 111 111`,
      '81/TCP': `
        xa 101 111 111
        xb 011 111 111
        xc 001 111 111
        ya 001 111 111
        yb 001 111 111
        yc 001 111 111
        za 001 111 111
        zb 001 111 111
        zc 001 111 111`,
      '80/UDP': X_INGRESS_DENIED,
    },
  },
  {
    name: 'a named port matches the name with its protocol (udp-80 = 80/UDP on a, b; 81/UDP on c)',
    policies: [policy('y', 'udp-80', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'UDP', port: 'udp-80' }] }] })],
    expected: {
      '80/UDP': `
        xa 111 110 111
        xb 111 110 111
        xc 111 110 111
        ya 111 110 111
        yb 111 110 111
        yc 111 111 111
        za 111 110 111
        zb 111 110 111
        zc 111 110 111`,
      '81/UDP': `
        xa 111 001 111
        xb 111 001 111
        xc 111 001 111
        ya 111 101 111
        yb 111 011 111
        yc 111 001 111
        za 111 001 111
        zb 111 001 111
        zc 111 001 111`,
      '80/TCP': Y_INGRESS_DENIED,
    },
  },
  {
    name: 'a named port in an egress rule resolves on the destination pod',
    policies: [policy('x', 'a-out-web', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'web' }] }] })],
    expected: {
      '80/TCP': `
        xa 110 110 110
        xb 111 111 111
        xc 111 111 111
        ya 111 111 111
        yb 111 111 111
        yc 111 111 111
        za 111 111 111
        zb 111 111 111
        zc 111 111 111`,
      '81/TCP': `
        xa 101 001 001
        xb 111 111 111
        xc 111 111 111
        ya 111 111 111
        yb 111 111 111
        yc 111 111 111
        za 111 111 111
        zb 111 111 111
        zc 111 111 111`,
      '80/UDP': `
        xa 100 000 000
        xb 111 111 111
        xc 111 111 111
        ya 111 111 111
        yb 111 111 111
        yc 111 111 111
        za 111 111 111
        zb 111 111 111
        zc 111 111 111`,
    },
  },
  {
    name: 'a named port in an egress rule never matches an external IP, which has no container ports',
    externals: [E1],
    policies: [policy('x', 'a-out-web-by-ip', {
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 'web' }] }],
    })],
    expected: {
      '80/TCP': `
        xa 110 110 110 0
        xb 111 111 111 1
        xc 111 111 111 1
        ya 111 111 111 1
        yb 111 111 111 1
        yc 111 111 111 1
        za 111 111 111 1
        zb 111 111 111 1
        zc 111 111 111 1
        e1 111 111 111 1`,
      '81/TCP': `
        xa 101 001 001 0
        xb 111 111 111 1
        xc 111 111 111 1
        ya 111 111 111 1
        yb 111 111 111 1
        yc 111 111 111 1
        za 111 111 111 1
        zb 111 111 111 1
        zc 111 111 111 1
        e1 111 111 111 1`,
    },
  },
  {
    name: 'a named port that only some pods define (metrics on a and b)',
    policies: [policy('z', 'metrics', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'metrics', protocol: 'TCP' }] }] })],
    expected: {
      '81/TCP': `
        xa 111 111 110
        xb 111 111 110
        xc 111 111 110
        ya 111 111 110
        yb 111 111 110
        yc 111 111 110
        za 111 111 110
        zb 111 111 110
        zc 111 111 111`,
      '80/TCP': Z_INGRESS_DENIED,
    },
  },
  {
    name: 'a named port that no pod defines matches nothing',
    policies: [policy('z', 'nope', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'nope' }] }] })],
    expected: { '80/TCP': Z_INGRESS_DENIED, '81/TCP': Z_INGRESS_DENIED },
  },
  // ---- several rules and policies ----
  {
    name: 'rules of one policy are ORed, each with its own ports',
    policies: [policy('y', 'a-two-rules', {
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: { pod: 'b' } } }], ports: [{ port: 80 }] },
        { from: [{ podSelector: { matchLabels: { pod: 'c' } } }], ports: [{ port: 81 }] },
      ],
    })],
    expected: {
      '80/TCP': `
        xa 111 011 111
        xb 111 011 111
        xc 111 011 111
        ya 111 111 111
        yb 111 111 111
        yc 111 011 111
        za 111 011 111
        zb 111 011 111
        zc 111 011 111`,
      '81/TCP': `
        xa 111 011 111
        xb 111 011 111
        xc 111 011 111
        ya 111 111 111
        yb 111 011 111
        yc 111 111 111
        za 111 011 111
        zb 111 011 111
        zc 111 011 111`,
    },
  },
  {
    name: 'policies selecting the same pod add up',
    policies: [
      policy('x', 'a-from-b-80', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }], ports: [{ port: 80 }] }] }),
      policy('x', 'a-from-c-81', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'c' } } }], ports: [{ port: 81 }] }] }),
    ],
    expected: {
      '80/TCP': `
        xa 111 111 111
        xb 111 111 111
        xc 011 111 111
        ya 011 111 111
        yb 011 111 111
        yc 011 111 111
        za 011 111 111
        zb 011 111 111
        zc 011 111 111`,
      '81/TCP': `
        xa 111 111 111
        xb 011 111 111
        xc 111 111 111
        ya 011 111 111
        yb 011 111 111
        yc 011 111 111
        za 011 111 111
        zb 011 111 111
        zc 011 111 111`,
      '80/UDP': XA_INGRESS_DENIED,
    },
  },
  {
    name: 'a deny-all policy and an allow policy add up to the allow',
    policies: [
      denyIngress('y'),
      policy('y', 'a-from-x', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'x' } } }] }] }),
    ],
    expected: {
      '80/TCP': `
        xa 111 100 111
        xb 111 100 111
        xc 111 100 111
        ya 111 100 111
        yb 111 010 111
        yc 111 001 111
        za 111 000 111
        zb 111 000 111
        zc 111 000 111`,
    },
  },
  // ---- egress and ingress together ----
  {
    name: 'egress of the source and ingress of the destination must both allow',
    policies: [
      policy('x', 'a-to-yb', {
        podSelector: { matchLabels: { pod: 'a' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'y' } }, podSelector: { matchLabels: { pod: 'b' } } }], ports: [{ port: 80 }] }],
      }),
      policy('y', 'b-from-xa', {
        podSelector: { matchLabels: { pod: 'b' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'x' } }, podSelector: { matchLabels: { pod: 'a' } } }], ports: [{ port: 80 }] }],
      }),
    ],
    expected: {
      '80/TCP': `
        xa 100 010 000
        xb 111 101 111
        xc 111 101 111
        ya 111 101 111
        yb 111 111 111
        yc 111 101 111
        za 111 101 111
        zb 111 101 111
        zc 111 101 111`,
      '81/TCP': `
        xa 100 000 000
        xb 111 101 111
        xc 111 101 111
        ya 111 101 111
        yb 111 111 111
        yc 111 101 111
        za 111 101 111
        zb 111 101 111
        zc 111 101 111`,
    },
  },
  {
    name: 'an egress allow does not get past a denying ingress',
    policies: [
      policy('x', 'a-out-80', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 80 }] }] }),
      denyIngress('z'),
    ],
    expected: {
      '80/TCP': Z_INGRESS_DENIED,
      '81/TCP': `
        xa 100 000 000
        xb 111 111 000
        xc 111 111 000
        ya 111 111 000
        yb 111 111 000
        yc 111 111 000
        za 111 111 100
        zb 111 111 010
        zc 111 111 001`,
    },
  },
  {
    name: 'one policy with both types restricts both directions of the selected pod',
    policies: [policy('y', 'c-in-from-y-out-to-z', {
      podSelector: { matchLabels: { pod: 'c' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }] }],
    })],
    expected: {
      '80/TCP': `
        xa 111 110 111
        xb 111 110 111
        xc 111 110 111
        ya 111 111 111
        yb 111 111 111
        yc 000 001 111
        za 111 110 111
        zb 111 110 111
        zc 111 110 111`,
    },
  },
];

function shortLabels(externals: number): string[] {
  const pods = POD_IDS.map((id) => id.replace('/', ''));
  return [...pods, ...Array.from({ length: externals }, (_, i) => `e${i + 1}`)];
}

describe('Reachability', () => {
  test('the conformance suite has at least 50 scenarios', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(SCENARIOS.map((s) => s.name)).size).toBe(SCENARIOS.length);
  });

  describe.each(SCENARIOS.map((s) => [s.name, s] as const))('conformance: %s', (_name, scenario) => {
    const externals = scenario.externals ?? [];
    const r = Reachability.fromManifests([...classicCluster(scenario.cluster), ...scenario.policies], { externalIps: externals });
    const endpoints = [...POD_IDS, ...externals];
    const labels = shortLabels(externals.length);
    const ports = Object.keys(scenario.expected);
    const matrix = r.matrix(ports);

    test.each(ports)('matrix on %s matches the hand-written table', (port) => {
      const text = scenario.expected[port].startsWith('=') ? scenario.expected[scenario.expected[port].slice(1)] : scenario.expected[port];
      const expected = parseTable(text, labels);
      const mismatches: string[] = [];
      endpoints.forEach((source, i) => endpoints.forEach((dest, j) => {
        const fast = matrix.isAllowed(source, dest, port);
        const [number, protocol] = port.split('/');
        const explained = r.allowed(source, dest, Number(number), protocol as any);
        if (fast !== expected[i][j] || explained.allowed !== expected[i][j]) {
          mismatches.push(`${source} -> ${dest}: expected ${expected[i][j] ? 1 : 0}, matrix ${fast ? 1 : 0}, allowed() ${explained.allowed ? 1 : 0}\n${explained.explanation}`);
        }
      }));
      expect(mismatches).toEqual([]);
    });
  });
});
