import * as vscode from 'vscode';
import { isWizardError, parseKeyArn, parsePrincipal, parseSecretArn } from '@secret-share-wizard/core';
import { answered } from './errors';
import { errorText } from './vscode-wording';

/** The validation message of a core parser, or undefined when the value is fine. */
export function validationMessage(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (isWizardError(error)) return errorText(error);
    throw error;
  }
}

export const ACCOUNT_ROOT_ADVICE =
  'Recommended: the account id (the grant names the account root, and the consumer account decides with its own IAM which roles may read; re-creating a role cannot break it). A role ARN pins the grant to that one role.';

export async function askConsumer(titlePrefix: string, value: string | undefined, principalKind: 'account' | 'role'): Promise<string> {
  return answered(
    await vscode.window.showInputBox({
      title: `${titlePrefix}: consumer`,
      prompt: `Consumer account id or role ARN. ${ACCOUNT_ROOT_ADVICE}`,
      placeHolder: principalKind === 'role' ? 'arn:aws:iam::222222222222:role/APP_ROLE' : '222222222222',
      ...(value ? { value } : {}),
      ignoreFocusOut: true,
      validateInput: (text) => validationMessage(() => parsePrincipal(text.trim(), 'the consumer')),
    }),
  );
}

export async function askSecretArn(titlePrefix: string, value: string | undefined): Promise<string> {
  return answered(
    await vscode.window.showInputBox({
      title: `${titlePrefix}: secret ARN`,
      prompt: 'The full ARN of the secret (with its six-character suffix), from the owner account',
      placeHolder: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_SECRET-a1b2c3',
      ...(value ? { value } : {}),
      ignoreFocusOut: true,
      validateInput: (text) => validationMessage(() => parseSecretArn(text.trim(), 'the secret ARN')),
    }),
  );
}

export async function askKeyArn(titlePrefix: string, value: string | undefined): Promise<string> {
  return answered(
    await vscode.window.showInputBox({
      title: `${titlePrefix}: KMS key ARN`,
      prompt: "The ARN of the customer managed KMS key that encrypts the secret (the AWS managed key aws/secretsmanager cannot be shared)",
      placeHolder: 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      ...(value ? { value } : {}),
      ignoreFocusOut: true,
      validateInput: (text) => validationMessage(() => parseKeyArn(text.trim(), 'the KMS key ARN')),
    }),
  );
}
