/* eslint-disable no-bitwise */ // The seeded PRNG and the pod IPs are bit arithmetic.
// A generated cluster for the analyzer bench: namespaces of several teams and environments, Deployments whose
// replicas share every label but `pod-template-hash` (one ReplicaSet, or two during a rollout), and policies
// that make sense together: default deny, DNS, ingress from the ingress controller, web -> api -> db, metrics
// scraping from monitoring, team-wide access by namespace labels, external egress by ipBlock with except.
// The same sizes and seed always give the same manifests.

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIERS = ['web', 'api', 'worker', 'db', 'cache'] as const;
const ENVS = ['prod', 'staging', 'dev'];
const TEAMS = 20;
/** Kinds of policy; a namespace with ten policies has one of each. */
export const POLICY_KINDS = 10;

const PORTS: { [tier: string]: { containerPort: number; name: string; protocol?: string }[] } = {
  web: [{ containerPort: 8080, name: 'http' }, { containerPort: 9090, name: 'metrics' }],
  api: [{ containerPort: 8080, name: 'http' }, { containerPort: 9000, name: 'grpc' }, { containerPort: 9090, name: 'metrics' }],
  worker: [{ containerPort: 9090, name: 'metrics' }],
  db: [{ containerPort: 5432, name: 'postgres' }, { containerPort: 9090, name: 'metrics' }],
  cache: [{ containerPort: 6379, name: 'redis' }],
};

export function namespaceName(i: number): string {
  return `ns-${String(i).padStart(4, '0')}`;
}

function ip(p: number): string {
  return `10.${(p >>> 16) & 255}.${(p >>> 8) & 255}.${p & 255}`;
}

function hash(random: () => number): string {
  return Math.floor(random() * 36 ** 8).toString(36).padStart(8, '0').slice(0, 10);
}

interface Deployment {
  readonly name: string;
  readonly tier: string;
}

/**
 * `pods` pods and `policies` policies in about pods/100 namespaces (at least 5), plus kube-system (DNS),
 * monitoring and ingress-nginx. Pods are bare Pod objects with IPs and named container ports.
 */
export function generateCluster(pods: number, policies: number, seed = 42): any[] {
  const random = prng(seed);
  const namespaces = Math.max(5, Math.round(pods / 100));
  const out: any[] = [];
  const podIndex = { next: 1 };
  const pod = (namespace: string, deployment: string, labels: { [k: string]: string }, ports: object[]) => {
    const p = podIndex.next++;
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${deployment}-${labels['pod-template-hash']}-${Math.floor(random() * 36 ** 5).toString(36)}`, namespace, labels },
      spec: { containers: [{ name: 'main', image: `registry.example/${deployment}:1`, ports }] },
      status: { podIP: ip(p), podIPs: [{ ip: ip(p) }] },
    });
  };
  const system = [
    { name: 'kube-system', labels: { 'kubernetes.io/metadata.name': 'kube-system' } },
    { name: 'monitoring', labels: { 'kubernetes.io/metadata.name': 'monitoring', 'team': 'platform' } },
    { name: 'ingress-nginx', labels: { 'kubernetes.io/metadata.name': 'ingress-nginx', 'team': 'platform' } },
  ];
  for (const ns of system) out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: ns });
  const infra = (namespace: string, name: string, labels: { [k: string]: string }, ports: object[], replicas: number) => {
    const h = hash(random);
    for (let r = 0; r < replicas; r++) pod(namespace, name, { ...labels, 'pod-template-hash': h }, ports);
  };
  infra('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [{ containerPort: 53, name: 'dns', protocol: 'UDP' }, { containerPort: 53, name: 'dns-tcp' }], 2);
  infra('monitoring', 'prometheus', { 'app.kubernetes.io/name': 'prometheus' }, [{ containerPort: 9090, name: 'web' }], 1);
  infra('ingress-nginx', 'controller', { 'app.kubernetes.io/name': 'ingress-nginx' }, [{ containerPort: 443, name: 'https' }], 2);

  const deployments: Deployment[][] = [];
  for (let i = 0; i < namespaces; i++) {
    const name = namespaceName(i);
    out.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name, 'team': `team-${i % TEAMS}`, 'env': ENVS[i % ENVS.length] } },
    });
    deployments.push([]);
  }
  // Fill namespaces round-robin with Deployments of 1-6 replicas until the pod count is reached.
  const remaining = pods - (podIndex.next - 1);
  let placed = 0;
  for (let k = 0; placed < remaining; k++) {
    const i = k % namespaces;
    const namespace = namespaceName(i);
    const slot = Math.floor(k / namespaces);
    const tier = TIERS[slot % TIERS.length];
    const name = `${tier}-${Math.floor(slot / TIERS.length)}`;
    deployments[i].push({ name, tier });
    const replicas = Math.min(remaining - placed, 1 + Math.floor(random() * 6));
    const labels = { 'app': name, tier, 'team': `team-${i % TEAMS}`, 'version': random() < 0.5 ? 'v1' : 'v2', 'app.kubernetes.io/part-of': `shop-${i}` };
    // One ReplicaSet, or two during a rollout (one in five): replicas differ only in pod-template-hash.
    const hashes = random() < 0.2 && replicas > 1 ? [hash(random), hash(random)] : [hash(random)];
    for (let r = 0; r < replicas; r++) pod(namespace, name, { ...labels, 'pod-template-hash': hashes[r % hashes.length] }, PORTS[tier]);
    placed += replicas;
  }

  for (let n = 0; n < policies; n++) {
    const i = n % namespaces;
    const round = Math.floor(n / namespaces);
    const kind = (i + round) % POLICY_KINDS;
    const namespace = namespaceName(i);
    const apps = deployments[i];
    const pick = (tier: string) => apps.filter((d) => d.tier === tier)[round % Math.max(1, apps.filter((d) => d.tier === tier).length)]?.name ?? `${tier}-0`;
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `p${round}-k${kind}`, namespace },
      spec: policySpec(kind, i, namespaces, pick, random),
    });
  }
  return out;
}

function policySpec(kind: number, i: number, namespaces: number, pick: (tier: string) => string, random: () => number): any {
  const tcp = (port: number | string) => ({ protocol: 'TCP', port });
  switch (kind) {
    case 0: return { podSelector: {}, policyTypes: ['Ingress', 'Egress'] };
    case 1: return {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: 53 }, tcp(53)],
      }],
    };
    case 2: return {
      podSelector: { matchLabels: { tier: 'web' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }],
        ports: [tcp('http')],
      }],
    };
    case 3: return {
      podSelector: { matchLabels: { tier: 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'web' } } }], ports: [tcp(8080), tcp(9000)] }],
    };
    case 4: return {
      podSelector: { matchLabels: { tier: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { tier: 'api' } } }], ports: [tcp(8080)] }],
    };
    case 5: return {
      podSelector: { matchLabels: { app: pick('db') } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['api', 'worker'] }] } }], ports: [tcp('postgres')] }],
    };
    case 6: return {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'platform' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }], ports: [tcp('metrics')] }],
    };
    case 7: return {
      podSelector: { matchLabels: { tier: 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { team: `team-${i % TEAMS}` } }, podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] } }],
        ports: [{ protocol: 'TCP', port: 9000, endPort: 9100 }],
      }],
    };
    case 8: return {
      podSelector: { matchLabels: { tier: 'worker' } },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [tcp(443)] },
        { to: [{ podSelector: { matchLabels: { tier: 'db' } } }, { podSelector: { matchLabels: { tier: 'cache' } } }] },
      ],
    };
    default: {
      // Ingress from a block of another namespace's pod IPs (pods are numbered across namespaces), minus a /28.
      const base = Math.floor(random() * 65536) * 256 % (1 << 24);
      const net = `10.${(base >>> 16) & 255}.${(base >>> 8) & 255}.0`;
      const other = namespaceName((i + 1) % namespaces);
      return {
        podSelector: { matchLabels: { app: pick('cache') } },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ ipBlock: { cidr: `${net}/24`, except: [`${net}/28`] } }], ports: [tcp(6379)] },
          { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': other } } }], ports: [tcp('redis')] },
        ],
      };
    }
  }
}
