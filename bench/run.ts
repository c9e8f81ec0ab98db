/* eslint-disable no-bitwise */ // The seeded PRNG is bit arithmetic.
// Benchmark: 10,000 pods, 1,000 policies, one port, full matrix in under 5 s (issue 4).
// The input is generated from a fixed seed, so every run measures the same cluster.
//
//   npm run bench                      the target case
//   npm run bench -- --distinct        worst case: every pod carries a label some selector names
//   npm run bench -- --pods 2000 --policies 200
import { Reachability } from '../src';

const TARGET_SECONDS = 5;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const POD_COUNT = arg('pods', 10_000);
const POLICY_COUNT = arg('policies', 1_000);
const DISTINCT = process.argv.includes('--distinct');
const NAMESPACE_COUNT = Math.max(1, Math.round(POD_COUNT / 100));

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const APPS_PER_NAMESPACE = 20;
const TIERS = ['web', 'api', 'db', 'cache'];
const ENVS = ['prod', 'staging', 'dev'];

function nsName(i: number): string {
  return `ns-${String(i).padStart(3, '0')}`;
}

function generate(): any[] {
  const random = prng(42);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const out: any[] = [];
  for (let i = 0; i < NAMESPACE_COUNT; i++) {
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: nsName(i), labels: { team: `team-${i % 10}`, env: ENVS[i % 3] } } });
  }
  for (let p = 0; p < POD_COUNT; p++) {
    const i = p % NAMESPACE_COUNT;
    const k = Math.floor(p / NAMESPACE_COUNT);
    const app = `app-${k % APPS_PER_NAMESPACE}`;
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${app}-${k}`,
        namespace: nsName(i),
        labels: { 'app': app, 'tier': TIERS[k % TIERS.length], 'version': pick(['v1', 'v2']), 'pod-template-hash': Math.floor(random() * 1e9).toString(36), 'id': `pod-${p}` },
      },
      spec: { containers: [{ name: 'main', image: 'app', ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 9090, name: 'metrics' }] }] },
      status: { podIP: `10.${Math.floor(i / 256)}.${i % 256}.${k + 1}` },
    });
  }
  for (let n = 0; n < POLICY_COUNT; n++) {
    const i = n % NAMESPACE_COUNT;
    const ns = nsName(i);
    const kind = Math.floor(n / NAMESPACE_COUNT) % 10;
    const app = `app-${Math.floor(random() * APPS_PER_NAMESPACE)}`;
    const other = `app-${Math.floor(random() * APPS_PER_NAMESPACE)}`;
    let spec: any;
    if (kind === 0) {
      // Half the namespaces deny everything by default; the others admit their team's namespaces.
      spec = i % 2 === 0
        ? { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }
        : { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: `team-${i % 10}` } } }] }] };
    } else if (kind === 1) {
      spec = {
        podSelector: { matchLabels: { tier: 'db' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': nsName(0) } }, podSelector: { matchLabels: { app: 'app-0' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
      };
    } else if (kind === 9) {
      const j = (i + 1) % NAMESPACE_COUNT;
      spec = {
        podSelector: { matchLabels: { tier: pick(TIERS) } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ ipBlock: { cidr: `10.${Math.floor(j / 256)}.${j % 256}.0/24`, except: [`10.${Math.floor(j / 256)}.${j % 256}.0/28`] } }], ports: [{ port: 'http' }] }],
      };
    } else {
      const fromPeer = DISTINCT
        ? { podSelector: { matchLabels: { id: `pod-${Math.floor(random() * POD_COUNT)}` } }, namespaceSelector: {} }
        : { namespaceSelector: { matchLabels: { team: `team-${Math.floor(random() * 10)}` } }, podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] } };
      spec = {
        podSelector: { matchLabels: { app } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { app: other } } }, fromPeer], ports: [{ port: 'http' }, { port: 9000, endPort: 9100 }] }],
        egress: [{
          to: [{ podSelector: { matchLabels: { app: other } } }, { namespaceSelector: { matchLabels: { env: pick(ENVS) } } }],
          ports: [{ port: 8080 }],
        }],
      };
    }
    out.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `policy-${n}`, namespace: ns }, spec });
  }
  return out;
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

const manifests = generate();
const started = process.hrtime.bigint();
const reachability = Reachability.fromManifests(manifests);
const loaded = seconds(started);
const matrix = reachability.matrix(['8080/TCP']);
const total = seconds(started);
const allowedPairs = matrix.countAllowed();
const peakMb = process.resourceUsage().maxRSS / 1024;
const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;

// The default ports (what `netpol matrix` uses without --ports) must not dominate: one pass over rules and pods.
const portsStarted = process.hrtime.bigint();
const defaults = reachability.defaultPorts();
const portsSeconds = seconds(portsStarted);

// Spot-check the grouped matrix against the direct evaluator (not timed).
const check = prng(7);
const pods = reachability.pods;
let mismatches = 0;
for (let n = 0; n < 2000; n++) {
  const a = pods[Math.floor(check() * pods.length)];
  const b = pods[Math.floor(check() * pods.length)];
  if (matrix.isAllowed(a, b, '8080/TCP') !== reachability.allowed(a, b, 8080).allowed) mismatches++;
}

const pairs = pods.length * pods.length;
console.log(`input:    ${pods.length} pods in ${NAMESPACE_COUNT} namespaces, ${reachability.policies.length} policies, 1 port${DISTINCT ? ' (distinct pod labels)' : ''}`);
console.log(`groups:   ${matrix.groupCount} groups of indistinguishable pods`);
console.log(`load:     ${loaded.toFixed(3)} s`);
console.log(`matrix:   ${(total - loaded).toFixed(3)} s`);
console.log(`total:    ${total.toFixed(3)} s (target < ${TARGET_SECONDS} s)`);
console.log(`result:   ${allowedPairs} of ${pairs} pairs allowed`);
console.log(`defaults: ${defaults.length} default ports in ${portsSeconds.toFixed(3)} s (target < 1 s)`);
console.log(`memory:   ${peakMb.toFixed(0)} MB peak RSS (whole process, ts-node included), ${heapMb.toFixed(0)} MB heap in use after the matrix`);
console.log(`check:    ${mismatches} mismatches in 2000 sampled pairs against allowed()`);

if (mismatches > 0) {
  console.error('FAIL: the grouped matrix disagrees with the direct evaluator');
  process.exit(1);
}
if (portsSeconds >= 1) {
  console.error(`FAIL: the default ports took ${portsSeconds.toFixed(3)} s`);
  process.exit(1);
}
if (total >= TARGET_SECONDS) {
  console.error(`FAIL: ${total.toFixed(3)} s is over the ${TARGET_SECONDS} s target`);
  process.exit(1);
}
