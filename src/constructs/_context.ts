import { IConstruct } from 'constructs';

/**
 * Runs `build` and prefixes any error with the construct path and the property it came from, so that
 * an eager check deep in a value factory still says where the bad input was written.
 */
export function withContext<T>(scope: IConstruct, property: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    throw new Error(`${scope.constructor.name} ${scope.node.path}: ${property}: ${(e as Error).message}`);
  }
}
