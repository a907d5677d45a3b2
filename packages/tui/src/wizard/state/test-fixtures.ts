// Data for the state machine and component tests (not shipped: only *.test.ts import it).
import { approvalQuestion, plannedWrites, writesByAccount, type Change, type Plan, type Question, type SessionOutcome } from '@secret-share-wizard/core';
import { wizardReducer } from './wizard-reducer';
import { initialState } from './wizard-state';
import type { WizardAction, WizardState } from './wizard-state';
import type { WizardOptions } from '../wizard-options';

export const OWNER = '111111111111';
export const CONSUMER = '222222222222';
export const SECRET_ARN = `arn:aws:secretsmanager:us-east-2:${OWNER}:secret:MY_TEST_SECRET-a1b2c3`;
export const KEY_ARN = `arn:aws:kms:us-east-2:${OWNER}:key/0b1c2d3e-1111-2222-3333-444455556666`;
export const ROLE_ARN = `arn:aws:iam::${CONSUMER}:role/PRODUCTION_SECRET_ROLE`;

export function options(extra: Partial<WizardOptions> = {}): WizardOptions {
  return { plain: false, noColor: true, ...extra };
}

export function run(state: WizardState, ...actions: WizardAction[]): WizardState {
  return actions.reduce(wizardReducer, state);
}

export function started(extra: Partial<WizardOptions> = {}): WizardState {
  return run(initialState(options(extra)), { type: 'start' });
}

const profiles = [
  { name: 'central-security', region: 'us-east-2', kind: 'role' },
  { name: 'production', region: 'us-east-2', kind: 'role' },
];

/** Through step 1 and the secret list: on the secret screen. */
export function atSecret(extra: Partial<WizardOptions> = {}): WizardState {
  return run(
    started(extra),
    { type: 'choose-flow', flow: 'share' },
    { type: 'profiles-loaded', profiles },
    { type: 'choose-profile', profile: 'central-security' },
    { type: 'submit-region', region: 'us-east-2' },
    { type: 'connected', identity: { account: OWNER, arn: `arn:aws:sts::${OWNER}:assumed-role/x/central-security` } },
  );
}

export function atConsumerAccount(): WizardState {
  return run(atSecret(), { type: 'choose-secret', secret: SECRET_ARN }, { type: 'secret-described', secret: { arn: SECRET_ARN, name: 'MY_TEST_SECRET', kmsKeyId: KEY_ARN, usesAwsManagedKey: false } });
}

function change(kind: 'secret-policy' | 'key-policy' | 'identity-policy', broadensAccess: boolean): Change {
  const target = kind === 'secret-policy' ? SECRET_ARN : kind === 'key-policy' ? KEY_ARN : ROLE_ARN;
  return {
    kind,
    target,
    account: kind === 'identity-policy' ? CONSUMER : OWNER,
    action: broadensAccess ? 'update' : 'none',
    added: [],
    removed: [],
    broadensAccess,
    diff: broadensAccess
      ? `--- before\n+++ after\n@@ -1,3 +1,4 @@\n {\n-  "Statement": []\n+  "Statement": [\n+    { "Sid": "SecretShareWizard${kind.replace('-', '')}" }\n+  ]\n }\n`
      : '',
    before: { Version: '2012-10-17', Statement: [] },
    after: { Version: '2012-10-17', Statement: [] },
    ...(kind === 'identity-policy' ? { identity: { mode: 'managed' as const, principalKind: 'role' as const, name: 'PRODUCTION_SECRET_ROLE', arn: ROLE_ARN, account: CONSUMER, policyName: 'SecretShareWizard-MY_TEST_SECRET' } } : {}),
  };
}

export function plan(extra: Partial<Plan> = {}, broadensAccess = true): Plan {
  return {
    schema: 'secret-share-wizard/plan@1',
    operation: 'share',
    createdAt: '2026-11-23T08:00:00.000Z',
    request: { secret: SECRET_ARN, consumer: CONSUMER, identityPolicy: 'managed', options: { versionStage: 'AWSCURRENT', grantDescribe: false, contextCondition: true } },
    secret: { arn: SECRET_ARN, name: 'MY_TEST_SECRET', account: OWNER, region: 'us-east-2', partition: 'aws', kmsKeyId: KEY_ARN, keyArn: KEY_ARN, usesAwsManagedKey: false },
    consumer: { kind: 'account', arn: `arn:aws:iam::${CONSUMER}:root`, account: CONSUMER, partition: 'aws' },
    changes: [change('identity-policy', broadensAccess), change('key-policy', broadensAccess), change('secret-policy', broadensAccess)],
    findings: [
      { code: 'ACCESS_STILL_DENIED', severity: 'warning', message: 'The secret policy has a Deny for insecure transport: kept.' },
      { code: 'IDENTITY_FOR_ADMINISTRATOR', severity: 'info', message: 'The identity policy goes on PRODUCTION_SECRET_ROLE.' },
    ],
    simulation: {
      before: { allowed: false, decidingLayer: 'secret-policy', explanation: 'No statement of the secret policy allows the consumer.', checks: [], assumptions: [], unknownLayers: [] },
      after: { allowed: true, explanation: 'All three layers allow GetSecretValue and kms:Decrypt.', checks: [], assumptions: [], unknownLayers: [] },
    },
    blocked: false,
    ...extra,
  };
}

export const CMK_SECRET = { arn: SECRET_ARN, name: 'MY_TEST_SECRET', kmsKeyId: KEY_ARN, usesAwsManagedKey: false };

/** The answers of step 3 (account root; with a consumer profile, the role from its list): the share session starts. */
export function atSession(consumerProfile: string | null = null): WizardState {
  let s = run(atConsumerAccount(), { type: 'submit-consumer-account', value: CONSUMER }, { type: 'choose-principal', kind: 'account' }, { type: 'choose-consumer-profile', profile: consumerProfile });
  if (consumerProfile) s = run(s, { type: 'connected', identity: { account: OWNER, arn: 'x' } }, { type: 'roles-loaded', roles: [{ name: 'PRODUCTION_SECRET_ROLE', arn: ROLE_ARN }] });
  return run(s, { type: 'choose-consumer-identity', identity: ROLE_ARN });
}

/** The id of the running session (its events carry it). */
export function sessionId(s: WizardState): number {
  return s.session!.id;
}

/** The session reported its plan: the review (preview) shows. */
export function atReview(consumerProfile: string | null = null, p: Plan = plan()): WizardState {
  const s = atSession(consumerProfile);
  return run(s, { type: 'session-event', id: sessionId(s), event: { type: 'plan', plan: p } });
}

/** The approval question the core asks for a plan (its payload lists the writes per account). */
export function approval(p: Plan = plan(), profiles: { owner?: string; consumer?: string } = { owner: 'central-security' }): Question {
  const writes = plannedWrites(p.changes, OWNER);
  return approvalQuestion({ operation: 'share', plans: [p], writes, accounts: writesByAccount(writes, profiles), broadensAccess: writes.some((w) => w.broadensAccess) }) as Question;
}

/** The review, the session's approval question, the confirm screen. */
export function atConfirm(consumerProfile: string | null = null, p: Plan = plan()): WizardState {
  const s = atReview(consumerProfile, p);
  return run(s, { type: 'session-asked', id: sessionId(s), question: approval(p) }, { type: 'preview-continue' });
}

/** Approved: the writes run. */
export function atApply(consumerProfile: string | null = null): WizardState {
  return run(atConfirm(consumerProfile), { type: 'confirm', yes: true });
}

/** A session outcome (the core's), with what a test cares about. */
export function outcome(extra: Partial<SessionOutcome> = {}): SessionOutcome {
  return { operation: 'share', ok: true, status: 'applied', exitCode: 0, pending: 3, results: [], backup: null, remerged: [], calls: 12, ...extra };
}

/** The results of a share that wrote all three documents. */
export function appliedResults(): SessionOutcome['results'] {
  return [
    { kind: 'identity-policy', target: ROLE_ARN, status: 'applied' },
    { kind: 'key-policy', target: KEY_ARN, status: 'applied' },
    { kind: 'secret-policy', target: SECRET_ARN, status: 'applied' },
  ];
}
