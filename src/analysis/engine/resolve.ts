// Names as users write them (`namespace/name`, a bare name, an IP) resolved to the model's endpoints,
// and "did you mean" suggestions for the names that resolve to nothing.
import { distance } from 'fastest-levenshtein';
import { canonicalIp, Endpoint, Model, ServiceModel } from './model';
import { parseIp } from '../../kube/cidr';

/**
 * Edits from `a` to `b`, counting a swap of two neighbouring characters as one edit (`wbe` -> `web`):
 * plain Levenshtein counts it as two, the same as two unrelated typos.
 */
export function editDistance(a: string, b: string): number {
  let best = distance(a, b);
  if (best <= 1) return best;
  for (let i = 0; i + 1 < a.length; i++) {
    if (a[i] === a[i + 1]) continue;
    const swapped = `${a.slice(0, i)}${a[i + 1]}${a[i]}${a.slice(i + 2)}`;
    best = Math.min(best, 1 + distance(swapped, b));
  }
  return best;
}

/** What to compare of each candidate, and how long the word counts as for the threshold. */
export interface CloseOptions {
  /** At most this many names. */
  readonly max?: number;
  /** The part of a candidate to compare (default: all of it). */
  readonly key?: (candidate: string) => string;
  /** The length the threshold is a third of (default: the word's). */
  readonly length?: number;
}

/**
 * The candidates closest to `word`, all at the smallest distance found, and only if that distance is at
 * most a third of the word's length (at least 1), so that unrelated names are never offered.
 */
export function closestNames(word: string, candidates: readonly string[], options: CloseOptions = {}): string[] {
  const key = options.key ?? ((c: string) => c);
  let best = Math.max(1, Math.floor((options.length ?? word.length) / 3));
  let found: string[] = [];
  for (const c of candidates) {
    const d = editDistance(word, key(c));
    if (d < best || (d === best && found.length === 0)) {
      best = d;
      found = [c];
    } else if (d === best) {
      found.push(c);
    }
  }
  return found.sort().slice(0, options.max ?? 3);
}

/** The pods closest to a `namespace/name` (or a bare name) that matches none. */
export function suggestPods(name: string, pods: readonly string[]): string[] {
  const slash = name.indexOf('/');
  if (slash < 0) return closestNames(name, pods, { key: (p) => p.slice(p.indexOf('/') + 1) });
  // Typos in the namespace count too, but the threshold follows the pod name: in `production/xyz`,
  // the long namespace must not make `production/api` look close.
  return closestNames(name, pods, { length: name.length - slash - 1 });
}

/** kubectl's prefixes for a Service: `svc/`, `service/`, `services/`. */
const SERVICE_PREFIX = /^(?:svc|services?)\//;
/** `NS/NAME` or `NAME`, then `:PORT` (a number or a name) and `/PROTOCOL`. */
const SERVICE_NAME = /^(?:([^/:\s]+)\/)?([^/:\s]+)(?::([^/:\s]+)(?:\/([A-Za-z]+))?)?$/;

/** A Service as a destination is written. */
export interface ServiceName {
  /** Undefined for a bare name (unique among the Services). */
  readonly namespace?: string;
  readonly name: string;
  /** The Service port as written after `:`: a number or a port name. */
  readonly port?: string;
  readonly protocol?: string;
}

/** True for text written as a Service (`svc/NS/NAME...`), which can never be a pod's `namespace/name`. */
export function isServiceName(text: unknown): boolean {
  return typeof text === 'string' && /^(?:svc|services?)\/[^/]*\//.test(text.trim());
}

/** Parses `[svc/][NS/]NAME[:PORT[/PROTOCOL]]`, for callers that know they are given a Service; throws with the spelling to use. */
export function parseServiceName(text: string): ServiceName {
  const m = SERVICE_NAME.exec(text.trim().replace(SERVICE_PREFIX, ''));
  if (!m) throw new Error(`"${text}" is not a Service as the analyzer reads it: write svc/NAMESPACE/NAME, or svc/NAMESPACE/NAME:PORT with a port number or name (e.g. svc/shop/api:80 or svc/shop/dns:53/UDP)`);
  return {
    ...(m[1] !== undefined ? { namespace: m[1] } : {}),
    name: m[2],
    ...(m[3] !== undefined ? { port: m[3] } : {}),
    ...(m[4] !== undefined ? { protocol: m[4] } : {}),
  };
}

/** Finds endpoints by the names the public API and the CLI accept. */
export class EndpointResolver {
  private readonly byId: Map<string, Endpoint>;
  private readonly pods: string[];
  private readonly services: Map<string, ServiceModel>;

  constructor(private readonly model: Model) {
    this.byId = new Map(model.endpoints.map((e) => [e.id, e]));
    this.pods = model.endpoints.filter((e) => e.pod).map((e) => e.id);
    // Services never replace one another in input order: the last one of a name counts, as for policies.
    this.services = new Map((model.services ?? []).map((s) => [`${s.namespace}/${s.name}`, s]));
  }

  /**
   * The Service `namespace/name` (a bare name if only one namespace has it), with "did you mean" on a miss.
   * `written` is how the user wrote it, for the message.
   */
  public resolveService(id: string, written: string = id): ServiceModel {
    const exact = this.services.get(id);
    if (exact) return exact;
    const ids = [...this.services.keys()];
    if (!id.includes('/')) {
      const matches = ids.filter((s) => s.endsWith(`/${id}`));
      if (matches.length === 1) return this.services.get(matches[0])!;
      if (matches.length > 1) throw new Error(`Service "${id}" is ambiguous: ${matches.map((m) => `svc/${m}`).join(', ')}: write svc/NAMESPACE/NAME`);
    }
    const pod = this.byId.get(id);
    const asPod = pod?.pod ? `; ${id} is a ${pod.pod.source === 'Pod' ? 'pod' : pod.pod.source}, not a Service: name it without svc/` : '';
    let hint: string;
    if (ids.length === 0) {
      hint = 'the manifests have no Services (kind: Service, apiVersion: v1)';
    } else {
      const near = suggestPods(id, ids);
      hint = near.length > 0
        ? `did you mean ${near.map((n) => `svc/${n}`).join(', ')}?`
        : `known Services: ${ids.slice(0, 10).map((n) => `svc/${n}`).join(', ')}${ids.length > 10 ? `, ... (${ids.length})` : ''}`;
    }
    throw new Error(`unknown Service "${written}": no Service ${id} in the manifests (${hint})${asPod}`);
  }

  /**
   * `namespace/name` of a pod, a bare name if only one namespace has it, or any IP address (known or
   * not: an unknown IP is an endpoint outside the cluster with index -1).
   */
  public resolve(name: string): Endpoint {
    if (typeof name !== 'string' || name.trim() === '') throw new Error(`expected a pod as "namespace/name" or an IP address, not ${JSON.stringify(name)}`);
    const text = name.trim();
    const exact = this.byId.get(text);
    if (exact) return exact;
    const ip = parseIp(text);
    if (ip) {
      const id = canonicalIp(ip);
      const known = this.byId.get(id) ?? this.model.endpoints.find((e) => e.pod && e.ips.some((x) => x.family === ip.family && x.value === ip.value));
      return known ?? { id, index: -1, ips: [ip] };
    }
    if (!text.includes('/')) {
      const matches = this.pods.filter((p) => p.endsWith(`/${text}`));
      if (matches.length === 1) return this.byId.get(matches[0])!;
      if (matches.length > 1) throw new Error(`"${text}" is ambiguous: ${matches.join(', ')}: write namespace/name`);
    }
    const instead = this.represented(text);
    if (instead.length > 0) throw new Error(`unknown pod "${text}": no pod by that name; did you mean ${instead.join(', or ')}?`);
    throw new Error(`unknown pod "${text}": no pod, workload or IP by that name (${this.hint(text)})`);
  }

  /** A workload that its pods represent (a dump's Deployment), or a Service, by the name given: say what to ask instead. */
  private represented(text: string): string[] {
    const slash = text.indexOf('/');
    const namespace = slash < 0 ? undefined : text.slice(0, slash);
    const name = text.slice(slash + 1);
    const out: string[] = [];
    const owners = new Map<string, string[]>();
    for (const e of this.model.endpoints) {
      const w = e.pod?.workload;
      if (w === undefined || w.slice(w.indexOf('/') + 1) !== name || (namespace !== undefined && e.pod!.namespace !== namespace)) continue;
      const key = `${e.pod!.namespace}/${w}`;
      if (!owners.has(key)) owners.set(key, []);
      owners.get(key)!.push(e.id);
    }
    for (const [key, pods] of owners) {
      const [ns, kind] = key.split('/');
      const shown = pods.length > 3 ? `${pods.slice(0, 3).join(', ')}, ... (${pods.length})` : pods.join(', ');
      out.push(`a pod of ${kind} ${ns}/${name} (${shown})`);
    }
    for (const id of this.services.keys()) {
      if (id === text || (namespace === undefined && id.endsWith(`/${name}`))) out.push(`the Service svc/${id}:PORT`);
    }
    return out;
  }

  private hint(text: string): string {
    if (/^(?:svc|services?)\/[^/]+$/.test(text)) return `a Service is written svc/NAMESPACE/NAME, e.g. svc/default/${text.slice(text.indexOf('/') + 1)}`;
    const pods = this.pods;
    if (pods.length === 0) return 'the manifests have no pods or workloads';
    const near = suggestPods(text, pods);
    if (near.length > 0) return `did you mean ${near.join(', ')}?`;
    return `known pods: ${pods.slice(0, 10).join(', ')}${pods.length > 10 ? `, ... (${pods.length})` : ''}`;
  }
}
