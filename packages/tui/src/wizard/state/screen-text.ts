import { accountOf, regionOf } from '@secret-share-wizard/core';
import type { WizardState } from './wizard-state';
import { STEPS, stepOf } from './wizard-state';

/** The answers so far, one line per finished step (the header of every screen). */
export function answerLines(s: WizardState): Array<{ step: string; text: string }> {
  const lines: Array<{ step: string; text: string }> = [];
  if (s.identity) {
    const who = [s.profile ?? 'default credentials', s.region, s.identity.account, s.identity.arn].filter(Boolean).join(' · ');
    lines.push({ step: 'Owner', text: who });
  }
  if (s.secret) lines.push({ step: 'Secret', text: `${s.secret.name} · key ${s.secret.usesAwsManagedKey ? 'aws/secretsmanager' : s.secret.kmsKeyId}` });
  if (s.consumerAccount && s.principalKind && s.consumerIdentity !== undefined && s.consumerProfile !== undefined) {
    const principal = s.principalKind === 'account' ? 'account root' : `${s.principalKind} ${s.consumerPrincipalArn ?? s.consumerIdentity}`;
    const identity = s.principalKind === 'account' ? (s.consumerIdentity ? ` · identity policy on ${s.consumerIdentity}` : ' · no role named') : '';
    const profile = s.consumerProfile ? ` · profile ${s.consumerProfile}` : ' · no consumer profile';
    lines.push({ step: 'Consumer', text: `${s.consumerAccount} · ${principal}${identity}${profile}` });
  }
  return lines;
}

export function stepTitle(s: WizardState): string {
  const step = stepOf(s.screen, s);
  return `Step ${step} of ${STEPS.length}: ${STEPS[step - 1]}`;
}

/** The question each screen asks (its title). */
export function screenQuestion(s: WizardState): string | undefined {
  switch (s.screen) {
    case 'profile':
      return 'Which AWS profile signs in to the account that owns the secret?';
    case 'region':
      return 'Which region is the secret in?';
    case 'secret':
      return 'Which secret do you want to share?';
    case 'consumer-account':
      return 'Which AWS account should be able to read it?';
    case 'principal':
      return `Who in ${s.consumerAccount} gets access?`;
    case 'consumer-profile':
      return `Do you have a profile for ${s.consumerAccount}? With it the wizard lists its roles, writes the identity policy there and verifies access.`;
    case 'consumer-role':
      return s.principalKind === 'account'
        ? `Which role in ${s.consumerAccount} will read the secret? It gets the identity policy.`
        : `Which ${s.principalKind} in ${s.consumerAccount} gets access?`;
    case 'confirm':
      return 'Apply these changes?';
    default:
      return undefined;
  }
}

/** Why a secret on aws/secretsmanager cannot be shared, and the way out. */
export function awsManagedKeyText(s: WizardState): string[] {
  const arn = s.secret?.arn ?? 'SECRET_ARN';
  const region = regionOf(arn) ?? 'REGION';
  const account = accountOf(arn) ?? 'ACCOUNT';
  return [
    `${s.secret?.name ?? 'This secret'} is encrypted with the AWS managed key aws/secretsmanager.`,
    "That key's policy is fixed by AWS and only lets its own account use it: no other account can decrypt",
    'this secret, whatever the secret policy says. Nothing was changed.',
    '',
    'Way out: re-encrypt it with a customer managed KMS key (whose policy you control), then run the wizard again:',
    `  aws secretsmanager update-secret --secret-id ${arn} --kms-key-id arn:aws:kms:${region}:${account}:key/KEY_ID`,
    'Secrets Manager re-encrypts the AWSCURRENT, AWSPENDING and AWSPREVIOUS versions; older versions stay on the old key.',
    '',
    'Or let secret-share-wizard move it to a new customer managed key as part of the share (planned first, nothing written until you apply):',
    `  secret-share-wizard plan --secret ${arn} --consumer <ACCOUNT_ID> --move-to-key new${s.profile ? ` --profile ${s.profile}` : ''}`,
  ];
}
