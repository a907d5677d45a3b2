import { regionOf } from '@secret-share-wizard/core';
import { ROLE_BINDING_TEXT } from './choices';
import type { WizardState } from './wizard-state';
import { FLOW_STEPS, FLOW_TITLES, stepOf } from './wizard-state';

/** The answers so far, one line per finished step (the header of every screen). */
export function answerLines(s: WizardState): Array<{ step: string; text: string }> {
  const lines: Array<{ step: string; text: string }> = [];
  if (s.identity) {
    const who = [s.profile ?? 'default credentials', s.region, s.identity.account, s.identity.arn].filter(Boolean).join(' · ');
    lines.push({ step: 'Owner', text: who });
  }
  if (s.flow === 'revoke' || s.flow === 'restore') {
    const plan = s.session?.plan;
    if (plan) lines.push({ step: 'Share', text: `${plan.secret.name} → ${plan.consumer.arn}${plan.identity ? ` via ${plan.identity.arn}` : ''}` });
    const folder = s.session?.effect.kind === 'restore' ? s.session.effect.folder : undefined;
    if (folder) lines.push({ step: 'Backup', text: folder });
  }
  if (s.flow !== 'share' && s.flow !== 'doctor') return lines;
  if (s.secret) {
    const key = s.secret.usesAwsManagedKey ? 'aws/secretsmanager' : s.secret.kmsKeyId;
    const move = s.moveToKey ? ` → moves to ${s.moveToKey === 'new' ? 'a new customer managed key' : (s.keys?.find((k) => k.arn === (s.moveToKey as { keyArn: string }).keyArn)?.aliases[0] ?? s.moveToKey.keyArn)}` : '';
    lines.push({ step: 'Secret', text: `${s.secret.name} · key ${key}${move}` });
  }
  if (s.consumerAccount && s.principalKind && s.consumerIdentity !== undefined && s.consumerProfile !== undefined) {
    const principal =
      s.principalKind === 'organization'
        ? `${s.consumerAccount!.includes('/') ? 'every account under the OU' : 'every account of the organization'} (aws:PrincipalOrg${s.consumerAccount!.includes('/') ? 'Paths' : 'ID'})`
        : s.principalKind === 'account'
        ? 'account root'
        : s.principalKind === 'role' && s.flow === 'share'
          ? `role ${s.consumerPrincipalArn ?? s.consumerIdentity}${s.roleBinding === 'condition' ? ' (bound by aws:PrincipalArn)' : ''}`
          : `${s.principalKind} ${s.consumerPrincipalArn ?? s.consumerIdentity}`;
    const identity = s.principalKind === 'account' ? (s.consumerIdentity ? ` · identity policy on ${s.consumerIdentity}` : ' · no role named') : '';
    const profile = s.principalKind === 'organization' ? " · each member's administrator attaches the identity policy" : s.consumerProfile ? ` · profile ${s.consumerProfile}` : ' · no consumer profile';
    lines.push({ step: 'Consumer', text: `${s.consumerAccount} · ${principal}${identity}${profile}` });
  }
  return lines;
}

/** Report screens (their lines say what was done) keep the rows for the report: no answers above them. */
const REPORT_ONLY = new Set(['summary', 'snippets', 'shares', 'doctor', 'backups']);

/** The answers the header shows on this screen. */
export function headerAnswers(s: WizardState): Array<{ step: string; text: string }> {
  return REPORT_ONLY.has(s.screen) ? [] : answerLines(s);
}

/** "Share a secret · Step 2 of 6: Secret" (the first screen has no step). */
export function stepTitle(s: WizardState): string {
  if (!s.flow) return '';
  const steps = FLOW_STEPS[s.flow];
  const step = Math.min(stepOf(s), steps.length);
  return `${FLOW_TITLES[s.flow]} · Step ${step} of ${steps.length}: ${steps[step - 1]}`;
}

/** The question each screen asks (its title). */
export function screenQuestion(s: WizardState): string | undefined {
  switch (s.screen) {
    case 'home':
      return 'What do you want to do?';
    case 'profile':
      return 'Which AWS profile signs in to the account that owns the secret?';
    case 'region':
      return s.flow === 'restore' ? 'Which region?' : s.flow === 'list' || s.flow === 'revoke' ? 'Which region are the secrets in?' : 'Which region is the secret in?';
    case 'secret':
      return s.flow === 'doctor' ? 'Which secret does the consumer fail to read?' : 'Which secret do you want to share?';
    case 'aws-managed':
      return 'How do you want to go on?';
    case 'move-key':
      return `Which customer managed key should ${s.secret?.name ?? 'the secret'} move to?`;
    case 'consumer-account':
      return s.flow === 'doctor' ? 'Which AWS account is the consumer in?' : 'Which AWS account should be able to read it?';
    case 'principal':
      return `Who in ${s.consumerAccount} gets access?`;
    case 'consumer-profile':
      return s.flow === 'doctor'
        ? `Do you have a profile for ${s.consumerAccount}? With it the doctor reads the role's own policies (else they are "unknown").`
        : `Do you have a profile for ${s.consumerAccount}? With it the wizard lists its roles, writes the identity policy there and verifies access.`;
    case 'consumer-role':
      if (s.flow === 'doctor') return `Which role in ${s.consumerAccount} gets AccessDenied?`;
      if (s.principalKind === 'account') return `Which role in ${s.consumerAccount} will read the secret? It gets the identity policy.`;
      if (s.principalKind === 'role' && s.roleBinding) return `Which role in ${s.consumerAccount} gets access? ${ROLE_BINDING_TEXT[s.roleBinding].label}.`;
      return `Which ${s.principalKind} in ${s.consumerAccount} gets access?`;
    case 'credentials':
      return s.session?.asked?.code === 'credentials' ? s.session.asked.message : undefined;
    case 'question':
      return s.session?.asked?.message;
    case 'shares':
      return s.flow === 'revoke' ? (s.shares?.items.length ? 'Which share do you want to revoke?' : 'There is no share to revoke.') : 'What next?';
    case 'backups':
      return s.backups?.length ? 'Which backup do you want to restore?' : 'There is no backup to restore.';
    case 'summary':
    case 'doctor':
      return 'What next?';
    case 'error':
      return 'What now?';
    default:
      return undefined;
  }
}

/** Why a secret on aws/secretsmanager cannot be shared as it is, and the ways out (offered below it). */
export function awsManagedKeyText(s: WizardState): string[] {
  const arn = s.secret?.arn ?? 'SECRET_ARN';
  const region = regionOf(arn) ?? 'REGION';
  return [
    `${s.secret?.name ?? 'This secret'} is encrypted with the AWS managed key aws/secretsmanager.`,
    "That key's policy is fixed by AWS and only lets its own account use it: no other account can decrypt",
    'this secret, whatever the secret policy says. Nothing was changed.',
    '',
    `The way out: move it to a customer managed KMS key (whose policy you control) in ${region}, as part of this share.`,
    'Planned first, nothing is written until you approve: Secrets Manager re-encrypts the AWSCURRENT, AWSPENDING and',
    'AWSPREVIOUS versions; older versions stay on the old key.',
  ];
}
