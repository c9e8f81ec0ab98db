import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { NetworkPolicy, NetworkPolicyProps } from './network-policy';
import { LabelSelector } from '../values/selector';

/** What every one-policy construct takes: the pods (every pod of the namespace by default) and metadata. */
interface OnePolicyProps {
  readonly podSelector?: LabelSelector;
  readonly metadata?: ApiObjectMetadata;
}

/** The one policy a high-level construct writes, as its `Resource` child. */
export function onePolicy(scope: Construct, props: OnePolicyProps, rules: Omit<NetworkPolicyProps, 'podSelector' | 'metadata'>): NetworkPolicy {
  return new NetworkPolicy(scope, 'Resource', { ...rules, metadata: props.metadata, podSelector: props.podSelector ?? LabelSelector.all() });
}
