export * from './options';
export * from './verdict';
export * from './matrix';
export * from './reachability';
export * from './service';
export * from './workload-view';
