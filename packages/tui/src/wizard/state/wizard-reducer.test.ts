import { describe, expect, it } from 'vitest';
import { choicesFor, textPromptFor } from './choices';
import { runnerCommands } from './runner-commands';
import { CMK_SECRET, CONSUMER, KEY_ARN, OWNER, ROLE_ARN, SECRET_ARN, appliedResults, approval, atApply, atConfirm, atConsumerAccount, atReview, atSecret, atSession, outcome, plan, run, sessionId, started } from './test-fixtures';
import { wizardReducer } from './wizard-reducer';
import { EXIT } from './wizard-state';
import type { WizardState } from './wizard-state';

const legacy = { arn: `arn:aws:secretsmanager:us-east-2:${OWNER}:secret:LEGACY_SECRET-x1y2z3`, name: 'LEGACY_SECRET', usesAwsManagedKey: true };

function atPrincipal(): WizardState {
  return run(atConsumerAccount(), { type: 'submit-consumer-account', value: CONSUMER });
}

function labels(s: WizardState): string[] {
  return choicesFor(s).map((c) => c.label);
}

/** Picks the entry whose label starts with `label`. */
function pick(s: WizardState, label: string): WizardState {
  const choice = choicesFor(s).find((c) => c.label.startsWith(label));
  if (!choice) throw new Error(`no "${label}" in ${JSON.stringify(labels(s))}`);
  return wizardReducer(s, choice.action);
}

describe('the first screen', () => {
  it('offers every flow: share, revoke, list, restore, diagnose', () => {
    const s = started();
    expect(s.screen).toBe('home');
    expect(s.pending).toBeUndefined();
    expect(labels(s)).toEqual(['Share a secret', 'Revoke a share', 'List shares', 'Restore a backup', 'Diagnose access']);
  });

  it('each entry starts its flow with the sign-in (the profiles first)', () => {
    for (const flow of ['share', 'revoke', 'list', 'restore', 'doctor'] as const) {
      const s = run(started(), { type: 'choose-flow', flow });
      expect(s.flow).toBe(flow);
      expect(s.pending?.effect).toEqual({ kind: 'load-profiles' });
    }
  });

  it('is skipped when the share came as flags', () => {
    const s = started({ secret: 'MY_TEST_SECRET', profile: 'p', region: 'us-east-2' });
    expect(s.flow).toBe('share');
    expect(s.pending?.effect).toEqual({ kind: 'connect', profile: 'p', region: 'us-east-2' });
  });
});

describe('step 1: owner account', () => {
  const share = () => run(started(), { type: 'choose-flow', flow: 'share' });

  it('offers the profiles, with the cursor on "default" when there is one', () => {
    const s = run(share(), { type: 'profiles-loaded', profiles: [{ name: 'a' }, { name: 'default' }, { name: 'sso-admin', kind: 'sso', region: 'eu-west-1' }] });
    expect(s.screen).toBe('profile');
    expect(s.cursor).toBe(1);
    expect(choicesFor(s)[2]!.hint).toBe('sso · eu-west-1');
  });

  it('skips the profile question when there are no profiles, and pre-fills the region (cursor at its end)', () => {
    const s = run(share(), { type: 'profiles-loaded', profiles: [], defaultRegion: 'us-west-2' });
    expect(s.profile).toBeNull();
    expect(s.screen).toBe('region');
    expect([s.input, s.inputCursor]).toEqual(['us-west-2', 9]);
  });

  it("with --profile only: reads the profiles to offer that profile's region", () => {
    let s = run(started({ profile: 'p' }), { type: 'choose-flow', flow: 'list' });
    expect(s.pending?.effect).toEqual({ kind: 'load-profiles' });
    s = run(s, { type: 'profiles-loaded', profiles: [{ name: 'p', region: 'eu-west-1' }] });
    expect(s.screen).toBe('region');
    expect(s.input).toBe('eu-west-1');
  });

  it('refuses a region that is not one and stays', () => {
    const s = run(share(), { type: 'profiles-loaded', profiles: [{ name: 'p' }] }, { type: 'choose-profile', profile: 'p' }, { type: 'submit-region', region: 'Ohio' });
    expect(s.screen).toBe('region');
    expect(s.inputError).toMatch(/not an AWS region/);
  });

  it('a bad --region flag is asked again on the region screen, with the value and the reason (no exit)', () => {
    const s = run(started({ profile: 'p', region: 'mars-1' }), { type: 'choose-flow', flow: 'share' }, { type: 'profiles-loaded', profiles: [{ name: 'p' }] });
    expect(s.exitCode).toBeUndefined();
    expect(s.screen).toBe('region');
    expect(s.input).toBe('mars-1');
    expect(s.inputError).toMatch(/^--region: "mars-1" is not an AWS region/);
  });

  it('a bad --consumer flag is asked again on its question', () => {
    const at = run(started({ consumer: '22222222222', profile: 'central-security', region: 'us-east-2' }), { type: 'connected', identity: { account: OWNER, arn: 'x' } }, { type: 'secrets-loaded', search: '', items: [CMK_SECRET], append: false }, { type: 'choose-secret', secret: SECRET_ARN }, { type: 'secret-described', secret: CMK_SECRET });
    expect(at.exitCode).toBeUndefined();
    expect(at.screen).toBe('consumer-account');
    expect(at.input).toBe('22222222222');
    expect(at.inputError).toMatch(/^--consumer: .*11 digits/);
  });

  it('signing in fails: the error screen offers to try again or choose another profile; nothing ends', () => {
    let s = run(share(), { type: 'profiles-loaded', profiles: [{ name: 'p' }] }, { type: 'choose-profile', profile: 'p' }, { type: 'submit-region', region: 'us-east-2' });
    expect(s.pending?.effect).toEqual({ kind: 'connect', profile: 'p', region: 'us-east-2' });
    s = run(s, { type: 'effect-failed', effect: 'connect', error: { message: 'The SSO session has expired.', fix: 'Run aws sso login --profile p', source: 'aws' } });
    expect(s.screen).toBe('error');
    expect(s.exitCode).toBeUndefined();
    expect(labels(s)).toEqual(['Try again', 'Go back: choose another profile', 'Exit (exit code 1)']);
    const retried = pick(s, 'Try again');
    expect(retried.pending?.effect).toEqual({ kind: 'connect', profile: 'p', region: 'us-east-2' });
    expect(pick(s, 'Go back').screen).toBe('profile');
    expect(pick(s, 'Exit').exitCode).toBe(EXIT.failure);
  });
});

describe('step 2: secret', () => {
  const items = [CMK_SECRET, legacy];

  it('lists the secrets with their key, and offers more pages', () => {
    const s = run(atSecret(), { type: 'secrets-loaded', search: '', items, nextToken: 't1', append: false });
    expect(labels(s)).toEqual(['MY_TEST_SECRET', 'LEGACY_SECRET', 'Load more…']);
    expect(choicesFor(s)[1]!.hint).toMatch(/aws\/secretsmanager/);
  });

  it('searches as you type (text edits) and drops answers to older searches', () => {
    let s = run(atSecret(), { type: 'edit', edit: { kind: 'insert', text: 'M' } }, { type: 'edit', edit: { kind: 'insert', text: 'Y' } });
    expect(s.input).toBe('MY');
    expect(s.pending?.effect).toEqual({ kind: 'list-secrets', search: 'MY' });
    s = run(s, { type: 'secrets-loaded', search: 'M', items, append: false });
    expect(s.secretList.items).toEqual([]);
    s = run(s, { type: 'secrets-loaded', search: 'MY', items: [CMK_SECRET], append: false }, { type: 'edit', edit: { kind: 'backspace' } });
    expect(s.input).toBe('M');
    expect(run(s, { type: 'edit', edit: { kind: 'clear' } }).pending?.effect).toEqual({ kind: 'list-secrets', search: '' });
  });

  it('Enter on an empty search (the list still loading) chooses nothing', () => {
    const s = atSecret();
    expect(run(s, { type: 'choose-secret', secret: '' })).toBe(s);
  });

  it('a typed secret that does not exist: the reason on the secret screen, also when it came as --secret', () => {
    const s = run(started({ secret: 'nope', profile: 'central-security', region: 'us-east-2' }), { type: 'connected', identity: { account: OWNER, arn: 'x' } });
    expect(s.pending?.effect).toEqual({ kind: 'describe-secret', secret: 'nope' });
    const failed = run(s, { type: 'effect-failed', effect: 'describe-secret', error: { message: '--secret: not found', code: 'AWS_NOT_FOUND', source: 'user' } });
    expect(failed.exitCode).toBeUndefined();
    expect(failed.screen).toBe('secret');
    expect(failed.inputError).toBe('--secret: not found.');
    expect(failed.pending?.effect).toEqual({ kind: 'list-secrets', search: '' });
  });

  it('a secret on aws/secretsmanager offers the move to a customer managed key inline', () => {
    const s = run(atSecret(), { type: 'choose-secret', secret: legacy.arn }, { type: 'secret-described', secret: legacy });
    expect(s.screen).toBe('aws-managed');
    expect(s.exitCode).toBeUndefined();
    expect(labels(s)).toEqual(['Move it to a customer managed key you have', 'Move it to a new customer managed key', 'Choose another secret', 'Leave (nothing was changed)']);
    expect(pick(s, 'Leave').exitCode).toBe(EXIT.invalid); // not shared: nothing written
    expect(pick(s, 'Choose another secret').screen).toBe('secret');
  });

  it('moves to an existing key from the list: the share request carries it', () => {
    let s = run(atSecret(), { type: 'choose-secret', secret: legacy.arn }, { type: 'secret-described', secret: legacy });
    s = pick(s, 'Move it to a customer managed key you have');
    expect(s.pending?.effect).toEqual({ kind: 'list-keys' });
    s = run(s, { type: 'keys-loaded', keys: [{ arn: KEY_ARN, id: 'k1', aliases: ['alias/MY_CMK'] }] });
    expect(s.screen).toBe('move-key');
    expect(labels(s)).toEqual(['alias/MY_CMK', 'A new customer managed key (the share creates it)']);
    s = pick(s, 'alias/MY_CMK');
    expect(s.screen).toBe('consumer-account');
    s = run(s, { type: 'submit-consumer-account', value: CONSUMER }, { type: 'choose-principal', kind: 'account' }, { type: 'choose-consumer-profile', profile: null }, { type: 'choose-consumer-identity', identity: null });
    expect(s.pending?.effect).toMatchObject({ kind: 'share', request: { secret: legacy.arn, moveToKey: KEY_ARN } });
  });

  it('moves to a new key; Esc on the key list goes back to the offer', () => {
    const offer = run(atSecret(), { type: 'choose-secret', secret: legacy.arn }, { type: 'secret-described', secret: legacy });
    const fresh = run(pick(offer, 'Move it to a new'), { type: 'submit-consumer-account', value: CONSUMER }, { type: 'choose-principal', kind: 'account' }, { type: 'choose-consumer-profile', profile: null }, { type: 'choose-consumer-identity', identity: null });
    expect(fresh.pending?.effect).toMatchObject({ kind: 'share', request: { moveToKey: 'new' } });
    const keys = run(pick(offer, 'Move it to a customer managed key you have'), { type: 'keys-loaded', keys: [] }, { type: 'back' });
    expect(keys.screen).toBe('aws-managed');
  });

  it('listing the keys fails: try again or go back to the offer', () => {
    const s = run(pick(run(atSecret(), { type: 'choose-secret', secret: legacy.arn }, { type: 'secret-described', secret: legacy }), 'Move it to a customer managed key you have'), { type: 'effect-failed', effect: 'list-keys', error: { message: 'AccessDenied on kms:ListKeys', source: 'aws' } });
    expect(s.screen).toBe('error');
    expect(pick(s, 'Try again').pending?.effect).toEqual({ kind: 'list-keys' });
    expect(pick(s, 'Go back').screen).toBe('aws-managed');
  });
});

describe('step 3: consumer', () => {
  it('refuses an 11-digit account id and the owner account', () => {
    expect(run(atConsumerAccount(), { type: 'submit-consumer-account', value: '22222222222' }).inputError).toMatch(/11 digits/);
    expect(run(atConsumerAccount(), { type: 'submit-consumer-account', value: OWNER }).inputError).toMatch(/owner account itself/);
  });

  it('offers the principal forms, account root first and recommended, each with its trade-off', () => {
    const s = atPrincipal();
    expect(s.screen).toBe('principal');
    expect(labels(s)).toEqual(['The consumer account (account root) — recommended', 'One exact role (its ARN is the principal)', 'One role, by condition (account root + aws:PrincipalArn)', 'One user, by its ARN']);
    expect(choicesFor(s).map((c) => c.detail)).toEqual([expect.stringMatching(/survives any role being recreated/), expect.stringMatching(/deleted and recreated with the same name/), expect.stringMatching(/a recreated role keeps access/), expect.any(String)]);
  });

  it('a role bound by condition: the request names the role and roleBinding "condition"', () => {
    const s = run(pick(atPrincipal(), 'One role, by condition'), { type: 'choose-consumer-profile', profile: null }, { type: 'choose-consumer-identity', identity: 'PRODUCTION_SECRET_ROLE' });
    expect(s.pending?.effect).toMatchObject({ kind: 'share', request: { consumer: ROLE_ARN, consumerIdentity: ROLE_ARN, roleBinding: 'condition' } });
    const exact = run(pick(atPrincipal(), 'One exact role (its ARN is the principal)'), { type: 'choose-consumer-profile', profile: null }, { type: 'choose-consumer-identity', identity: 'PRODUCTION_SECRET_ROLE' });
    expect(exact.pending?.effect).toMatchObject({ kind: 'share', request: { consumer: ROLE_ARN, roleBinding: 'principal' } });
  });

  it('an organization or OU typed as the consumer: no principal, profile or role question; the session gets the org and identity policy none', () => {
    for (const org of ['o-a1b2c3d4e5', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/']) {
      const s = run(atConsumerAccount(), { type: 'submit-consumer-account', value: org });
      expect(s.pending?.effect).toMatchObject({ kind: 'share', request: { secret: SECRET_ARN, consumer: org, identityPolicy: 'none' } });
      expect(s.pending?.effect).not.toHaveProperty('request.consumerIdentity');
      // Esc from the review leads back to the consumer question (there was no role question), and the
      // next consumer is asked for its profile again.
      const review = run(s, { type: 'session-event', id: sessionId(s), event: { type: 'plan', plan: plan() } });
      expect(review.screen).toBe('preview');
      const left = run(review, { type: 'back' });
      expect(left.screen).toBe('consumer-account');
      expect(run(left, { type: 'submit-consumer-account', value: CONSUMER }, { type: 'choose-principal', kind: 'account' }).screen).toBe('consumer-profile');
    }
    expect(run(atConsumerAccount(), { type: 'submit-consumer-account', value: 'o-short' }).inputError).toMatch(/o-/);
  });

  it('the doctor refuses an organization: it diagnoses one role', () => {
    const doctor = { ...atConsumerAccount(), flow: 'doctor' as const };
    expect(run(doctor, { type: 'submit-consumer-account', value: 'o-a1b2c3d4e5' }).inputError).toMatch(/diagnoses one role/);
  });

  it('--consumer o-… starts the share with the organization', () => {
    const s = started({ consumer: 'o-a1b2c3d4e5' });
    expect(s.principalKind).toBe('organization');
    expect(s.consumerPrincipalArn).toBe('o-a1b2c3d4e5');
    expect(s.consumerProfile).toBeNull();
  });

  it('the consumer profile question pre-selects a profile that is not the owner’s', () => {
    const s = run(atPrincipal(), { type: 'choose-principal', kind: 'account' });
    expect(s.screen).toBe('consumer-profile');
    expect(choicesFor(s)[s.cursor]!.label).toBe('production');
  });

  it('with the account root: signs in to the consumer, lists its roles with a way to skip', () => {
    let s = run(atPrincipal(), { type: 'choose-principal', kind: 'account' }, { type: 'choose-consumer-profile', profile: 'production' });
    expect(s.pending?.effect).toEqual({ kind: 'connect', profile: 'central-security', region: 'us-east-2', consumerProfile: 'production' });
    s = run(s, { type: 'connected', identity: { account: OWNER, arn: 'x' } });
    expect(s.pending?.effect).toEqual({ kind: 'list-roles' });
    s = run(s, { type: 'roles-loaded', roles: [{ name: 'PRODUCTION_SECRET_ROLE', arn: ROLE_ARN }] });
    expect(labels(s)).toEqual(['PRODUCTION_SECRET_ROLE', expect.stringMatching(/^No role now/)]);
  });

  it('Esc on the role list, then Enter on the pre-selected profile: the role list again (no exit)', () => {
    let s = run(atPrincipal(), { type: 'choose-principal', kind: 'account' }, { type: 'choose-consumer-profile', profile: 'production' }, { type: 'connected', identity: { account: OWNER, arn: 'x' } }, { type: 'roles-loaded', roles: [{ name: 'PRODUCTION_SECRET_ROLE', arn: ROLE_ARN }] });
    s = run(s, { type: 'back' });
    expect(s.screen).toBe('consumer-profile');
    expect(choicesFor(s)[s.cursor]!.label).toBe('production');
    s = run(s, choicesFor(s)[s.cursor]!.action, { type: 'connected', identity: { account: OWNER, arn: 'x' } }, { type: 'roles-loaded', roles: [{ name: 'PRODUCTION_SECRET_ROLE', arn: ROLE_ARN }] });
    expect(s.screen).toBe('consumer-role');
    expect(s.exitCode).toBeUndefined();
  });

  it('a consumer profile of another account (also as a flag): asked again with the reason', () => {
    const flagged = run(started({ profile: 'central-security', region: 'us-east-2', consumerProfile: 'central-security' }), { type: 'choose-flow', flow: 'share' }, { type: 'connected', identity: { account: OWNER, arn: 'x' } }, { type: 'secrets-loaded', search: '', items: [CMK_SECRET], append: false }, { type: 'choose-secret', secret: SECRET_ARN }, { type: 'secret-described', secret: CMK_SECRET }, { type: 'submit-consumer-account', value: CONSUMER }, { type: 'choose-principal', kind: 'account' });
    expect(flagged.pending?.effect).toMatchObject({ kind: 'connect', consumerProfile: 'central-security' });
    const s = run(flagged, { type: 'profiles-loaded', profiles: [{ name: 'central-security' }, { name: 'production' }] }, { type: 'connected', identity: { account: OWNER, arn: 'x' }, consumer: { account: OWNER, arn: 'y' } });
    expect(s.exitCode).toBeUndefined();
    expect(s.screen).toBe('consumer-profile');
    expect(s.inputError).toMatch(/signs in to account 111111111111, not to the consumer account 222222222222/);
  });

  it('with a role: an empty answer or a role of another account is refused', () => {
    const s = run(pick(atPrincipal(), 'One exact role (its ARN is the principal)'), { type: 'choose-consumer-profile', profile: null });
    expect(run(s, { type: 'choose-consumer-identity', identity: null }).inputError).toMatch(/Name the role/);
    expect(run(s, { type: 'choose-consumer-identity', identity: 'arn:aws:iam::333333333333:role/X' }).inputError).toMatch(/not in the consumer account/);
  });

  it('falls back to typing the role when the roles cannot be listed', () => {
    const s = run(pick(atPrincipal(), 'One exact role (its ARN is the principal)'), { type: 'choose-consumer-profile', profile: 'production' }, { type: 'connected', identity: { account: OWNER, arn: 'x' } }, { type: 'effect-failed', effect: 'list-roles', error: { message: 'AccessDenied', source: 'aws' } });
    expect(s.screen).toBe('consumer-role');
    expect(textPromptFor(s)).toBeDefined();
    expect(s.inputError).toMatch(/Could not list the roles/);
  });
});

describe('one session per share: plan → review → approve or decline', () => {
  it('starts one share session with the answers, verifying when there is a consumer profile', () => {
    const s = atSession('production');
    expect(s.screen).toBe('loading');
    expect(s.pending?.effect).toEqual({
      kind: 'share',
      aws: { ownerProfile: 'central-security', consumerProfile: 'production', region: 'us-east-2' },
      request: { secret: SECRET_ARN, consumer: CONSUMER, consumerIdentity: ROLE_ARN, options: { versionStage: 'AWSCURRENT', grantDescribe: false, contextCondition: true } },
      verify: true,
    });
    expect(atSession(null).pending?.effect).toMatchObject({ verify: false });
    expect(s.session?.id).toBe(s.pending?.id);
  });

  it('the plan the session reports is the review; stages update the loading label', () => {
    const s = atSession();
    const staged = run(s, { type: 'session-event', id: sessionId(s), event: { type: 'stage', stage: 'read', message: 'Reading the policies' } });
    expect(staged.loadingLabel).toBe('Reading the policies');
    const review = atReview();
    expect(review.screen).toBe('preview');
    expect(review.session?.plan?.schema).toBe('secret-share-wizard/plan@1');
  });

  it('the approval arriving during the review waits for Enter; the confirm screen then pre-selects No (broadens access)', () => {
    const s = atReview();
    const asked = run(s, { type: 'session-asked', id: sessionId(s), question: approval() });
    expect(asked.screen).toBe('preview');
    const confirm = run(asked, { type: 'preview-continue' });
    expect(confirm.screen).toBe('confirm');
    expect(confirm.cursor).toBe(1);
    expect(labels(confirm)).toEqual(['Yes, apply: 3 writes', 'No, go back and change the answers (nothing is written)']);
  });

  it('Enter before the approval arrives: the confirm screen waits (y answers nothing), then offers it', () => {
    const s = run(atReview(), { type: 'preview-continue' });
    expect(s.screen).toBe('confirm');
    expect(choicesFor(s)).toEqual([]);
    expect(run(s, { type: 'confirm', yes: true })).toBe(s);
    const asked = run(s, { type: 'session-asked', id: sessionId(s), question: approval() });
    expect(asked.cursor).toBe(1);
    expect(labels(asked)[0]).toBe('Yes, apply: 3 writes');
  });

  it('Yes answers the session (true) and shows the writes', () => {
    const before = atConfirm();
    const after = run(before, { type: 'confirm', yes: true });
    expect(after.screen).toBe('apply');
    expect(after.session?.approved).toBe(true);
    expect(runnerCommands(before, after)).toEqual([{ kind: 'answer', value: true }]);
  });

  it('No declines: the session gets false (it writes nothing), the role question is asked again with a notice', () => {
    const before = atConfirm();
    const after = run(before, { type: 'confirm', yes: false });
    expect(after.screen).toBe('consumer-role');
    expect(after.exitCode).toBeUndefined();
    expect(after.session).toBeUndefined();
    expect(after.notice).toMatch(/Nothing was written/);
    expect(runnerCommands(before, after)).toEqual([{ kind: 'abort' }]);
    // The declined session's late outcome is dropped.
    expect(run(after, { type: 'session-finished', id: sessionId(before), outcome: outcome({ status: 'declined' }) })).toEqual(after);
    // Choosing again starts a new session.
    const again = run(after, { type: 'choose-consumer-identity', identity: ROLE_ARN });
    expect(again.session?.id).not.toBe(sessionId(before));
  });

  it('Esc on the confirm screen declines too; Esc on the review leaves the session', () => {
    expect(run(atConfirm(), { type: 'back' }).screen).toBe('consumer-role');
    const review = atReview();
    const left = run(review, { type: 'back' });
    expect(left.screen).toBe('consumer-role');
    expect(runnerCommands(review, left)).toEqual([{ kind: 'abort' }]);
  });

  it('a blocked plan: the review says why; Enter leads to the error screen, whose way back is the answers', () => {
    const blocked = plan({ blocked: true, findings: [{ code: 'SECRET_AWS_MANAGED_KEY', severity: 'error', message: 'The secret uses aws/secretsmanager.' }] });
    const s = atReview(null, blocked);
    const refused = run(s, { type: 'session-finished', id: sessionId(s), outcome: outcome({ ok: false, status: 'refused', exitCode: 2, plan: blocked, error: { code: 'PLAN_BLOCKED', message: 'plan: the plan has 1 error finding', fix: 'Fix what the findings say and plan again', source: 'user', field: 'plan' } }) });
    expect(refused.screen).toBe('preview');
    const error = run(refused, { type: 'preview-continue' });
    expect(error.screen).toBe('error');
    expect(labels(error)).toEqual(['Try again', 'Go back: change the answers (the role)', 'Exit (exit code 2)']);
    expect(pick(error, 'Go back').screen).toBe('consumer-role');
  });

  it('nothing to change: the summary says so (exit 0 when the user leaves)', () => {
    const s = atReview(null, plan({}, false));
    const done = run(s, { type: 'session-finished', id: sessionId(s), outcome: outcome({ status: 'no-changes', plan: plan({}, false) }) });
    expect(done.screen).toBe('summary');
    expect(pick(done, 'Exit').exitCode).toBe(EXIT.ok);
  });
});

describe('the writes', () => {
  it('draws a line per write from the session’s steps; notes from retries', () => {
    let s = atApply();
    const id = sessionId(s);
    s = run(s, { type: 'session-event', id, event: { type: 'step', id: 'key-policy', status: 'start', message: 'PutKeyPolicy' } });
    expect(s.session?.lines).toEqual([{ id: 'key-policy', status: 'running', message: 'PutKeyPolicy' }]);
    s = run(s, { type: 'session-event', id, event: { type: 'step', id: 'key-policy', status: 'rolled-back', message: 'undone' } }, { type: 'session-event', id, event: { type: 'retry', id: 'x', attempt: 2, delayMs: 1000, message: 'IAM is still propagating, retrying' } });
    expect(s.session?.lines.map((l) => l.status)).toEqual(['rolled-back']);
    expect(s.session?.notes).toEqual(['IAM is still propagating, retrying']);
  });

  it('a question the core asks shows and its answer goes back to the session', () => {
    const s = atApply();
    const asked = run(s, { type: 'session-asked', id: sessionId(s), question: { code: 'delete-policy-version', message: 'Delete the oldest version?', payload: { policyArn: 'p', versionId: 'v1' }, defaultAnswer: false } });
    expect(asked.screen).toBe('question');
    expect(asked.cursor).toBe(1);
    const answered = run(asked, { type: 'question-answered', answer: true });
    expect(answered.screen).toBe('apply');
    expect(runnerCommands(asked, answered)).toEqual([{ kind: 'answer', value: true }]);
  });

  it('a failed apply (rolled back) shows the error screen: try again, change the answers, or exit 1', () => {
    const s = atApply();
    const lines = run(s, { type: 'session-event', id: sessionId(s), event: { type: 'step', id: 'secret-policy', status: 'start', message: 'Writing the secret policy' } });
    const failed = run(lines, { type: 'session-finished', id: sessionId(s), outcome: outcome({ ok: false, status: 'failed', exitCode: 1, backup: '/b/1', results: [{ kind: 'secret-policy', target: SECRET_ARN, status: 'failed' }], error: { code: 'AWS_ERROR', message: 'PutResourcePolicy failed: InternalFailure', fix: 'Try again later', source: 'aws' } }) });
    expect(failed.screen).toBe('error');
    expect(failed.exitCode).toBeUndefined();
    expect(failed.session?.lines[0]!.status).toBe('failed'); // no spinner left beside the error
    expect(labels(failed)).toEqual(['Try again', 'Go back: change the answers (the role)', 'Exit (exit code 1)']);
    const retried = pick(failed, 'Try again');
    expect(retried.pending?.effect.kind).toBe('share');
    expect(retried.session?.id).not.toBe(sessionId(s));
    expect(pick(failed, 'Exit').exitCode).toBe(1);
  });

  it('a refused input names its question: the way back leads there', () => {
    const s = atSession();
    const refused = run(s, { type: 'session-finished', id: sessionId(s), outcome: outcome({ ok: false, status: 'refused', exitCode: 2, error: { code: 'INPUT_CONSUMER_IS_OWNER', message: '--consumer: is the owner account', source: 'user', field: '--consumer' } }) });
    expect(labels(refused)).toContain('Go back: change the consumer account');
    expect(pick(refused, 'Go back').screen).toBe('consumer-account');
  });

  it('applied: the summary (what was written, the record, verify, backup); exit code only when the user leaves', () => {
    const s = atApply('production');
    const done = run(s, {
      type: 'session-finished',
      id: sessionId(s),
      outcome: outcome({ plan: plan(), backup: '/b/1', results: appliedResults(), verify: { ok: false, secretArn: SECRET_ARN, versionStage: 'AWSCURRENT', errorClass: 'access-denied-kms', message: 'KMS denied Decrypt', fix: 'Add kms:Decrypt', awsError: { name: 'AccessDeniedException', message: 'x' } }, exitCode: 3, ok: false }),
    });
    expect(done.screen).toBe('summary');
    expect(done.exitCode).toBeUndefined();
    expect(done.verify).toEqual({ ran: true, allowed: false, message: 'KMS denied Decrypt', fix: 'Add kms:Decrypt' });
    expect(choicesFor(done)[done.cursor]!.label).toBe('Exit');
    expect(labels(done)).toEqual([
      'Show the snippets for the consumer team (ECS, Lambda, EKS, SDKs, CLI)',
      'Verify again: read the secret as the consumer',
      'Revoke this share',
      'Restore the backup (undo this share: put the previous policies back)',
      'List the shares of this secret',
      'Back to the start',
      'Exit',
    ]);
    expect(pick(done, 'Exit').exitCode).toBe(EXIT.denied);
  });

  it('in the demo, "not found" from moto (which cannot read across accounts) is the simulator’s verdict', () => {
    let s = run(started({ demo: { note: 'demo' } }), { type: 'choose-flow', flow: 'share' });
    s = run(s, { type: 'profiles-loaded', profiles: [{ name: 'central-security' }, { name: 'production' }] }, { type: 'choose-profile', profile: 'central-security' }, { type: 'submit-region', region: 'us-east-2' }, { type: 'connected', identity: { account: OWNER, arn: 'x' } }, { type: 'choose-secret', secret: SECRET_ARN }, { type: 'secret-described', secret: CMK_SECRET }, { type: 'submit-consumer-account', value: CONSUMER }, { type: 'choose-principal', kind: 'account' }, { type: 'choose-consumer-profile', profile: 'production' }, { type: 'connected', identity: { account: OWNER, arn: 'x' } }, { type: 'roles-loaded', roles: [] }, { type: 'choose-consumer-identity', identity: ROLE_ARN });
    const id = sessionId(s);
    const done = run(s, { type: 'session-event', id, event: { type: 'plan', plan: plan() } }, { type: 'session-finished', id, outcome: outcome({ ok: false, exitCode: 3, plan: plan(), results: appliedResults(), verify: { ok: false, secretArn: SECRET_ARN, versionStage: 'AWSCURRENT', errorClass: 'not-found', message: 'not found', fix: 'x', awsError: { name: 'ResourceNotFoundException', message: 'x' } } }) });
    expect(done.verify).toEqual({ ran: false, allowed: true, message: "The emulator cannot read across accounts, so this is the simulator's verdict: the consumer can read the secret." });
    expect(done.lastExitCode).toBe(0);
  });
});

describe('after the share', () => {
  function shared(consumerProfile: string | null = 'production'): WizardState {
    const s = atApply(consumerProfile);
    return run(s, { type: 'session-finished', id: sessionId(s), outcome: outcome({ plan: plan(), backup: '/b/1', results: appliedResults() }) });
  }

  it('snippets page within bounds and Esc returns to the summary', () => {
    let s = pick(shared(), 'Show the snippets');
    expect(s.screen).toBe('snippets');
    expect(s.snippetsShown).toBe(true);
    s = run(s, { type: 'snippet-page', delta: -1 });
    expect(s.snippetPage).toBe(0);
    s = run(s, { type: 'snippet-page', delta: 99 });
    expect(s.snippetPage).toBe(6);
    expect(run(s, { type: 'back' }).screen).toBe('summary');
  });

  it('verify again reads as the role with the consumer profile', () => {
    const s = pick(shared(), 'Verify again');
    expect(s.pending?.effect).toEqual({ kind: 'verify', aws: { ownerProfile: 'central-security', consumerProfile: 'production', region: 'us-east-2' }, secretArn: SECRET_ARN });
    const verified = run(s, { type: 'verified', outcome: outcome({ operation: 'verify', verify: { ok: true, secretArn: SECRET_ARN, principal: 'arn:aws:sts::222222222222:assumed-role/R/s', versionStage: 'AWSCURRENT', versionId: 'v', length: 12, fingerprint: 'abcd1234' } }) });
    expect(verified.screen).toBe('summary');
    expect(verified.verify?.message).toMatch(/read the secret \(AWSCURRENT, 12 characters, SHA-256 abcd1234…\)/);
  });

  it('revoke this share: a revoke session for the secret and the consumer', () => {
    const s = pick(shared(), 'Revoke this share');
    expect(s.flow).toBe('revoke');
    expect(s.pending?.effect).toEqual({ kind: 'revoke', aws: { ownerProfile: 'central-security', consumerProfile: 'production', region: 'us-east-2' }, request: { secret: SECRET_ARN, consumer: `arn:aws:iam::${CONSUMER}:root` } });
    const id = sessionId(s);
    const done = run(s, { type: 'session-event', id, event: { type: 'plan', plan: plan({ operation: 'revoke' }) } }, { type: 'session-asked', id, question: approval() }, { type: 'preview-continue' }, { type: 'confirm', yes: true }, { type: 'session-finished', id, outcome: outcome({ operation: 'revoke', backup: '/b/2', results: appliedResults() }) });
    expect(done.screen).toBe('summary');
    expect(done.lastShare).toBeUndefined();
    expect(labels(done)).toEqual(['Restore the backup (undo this revoke: put the previous policies back)', 'List the shares of this secret', 'Back to the start', 'Exit']);
    expect(pick(done, 'Restore the backup').pending?.effect).toMatchObject({ kind: 'restore', folder: '/b/2' });
  });

  it('restore the backup: a restore session, whose approval shows without a preview', () => {
    const s = pick(shared(), 'Restore the backup');
    expect(s.pending?.effect).toMatchObject({ kind: 'restore', folder: '/b/1' });
    const asked = run(s, { type: 'session-asked', id: sessionId(s), question: { ...approval(), payload: { ...(approval().payload as object), operation: 'restore', backup: '/b/1' } } as never });
    expect(asked.screen).toBe('confirm');
  });

  it('list the shares of this secret; back to the start keeps the sign-in', () => {
    const listed = pick(shared(), 'List the shares');
    expect(listed.pending?.effect).toMatchObject({ kind: 'list-shares', secret: SECRET_ARN });
    const home = pick(shared(), 'Back to the start');
    expect(home.screen).toBe('home');
    expect(home.identity?.account).toBe(OWNER);
    expect([home.consumerProfile, home.consumerConnected, home.consumerAccount]).toEqual([undefined, false, undefined]);
    expect(run(home, { type: 'choose-flow', flow: 'list' }).pending?.effect).toMatchObject({ kind: 'list-shares' });
  });
});

describe('revoke, list, restore and diagnose from the first screen', () => {
  function signedIn(flow: 'revoke' | 'list' | 'restore' | 'doctor'): WizardState {
    return run(started(), { type: 'choose-flow', flow }, { type: 'profiles-loaded', profiles: [{ name: 'central-security', region: 'us-east-2' }, { name: 'production' }] }, { type: 'choose-profile', profile: 'central-security' }, { type: 'submit-region', region: 'us-east-2' }, { type: 'connected', identity: { account: OWNER, arn: 'x' } });
  }
  const listing = { secret: SECRET_ARN, consumer: `arn:aws:iam::${CONSUMER}:root`, consumerRole: ROLE_ARN, identityPolicy: 'arn:aws:iam::222222222222:policy/P', state: 'complete' as const, sides: { secretPolicy: 'present' as const, keyPolicy: 'present' as const, identityPolicy: 'unknown' as const }, recorded: true };

  it('revoke: lists the shares, picks one, runs a revoke session that asks for the consumer profile', () => {
    let s = signedIn('revoke');
    expect(s.pending?.effect).toEqual({ kind: 'list-shares', aws: { ownerProfile: 'central-security', region: 'us-east-2' } });
    s = run(s, { type: 'shares-loaded', shares: [listing], secrets: 3 });
    expect(s.screen).toBe('shares');
    expect(labels(s)).toEqual([`MY_TEST_SECRET-a1b2c3 → arn:aws:iam::${CONSUMER}:root via PRODUCTION_SECRET_ROLE`, 'Back to the start']);
    s = run(s, { type: 'choose-share', index: 0 });
    expect(s.pending?.effect).toEqual({ kind: 'revoke', aws: { ownerProfile: 'central-security', region: 'us-east-2' }, request: { secret: SECRET_ARN, consumer: `arn:aws:iam::${CONSUMER}:root`, consumerIdentity: ROLE_ARN } });
    const asked = run(s, { type: 'session-asked', id: sessionId(s), question: { code: 'credentials', message: 'Which AWS profile signs in to the consumer account 222222222222?', payload: { account: CONSUMER, side: 'consumer', reason: 'remove the policy' }, defaultAnswer: null } });
    expect(asked.screen).toBe('credentials');
    expect(choicesFor(asked)[asked.cursor]!.label).toBe('production');
    const answered = run(asked, choicesFor(asked)[asked.cursor]!.action);
    expect(answered.screen).toBe('loading');
    expect(runnerCommands(asked, answered)).toEqual([{ kind: 'answer', value: 'production' }]);
  });

  it('revoke with --profile and --region: the profiles are read first (for the consumer profile the session may ask)', () => {
    const s = run(started({ profile: 'central-security', region: 'us-east-2' }), { type: 'choose-flow', flow: 'revoke' }, { type: 'connected', identity: { account: OWNER, arn: 'x' } });
    expect(s.pending?.effect).toEqual({ kind: 'load-profiles' });
    expect(run(s, { type: 'profiles-loaded', profiles: [{ name: 'production' }] }).pending?.effect).toMatchObject({ kind: 'list-shares' });
  });

  it('list: the shares with their state; revoke one from there', () => {
    const s = run(signedIn('list'), { type: 'shares-loaded', shares: [listing], secrets: 3 });
    expect(s.screen).toBe('shares');
    expect(labels(s)).toEqual(['Revoke one of these shares', 'Back to the start', 'Exit']);
    expect(pick(s, 'Revoke one').flow).toBe('revoke');
    expect(run(signedIn('list'), { type: 'effect-failed', effect: 'list-shares', error: { message: 'AccessDenied', source: 'aws' } }).screen).toBe('error');
  });

  it('restore: lists the backup folders, runs a restore session for the chosen one', () => {
    let s = signedIn('restore');
    expect(s.pending?.effect).toEqual({ kind: 'list-backups' });
    s = run(s, { type: 'backups-loaded', backups: [{ folder: '/b/1', createdAt: '2026-11-23T08:00:00.000Z', operation: 'apply', secretArn: SECRET_ARN, consumerArn: CONSUMER, written: 3, entries: 3 }] });
    expect(labels(s)[0]).toBe(`2026-11-23 08:00:00Z  apply  MY_TEST_SECRET-a1b2c3 → ${CONSUMER}`);
    s = run(s, { type: 'choose-backup', folder: '/b/1' });
    expect(s.pending?.effect).toEqual({ kind: 'restore', aws: { ownerProfile: 'central-security', region: 'us-east-2' }, folder: '/b/1' });
  });

  it('diagnose: secret, consumer account, profile, role, then the doctor; its verdict is the exit code', () => {
    let s = run(signedIn('doctor'), { type: 'choose-secret', secret: SECRET_ARN }, { type: 'secret-described', secret: CMK_SECRET }, { type: 'submit-consumer-account', value: CONSUMER });
    expect(s.screen).toBe('consumer-profile'); // no principal question: the doctor diagnoses a role
    s = run(s, { type: 'choose-consumer-profile', profile: null }, { type: 'choose-consumer-identity', identity: 'PRODUCTION_SECRET_ROLE' });
    expect(s.pending?.effect).toEqual({ kind: 'diagnose', aws: { ownerProfile: 'central-security', region: 'us-east-2' }, secret: SECRET_ARN, consumerRole: ROLE_ARN });
    const denied = run(s, { type: 'diagnosed', result: { verdict: 'denied', allowed: false } as never });
    expect(denied.screen).toBe('doctor');
    expect(pick(denied, 'Diagnose another role').screen).toBe('consumer-role');
    expect(pick(denied, 'Exit').exitCode).toBe(EXIT.denied);
  });
});

describe('Ctrl+C', () => {
  it('before the writes: exit 130, nothing written, a running session is left', () => {
    for (const s of [started(), atSecret(), atPrincipal(), atReview(), atConfirm()]) {
      const next = run(s, { type: 'interrupt' });
      expect(next.screen).toBe('cancelled');
      expect(next.exitCode).toBe(EXIT.cancelled);
      expect(next.error?.message).toBe('Cancelled. Nothing was written.');
      if (s.session) expect(runnerCommands(s, next)).toEqual([{ kind: 'abort' }]);
    }
  });

  it('during the writes: the session is asked to stop; the wizard ends when its outcome comes', () => {
    const s = atApply();
    const stopping = run(s, { type: 'interrupt' });
    expect(stopping.session?.cancelRequested).toBe(true);
    expect(stopping.exitCode).toBeUndefined();
    expect(runnerCommands(s, stopping)).toEqual([{ kind: 'abort' }]);
    const ended = run(stopping, { type: 'session-finished', id: sessionId(s), outcome: outcome({ ok: false, status: 'failed', exitCode: 130, results: [{ kind: 'key-policy', target: KEY_ARN, status: 'rolled-back' }] }) });
    expect(ended.exitCode).toBe(EXIT.cancelled);
    expect(ended.error?.message).toBe('Stopped: the writes made so far were rolled back.');
  });

  it('on the summary it leaves with the code of the last operation', () => {
    const s = atApply();
    const done = run(s, { type: 'session-finished', id: sessionId(s), outcome: outcome({ plan: plan(), results: appliedResults() }) });
    expect(run(done, { type: 'interrupt' }).exitCode).toBe(0);
  });

  it('nothing changes once the wizard is over', () => {
    const s = run(started(), { type: 'interrupt' });
    expect(wizardReducer(s, { type: 'choose-flow', flow: 'share' })).toBe(s);
  });
});

describe('Esc goes back one question', () => {
  it('from the profile list to the first screen, from the region to the profiles', () => {
    const profile = run(started(), { type: 'choose-flow', flow: 'share' }, { type: 'profiles-loaded', profiles: [{ name: 'p' }] });
    expect(run(profile, { type: 'back' }).screen).toBe('home');
    expect(run(profile, { type: 'choose-profile', profile: 'p' }, { type: 'back' }).screen).toBe('profile');
  });

  it('from the principal to the account id', () => {
    const s = run(atPrincipal(), { type: 'back' });
    expect(s.screen).toBe('consumer-account');
    expect(s.consumerAccount).toBeUndefined();
  });
});
