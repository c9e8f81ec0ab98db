// Checking a Service destination: the Service port resolved to its targetPort on each selected pod,
// each pod judged as a pod destination. The public shapes are in service.ts.
import { judge } from './engine/evaluate';
import { Endpoint, Model, ServiceModel } from './engine/model';
import { CheckedPort, toProtocol } from './engine/ports';
import { EndpointResolver, parseServiceName } from './engine/resolve';
import { ServiceBackend, ServiceVerdict } from './service';
import { describeLabels, hasLabel } from '../kube/labels';

function portText(port: number, protocol: string, name?: string): string {
  return `${port}/${protocol}${name !== undefined ? ` (${name})` : ''}`;
}

function listPorts(service: ServiceModel): string {
  return service.ports.map((p) => `${portText(p.port, p.protocol, p.name)} -> targetPort ${p.targetPort}`).join(', ');
}

/** The Service port asked for: by number or name, with an optional protocol; the only port when none is given. */
function pickPort(service: ServiceModel, id: string, written: string | undefined, protocolText: string | undefined, pods: readonly Endpoint[]) {
  const context = `svc/${id}`;
  if (service.ports.length === 0) throw new Error(`Service ${id} has no ports (spec.ports is empty), so it carries no traffic`);
  const protocol = protocolText === undefined ? undefined : toProtocol(protocolText, context);
  if (written === undefined) {
    const candidates = protocol === undefined ? service.ports : service.ports.filter((p) => p.protocol === protocol);
    if (candidates.length === 1) return candidates[0];
    throw new Error(`Service ${id} has ${service.ports.length} ports: name one, e.g. svc/${id}:${service.ports[0].name ?? service.ports[0].port} (ports: ${listPorts(service)})`);
  }
  const byNumber = /^[0-9]+$/.test(written);
  const matches = service.ports.filter((p) => (byNumber ? p.port === Number(written) : p.name === written)
    && (protocol === undefined || p.protocol === protocol));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new Error(`Service ${id} has port ${written} for several protocols: write svc/${id}:${written}/${matches[1].protocol} (ports: ${listPorts(service)})`);
  }
  const what = `${byNumber ? 'port' : 'port named'} ${written}${protocol !== undefined ? `/${protocol}` : ''}`;
  // The port exists for another protocol: say so, rather than take it for a pod port.
  const others = service.ports.filter((p) => (byNumber ? p.port === Number(written) : p.name === written));
  if (others.length > 0) {
    const protocols = [...new Set(others.map((p) => p.protocol))].join(', ');
    throw new Error(`unknown Service port: Service ${id} has ${byNumber ? 'port' : 'port named'} ${written} only for ${protocols}, not ${protocol} (ports: ${listPorts(service)})`);
  }
  // A pod port given for the Service port: name the Service port that leads there.
  const leading = byNumber ? service.ports.filter((p) => p.targetPort === Number(written)
    || pods.some((e) => e.pod!.ports.some((c) => c.name === p.targetPort && c.protocol === p.protocol && c.port === Number(written)))) : [];
  const hint = leading.length > 0 ? `; ${written} is a pod port: the Service port that leads to it is ${leading.map((p) => `svc/${id}:${p.name ?? p.port}`).join(', ')}` : '';
  throw new Error(`unknown Service port: Service ${id} has no ${what} (ports: ${listPorts(service)}); the port is the Service's port, not the pod's${hint}`);
}

/** The pods a Service selects: pods of its namespace carrying every label of its selector. */
function selectedPods(model: Model, service: ServiceModel): Endpoint[] {
  const selector = service.selector!;
  const keys = Object.keys(selector);
  return model.endpoints.filter((e) => e.pod !== undefined && e.pod.namespace === service.namespace
    && keys.every((k) => hasLabel(e.pod!.labels, k) && e.pod!.labels[k] === selector[k]));
}

/**
 * `source` -> the Service `serviceText` (`svc/NS/NAME[:PORT[/PROTOCOL]]`, or `NS/NAME` / a bare name when the
 * caller knows it is a Service), on the Service port written in it or given as `port`.
 */
export function checkService(model: Model, resolver: EndpointResolver, source: string, serviceText: string, port?: CheckedPort): ServiceVerdict {
  if (typeof serviceText !== 'string' || serviceText.trim() === '') throw new Error(`expected a Service as "svc/namespace/name", not ${JSON.stringify(serviceText)}`);
  const text = serviceText.trim();
  const parsed = parseServiceName(text);
  const id = parsed.namespace === undefined ? parsed.name : `${parsed.namespace}/${parsed.name}`;
  const service = resolver.resolveService(id, text);
  const sid = `${service.namespace}/${service.name}`;
  if (service.type === 'ExternalName') {
    throw new Error(`Service ${sid} is an ExternalName Service (${service.externalName ?? 'no externalName'}): a DNS alias, with no pods of its own; check the destination it names`);
  }
  if (service.selector === undefined && service.emptySelector === true) {
    throw new Error(`Service ${sid} has an empty selector (spec.selector: {}): Kubernetes manages no endpoints for it, as for no selector, so it sends traffic to no pod; give it the labels of its pods`);
  }
  if (service.selector === undefined) {
    throw new Error(`Service ${sid} has no selector: its endpoints are managed by hand (EndpointSlices), so the pods it sends traffic to are not in the manifests; check those pods by name`);
  }
  const pods = selectedPods(model, service);
  if (pods.length === 0) {
    const there = model.endpoints.filter((e) => e.pod?.namespace === service.namespace).map((e) => e.id);
    const known = there.length === 0 ? `namespace ${service.namespace} has no pods or workloads in the manifests` : `pods there: ${there.slice(0, 5).join(', ')}${there.length > 5 ? ', ...' : ''}`;
    throw new Error(`Service ${sid} selects no pods: its selector ${describeLabels(service.selector)} matches no pod of namespace ${service.namespace} (${known})`);
  }
  if (port !== undefined && parsed.port !== undefined) {
    throw new Error(`the Service port is given twice (${text} and ${port.port}/${port.protocol}): give it once`);
  }
  const servicePort = port !== undefined
    ? pickPort(service, sid, String(port.port), port.protocol, pods)
    : pickPort(service, sid, parsed.port, parsed.protocol, pods);
  const protocol = toProtocol(servicePort.protocol, `svc/${sid}`);


  const from = resolver.resolve(source);
  const target = servicePort.targetPort;
  const backends: ServiceBackend[] = pods.map((pod) => {
    const podPort = typeof target === 'number'
      ? target
      : pod.pod!.ports.find((c) => c.name === target && c.protocol === protocol)?.port;
    if (podPort === undefined) {
      return { pod: pod.id, allowed: false, reason: `${pod.id} has no ${protocol} container port named ${target}, so the Service sends it no traffic` };
    }
    const verdict = judge(model, { source: from, destination: pod, port: podPort, protocol });
    return { pod: pod.id, podPort, allowed: verdict.allowed, verdict, reason: verdict.explanation.split('\n')[0] };
  });
  const reached = backends.filter((b) => b.podPort !== undefined);
  const allowedPods = reached.filter((b) => b.allowed).map((b) => b.pod);
  const deniedPods = reached.filter((b) => !b.allowed).map((b) => b.pod);
  const podsWithoutPort = backends.filter((b) => b.podPort === undefined).map((b) => b.pod);
  const allowed = reached.length > 0 && deniedPods.length === 0;
  const what = `${from.id} -> svc/${sid}:${portText(servicePort.port, protocol, servicePort.name)}`;
  const word = allowed ? 'ALLOW' : allowedPods.length > 0 ? 'PARTIAL' : 'DENY';
  const count = reached.length === 0
    ? `none of its ${pods.length} pods has a ${protocol} port named ${target}, so the Service has no endpoints`
    : allowed ? `all ${reached.length} pods allow it (${allowedPods.join(', ')})`
      : allowedPods.length > 0 ? `${allowedPods.length} of ${reached.length} pods allow it (${allowedPods.join(', ')}); denied by ${deniedPods.join(', ')}`
        : `no pod allows it (denied by ${deniedPods.join(', ')})`;
  const numbers = [...new Set(reached.map((b) => b.podPort))];
  const translation = typeof target === 'number'
    ? `targetPort ${target}/${protocol}`
    : numbers.length === 1 && podsWithoutPort.length === 0 ? `targetPort ${target} = ${numbers[0]}/${protocol} on every selected pod`
      : `targetPort ${target}, resolved per pod: ${backends.map((b) => `${b.pod} ${b.podPort === undefined ? 'none' : `${b.podPort}/${protocol}`}`).join(', ')}`;
  const note = `NetworkPolicies act on pod ports, not Service ports: Service port ${servicePort.port}/${protocol} goes to ${translation}`;
  const details = backends.map((b) => (b.verdict ? b.verdict.explanation : b.reason).split('\n').map((l) => `  ${l}`).join('\n'));
  return {
    allowed,
    source: from.id,
    service: sid,
    servicePort: servicePort.port,
    servicePortName: servicePort.name,
    protocol,
    targetPort: String(target),
    allowedPods,
    deniedPods,
    podsWithoutPort,
    backends,
    explanation: `${word} ${what}: ${count}\n  ${note}\n${details.join('\n')}`,
  };
}
