import { isWizardError, parsePrincipal } from '@secret-share-wizard/core';
import { errorText } from './vscode-wording';

const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

export type RoleAnswer = { arn: string; error?: undefined } | { arn?: undefined; error: string };

/**
 * The consumer role as typed in the role prompt: a role ARN, a user ARN, `user/NAME`, `role/NAME`
 * or a plain role name (in the consumer `account`). Returns the ARN, or a message for the prompt.
 */
export function roleFromInput(typed: string, account: string, partition = 'aws'): RoleAnswer {
  const text = typed.trim();
  if (text === '') return { error: 'Type a role name (e.g. APP_ROLE) or a role ARN.' };
  if (text.startsWith('arn:')) {
    try {
      const principal = parsePrincipal(text, 'the consumer role', partition);
      if (principal.kind === 'account') return { error: `${text} names an account, not a role or user: give a role name or ARN.` };
      if (principal.account !== account) return { error: `${principal.arn} is in account ${principal.account}, but the consumer is account ${account}: give a role of ${account}.` };
      return { arn: principal.arn };
    } catch (error) {
      if (isWizardError(error)) return { error: errorText(error) };
      throw error;
    }
  }
  const [kind, name] = text.startsWith('user/') ? ['user', text.slice(5)] : ['role', text.replace(/^role\//, '')];
  if (!IAM_NAME.test(name)) return { error: `"${text}" is not a role name: 1 to 64 letters, digits and +=,.@_- (or a role ARN).` };
  return { arn: `arn:${partition}:iam::${account}:${kind}/${name}` };
}
