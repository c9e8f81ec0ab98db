// What the layers above may know of a cdk8s-plus workload or pod selector, read by the one adapter
// (_kplus.ts). Not part of the public API (src/index.ts does not export it).
import { IConstruct } from 'constructs';
import { KplusPodSelection, KplusWorkload, podSelectionOf, workloadOf } from './_kplus';

export type { KplusContainerPort, KplusLabelSelector, KplusPodSelection, KplusWorkload } from './_kplus';

/** What a cdk8s-plus pod selector (a workload, a Pod, `Pods.select(...)`) selects; `caller` names the API in messages. */
export function readPodSelection(selector: IConstruct, caller: string): KplusPodSelection {
  return podSelectionOf(selector, caller);
}

/** A cdk8s-plus workload or Pod: its selection, namespace, pod template labels and container ports. */
export function readWorkload(construct: IConstruct, caller: string): KplusWorkload {
  return workloadOf(construct, caller);
}
