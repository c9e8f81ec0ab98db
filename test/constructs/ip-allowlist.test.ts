import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { IpAllowlist, LabelSelector, Port } from '../../src';
import { onlyPolicy, policiesYaml } from '../_support/helpers';

const admin = LabelSelector.matchLabels({ app: 'admin' });

describe('IpAllowlist', () => {
  test('accepts only the listed ranges, on the listed ports, with exceptions placed in their range', () => {
    const chart = Testing.chart();
    new IpAllowlist(chart, 'Office', {
      podSelector: admin,
      cidrs: ['203.0.113.0/24', '2001:db8::/48', '198.51.100.7/32'],
      exceptCidrs: ['203.0.113.128/25', '2001:db8:0:ff::/64'],
      ports: [Port.HTTPS, Port.tcp(8443)],
    });
    expect(onlyPolicy(chart)).toEqual(parse(`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: office
      spec:
        podSelector:
          matchLabels: { app: admin }
        policyTypes: [Ingress]
        ingress:
          - from:
              - ipBlock: { cidr: 203.0.113.0/24, except: [203.0.113.128/25] }
              - ipBlock: { cidr: 2001:db8::/48, except: ["2001:db8:0:ff::/64"] }
              - ipBlock: { cidr: 198.51.100.7/32 }
            ports:
              - { protocol: TCP, port: 443 }
              - { protocol: TCP, port: 8443 }
    `));
    expect(policiesYaml(chart)).toMatchSnapshot();
  });

  test('without ports, every port of the listed ranges is allowed', () => {
    const chart = Testing.chart();
    new IpAllowlist(chart, 'Office', { podSelector: admin, cidrs: ['10.0.0.0/8'] });
    expect(onlyPolicy(chart).spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }]);
  });

  test('an exception inside two overlapping ranges goes to both', () => {
    const chart = Testing.chart();
    new IpAllowlist(chart, 'Office', { podSelector: admin, cidrs: ['10.0.0.0/8', '10.1.0.0/16'], exceptCidrs: ['10.1.2.0/24'] });
    expect(onlyPolicy(chart).spec.ingress[0].from).toEqual([
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.2.0/24'] } },
      { ipBlock: { cidr: '10.1.0.0/16', except: ['10.1.2.0/24'] } },
    ]);
  });

  test('fails if no range is given', () => {
    expect(() => new IpAllowlist(Testing.chart(), 'Office', { podSelector: admin, cidrs: [] })).toThrow(/cidrs is empty, which would allow nothing/);
  });

  test('fails if a range is invalid, naming the construct path, the property and the fix', () => {
    expect(() => new IpAllowlist(Testing.chart(), 'Office', { podSelector: admin, cidrs: ['10.0.0.0/8', '192.168.1.5/24'] }))
      .toThrow(/^IpAllowlist test\/Office: cidrs\[1\]: invalid cidr "192.168.1.5\/24": must not have bits set beyond the prefix length \(did you mean the network "192.168.1.0\/24"/);
    expect(() => new IpAllowlist(Testing.chart(), 'Office', { podSelector: admin, cidrs: ['10.0.0.0/8'], exceptCidrs: ['10.1.0.0'] }))
      .toThrow(/^IpAllowlist test\/Office: exceptCidrs\[0\]: invalid except "10.1.0.0": .*did you mean "10.1.0.0\/32"/);
  });

  test('fails if an exception covers a whole allowed range, which an except list cannot take back', () => {
    expect(() => new IpAllowlist(Testing.chart(), 'Office', { podSelector: admin, cidrs: ['10.0.0.0/8', '10.1.0.0/17'], exceptCidrs: ['10.1.0.0/16'] }))
      .toThrow(/exceptCidrs\[0\] "10.1.0.0\/16" covers the whole allowed range 10.1.0.0\/17.*remove 10.1.0.0\/17 from cidrs/);
    expect(() => new IpAllowlist(Testing.chart(), 'Office', { podSelector: admin, cidrs: ['10.0.0.0/8', '10.1.0.0/16'], exceptCidrs: ['10.1.0.0/16'] }))
      .toThrow(/covers the whole allowed range 10.1.0.0\/16/);
  });

  test('fails if a range is listed twice, even spelled differently', () => {
    expect(() => new IpAllowlist(Testing.chart(), 'Office', { podSelector: admin, cidrs: ['2001:db8::/32', '2001:DB8:0::/32'] }))
      .toThrow(/cidrs lists 2001:db8::\/32 twice/);
  });

  test('fails if an exception lies in none of the ranges', () => {
    expect(() => new IpAllowlist(Testing.chart(), 'Office', { podSelector: admin, cidrs: ['10.0.0.0/16'], exceptCidrs: ['10.0.0.0/16'] }))
      .toThrow(/exceptCidrs\[0\] "10.0.0.0\/16" covers the whole allowed range 10.0.0.0\/16/);
    expect(() => new IpAllowlist(Testing.chart(), 'Office', { podSelector: admin, cidrs: ['10.0.0.0/16'], exceptCidrs: ['fd00::/8'] }))
      .toThrow(/exceptCidrs\[0\] "fd00::\/8" lies inside none of the allowed ranges \(10.0.0.0\/16\)/);
  });
});
