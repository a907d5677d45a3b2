import { awsErrorName } from '../aws/aws-errors';

/** Helpers to read SDK v3 errors (beyond aws/aws-errors) without importing the SDK's exception classes. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The SDK error behind a WizardError made by `awsCall`, or the error itself. */
export function rootCause(error: unknown): unknown {
  const cause = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  return cause ?? error;
}

export function httpStatus(error: unknown): number | undefined {
  const root = rootCause(error);
  return typeof root === 'object' && root !== null ? (root as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode : undefined;
}

/**
 * The IAM eventual-consistency trap: a principal created seconds ago is refused in a resource or key
 * policy ("Invalid principal", MalformedPolicyDocument) until IAM has propagated it.
 */
export function isInvalidPrincipal(error: unknown): boolean {
  const root = rootCause(error);
  const name = awsErrorName(root);
  const message = errorMessage(root);
  if (/^MalformedPolicyDocument(Exception)?$/.test(name)) return /principal/i.test(message);
  return /invalid principal/i.test(message);
}
