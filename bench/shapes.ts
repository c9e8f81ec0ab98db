// The five policy shapes of the synth workload, in the order policy i takes them (i % 5). Kept apart from
// synth.ts so that the report (run by the parent under ts-node) does not load the library.
export const SHAPES = ['pod-label ingress', 'namespace-label ingress', 'ipBlock with except', 'egress to pods', 'DNS egress'] as const;
