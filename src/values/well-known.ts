// Peers every cluster has: cluster DNS, the API server, the cloud metadata endpoints, the ingress controller's
// and the monitoring namespace. Plain v1 peers and ports, with the defaults of the common distributions.
import { lockFields } from './_immutable';
import { IPeer, Peer } from './peer';
import { Port } from './port';
import { EgressRule } from './rule';
import { LabelSelector } from './selector';
import { cidrContainsIp, parseCidr, parseIp } from '../kube/cidr';

/**
 * Where cluster DNS runs.
 */
export interface ClusterDnsOptions {
  /**
   * The namespace of the DNS pods.
   * @default "kube-system"
   */
  readonly dnsNamespace?: string;
  /**
   * Labels of the DNS pods (CoreDNS keeps the historical `k8s-app: kube-dns`).
   * @default { 'k8s-app': 'kube-dns' }
   */
  readonly dnsPodLabels?: { [key: string]: string };
  /**
   * The DNS pods' own port (policies see the pod port after Service DNAT, not the Service port).
   * NodeLocal DNSCache answers on 53 whatever the pods' port: with `nodeLocalDnsCache`, 53 is allowed too.
   * @default 53
   */
  readonly port?: number;
  /**
   * Also allow NodeLocal DNSCache, which answers on a link-local address of every node that no pod
   * selector matches (it runs in the host network), so it is allowed by IP.
   * @default false
   */
  readonly nodeLocalDnsCache?: boolean;
  /**
   * The NodeLocal DNSCache address (with `nodeLocalDnsCache`).
   * @default "169.254.20.10"
   */
  readonly nodeLocalDnsIp?: string;
  /**
   * The `kube-dns` Service IP, also allowed by IP (with `nodeLocalDnsCache`). With kube-proxy in iptables
   * mode, node-local-dns answers on the Service IP too and skips the translation to a DNS pod, so
   * policies see the Service IP as the destination of pods that still query it.
   * @default - only the link-local address (kube-proxy in IPVS mode, or kubelet's clusterDNS set to it)
   */
  readonly nodeLocalDnsServiceIp?: string;
}

/**
 * Where the Kubernetes API server is, as policies see it.
 */
export interface KubeApiServerOptions {
  /**
   * The API server's endpoint addresses, e.g. `['10.0.0.10/32']`: what
   * `kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes` lists, not the
   * `kubernetes` Service IP (10.96.0.1), which is rewritten to an endpoint before any policy sees it.
   */
  readonly cidrs: string[];
  /**
   * The endpoints' port: 6443 with kubeadm, 443 on most managed clusters (not the Service's 443).
   */
  readonly port: number;
}

/**
 * A namespace of the platform, optionally narrowed to some of its pods.
 */
export interface PlatformNamespaceOptions {
  /**
   * The namespace, by name.
   * @default - "ingress-nginx" for `WellKnown.ingressController()`, "monitoring" for `WellKnown.monitoring()`
   */
  readonly namespace?: string;
  /**
   * Only these pods of the namespace (both must hold, in one peer entry).
   * @default - every pod of the namespace
   */
  readonly pods?: LabelSelector;
}

/**
 * A well-known party of a cluster as a rule needs it: the peers that make it up (OR'ed, each one
 * `from`/`to` entry) and the ports it implies (none: every port).
 *
 * @example
 * WellKnown.clusterDns().egressRule();
 */
export class WellKnownService {
  /** @internal */
  public static _create(description: string, peers: IPeer[], ports: Port[]): WellKnownService {
    return new WellKnownService(description, peers, ports);
  }

  /** What it is, for messages. */
  public readonly description: string;
  private readonly peerList: readonly IPeer[];
  private readonly portList: readonly Port[];

  private constructor(description: string, peers: IPeer[], ports: Port[]) {
    this.description = description;
    this.peerList = [...peers];
    this.portList = [...ports];
    lockFields(this);
  }

  /** The peers, OR'ed in a rule; a copy. */
  public get peers(): IPeer[] {
    return [...this.peerList];
  }

  /** The ports it listens on (empty: every port); a copy. */
  public get ports(): Port[] {
    return [...this.portList];
  }

  /**
   * The egress rule to it: to any of its peers, on its ports.
   *
   * @example
   * new NetworkPolicy(chart, 'Out', { podSelector: LabelSelector.all(), egress: [WellKnown.clusterDns().egressRule()] });
   */
  public egressRule(): EgressRule {
    return EgressRule.toPeers(...this.peerList).toPorts(...this.portList);
  }
}

/**
 * Peers every cluster has, with the defaults of the common distributions; each renders plain
 * `networking.k8s.io/v1` YAML.
 *
 * @example
 * AllowTo(WellKnown.anyIpv4ExceptCloudMetadata()).toPort(443);
 */
export class WellKnown {
  /** The IPv4 cloud metadata endpoint (AWS, GCP, Azure, OpenStack, ...): holds the node's credentials. */
  public static readonly CLOUD_METADATA_IPV4_CIDR = '169.254.169.254/32';
  /** The IPv6 cloud metadata endpoint (AWS IMDS on IPv6). */
  public static readonly CLOUD_METADATA_IPV6_CIDR = 'fd00:ec2::254/128';
  /** The address NodeLocal DNSCache listens on by default. */
  public static readonly NODE_LOCAL_DNS_IP = '169.254.20.10';

  /**
   * Cluster DNS: the CoreDNS/kube-dns pods (`k8s-app: kube-dns` in `kube-system`, one peer entry with
   * both selectors) on UDP and TCP 53, and optionally NodeLocal DNSCache's address.
   *
   * UDP and TCP both: large answers fall back to TCP. The port is the pods' port, which is what
   * policies see after the `kube-dns` Service is translated.
   *
   * With NodeLocal DNSCache in kube-proxy iptables mode, pods keep querying the `kube-dns` Service IP,
   * which node-local-dns answers without translation: give it as `nodeLocalDnsServiceIp`.
   *
   * @example
   * WellKnown.clusterDns({ nodeLocalDnsCache: true, nodeLocalDnsServiceIp: '10.96.0.10' }).egressRule();
   */
  public static clusterDns(options: ClusterDnsOptions = {}): WellKnownService {
    const port = options.port ?? 53;
    // Errors of the DNS pods and namespace keep the peer factory's wording: the constructs built on this prefix them with their own context.
    const peers = [Peer.podsInNamespaces({
      pods: LabelSelector.matchLabels(options.dnsPodLabels ?? { 'k8s-app': 'kube-dns' }),
      namespaceNames: [options.dnsNamespace ?? 'kube-system'],
    })];
    for (const name of ['nodeLocalDnsIp', 'nodeLocalDnsServiceIp'] as const) {
      if (options[name] !== undefined && !options.nodeLocalDnsCache) {
        throw new Error(`${name} "${options[name]}" is only used with nodeLocalDnsCache: true: set both, or remove ${name}`);
      }
    }
    if (options.nodeLocalDnsCache) {
      peers.push(singleAddress(options.nodeLocalDnsIp ?? WellKnown.NODE_LOCAL_DNS_IP, 'nodeLocalDnsIp', WellKnown.NODE_LOCAL_DNS_IP));
      if (options.nodeLocalDnsServiceIp !== undefined) peers.push(singleAddress(options.nodeLocalDnsServiceIp, 'nodeLocalDnsServiceIp', '10.96.0.10'));
    }
    const ports = [Port.udp(port), Port.tcp(port)];
    // One rule's ports hold for all its peers: node-local-dns listens on 53, not on the DNS pods' port.
    if (options.nodeLocalDnsCache && port !== 53) ports.push(Port.udp(53), Port.tcp(53));
    return WellKnownService._create('cluster DNS', peers, ports);
  }

  /**
   * The Kubernetes API server, by the addresses and port of its endpoints, on TCP.
   *
   * Policies see the endpoint a connection is translated to, not the `kubernetes` Service IP
   * (10.96.0.1 in many clusters) nor its port 443: give the endpoints' addresses and port. On managed
   * control planes they may change; some CNIs (Cilium) do not match an API server on the nodes'
   * host network by `ipBlock` and have their own way to name it.
   *
   * @example
   * WellKnown.kubeApiServer({ cidrs: ['10.0.0.10/32', '10.0.0.11/32'], port: 6443 }).egressRule();
   */
  public static kubeApiServer(options: KubeApiServerOptions): WellKnownService {
    if (!Array.isArray(options?.cidrs) || options.cidrs.length === 0) {
      throw new Error('WellKnown.kubeApiServer() needs cidrs: the API server endpoint addresses (kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes), e.g. [\'10.0.0.10/32\']');
    }
    if (options.port === undefined) {
      throw new Error('WellKnown.kubeApiServer() needs port: the endpoints\' port (6443 with kubeadm, 443 on most managed clusters), not the Service\'s 443');
    }
    const peers = options.cidrs.map((c, i) => {
      try {
        return Peer.ipBlock(c);
      } catch (e) {
        throw new Error(`WellKnown.kubeApiServer(): cidrs[${i}]: ${(e as Error).message}`);
      }
    });
    return WellKnownService._create('Kubernetes API server', peers, [option('kubeApiServer', 'port', () => Port.tcp(options.port))]);
  }

  /**
   * The cloud metadata endpoints (169.254.169.254/32 and fd00:ec2::254/128), on TCP 80.
   *
   * They hand out the node's cloud credentials to whoever asks. Allow them only to the pods that
   * need them; elsewhere, leave them out of wide ranges (`anyIpv4ExceptCloudMetadata()`).
   *
   * @example
   * WellKnown.cloudMetadata().egressRule();
   */
  public static cloudMetadata(): WellKnownService {
    return WellKnownService._create('cloud metadata', [Peer.ipBlock(WellKnown.CLOUD_METADATA_IPV4_CIDR), Peer.ipBlock(WellKnown.CLOUD_METADATA_IPV6_CIDR)], [Port.HTTP]);
  }

  /**
   * Every IPv4 address except the cloud metadata endpoint (and `exceptCidrs`): `0.0.0.0/0` with
   * `169.254.169.254/32` in its `except` list (left out when one of `exceptCidrs` already holds it).
   *
   * @param exceptCidrs more ranges to leave out
   * @example
   * WellKnown.anyIpv4ExceptCloudMetadata(['10.0.0.0/8']);
   */
  public static anyIpv4ExceptCloudMetadata(exceptCidrs: string[] = []): IPeer {
    return Peer.anyIpv4(withMetadataExcepted(WellKnown.CLOUD_METADATA_IPV4_CIDR, exceptCidrs));
  }

  /**
   * Every IPv6 address except the cloud metadata endpoint (and `exceptCidrs`): `::/0` with
   * `fd00:ec2::254/128` in its `except` list (left out when one of `exceptCidrs` already holds it).
   *
   * @param exceptCidrs more ranges to leave out
   * @example
   * WellKnown.anyIpv6ExceptCloudMetadata();
   */
  public static anyIpv6ExceptCloudMetadata(exceptCidrs: string[] = []): IPeer {
    return Peer.anyIpv6(withMetadataExcepted(WellKnown.CLOUD_METADATA_IPV6_CIDR, exceptCidrs));
  }

  /**
   * The ingress controller's namespace (`ingress-nginx`), optionally only its controller pods: the
   * source of traffic from outside that the controller proxies.
   *
   * @example
   * WellKnown.ingressController({ pods: LabelSelector.matchLabels({ 'app.kubernetes.io/name': 'ingress-nginx' }) });
   */
  public static ingressController(options: PlatformNamespaceOptions = {}): IPeer {
    return platformNamespace(options.namespace ?? 'ingress-nginx', options.pods, 'ingressController()');
  }

  /**
   * The monitoring namespace (`monitoring`), optionally only some of its pods: where Prometheus
   * scrapes from.
   *
   * @example
   * WellKnown.monitoring({ namespace: 'observability', pods: LabelSelector.matchLabels({ 'app.kubernetes.io/name': 'prometheus' }) });
   */
  public static monitoring(options: PlatformNamespaceOptions = {}): IPeer {
    return platformNamespace(options.namespace ?? 'monitoring', options.pods, 'monitoring()');
  }

  private constructor() {}
}

function platformNamespace(namespace: string, pods: LabelSelector | undefined, caller: string): IPeer {
  if (pods !== undefined && !(pods instanceof LabelSelector)) throw new Error(`WellKnown.${caller}: pods must be a LabelSelector (LabelSelector.matchLabels({...}))`);
  return option(caller.replace('()', ''), 'namespace', () =>
    pods === undefined || pods.isAll ? Peer.namespace(namespace) : Peer.podsInNamespaces({ pods, namespaceNames: [namespace] }));
}

/** `exceptCidrs` with the metadata endpoint first, unless one of them already holds it (169.254.0.0/16): no redundant entry. */
function withMetadataExcepted(metadataCidr: string, exceptCidrs: string[]): string[] {
  const endpoint = parseIp(metadataCidr.split('/')[0])!;
  const covered = (exceptCidrs ?? []).some((c) => {
    const parsed = parseCidr(c).cidr;
    return parsed !== undefined && cidrContainsIp(parsed, endpoint);
  });
  return covered ? [...exceptCidrs] : [metadataCidr, ...(exceptCidrs ?? [])];
}

/** Runs `build`, naming the factory and option in its error: the user wrote the option, not the peer factory it feeds. */
function option<T>(factory: string, name: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    throw new Error(`WellKnown.${factory}(): ${name}: ${(e as Error).message}`);
  }
}

/** One address of option `what` of clusterDns() as a peer of its /32 or /128 range. */
function singleAddress(ip: string, what: string, example: string): IPeer {
  const parsed = typeof ip === 'string' ? parseIp(ip) : undefined;
  if (!parsed) throw new Error(`invalid ${what} ${JSON.stringify(ip)}: give one IP address, e.g. "${example}"`);
  return option('clusterDns', what, () => Peer.ipBlock(parsed.family === 6 ? `${ip}/128` : `${ip}/32`));
}
