/**
 * Name, label and port validation with apimachinery's exact messages.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/validation/validation.go
 */
import type { FieldError } from "../errors.js";

const DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";
const QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;

const whole = (re: string) => new RegExp(`^${re}$`);
const dns1123LabelRe = whole(DNS1123_LABEL);
const dns1123SubdomainRe = whole(DNS1123_SUBDOMAIN);
const dns1035LabelRe = whole(DNS1035_LABEL);
const qualifiedNameRe = whole(QUALIFIED_NAME);
const labelValueRe = whole(LABEL_VALUE);

/** Messages as `RegexError` builds them (note apimachinery's double space before "or"). */
export const messages = {
  dns1123Label: `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${DNS1123_LABEL}')`,
  dns1123Subdomain: `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN}')`,
  dns1035Label: `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${DNS1035_LABEL}')`,
  qualifiedName: `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}')`,
  labelValue: `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${LABEL_VALUE}')`,
  portRange: "must be between 1 and 65535, inclusive",
} as const;

const maxLen = (n: number) => `must be no more than ${n} characters`;

/** Problems with `value` as a DNS-1123 label (Namespace names, container names). */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLen(63));
  if (!dns1123LabelRe.test(value)) errs.push(messages.dns1123Label);
  return errs;
}

/** Problems with `value` as a DNS-1123 subdomain (Pod, Deployment, ReplicaSet names). */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLen(253));
  if (!dns1123SubdomainRe.test(value)) errs.push(messages.dns1123Subdomain);
  return errs;
}

/** Problems with `value` as a DNS-1035 label (Service names). */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLen(63));
  if (!dns1035LabelRe.test(value)) errs.push(messages.dns1035Label);
  return errs;
}

/** Problems with a label key: an optional DNS-1123 subdomain prefix, `/`, a qualified name. */
export function isLabelKey(key: string): string[] {
  const slash = key.split("/");
  let name = key;
  const errs: string[] = [];
  if (slash.length === 2) {
    const [prefix, rest] = slash as [string, string];
    name = rest;
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else if (slash.length > 2) {
    return [
      `a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (name.length > 63) errs.push("name part must be no more than 63 characters");
  if (name.length > 0 && !qualifiedNameRe.test(name)) errs.push(messages.qualifiedName);
  return errs;
}

/** Problems with a label value (may be empty). */
export function isLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLen(63));
  if (!labelValueRe.test(value)) errs.push(messages.labelValue);
  return errs;
}

/** Problems with a port name (IANA_SVC_NAME): at most 15 characters, at least one letter. */
export function isValidPortName(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push("must be no more than 15 characters");
  if (!/^[-a-z0-9]+$/.test(name)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(name)) errs.push("must contain at least one letter (a-z)");
  if (name.includes("--")) errs.push("must not contain consecutive hyphens");
  if (/^-|-$/.test(name)) errs.push("must not begin or end with a hyphen");
  return errs;
}

/** True when `port` is a valid TCP/UDP port number. */
export function isValidPortNum(port: unknown): boolean {
  return typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** Collects field errors for a label map at `path` (e.g. `metadata.labels`). */
export function validateLabels(labels: unknown, path: string, out: FieldError[]): void {
  if (labels === undefined || labels === null) return;
  if (typeof labels !== "object" || Array.isArray(labels)) {
    out.push({ field: path, type: "Invalid value", value: labels, detail: "must be a map of string keys to string values" });
    return;
  }
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    for (const m of isLabelKey(k)) out.push({ field: path, type: "Invalid value", value: k, detail: m });
    if (typeof v !== "string") {
      out.push({ field: `${path}[${k}]`, type: "Invalid value", value: v, detail: "label values must be strings (quote numbers and booleans in YAML)" });
      continue;
    }
    for (const m of isLabelValue(v)) out.push({ field: `${path}`, type: "Invalid value", value: v, detail: m });
  }
}
