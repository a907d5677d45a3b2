import { PRINCIPAL_FORMS, type PrincipalForm } from '@secret-share-wizard/core';
import type { BackTarget, Flow, RoleBinding, WizardAction, WizardState } from './wizard-state';
import { EXIT, FLOW_TITLES } from './wizard-state';

/** One entry of a select screen: what it says and the action Enter dispatches. */
export interface Choice {
  label: string;
  /** Shown after the label, dimmed (a key, a region). */
  hint?: string;
  /** One more line under the label, dimmed (a trade-off). */
  detail?: string;
  action: WizardAction;
}

export const AWS_MANAGED_KEY_LABEL = 'aws/secretsmanager (AWS managed: cannot be shared)';

const FLOW_HINTS: Record<Flow, string> = {
  share: 'preview the three policy changes, approve once, apply, verify',
  revoke: 'pick one of the recorded shares and remove exactly what it granted',
  list: 'the shares of every secret in a region, and the state of each side',
  restore: 'put back the policies a backup folder saved',
  doctor: 'why does (or would) a consumer role get AccessDenied?',
};

/** The forms of a consumer as core lists them (PRINCIPAL_FORMS), by id. */
function principalForm(id: PrincipalForm['id']): PrincipalForm {
  return PRINCIPAL_FORMS.find((form) => form.id === id)!;
}

/** How a single consumer role can be named (the core's `RoleBinding`), one line each on the trade-off. */
export const ROLE_BINDING_TEXT: Record<RoleBinding, { label: string; detail: string }> = {
  principal: { label: principalForm('role').label, detail: principalForm('role').tradeOff },
  condition: { label: principalForm('role-condition').label, detail: principalForm('role-condition').tradeOff },
};

const BACK_LABELS: Record<BackTarget, string> = {
  home: 'Back to the start',
  profile: 'Go back: choose another profile',
  secret: 'Go back: choose another secret',
  'aws-managed': 'Go back: how to move the secret off aws/secretsmanager',
  'consumer-account': 'Go back: change the consumer account',
  'consumer-profile': 'Go back: choose another consumer profile',
  'consumer-role': 'Go back: change the answers (the role)',
  shares: 'Go back: the list of shares',
  backups: 'Go back: the list of backups',
  summary: 'Go back to the summary',
};

function profileHint(p: { kind?: string; region?: string }): string | undefined {
  return [p.kind, p.region].filter(Boolean).join(' · ') || undefined;
}

/** The entries of the current select screen (empty on text and info screens). */
export function choicesFor(state: WizardState): Choice[] {
  switch (state.screen) {
    case 'home':
      return (Object.keys(FLOW_TITLES) as Flow[]).map((flow) => ({ label: FLOW_TITLES[flow], hint: FLOW_HINTS[flow], action: { type: 'choose-flow', flow } }));
    case 'profile':
      return (state.profiles ?? []).map((p) => ({ label: p.name, hint: profileHint(p), action: { type: 'choose-profile', profile: p.name } }));
    case 'secret': {
      const list = state.secretList;
      // Until the search answers, narrow what is already listed (instant feedback while typing).
      const needle = state.input.trim().toLowerCase();
      const items = list.loadedFor === state.input ? list.items : list.items.filter((s) => s.name.toLowerCase().includes(needle));
      const choices: Choice[] = items.map((s) => ({
        label: s.name,
        hint: `key: ${s.usesAwsManagedKey ? AWS_MANAGED_KEY_LABEL : s.kmsKeyId}`,
        action: { type: 'choose-secret', secret: s.arn },
      }));
      if (list.nextToken) choices.push({ label: 'Load more…', action: { type: 'load-more-secrets' } });
      const typed = state.input.trim();
      if (typed && !list.items.some((s) => s.name === typed || s.arn === typed)) {
        choices.push({ label: `Use "${typed}" as the secret ARN or name`, action: { type: 'choose-secret', secret: typed } });
      }
      return choices;
    }
    case 'aws-managed':
      return [
        { label: 'Move it to a customer managed key you have', detail: 'Pick the key from a list; the share adds the consumer to its key policy.', action: { type: 'list-keys' } },
        { label: 'Move it to a new customer managed key', detail: 'The share creates the key (its policy: your account administers it, the consumer may decrypt).', action: { type: 'choose-key', key: 'new' } },
        { label: 'Choose another secret', action: { type: 'other-secret' } },
        { label: 'Leave (nothing was changed)', action: { type: 'leave', exitCode: EXIT.invalid } },
      ];
    case 'move-key':
      return [
        ...(state.keys ?? []).map((k): Choice => ({ label: k.aliases[0] ?? k.id, hint: k.arn, action: { type: 'choose-key', key: { keyArn: k.arn } } })),
        { label: 'A new customer managed key (the share creates it)', action: { type: 'choose-key', key: 'new' } },
      ];
    case 'principal':
      return [
        {
          label: `${principalForm('account').label} — recommended`,
          hint: `arn:aws:iam::${state.consumerAccount}:root`,
          detail: principalForm('account').tradeOff,
          action: { type: 'choose-principal', kind: 'account' },
        },
        { label: ROLE_BINDING_TEXT.principal.label, detail: ROLE_BINDING_TEXT.principal.detail, action: { type: 'choose-principal', kind: 'role', roleBinding: 'principal' } },
        { label: ROLE_BINDING_TEXT.condition.label, detail: ROLE_BINDING_TEXT.condition.detail, action: { type: 'choose-principal', kind: 'role', roleBinding: 'condition' } },
        { label: 'One user, by its ARN', detail: 'Only that user (access keys: prefer a role where you can).', action: { type: 'choose-principal', kind: 'user' } },
      ];
    case 'consumer-profile':
      return [
        ...(state.profiles ?? []).map((p): Choice => ({ label: p.name, hint: profileHint(p), action: { type: 'choose-consumer-profile', profile: p.name } })),
        { label: 'None: show the identity policy for the consumer administrator to apply', action: { type: 'choose-consumer-profile', profile: null } },
      ];
    case 'consumer-role': {
      if (!state.roles?.length) return [];
      const roles = state.roles.map((r): Choice => ({ label: r.name, hint: r.arn, action: { type: 'choose-consumer-identity', identity: r.arn } }));
      if (state.principalKind === 'account' && state.flow !== 'doctor') {
        roles.push({ label: 'No role now: the account root is granted, the identity policy is shown only', action: { type: 'choose-consumer-identity', identity: null } });
      }
      return roles;
    }
    case 'confirm': {
      if (state.session?.asked?.code !== 'approve-writes') return [];
      const verb = { share: 'apply', revoke: 'revoke', restore: 'restore' }[state.session.operation];
      const n = state.session.approval?.writes.length ?? 0;
      return [
        { label: `Yes, ${verb}: ${n} write${n === 1 ? '' : 's'}`, action: { type: 'confirm', yes: true } },
        { label: 'No, go back and change the answers (nothing is written)', action: { type: 'confirm', yes: false } },
      ];
    }
    case 'question':
      return [
        { label: 'Yes', action: { type: 'question-answered', answer: true } },
        { label: 'No', action: { type: 'question-answered', answer: false } },
      ];
    case 'credentials':
      return [
        ...(state.profiles ?? []).map((p): Choice => ({ label: p.name, hint: profileHint(p), action: { type: 'credentials-answered', profile: p.name } })),
        { label: 'None (the session stops: nothing is written)', action: { type: 'credentials-answered', profile: null } },
      ];
    case 'summary':
      return summaryChoices(state);
    case 'shares': {
      const shares = state.shares?.items ?? [];
      if (state.flow === 'revoke') {
        return [
          ...shares.map((share, index): Choice => ({
            label: `${share.secret.split(':').pop()} → ${share.consumer}${share.consumerRole && share.consumerRole !== share.consumer ? ` via ${share.consumerRole.split('/').pop()}` : ''}`,
            hint: `${share.state}${share.recorded ? '' : ' · no record (found by its Sids)'}`,
            action: { type: 'choose-share', index },
          })),
          { label: 'Back to the start', action: { type: 'next', step: 'home' } },
        ];
      }
      return [
        ...(shares.length ? [{ label: 'Revoke one of these shares', action: { type: 'choose-flow', flow: 'revoke' } } satisfies Choice] : []),
        { label: 'Back to the start', action: { type: 'next', step: 'home' } },
        { label: 'Exit', action: { type: 'next', step: 'exit' } },
      ];
    }
    case 'backups':
      return [
        ...(state.backups ?? []).map((b): Choice => ({
          label: `${b.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}  ${b.operation}  ${b.secretArn.split(':').pop()} → ${b.consumerArn}`,
          hint: `${b.written} of ${b.entries} writes in place · ${b.folder}`,
          action: { type: 'choose-backup', folder: b.folder },
        })),
        { label: 'Back to the start', action: { type: 'next', step: 'home' } },
      ];
    case 'doctor':
      return [
        { label: 'Diagnose another role', action: { type: 'back' } },
        { label: 'Back to the start', action: { type: 'next', step: 'home' } },
        { label: 'Exit', action: { type: 'next', step: 'exit' } },
      ];
    case 'error': {
      const recovery = state.recovery;
      if (!recovery) return [];
      return [
        ...(recovery.retry ? [{ label: 'Try again', action: { type: 'retry' } } satisfies Choice] : []),
        ...(recovery.back ? [{ label: BACK_LABELS[recovery.back], action: { type: 'go-back' } } satisfies Choice] : []),
        { label: `Exit (exit code ${recovery.exitCode})`, action: { type: 'leave' } },
      ];
    }
    default:
      return [];
  }
}

/** After a share, a revoke or a restore: what can be done next (the demo offers every flow here). */
function summaryChoices(state: WizardState): Choice[] {
  const choices: Choice[] = [];
  const operation = state.session?.operation ?? 'share';
  const share = state.lastShare;
  const backup = state.session?.outcome?.backup ?? (operation === 'share' ? share?.backup : null);
  if (operation === 'share' && share) {
    choices.push({ label: 'Show the snippets for the consumer team (ECS, Lambda, EKS, SDKs, CLI)', action: { type: 'next', step: 'snippets' } });
    if (typeof share.consumerProfile === 'string') choices.push({ label: 'Verify again: read the secret as the consumer', action: { type: 'next', step: 'verify' } });
    choices.push({ label: 'Revoke this share', action: { type: 'next', step: 'revoke' } });
  }
  if (backup) {
    const what = operation === 'share' ? 'undo this share' : operation === 'revoke' ? 'undo this revoke' : 'undo this restore';
    choices.push({ label: `Restore the backup (${what}: put the previous policies back)`, action: { type: 'next', step: 'restore' } });
  }
  choices.push({ label: listedSecret(state) ? 'List the shares of this secret' : 'List the shares in the region', action: { type: 'next', step: 'list' } });
  choices.push({ label: 'Back to the start', action: { type: 'next', step: 'home' } });
  choices.push({ label: 'Exit', action: { type: 'next', step: 'exit' } });
  return choices;
}

/** The secret the last share or revoke was about (what "list" after it reads). */
export function listedSecret(state: WizardState): string | undefined {
  return state.lastShare?.plan.secret.arn ?? state.session?.plan?.secret.arn;
}

/** The text field of the current screen, if it has one. */
export interface TextPrompt {
  label: string;
  placeholder: string;
  submit: (text: string) => WizardAction;
}

export function textPromptFor(state: WizardState): TextPrompt | undefined {
  switch (state.screen) {
    case 'region':
      return { label: 'Region of the secret', placeholder: 'e.g. us-east-1', submit: (region) => ({ type: 'submit-region', region }) };
    case 'secret':
      return { label: 'Search, or paste the secret ARN or name', placeholder: 'type to filter', submit: (secret) => ({ type: 'choose-secret', secret }) };
    case 'consumer-account':
      return state.flow === 'doctor'
        ? { label: 'Consumer account id (12 digits)', placeholder: 'e.g. 222222222222', submit: (value) => ({ type: 'submit-consumer-account', value }) }
        : { label: 'Consumer account id (12 digits), or an organization o-… or OU path o-…/r-…/ou-…/', placeholder: 'e.g. 222222222222', submit: (value) => ({ type: 'submit-consumer-account', value }) };
    case 'consumer-role':
      if (state.roles?.length) return undefined;
      return state.principalKind === 'account' && state.flow !== 'doctor'
        ? {
            label: 'Role that will read the secret (name or ARN; empty: none, the identity policy is shown only)',
            placeholder: 'e.g. PRODUCTION_SECRET_ROLE',
            submit: (text) => ({ type: 'choose-consumer-identity', identity: text.trim() === '' ? null : text }),
          }
        : {
            label: `${state.principalKind === 'user' ? 'User' : 'Role'} name or ARN in ${state.consumerAccount}`,
            placeholder: state.principalKind === 'user' ? 'e.g. deploy-bot' : 'e.g. PRODUCTION_SECRET_ROLE',
            submit: (text) => ({ type: 'choose-consumer-identity', identity: text.trim() === '' ? null : text }),
          };
    default:
      return undefined;
  }
}
