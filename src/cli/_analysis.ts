// What `netpol matrix` and `netpol check` share: reading manifests into a reachability model, and
// the options that name ports and external endpoints.
import { loadManifests, locate } from './_manifests';
import { PodDefinition, Reachability, TrafficPort } from '../analysis';
import { InputError, Io, ParsedArgs, UsageError } from './_command';
import { reachabilityOf } from '../analysis/load';
import { parseIp } from '../kube/cidr';
import { dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors } from '../kube/syntax';
import { decodeManifests } from '../validation/decode';

/** The values of a repeatable option, each split on commas: `--ports 80/TCP,53/UDP --ports 443`. */
export function listOption(args: ParsedArgs, name: string): string[] | undefined {
  const values = args.options[name];
  if (!Array.isArray(values)) return undefined;
  const items = values.flatMap((v) => v.split(',')).map((v) => v.trim());
  if (items.some((v) => v === '')) throw new UsageError(`--${name} needs a comma-separated list without empty items, not "${values.join(',')}"`);
  return items;
}

/** The value of an option that may be given once. */
export function singleOption(args: ParsedArgs, name: string): string | undefined {
  const values = args.options[name];
  if (!Array.isArray(values)) return undefined;
  if (values.length > 1) throw new UsageError(`--${name} is given ${values.length} times: give it once`);
  return values[0];
}

export function parsePortOption(text: string): TrafficPort {
  try {
    return Reachability.parsePort(text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** `--external` values, checked here so that a typo is a usage error naming the option. */
export function externalOption(args: ParsedArgs): string[] {
  const ips = listOption(args, 'external') ?? [];
  for (const ip of ips) {
    if (!parseIp(ip)) throw new UsageError(`--external: "${ip}" is not an IP address (write one address, e.g. 203.0.113.5, not a CIDR)`);
  }
  return ips;
}

/**
 * `--pod NS/NAME:key=value,key=value` (repeatable): pods the manifests do not hold, to ask about policies
 * alone. A bare NAME is in `default`; the labels may be left out.
 */
export function podOption(args: ParsedArgs): PodDefinition[] {
  const values = args.options.pod;
  if (!Array.isArray(values)) return [];
  return values.map((text) => {
    const m = /^(?:([^/:]+)\/)?([^/:]+)(?::(.*))?$/.exec(text.trim());
    if (!m) throw new UsageError(`--pod "${text}": write NAMESPACE/NAME:key=value,key=value (the labels may be left out)`);
    const [, namespace, name, labelText] = m;
    const nameProblem = (namespace === undefined ? [] : dns1123LabelErrors(namespace).map((e) => `namespace "${namespace}": ${e}`))
      .concat(dns1123SubdomainErrors(name).map((e) => `name "${name}": ${e}`))[0];
    if (nameProblem !== undefined) throw new UsageError(`--pod "${text}": ${nameProblem}`);
    const labels: { [key: string]: string } = {};
    for (const pair of (labelText ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '')) {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      const problem = qualifiedNameErrors(key)[0] ?? labelValueErrors(value)[0];
      if (problem !== undefined) throw new UsageError(`--pod "${text}": label ${key}=${value}: ${problem}`);
      if (Object.prototype.hasOwnProperty.call(labels, key)) throw new UsageError(`--pod "${text}": label ${key} is given twice`);
      Object.defineProperty(labels, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return { name, namespace: namespace ?? 'default', labels };
  });
}

/** What to add to an "unknown pod" message on the command line. */
export const POD_HINT = 'to ask about pods the manifests do not hold, declare them with --pod NAMESPACE/NAME:key=value,...';

export interface Analysis {
  readonly reachability: Reachability;
  /** Files read. */
  readonly files: number;
  /** Pods left out because they have finished (Succeeded, Failed), as `namespace/name` with the phase. */
  readonly finished: ReadonlyMap<string, string>;
}

/**
 * Reads the manifests under `paths` into a model. Any unreadable file or invalid NetworkPolicy is an
 * InputError: a matrix of part of the input, or of policies the API server rejects, would mislead.
 */
export function loadAnalysis(paths: string[], extra: { externalIps: string[]; pods?: PodDefinition[] }, io: Io, command: string): Analysis {
  if (paths.length === 0) throw new UsageError('no files or directories given');
  const loaded = loadManifests(paths, io.readStdin);
  for (const w of loaded.warnings) io.stderr(`netpol ${command}: warning: ${w}\n`);
  if (loaded.errors.length > 0) {
    throw new InputError(loaded.errors.map((e) => `cannot read ${e.file}: ${e.reason}`));
  }
  // Decoded once: each policy is validated once, and the analyzer reads this same snapshot.
  const snapshot = decodeManifests(loaded.objects.map((o) => ({ manifest: o.object, where: locate(o) })));
  for (const f of snapshot.foreign) {
    // Calico, Antrea and others reuse the kind with other semantics; the analyzer models only the core API.
    io.stderr(`netpol ${command}: ignoring ${locate(loaded.objects[f.input])}: ${f.name}: a ${f.apiVersion} NetworkPolicy, not networking.k8s.io/v1\n`);
  }
  if (snapshot.invalid.length > 0) {
    const n = snapshot.invalid.length;
    const problems = snapshot.invalid.flatMap((p) => p.errors.map((e) => `${locate(loaded.objects[p.input])}: ${p.name}: ${e.path}: ${e.message}`));
    const what = n === 1 ? '1 invalid NetworkPolicy' : `${n} invalid NetworkPolicies`;
    throw new InputError([...problems, `${what}: ${n === 1 ? 'it fails' : 'they fail'} validation, so nothing was analysed`]);
  }
  let reachability: Reachability;
  try {
    reachability = reachabilityOf(snapshot, { externalIps: extra.externalIps, pods: extra.pods });
  } catch (e) {
    // What is left are problems with the objects themselves, e.g. two pods with one name.
    throw new InputError((e as Error).message.split('\n'));
  }
  // What the API server would warn about (a CIDR with host bits set is analysed as its network, ...).
  for (const p of snapshot.policies) {
    for (const w of p.warnings) io.stderr(`netpol ${command}: warning: ${p.where}: ${p.id}: ${w.path}: ${w.message}\n`);
  }
  for (const w of reachability.warnings) io.stderr(`netpol ${command}: warning: ${w}\n`);
  const finished = new Map(snapshot.finished.map((w) => [`${w.namespace}/${w.name}`, w.phase ?? 'finished']));
  return { reachability, files: loaded.files.length, finished };
}
