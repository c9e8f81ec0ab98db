import { cidrContainsIp, formatIp, isStrictSubnet, parseCidr, parseCidrOrThrow, parseIp } from '../../src/kube/cidr';

function cidr(text: string) {
  const parsed = parseCidr(text);
  if (!parsed.cidr) throw new Error(`test setup: ${text} did not parse`);
  return parsed.cidr;
}

describe('parseCidr', () => {
  test.each([
    ['10.0.0.0/8', '10.0.0.0/8', 4],
    ['0.0.0.0/0', '0.0.0.0/0', 4],
    ['192.168.5.10/32', '192.168.5.10/32', 4],
    ['::/0', '::/0', 6],
    ['2001:db8::/32', '2001:db8::/32', 6],
    ['2001:DB8::/32', '2001:db8::/32', 6],
    ['2001:0db8:0000:0000:0000:0000:0000:0000/32', '2001:db8::/32', 6],
    ['fe80::1/128', 'fe80::1/128', 6],
    ['1:0:0:1::/64', '1:0:0:1::/64', 6],
    ['::1.2.3.4/128', '::102:304/128', 6],
  ])('accepts %s as %s (IPv%d)', (text, canonical, family) => {
    const parsed = parseCidr(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.cidr).toMatchObject({ canonical, family });
  });

  test('warns, without failing, on a non-canonical IPv6 spelling', () => {
    expect(parseCidr('2001:DB8::/32').warnings).toEqual(['IPv6 CIDR "2001:DB8::/32" is accepted but not in RFC 5952 canonical form ("2001:db8::/32")']);
    expect(parseCidr('2001:db8::/32').warnings).toEqual([]);
  });

  test.each([
    ['10.0.0.0', /prefix length \(did you mean "10.0.0.0\/32"/],
    ['2001:db8::1', /did you mean "2001:db8::1\/128"/],
    ['10.0.0.0/33', /must be a valid CIDR value/],
    ['2001:db8::/129', /must be a valid CIDR value/],
    ['256.0.0.0/8', /must be a valid CIDR value/],
    ['10.0.0/8', /must be a valid CIDR value/],
    ['10.0.0.0/-1', /must be a valid CIDR value/],
    ['1::2::3/64', /must be a valid CIDR value/],
    ['1:2:3:4:5:6:7:8:9/64', /must be a valid CIDR value/],
    ['1:2:3:4:5:6:7/64', /must be a valid CIDR value/],
    ['fe80::1%eth0/64', /must be a valid CIDR value/],
    ['1:2:3/64', /must be a valid CIDR value/],
    ['1:2:3:4:5:6:7:8::/64', /must be a valid CIDR value/],
    ['1.2.3.4::/128', /must be a valid CIDR value/],
    ['::1.2.3/128', /must be a valid CIDR value/],
    ['12345::/16', /must be a valid CIDR value/],
    ['10.0.0.0/08', /leading 0s/],
    ['10.00.0.0/8', /leading 0s/],
    ['::ffff:192.168.0.0/120', /IPv4-mapped IPv6 address \(use the IPv4 form "192.168.0.0\/24"\)/],
  ])('rejects %s', (text, message) => {
    const parsed = parseCidr(text);
    expect(parsed.errors.join('\n')).toMatch(message);
  });

  test.each([
    ['10.0.1.1/4', '0.0.0.0/4', 0n, 4],
    ['10.0.0.1/8', '10.0.0.0/8', 0x0a000000n, 8],
    ['192.168.1.5/24', '192.168.1.0/24', 0xc0a80100n, 24],
    ['2001:db8::1/64', '2001:db8::/64', 0x20010db8n * 2n ** 96n, 64],
  ])('accepts %s (host bits set) with a warning, as its network %s, as Go\'s net.ParseCIDR reads it', (text, canonical, network, prefix) => {
    const parsed = parseCidr(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.cidr).toMatchObject({ canonical, network, prefix });
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toContain(`CIDR "${text}" has bits set beyond the prefix length: the API server accepts it with a warning and uses the network "${canonical}"`);
    expect(parsed.hostBits).toMatch(/must not have bits set beyond the prefix length/);
  });

  test('fails if a CIDR without host bits is flagged as having them', () => {
    expect(parseCidr('10.0.0.0/8').hostBits).toBeUndefined();
    expect(parseCidr('10.0.0.1/32').hostBits).toBeUndefined();
  });
});

describe('parseCidrOrThrow', () => {
  test('fails if host bits are set, though the API server only warns: the constructs never emit them', () => {
    expect(() => parseCidrOrThrow('10.0.1.1/4', 'cidr')).toThrow('invalid cidr "10.0.1.1/4": must not have bits set beyond the prefix length (did you mean the network "0.0.0.0/4" or the single address "10.0.1.1/32"?)');
  });

  test('fails if an octet has leading zeros', () => {
    expect(() => parseCidrOrThrow('010.0.0.0/8', 'cidr')).toThrow(/leading 0s/);
  });

  test('returns the network of a canonical CIDR', () => {
    expect(parseCidrOrThrow('10.0.0.0/8', 'cidr').canonical).toBe('10.0.0.0/8');
  });
});

describe('isStrictSubnet', () => {
  test('is true only for a longer prefix inside the same family', () => {
    expect(isStrictSubnet(cidr('10.0.0.0/8'), cidr('10.1.0.0/16'))).toBe(true);
    expect(isStrictSubnet(cidr('10.0.0.0/8'), cidr('10.0.0.0/8'))).toBe(false);
    expect(isStrictSubnet(cidr('10.0.0.0/16'), cidr('10.0.0.0/8'))).toBe(false);
    expect(isStrictSubnet(cidr('10.0.0.0/16'), cidr('10.1.0.0/24'))).toBe(false);
    expect(isStrictSubnet(cidr('::/0'), cidr('10.0.0.0/8'))).toBe(false);
    expect(isStrictSubnet(cidr('2001:db8::/32'), cidr('2001:db8:ffff::/48'))).toBe(true);
  });
});

describe('parseIp and cidrContainsIp', () => {
  test('match addresses against ranges of their own family', () => {
    expect(cidrContainsIp(cidr('10.0.0.0/8'), parseIp('10.255.0.1')!)).toBe(true);
    expect(cidrContainsIp(cidr('10.0.0.0/8'), parseIp('11.0.0.1')!)).toBe(false);
    expect(cidrContainsIp(cidr('::/0'), parseIp('10.0.0.1')!)).toBe(false);
    expect(cidrContainsIp(cidr('2001:db8::/32'), parseIp('2001:DB8::42')!)).toBe(true);
  });

  test('rejects invalid addresses', () => {
    expect(parseIp('10.0.0.256')).toBeUndefined();
    expect(parseIp('010.0.0.1')).toBeUndefined();
    expect(parseIp('not-an-ip')).toBeUndefined();
  });

  test('formats IPv6 per RFC 5952 (longest zero run, first on ties, no single-group compression)', () => {
    expect(formatIp(6, parseIp('2001:db8:0:0:1:0:0:1')!.value)).toEqual('2001:db8::1:0:0:1');
    expect(formatIp(6, parseIp('2001:db8:0:1:1:1:1:1')!.value)).toEqual('2001:db8:0:1:1:1:1:1');
    expect(formatIp(6, parseIp('::')!.value)).toEqual('::');
    expect(formatIp(4, parseIp('192.168.0.1')!.value)).toEqual('192.168.0.1');
  });
});
