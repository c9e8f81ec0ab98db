// The decoded model with the API server's rules applied: what every tool that reads policies calls.
import { checkNetworkPolicy } from './network-policy';
import { DecodeInput, decodeSnapshot, Snapshot } from '../kube/snapshot';

/** Decodes manifests once, validating each core NetworkPolicy once. */
export function decodeManifests(inputs: readonly DecodeInput[]): Snapshot {
  return decodeSnapshot(inputs, checkNetworkPolicy);
}
