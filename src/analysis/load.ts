// The analyzer on a snapshot that a caller (the CLI) already decoded, so nothing is decoded or validated twice.
import { modelFromSnapshot } from './engine/model';
import { ReachabilityOptions } from './options';
import { Reachability } from './reachability';
import { Snapshot } from '../kube/snapshot';

/** A Reachability of `snapshot`; throws, listing every problem, if it holds broken objects or invalid policies. */
export function reachabilityOf(snapshot: Snapshot, options: ReachabilityOptions = {}): Reachability {
  return Reachability._fromModel(modelFromSnapshot(snapshot, options));
}
