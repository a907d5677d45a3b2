import { userError } from '../errors/wizard-error';

/** The parts of an ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'] as const;

/** Characters pasted from web pages that look like ASCII but are not (the blog's `–secret-id`). */
const TYPOGRAPHIC = /[\u2010-\u2015\u2212\u2018\u2019\u201C\u201D\u00A0\u2007\u202F\uFEFF]/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/**
 * What is wrong with a pasted string before it is even parsed, or undefined.
 * Catches the blog's leading space and typographic dashes/quotes.
 */
export function pastedTextProblem(value: string): string | undefined {
  if (value.length === 0) return 'is empty';
  if (/\s/.test(value)) {
    return value.trim() !== value ? 'has leading or trailing whitespace' : 'contains whitespace';
  }
  const typographic = TYPOGRAPHIC.exec(value);
  if (typographic) {
    const code = typographic[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `contains the typographic character U+${code} (pasted from a web page?) where ASCII is needed`;
  }
  return undefined;
}

/** Same cleanup a human would do: trim, and turn typographic dashes and quotes into ASCII. */
export function cleanPastedText(value: string): string {
  return value
    .trim()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u00A0\u2007\u202F\uFEFF]/g, '');
}

export function tryParseArn(value: string): Arn | undefined {
  if (pastedTextProblem(value)) return undefined;
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  if (!(PARTITIONS as readonly string[]).includes(partition) || !service) return undefined;
  const resource = parts.slice(5).join(':');
  if (!resource) return undefined;
  return { partition, service, region, account, resource };
}

/** Parse an ARN typed by the user; the error names `field` and says what the ARN should look like. */
export function parseArn(value: string, field: string, example: string): Arn {
  const problem = pastedTextProblem(value);
  if (problem) throw userError('INPUT_PASTED_TEXT', field, `"${value}" ${problem}`, `Retype it as plain ASCII, e.g. ${example}`);
  const arn = tryParseArn(value);
  if (!arn) throw userError('INPUT_ARN_MALFORMED', field, `"${value}" is not an ARN`, `Expected something like ${example}`);
  return arn;
}

/** One field of an ARN-like string (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`), '' when absent. */
function arnField(value: string | undefined, index: number): string {
  if (!value?.startsWith('arn:')) return '';
  return value.split(':')[index] ?? '';
}

/** The partition of an ARN (`aws`, `aws-cn`, ...), or `fallback` for anything else (a name, an account id). */
export function partitionOf(arn: string | undefined, fallback = 'aws'): string {
  return arnField(arn, 1) || fallback;
}

/** The region of an ARN, or undefined (IAM ARNs, names). */
export function regionOf(arn: string | undefined): string | undefined {
  return arnField(arn, 3) || undefined;
}

/** The account of an ARN, or undefined. */
export function accountOf(arn: string | undefined): string | undefined {
  return arnField(arn, 4) || undefined;
}

/** Everything after the account (`secret:NAME-AbCdEf`, `key/ID`, `policy/PATH/NAME`), or ''. */
export function resourceOf(arn: string | undefined): string {
  if (!arn?.startsWith('arn:')) return '';
  return arn.split(':').slice(5).join(':');
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

export function isRegion(value: string): boolean {
  return REGION.test(value);
}

export function checkAccountId(value: string, field: string): string {
  const problem = pastedTextProblem(value);
  if (problem) throw userError('INPUT_PASTED_TEXT', field, `"${value}" ${problem}`, 'Retype the 12-digit account id');
  if (!ACCOUNT_ID.test(value)) {
    const digits = value.replace(/\D/g, '').length;
    const detail = /^\d+$/.test(value) ? `has ${digits} digits` : 'is not a 12-digit number';
    throw userError('INPUT_ACCOUNT_ID', field, `account id "${value}" ${detail}`, 'An AWS account id is exactly 12 digits, e.g. 222222222222 (keep leading zeros)');
  }
  return value;
}
