// What `netpol matrix` and `netpol check` share: reading manifests into a reachability model, and
// the options that name ports and external endpoints.
import { loadManifests, LoadedObject, locate } from './_manifests';
import { Reachability, TrafficPort } from '../analysis';
import { InputError, Io, ParsedArgs, UsageError } from './_command';
import { parseIp } from '../kube/cidr';
import { isCoreNetworkPolicy } from '../kube/objects';
import { formatProblem, validateNetworkPolicy } from '../validation/network-policy';

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

function apiGroupOf(o: LoadedObject): string {
  return typeof o.object.apiVersion === 'string' ? o.object.apiVersion : '(no apiVersion)';
}

/** The core API's NetworkPolicies (retired apiVersions included, so that validation reports them). */
function isCorePolicy(o: LoadedObject): boolean {
  return isCoreNetworkPolicy(o.object);
}

function nameOf(o: LoadedObject): string {
  const meta = o.object.metadata ?? {};
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : '(unnamed)';
  return typeof meta.namespace === 'string' && meta.namespace !== '' ? `${meta.namespace}/${name}` : name;
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
  if (loaded.errors.length > 0) {
    throw new InputError(loaded.errors.map((e) => `cannot read ${e.file}: ${e.reason}`));
  }
  const objects: unknown[] = [];
  const locations: string[] = [];
  const problems: string[] = [];
  let invalid = 0;
  for (const o of loaded.objects) {
    if (o.object.kind === 'NetworkPolicy') {
      if (!isCorePolicy(o)) {
        // Calico, Antrea and others reuse the kind with other semantics; the analyzer models only the core API.
        io.stderr(`netpol ${command}: ignoring ${locate(o)}: ${nameOf(o)}: a ${apiGroupOf(o)} NetworkPolicy, not networking.k8s.io/v1\n`);
        continue;
      }
      const errors = validateNetworkPolicy(o.object).filter((p) => p.severity === 'error');
      if (errors.length > 0) {
        invalid++;
        problems.push(...errors.map((p) => `${locate(o)}: ${nameOf(o)}: ${formatProblem(p)}`));
        continue;
      }
    }
    objects.push(o.object);
    locations.push(locate(o));
  }
  if (invalid > 0) {
    const what = invalid === 1 ? '1 invalid NetworkPolicy' : `${invalid} invalid NetworkPolicies`;
    throw new InputError([...problems, `${what}: ${invalid === 1 ? 'it fails' : 'they fail'} validation, so nothing was analysed`]);
  }
  try {
    return { reachability: Reachability._fromLocatedManifests(objects, locations, { externalIps }), files: loaded.files.length };
  } catch (e) {
    // What is left are problems with the objects themselves, e.g. two pods with one name.
    throw new InputError((e as Error).message.split('\n'));
  }
}
