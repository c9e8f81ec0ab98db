/* eslint-disable no-bitwise */ // CIDR math is bit arithmetic on bigint addresses.
// CIDR and IP parsing for ipBlock peers, following the API server's rules for this legacy field
// (k8s.io/apimachinery validation IsValidCIDRForLegacyField and GetWarningsForCIDR).
//
// Today's servers parse it with k8s.io/utils/net ParseCIDRSloppy, which accepts host bits set
// (10.0.1.1/4), leading zeros (010.0.0.0/8, read as decimal) and IPv4-mapped IPv6 (::ffff:10.0.0.0/104),
// each with a warning; with StrictIPCIDRValidation (KEP-4858) the server rejects all three. What we do:
// - host bits set: a warning. The stored text reaches the CNIs, and every parser they use (Go's
//   net.ParseCIDR, iproute2, ipset) masks the host bits the same way, so the meaning is certain: the
//   network 0.0.0.0/4, which is what we analyse. The Kubernetes e2e suite writes such CIDRs.
// - leading zeros and IPv4-mapped IPv6: errors, although the non-strict server accepts them. Their meaning
//   at the CNI is not certain: Go >= 1.17 net.ParseCIDR (most CNIs) rejects leading zeros, older Go read
//   them as decimal, inet_aton as octal (CVE-2021-29923); an IPv4-mapped range matches IPv4 traffic in Go's
//   net.IPNet but not in IPv6 iptables/eBPF tables. An analysis of either would be a guess.
// The constructs (Peer.ipBlock, IpAllowlist) refuse all three through parseCidrOrThrow: we never emit them.
// Non-canonical IPv6 spellings (upper case, uncompressed) are accepted with a warning, as the server does.

export type IpFamily = 4 | 6;

export interface ParsedIp {
  readonly family: IpFamily;
  readonly value: bigint;
}

export interface ParsedCidr {
  readonly family: IpFamily;
  /** The network address (host bits are zero for a valid CIDR). */
  readonly network: bigint;
  readonly prefix: number;
  /** RFC 5952 / dotted-quad canonical text of the network. */
  readonly canonical: string;
}

export interface CidrParseResult {
  readonly cidr?: ParsedCidr;
  readonly errors: string[];
  readonly warnings: string[];
  /**
   * Set when bits beyond the prefix length are set (10.0.1.1/4): a warning today, an error with
   * StrictIPCIDRValidation; `cidr` is then the network the server and the CNIs use (0.0.0.0/4).
   */
  readonly hostBits?: string;
}

const V4_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const V4_OCTET_SLOPPY = /^[0-9]{1,3}$/;

function bitsOf(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

interface IpParse {
  readonly ip?: ParsedIp;
  readonly leadingZeros?: boolean;
  readonly mapped?: boolean;
}

// Pod IPs are nearly always written this way: one regex, not a split and a test per octet.
const V4_CANONICAL = /^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})$/;

function parseV4(text: string): IpParse {
  const m = V4_CANONICAL.exec(text);
  if (m !== null) {
    const [a, b, c, d] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    if (a <= 255 && b <= 255 && c <= 255 && d <= 255) {
      return { ip: { family: 4, value: BigInt(((a * 256 + b) * 256 + c) * 256 + d) }, leadingZeros: false };
    }
  }
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => V4_OCTET_SLOPPY.test(p))) return {};
  // In a Number, then one BigInt: BigInt arithmetic per octet is slow on 100,000 pod IPs.
  let number = 0;
  for (const p of parts) {
    const n = Number(p);
    if (n > 255) return {};
    number = number * 256 + n;
  }
  const value = BigInt(number);
  return { ip: { family: 4, value }, leadingZeros: !parts.every((p) => V4_OCTET.test(p)) };
}

function parseV6(text: string): IpParse {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return {};
  const halves = text.split('::');
  if (halves.length > 2) return {};
  const groupsOf = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  const all = [...head, ...tail];
  let mapped: bigint | undefined;
  let v4Parse: IpParse | undefined;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    v4Parse = parseV4(last);
    if (!v4Parse.ip || v4Parse.leadingZeros) return {};
    if (halves.length === 2 && tail.length === 0) return {};
    mapped = v4Parse.ip.value;
    all.pop();
  }
  const groupSlots = 8 - (mapped === undefined ? 0 : 2);
  if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return {};
  if (halves.length === 1 && all.length !== groupSlots) return {};
  if (halves.length === 2 && all.length >= groupSlots) return {};
  const headGroups = head.length - (halves.length === 1 && mapped !== undefined ? 1 : 0);
  const headValues = all.slice(0, headGroups);
  const tailValues = all.slice(headGroups);
  const zeros = groupSlots - headValues.length - tailValues.length;
  const groups = [...headValues, ...Array(zeros).fill('0'), ...tailValues];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(parseInt(g, 16));
  if (mapped !== undefined) value = (value << 32n) | mapped;
  const isMapped = value >> 32n === 0xffffn;
  return { ip: { family: 6, value }, mapped: isMapped };
}

function parseAnyIp(text: string): IpParse {
  return text.includes(':') ? parseV6(text) : parseV4(text);
}

/** Parses an IP address (no prefix). Returns undefined when it is not a valid IP. */
export function parseIp(text: string): ParsedIp | undefined {
  const parsed = parseAnyIp(text);
  if (!parsed.ip || parsed.leadingZeros) return undefined;
  return parsed.ip;
}

/** Formats an address in canonical form (dotted quad, or RFC 5952 for IPv6). */
export function formatIp(family: IpFamily, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 0xffn).toString()).join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (>= 2) of zero groups, the first one on ties.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function maskOf(family: IpFamily, prefix: number): bigint {
  const bits = BigInt(bitsOf(family));
  const host = bits - BigInt(prefix);
  return ((1n << bits) - 1n) ^ ((1n << host) - 1n);
}

export const CIDR_EXAMPLE = 'e.g. 10.9.8.0/24 or 2001:db8::/64';

/**
 * Parses a CIDR the way the API server validates `ipBlock.cidr` and `ipBlock.except`.
 * Every error message ends with the fix.
 */
export function parseCidr(value: string): CidrParseResult {
  if (typeof value !== 'string' || value === '') {
    return { errors: [`must be a valid CIDR value (${CIDR_EXAMPLE})`], warnings: [] };
  }
  const slash = value.indexOf('/');
  if (slash < 0) {
    const ip = parseIp(value);
    const fix = ip ? `did you mean "${formatIp(ip.family, ip.value)}/${bitsOf(ip.family)}" for this single address?` : CIDR_EXAMPLE;
    return { errors: [`must be a valid CIDR value with a prefix length (${fix})`], warnings: [] };
  }
  const ipText = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  const parsed = parseAnyIp(ipText);
  if (!parsed.ip || !/^[0-9]{1,3}$/.test(prefixText) || Number(prefixText) > bitsOf(parsed.ip.family)) {
    return { errors: [`must be a valid CIDR value (${CIDR_EXAMPLE})`], warnings: [] };
  }
  const { family, value: address } = parsed.ip;
  const prefix = Number(prefixText);
  const network = address & maskOf(family, prefix);
  const canonical = `${formatIp(family, network)}/${prefix}`;
  const errors: string[] = [];
  if (parsed.leadingZeros || (prefixText.length > 1 && prefixText.startsWith('0'))) {
    errors.push(`must not have leading 0s in the IP or the prefix length (use "${canonical}")`);
  } else if (parsed.mapped) {
    const v4 = `${formatIp(4, network & 0xffffffffn)}/${Math.max(prefix - 96, 0)}`;
    errors.push(`must not be an IPv4-mapped IPv6 address (use the IPv4 form "${v4}")`);
  }
  const warnings: string[] = [];
  const single = `${formatIp(family, address)}/${bitsOf(family)}`;
  const hostBits = errors.length === 0 && network !== address
    ? `must not have bits set beyond the prefix length (did you mean the network "${canonical}" or the single address "${single}"?)`
    : undefined;
  if (hostBits) {
    warnings.push(
      `CIDR "${value}" has bits set beyond the prefix length: the API server accepts it with a warning and uses the network "${canonical}" (CNIs mask the host bits), and with strict IP validation (StrictIPCIDRValidation, KEP-4858) rejects it. Write "${canonical}", or "${single}" for the single address`,
    );
  } else if (errors.length === 0 && family === 6 && value !== canonical) {
    warnings.push(`IPv6 CIDR "${value}" is accepted but not in RFC 5952 canonical form ("${canonical}")`);
  }
  return { cidr: { family, network, prefix, canonical }, errors, warnings, hostBits };
}

/**
 * Parses a CIDR that strict IP validation accepts (no host bits, leading zeros or IPv4-mapped IPv6),
 * or throws with the fix: what the constructs emit.
 */
export function parseCidrOrThrow(text: string, what: string): ParsedCidr {
  const parsed = parseCidr(text);
  const errors = parsed.hostBits ? [...parsed.errors, parsed.hostBits] : parsed.errors;
  if (!parsed.cidr || errors.length > 0) throw new Error(`invalid ${what} "${text}": ${errors.join('; ')}`);
  return parsed.cidr;
}

/** True when `inner` is a strict subnet of `outer` (same family, longer prefix, inside). */
export function isStrictSubnet(outer: ParsedCidr, inner: ParsedCidr): boolean {
  if (outer.family !== inner.family || inner.prefix <= outer.prefix) return false;
  return (inner.network & maskOf(outer.family, outer.prefix)) === outer.network;
}

/** True when the address lies inside the CIDR. */
export function cidrContainsIp(cidr: ParsedCidr, ip: ParsedIp): boolean {
  return cidr.family === ip.family && (ip.value & maskOf(cidr.family, cidr.prefix)) === cidr.network;
}

/** Why `inner` is not a valid `except` entry of `outer`, with the fix. */
export function exceptProblem(outer: ParsedCidr, inner: ParsedCidr): string {
  if (outer.family !== inner.family) {
    return `must be an IPv${outer.family} range like cidr "${outer.canonical}"; put IPv${inner.family} ranges in a separate ipBlock`;
  }
  return `must be a strict subset of cidr "${outer.canonical}" (inside it, with a longer prefix): list only ranges inside ${outer.canonical}, or widen cidr`;
}

