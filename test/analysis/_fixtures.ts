// The classic conformance cluster: namespaces x, y, z; pods a, b, c in each.
//
// namespaces   x: ns=x, env=prod    y: ns=y, env=dev    z: ns=z
// pod labels   a: pod=a, tier=web   b: pod=b, tier=api  c: pod=c
// pod IPs      x/a 10.0.1.1, x/b 10.0.1.2, x/c 10.0.1.3, y/* 10.0.2.1-3, z/* 10.0.3.1-3
// ports        a, b: 80/TCP "web", 81/TCP "metrics", 80/UDP "udp-80", 81/UDP, 80/SCTP "sctp-80", 81/SCTP
//              c:    80/TCP,       81/TCP "web",     80/UDP,          81/UDP "udp-80", 80/SCTP "sctp-80", 81/SCTP
// so the named port "web" is 80 on a and b but 81 on c, and "metrics" exists on a and b only.

export const NAMESPACES = ['x', 'y', 'z'];
export const PODS = ['a', 'b', 'c'];
/** Row and column order of every matrix: pods sorted by namespace/name. */
export const POD_IDS = NAMESPACES.flatMap((ns) => PODS.map((p) => `${ns}/${p}`));

const NAMESPACE_LABELS: { [ns: string]: { [k: string]: string } } = {
  x: { ns: 'x', env: 'prod' },
  y: { ns: 'y', env: 'dev' },
  z: { ns: 'z' },
};

const TIER: { [pod: string]: string | undefined } = { a: 'web', b: 'api', c: undefined };

function containerPorts(pod: string) {
  if (pod === 'c') {
    return [
      { containerPort: 80, protocol: 'TCP' },
      { containerPort: 81, protocol: 'TCP', name: 'web' },
      { containerPort: 80, protocol: 'UDP' },
      { containerPort: 81, protocol: 'UDP', name: 'udp-80' },
      { containerPort: 80, protocol: 'SCTP', name: 'sctp-80' },
      { containerPort: 81, protocol: 'SCTP' },
    ];
  }
  return [
    { containerPort: 80, name: 'web' }, // protocol omitted: TCP
    { containerPort: 81, protocol: 'TCP', name: 'metrics' },
    { containerPort: 80, protocol: 'UDP', name: 'udp-80' },
    { containerPort: 81, protocol: 'UDP' },
    { containerPort: 80, protocol: 'SCTP', name: 'sctp-80' },
    { containerPort: 81, protocol: 'SCTP' },
  ];
}

export interface ClusterOptions {
  /** Give pods `status.podIP` (default true). */
  readonly podIps?: boolean;
  /** Declare the Namespace objects with their labels (default true). */
  readonly namespaces?: boolean;
}

export function podIp(ns: string, pod: string): string {
  return `10.0.${NAMESPACES.indexOf(ns) + 1}.${PODS.indexOf(pod) + 1}`;
}

/** Namespace and Pod manifests of the classic cluster. */
export function classicCluster(options: ClusterOptions = {}): any[] {
  const out: any[] = [];
  if (options.namespaces ?? true) {
    for (const ns of NAMESPACES) out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: NAMESPACE_LABELS[ns] } });
  }
  for (const ns of NAMESPACES) {
    for (const pod of PODS) {
      const labels: { [k: string]: string } = { pod };
      if (TIER[pod]) labels.tier = TIER[pod]!;
      const manifest: any = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: pod, namespace: ns, labels },
        spec: { containers: [{ name: 'serve', image: 'agnhost', ports: containerPorts(pod) }] },
      };
      if (options.podIps ?? true) manifest.status = { podIP: podIp(ns, pod) };
      out.push(manifest);
    }
  }
  return out;
}

/** A NetworkPolicy manifest. */
export function policy(namespace: string, name: string, spec: any): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

/**
 * Parses a hand-written truth table: one line per source, `<label> <bits>`, where the label is the
 * short row name (`xa`, or `e1`, `e2` for externals) and the bits (spaces ignored) are the columns
 * in order. `all` means every pair is allowed.
 */
export function parseTable(text: string, labels: string[]): boolean[][] {
  if (text.trim() === 'all') return labels.map(() => labels.map(() => true));
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length !== labels.length) throw new Error(`table has ${lines.length} rows, expected ${labels.length}`);
  return lines.map((line, i) => {
    const [label, ...rest] = line.split(/\s+/);
    if (label !== labels[i]) throw new Error(`row ${i} is labelled ${label}, expected ${labels[i]}`);
    const bits = rest.join('');
    if (!/^[01]+$/.test(bits) || bits.length !== labels.length) throw new Error(`row ${label}: "${bits}" must be ${labels.length} digits 0/1`);
    return [...bits].map((b) => b === '1');
  });
}
