// The shape of validation results, known below the validation layer so the decoder can take a validator.

/** A problem of one field, as validation reports it. */
export interface FieldProblem {
  /** Field path such as `spec.ingress[0].from[1].ipBlock.except[0]`. */
  readonly path: string;
  /** What is wrong, quoting the value, and the fix. */
  readonly message: string;
}

/** Problems by severity: errors make the API server reject the object, warnings it only reports. */
export interface ValidationResult {
  readonly errors: readonly FieldProblem[];
  readonly warnings: readonly FieldProblem[];
}

/** The API server's rules for one policy. */
export type PolicyValidator = (manifest: unknown) => ValidationResult;
