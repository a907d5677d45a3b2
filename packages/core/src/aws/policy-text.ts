import { WizardError, isWizardError } from '../errors/wizard-error';
import { parsePolicy } from '../policy/parse-policy';
import type { PolicyDocument } from '../policy/policy-types';

/**
 * A policy document as an AWS API returned it. IAM returns documents URL-encoded (RFC 3986);
 * Secrets Manager and KMS return plain JSON. A document AWS holds but we cannot parse is an 'aws'
 * error (nothing the user typed is wrong).
 */
export function parseAwsPolicyText(text: string, what: string): PolicyDocument {
  const json = text.trimStart().startsWith('{') ? text : safeDecode(text);
  try {
    return parsePolicy(json, what);
  } catch (error) {
    if (!isWizardError(error)) throw error;
    const fix = `Inspect the document in the AWS console; the wizard only edits policies it can parse`;
    throw new WizardError('AWS_POLICY_UNPARSEABLE', `The ${what} as stored in AWS could not be read: ${error.message}`, { fix, cause: error });
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
