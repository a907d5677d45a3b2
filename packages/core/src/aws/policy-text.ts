import { WizardError, isWizardError } from '../errors/wizard-error';
import { POLICY_JSON_LIMITS } from '../json/json-limits';
import { parsePolicy } from '../policy/parse-policy';
import type { DocumentKind, PolicyDocument } from '../policy/policy-types';
import { formatCount } from '../text/locale-free';

/**
 * A policy document as an AWS API returned it. IAM returns documents URL-encoded (RFC 3986);
 * Secrets Manager and KMS return plain JSON. A document AWS holds but we cannot parse is an 'aws'
 * error (nothing the user typed is wrong). Anyone who can write the document can make it hostile:
 * it goes through the same bounded parser as a file (size for `kind` with a margin, depth,
 * reserved keys); URL-encoded text is at most 3 characters per character of the document.
 */
export function parseAwsPolicyText(text: string, what: string, kind: DocumentKind): PolicyDocument {
  const limit = POLICY_JSON_LIMITS[kind].maxChars;
  if (text.length > 3 * limit) return tooLarge(text, what, kind);
  const json = text.trimStart().startsWith('{') ? text : safeDecode(text);
  try {
    return parsePolicy(json, what, kind);
  } catch (error) {
    if (!isWizardError(error)) throw error;
    const fix = `Inspect the document in the AWS console; the wizard only edits policies it can parse`;
    throw new WizardError('AWS_POLICY_UNPARSEABLE', `The ${what} as stored in AWS could not be read: ${error.message}`, { fix, cause: error });
  }
}

function tooLarge(text: string, what: string, kind: DocumentKind): never {
  const limits = POLICY_JSON_LIMITS[kind];
  const message = `The ${what} as stored in AWS could not be read: it is ${formatCount(text.length)} characters, more than even URL-encoded ${limits.what} can be (3 × ${formatCount(limits.maxChars)}; ${limits.why})`;
  throw new WizardError('AWS_POLICY_UNPARSEABLE', message, { fix: 'Inspect the document in the AWS console; the wizard only edits policies it can parse' });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
