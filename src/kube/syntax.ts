// Kubernetes name and label syntax, as k8s.io/apimachinery/pkg/util/validation checks it.
// Each function returns the problems with a value (empty when valid); messages say the fix.

/** The label every namespace carries with its own name (GA since Kubernetes 1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** `IsDNS1123Label`: object names such as namespaces. */
export function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(value) && DNS1123_SUBDOMAIN.test(value)) {
    // A valid subdomain within the length limit: only the dots are wrong (upstream says the same).
    errors.push("must not contain dots: a lowercase RFC 1123 label is one DNS label, such as 'my-name'");
  } else if (!DNS1123_LABEL.test(value)) {
    errors.push("must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. 'my-name')");
  }
  return errors;
}

/** `IsDNS1123Subdomain`: object names such as NetworkPolicy names. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errors.push("must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (e.g. 'example.com')");
  }
  return errors;
}

/** `IsQualifiedName`: label and annotation keys, `[prefix/]name`. */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  let name: string;
  const errors: string[] = [];
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const [prefix, rest] = parts;
    name = rest;
    if (prefix.length === 0) {
      errors.push('prefix part must be non-empty');
    } else {
      errors.push(...dns1123SubdomainErrors(prefix).map((m) => `prefix part ${m}`));
    }
  } else {
    return ["must be a name with at most one '/', as in 'example.com/my-name' or 'my-name'"];
  }
  if (name.length === 0) {
    errors.push('name part must be non-empty');
  } else {
    if (name.length > 63) errors.push('name part must be no more than 63 characters');
    if (!QUALIFIED_NAME.test(name)) {
      errors.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'my.name' or 'example.com/MyName')");
    }
  }
  return errors;
}

/** `IsValidLabelValue`: may be empty. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(value)) {
    errors.push("must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue' or 'my_value')");
  }
  return errors;
}

/** `IsValidPortNum`. */
export function portNumberErrors(value: number): string[] {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    return ['must be a whole number between 1 and 65535, inclusive'];
  }
  return [];
}

/** `IsValidPortName` (IANA_SVC_NAME, RFC 6335 section 5.1). */
export function portNameErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length < 1 || value.length > 15) errors.push('must be 1 to 15 characters (IANA_SVC_NAME)');
  if (!/^[-a-z0-9]+$/.test(value)) errors.push("must contain only lowercase letters, digits and '-'");
  if (!/[a-z]/.test(value)) errors.push('must contain at least one letter');
  if (value.includes('--')) errors.push("must not contain consecutive '-'");
  if (value.startsWith('-') || value.endsWith('-')) errors.push("must not begin or end with '-'");
  return errors;
}

/** Turns a construct id into a DNS-1123 subdomain: `AllowApi` -> `allow-api`. */
export function toDnsName(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}
