import type { WizardAction, WizardState } from './wizard-state';

/** One entry of a select screen: what it says and the action Enter dispatches. */
export interface Choice {
  label: string;
  hint?: string;
  action: WizardAction;
}

export const AWS_MANAGED_KEY_LABEL = 'aws/secretsmanager (AWS managed: cannot be shared)';

/** The trade-off between the two principal choices, in plain lines (shown under the choice). */
export const PRINCIPAL_TRADE_OFF = [
  "Account root: the consumer's own IAM policies decide which roles may read.",
  'That is delegation, and it keeps working when roles are deleted and recreated.',
  'A role or user: only that one, but recreating it silently breaks the grant.',
];

/** The entries of the current select screen (empty on text and info screens). */
export function choicesFor(state: WizardState): Choice[] {
  switch (state.screen) {
    case 'profile':
      return (state.profiles ?? []).map((p) => ({
        label: p.name,
        hint: [p.kind, p.region].filter(Boolean).join(' · ') || undefined,
        action: { type: 'choose-profile', profile: p.name },
      }));
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
    case 'principal':
      return [
        { label: 'The consumer account (account root) — recommended', hint: `arn:aws:iam::${state.consumerAccount}:root`, action: { type: 'choose-principal-kind', kind: 'account' } },
        { label: 'A specific role in the consumer account', action: { type: 'choose-principal-kind', kind: 'role' } },
        { label: 'A specific user in the consumer account', action: { type: 'choose-principal-kind', kind: 'user' } },
      ];
    case 'consumer-profile':
      return [
        ...(state.profiles ?? []).map((p): Choice => ({
          label: p.name,
          hint: [p.kind, p.region].filter(Boolean).join(' · ') || undefined,
          action: { type: 'choose-consumer-profile', profile: p.name },
        })),
        { label: 'None: show the identity policy for the consumer administrator to apply', action: { type: 'choose-consumer-profile', profile: null } },
      ];
    case 'consumer-role': {
      if (!state.roles?.length) return [];
      const roles = state.roles.map((r): Choice => ({ label: r.name, hint: r.arn, action: { type: 'choose-consumer-identity', identity: r.arn } }));
      if (state.principalKind === 'account') {
        roles.push({ label: 'No role now: the account root is granted, the identity policy is shown only', action: { type: 'choose-consumer-identity', identity: null } });
      }
      return roles;
    }
    case 'confirm':
      return [
        { label: 'Yes, apply these changes', action: { type: 'confirm', yes: true } },
        { label: 'No, exit without changing anything', action: { type: 'confirm', yes: false } },
      ];
    case 'question':
      return [
        { label: 'Yes', action: { type: 'question-answered', answer: true } },
        { label: 'No', action: { type: 'question-answered', answer: false } },
      ];
    default:
      return [];
  }
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
      return { label: 'Consumer account id (12 digits)', placeholder: 'e.g. 222222222222', submit: (value) => ({ type: 'submit-consumer-account', value }) };
    case 'consumer-role':
      if (state.roles?.length) return undefined;
      return state.principalKind === 'account'
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
