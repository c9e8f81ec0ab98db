// What `netpol matrix` and `netpol check` share: reading manifests into a reachability model, and
// the options that name ports and external endpoints.
import { loadManifests, locate } from './_manifests';
import { Reachability, TrafficPort } from '../analysis';
import { InputError, Io, ParsedArgs, UsageError } from './_command';
import { reachabilityOf } from '../analysis/load';
import { parseIp } from '../kube/cidr';
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

export interface Analysis {
  readonly reachability: Reachability;
  /** Files read. */
  readonly files: number;
}

/**
 * Reads the manifests under `paths` into a model. Any unreadable file or invalid NetworkPolicy is an
 * InputError: a matrix of part of the input, or of policies the API server rejects, would mislead.
 */
export function loadAnalysis(paths: string[], externalIps: string[], io: Io, command: string): Analysis {
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
    reachability = reachabilityOf(snapshot, { externalIps });
  } catch (e) {
    // What is left are problems with the objects themselves, e.g. two pods with one name.
    throw new InputError((e as Error).message.split('\n'));
  }
  for (const w of reachability.warnings) io.stderr(`netpol ${command}: warning: ${w}\n`);
  return { reachability, files: loaded.files.length };
}
