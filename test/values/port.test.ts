import { Port, Protocol } from '../../src';

describe('Port', () => {
  test.each([
    ['tcp', Port.tcp(3306), { protocol: 'TCP', port: 3306 }, 'TCP 3306'],
    ['udp', Port.udp(53), { protocol: 'UDP', port: 53 }, 'UDP 53'],
    ['sctp', Port.sctp(3868), { protocol: 'SCTP', port: 3868 }, 'SCTP 3868'],
    ['of', Port.of(Protocol.UDP, 514), { protocol: 'UDP', port: 514 }, 'UDP 514'],
    ['tcpRange', Port.tcpRange(32000, 32768), { protocol: 'TCP', port: 32000, endPort: 32768 }, 'TCP 32000-32768'],
    ['udpRange', Port.udpRange(10000, 10000), { protocol: 'UDP', port: 10000, endPort: 10000 }, 'UDP 10000-10000'],
    ['rangeOf', Port.rangeOf(Protocol.SCTP, 1, 65535), { protocol: 'SCTP', port: 1, endPort: 65535 }, 'SCTP 1-65535'],
    ['named', Port.named('http'), { protocol: 'TCP', port: 'http' }, 'TCP http'],
    ['named udp', Port.named('dns', Protocol.UDP), { protocol: 'UDP', port: 'dns' }, 'UDP dns'],
    ['allTcp', Port.allTcp(), { protocol: 'TCP' }, 'TCP (all)'],
    ['allUdp', Port.allUdp(), { protocol: 'UDP' }, 'UDP (all)'],
    ['allSctp', Port.allSctp(), { protocol: 'SCTP' }, 'SCTP (all)'],
  ])('%s renders %j', (_name, port, kube, text) => {
    expect(port._toKube()).toEqual(kube);
    expect(port.toString()).toEqual(text);
  });

  test('"all ports of a protocol" never renders port 0 or an endPort', () => {
    for (const port of [Port.allTcp(), Port.allUdp(), Port.allSctp()]) {
      expect(port._toKube()).not.toHaveProperty('port');
      expect(port._toKube()).not.toHaveProperty('endPort');
    }
  });

  test('well-known ports', () => {
    expect([Port.DNS_UDP, Port.DNS_TCP, Port.HTTP, Port.HTTPS, Port.MYSQL, Port.POSTGRES, Port.REDIS].map(String)).toEqual([
      'UDP 53', 'TCP 53', 'TCP 80', 'TCP 443', 'TCP 3306', 'TCP 5432', 'TCP 6379',
    ]);
  });

  test('is immutable: what _toKube() returns is a new object, even for the shared constants', () => {
    const rendered = Port.DNS_UDP._toKube();
    rendered.port = 5353;
    rendered.protocol = 'TCP';
    expect(Port.DNS_UDP._toKube()).toEqual({ protocol: 'UDP', port: 53 });
  });

  test.each([0, -1, 65536, 1.5, NaN])('fails if a port number is %p (outside 1..65535)', (n) => {
    expect(() => Port.tcp(n)).toThrow(/invalid port .*between 1 and 65535/);
  });

  test('fails if endPort is below port, suggesting the swap', () => {
    expect(() => Port.tcpRange(9000, 100)).toThrow(/invalid port range 9000-100: endPort must be greater than or equal to port; did you mean 100-9000\?/);
  });

  test('fails if endPort is outside 1..65535', () => {
    expect(() => Port.tcpRange(1000, 70000)).toThrow(/invalid endPort 70000/);
  });

  test.each([
    ['HTTP', /lowercase letters/],
    ['', /1 to 15 characters/],
    ['a-very-long-port-name', /1 to 15 characters/],
    ['8080', /at least one letter/],
    ['web--api', /consecutive '-'/],
    ['-web', /begin or end with '-'/],
    ['web_api', /lowercase letters, digits and '-'/],
  ])('fails if a port name is %p', (name, message) => {
    expect(() => Port.named(name)).toThrow(message);
  });
});
