import { describe, expect, it } from 'vitest';
import { choicesFor, textPromptFor } from './choices';
import { keyToAction } from './key-map';
import { CONSUMER, KEY_ARN, OWNER, ROLE_ARN, SECRET_ARN, atConsumerAccount, atSecret, plan, run, started } from './test-fixtures';
import { wizardReducer } from './wizard-reducer';
import { EXIT } from './wizard-state';
import type { WizardState } from './wizard-state';

const cmkSecret = { arn: SECRET_ARN, name: 'MY_TEST_SECRET', kmsKeyId: KEY_ARN, usesAwsManagedKey: false };
const view = { pageSize: 10, scrollMax: 40 };

function atPrincipal(): WizardState {
  return run(atConsumerAccount(), { type: 'submit-consumer-account', value: CONSUMER });
}

function atPreview(p = plan()): WizardState {
  return run(atPrincipal(), { type: 'choose-principal-kind', kind: 'account' }, { type: 'choose-consumer-profile', profile: null }, { type: 'choose-consumer-identity', identity: 'PRODUCTION_SECRET_ROLE' }, { type: 'plan-ready', plan: p });
}

function atApply(consumerProfile: string | null = null): WizardState {
  let s = run(atPrincipal(), { type: 'choose-principal-kind', kind: 'account' }, { type: 'choose-consumer-profile', profile: consumerProfile });
  if (consumerProfile) s = run(s, { type: 'connected', identity: { account: OWNER, arn: 'x' } }, { type: 'roles-loaded', roles: [{ name: 'PRODUCTION_SECRET_ROLE', arn: ROLE_ARN }] });
  s = run(s, { type: 'choose-consumer-identity', identity: ROLE_ARN }, { type: 'plan-ready', plan: plan() }, { type: 'preview-continue' }, { type: 'confirm', yes: true });
  return s;
}

describe('step 1: owner account', () => {
  it('starts by reading the AWS profiles', () => {
    const s = started();
    expect(s.screen).toBe('loading');
    expect(s.pending?.effect).toEqual({ kind: 'load-profiles' });
  });

  it('offers the profiles, with the cursor on "default" when there is one', () => {
    const s = run(started(), { type: 'profiles-loaded', profiles: [{ name: 'a' }, { name: 'default' }, { name: 'sso-admin', kind: 'sso', region: 'eu-west-1' }] });
    expect(s.screen).toBe('profile');
    expect(s.pending).toBeUndefined();
    expect(s.cursor).toBe(1);
    expect(choicesFor(s).map((c) => c.label)).toEqual(['a', 'default', 'sso-admin']);
    expect(choicesFor(s)[2]!.hint).toBe('sso · eu-west-1');
  });

  it('skips the profile question when there are no profiles (default credential chain)', () => {
    const s = run(started(), { type: 'profiles-loaded', profiles: [], defaultRegion: 'us-west-2' });
    expect(s.profile).toBeNull();
    expect(s.screen).toBe('region');
    expect(s.input).toBe('us-west-2');
  });

  it('asks the region, pre-filled with the profile region', () => {
    const s = run(started(), { type: 'profiles-loaded', profiles: [{ name: 'p', region: 'eu-central-1' }] }, { type: 'choose-profile', profile: 'p' });
    expect(s.screen).toBe('region');
    expect(s.input).toBe('eu-central-1');
  });

  it('with --profile only: reads the profiles to offer that profile\'s region', () => {
    let s = started({ profile: 'p' });
    expect(s.pending?.effect).toEqual({ kind: 'load-profiles' });
    s = run(s, { type: 'profiles-loaded', profiles: [{ name: 'p', region: 'eu-west-1' }] });
    expect(s.screen).toBe('region');
    expect(s.input).toBe('eu-west-1');
  });

  it('refuses a region that is not one and stays', () => {
    const s = run(started(), { type: 'profiles-loaded', profiles: [{ name: 'p' }] }, { type: 'choose-profile', profile: 'p' }, { type: 'submit-region', region: 'Ohio' });
    expect(s.screen).toBe('region');
    expect(s.inputError).toMatch(/not an AWS region/);
    expect(s.pending).toBeUndefined();
  });

  it('signs in with the profile and region', () => {
    const s = run(started(), { type: 'profiles-loaded', profiles: [{ name: 'p' }] }, { type: 'choose-profile', profile: 'p' }, { type: 'submit-region', region: 'us-east-2' });
    expect(s.pending?.effect).toEqual({ kind: 'connect', profile: 'p', region: 'us-east-2' });
    expect(s.loadingLabel).toMatch(/owner account/);
  });

  it('goes back to the profile list with the reason when signing in fails', () => {
    const s = run(started(), { type: 'profiles-loaded', profiles: [{ name: 'p' }] }, { type: 'choose-profile', profile: 'p' }, { type: 'submit-region', region: 'us-east-2' }, { type: 'effect-failed', effect: 'connect', error: { message: 'The SSO session has expired.', fix: 'Run aws sso login --profile p', source: 'aws' } });
    expect(s.screen).toBe('profile');
    expect(s.profile).toBeUndefined();
    expect(s.inputError).toBe('The SSO session has expired. Run aws sso login --profile p');
    expect(s.exitCode).toBeUndefined();
  });

  it('fails with exit 1 when the profile came as a flag and signing in fails', () => {
    const s = run(started({ profile: 'p', region: 'us-east-2' }), { type: 'effect-failed', effect: 'connect', error: { message: 'no credentials', source: 'aws' } });
    expect(s.screen).toBe('error');
    expect(s.exitCode).toBe(EXIT.failure);
  });

  it('records the caller identity and moves on to the secret list', () => {
    const s = atSecret();
    expect(s.identity?.account).toBe(OWNER);
    expect(s.screen).toBe('secret');
    expect(s.pending?.effect).toEqual({ kind: 'list-secrets', search: '' });
  });
});

describe('step 2: secret', () => {
  const items = [cmkSecret, { arn: `arn:aws:secretsmanager:us-east-2:${OWNER}:secret:LEGACY_SECRET-x1y2z3`, name: 'LEGACY_SECRET', usesAwsManagedKey: true }];

  it('lists the secrets with their key, and offers more pages', () => {
    const s = run(atSecret(), { type: 'secrets-loaded', search: '', items, nextToken: 't1', append: false });
    const labels = choicesFor(s);
    expect(labels.map((c) => c.label)).toEqual(['MY_TEST_SECRET', 'LEGACY_SECRET', 'Load more…']);
    expect(labels[0]!.hint).toBe(`key: ${KEY_ARN}`);
    expect(labels[1]!.hint).toMatch(/aws\/secretsmanager/);
    expect(s.pending).toBeUndefined();
  });

  it('loads the next page and appends it', () => {
    let s = run(atSecret(), { type: 'secrets-loaded', search: '', items, nextToken: 't1', append: false }, { type: 'load-more-secrets' });
    expect(s.pending?.effect).toEqual({ kind: 'list-secrets', search: '', nextToken: 't1' });
    s = run(s, { type: 'secrets-loaded', search: '', items: [{ ...cmkSecret, name: 'THIRD', arn: `${SECRET_ARN}x` }], append: true });
    expect(s.secretList.items.map((i) => i.name)).toEqual(['MY_TEST_SECRET', 'LEGACY_SECRET', 'THIRD']);
    expect(choicesFor(s).some((c) => c.label === 'Load more…')).toBe(false);
  });

  it('searches as you type and drops answers to older searches', () => {
    let s = run(atSecret(), { type: 'type-text', text: 'M' }, { type: 'type-text', text: 'Y' });
    expect(s.input).toBe('MY');
    expect(s.pending?.effect).toEqual({ kind: 'list-secrets', search: 'MY' });
    s = run(s, { type: 'secrets-loaded', search: 'M', items, append: false });
    expect(s.secretList.items).toEqual([]);
    s = run(s, { type: 'secrets-loaded', search: 'MY', items: [cmkSecret], append: false });
    expect(s.secretList.items).toEqual([cmkSecret]);
    s = run(s, { type: 'erase' });
    expect(s.input).toBe('M');
  });

  it('accepts a typed ARN or name that is not in the list', () => {
    const s = run(atSecret(), { type: 'secrets-loaded', search: '', items: [], append: false }, { type: 'type-text', text: 'other/secret' }, { type: 'secrets-loaded', search: 'other/secret', items: [], append: false });
    const choice = choicesFor(s).at(-1)!;
    expect(choice.label).toBe('Use "other/secret" as the secret ARN or name');
    const next = run(s, choice.action);
    expect(next.pending?.effect).toEqual({ kind: 'describe-secret', secret: 'other/secret' });
  });

  it('refuses a pasted secret with a typographic dash', () => {
    const s = run(atSecret(), { type: 'choose-secret', secret: 'my\u2013secret' });
    expect(s.inputError).toMatch(/U\+2013/);
    expect(s.screen).toBe('secret');
  });

  it('shows the reason and stays when the typed secret does not exist', () => {
    const s = run(atSecret(), { type: 'choose-secret', secret: 'nope' }, { type: 'effect-failed', effect: 'describe-secret', error: { message: 'Secrets Manager cannot find the secret "nope".', source: 'user' } });
    expect(s.screen).toBe('secret');
    expect(s.inputError).toMatch(/cannot find/);
  });

  it('stops early with exit 2 on a secret encrypted with aws/secretsmanager', () => {
    const s = run(atSecret(), { type: 'choose-secret', secret: 'LEGACY_SECRET' }, { type: 'secret-described', secret: { ...items[1]! } });
    expect(s.screen).toBe('aws-managed');
    expect(s.exitCode).toBe(EXIT.invalid);
  });

  it('moves on to the consumer with a secret on a customer managed key', () => {
    const s = atConsumerAccount();
    expect(s.secret?.kmsKeyId).toBe(KEY_ARN);
    expect(s.screen).toBe('consumer-account');
  });

  it('skips the list when --secret is given, and exits 2 when it does not exist', () => {
    const s = run(started({ secret: 'MY_TEST_SECRET', profile: 'central-security', region: 'us-east-2' }), { type: 'connected', identity: { account: OWNER, arn: 'x' } });
    expect(s.pending?.effect).toEqual({ kind: 'describe-secret', secret: 'MY_TEST_SECRET' });
    const failed = run(s, { type: 'effect-failed', effect: 'describe-secret', error: { message: '--secret: not found', code: 'SECRET_NOT_FOUND', source: 'user' } });
    expect(failed.exitCode).toBe(EXIT.invalid);
    expect(failed.error?.message).toBe('--secret: not found');
  });
});

describe('step 3: consumer', () => {
  it('refuses an 11-digit account id', () => {
    const s = run(atConsumerAccount(), { type: 'submit-consumer-account', value: '22222222222' });
    expect(s.screen).toBe('consumer-account');
    expect(s.inputError).toMatch(/11 digits/);
  });

  it('refuses the owner account itself', () => {
    const s = run(atConsumerAccount(), { type: 'submit-consumer-account', value: OWNER });
    expect(s.inputError).toMatch(/owner account itself/);
  });

  it('then asks for the principal, account root first and recommended', () => {
    const s = atPrincipal();
    expect(s.screen).toBe('principal');
    expect(choicesFor(s)[0]!.label).toMatch(/account root.*recommended/);
    expect(s.cursor).toBe(0);
  });

  it('with the account root: asks the consumer profile, then lists its roles with a way to skip', () => {
    let s = run(atPrincipal(), { type: 'choose-principal-kind', kind: 'account' });
    expect(s.screen).toBe('consumer-profile');
    expect(choicesFor(s).at(-1)!.label).toMatch(/^None/);
    s = run(s, { type: 'choose-consumer-profile', profile: 'production' });
    expect(s.pending?.effect).toEqual({ kind: 'connect', profile: 'central-security', region: 'us-east-2', consumerProfile: 'production' });
    s = run(s, { type: 'connected', identity: { account: OWNER, arn: 'x' } });
    expect(s.consumerConnected).toBe(true);
    expect(s.pending?.effect).toEqual({ kind: 'list-roles' });
    s = run(s, { type: 'roles-loaded', roles: [{ name: 'PRODUCTION_SECRET_ROLE', arn: ROLE_ARN }] });
    expect(s.screen).toBe('consumer-role');
    expect(choicesFor(s).map((c) => c.label)).toEqual(['PRODUCTION_SECRET_ROLE', expect.stringMatching(/^No role now/)]);
  });

  it('refuses a consumer profile of another account', () => {
    const s = run(atPrincipal(), { type: 'choose-principal-kind', kind: 'account' }, { type: 'choose-consumer-profile', profile: 'central-security' }, { type: 'connected', identity: { account: OWNER, arn: 'x' }, consumer: { account: OWNER, arn: 'y' } });
    expect(s.screen).toBe('consumer-profile');
    expect(s.inputError).toMatch(/signs in to account 111111111111, not to the consumer account 222222222222/);
  });

  it('with the account root and no consumer profile: the role is optional (empty = none)', () => {
    let s = run(atPrincipal(), { type: 'choose-principal-kind', kind: 'account' }, { type: 'choose-consumer-profile', profile: null });
    expect(s.screen).toBe('consumer-role');
    expect(textPromptFor(s)?.label).toMatch(/empty: none/);
    s = run(s, textPromptFor(s)!.submit(''));
    expect(s.consumerIdentity).toBeNull();
    expect(s.pending?.effect).toMatchObject({ kind: 'plan', request: { consumer: CONSUMER, identityPolicy: 'none', secret: SECRET_ARN } });
  });

  it('with a role: a typed name becomes the role ARN in the consumer account and is the principal', () => {
    const s = run(atPrincipal(), { type: 'choose-principal-kind', kind: 'role' }, { type: 'choose-consumer-profile', profile: null }, { type: 'choose-consumer-identity', identity: 'PRODUCTION_SECRET_ROLE' });
    expect(s.pending?.effect).toMatchObject({ kind: 'plan', request: { consumer: ROLE_ARN, consumerIdentity: ROLE_ARN, identityPolicy: 'none' } });
  });

  it('with a role: an empty answer or a role of another account is refused', () => {
    const s = run(atPrincipal(), { type: 'choose-principal-kind', kind: 'role' }, { type: 'choose-consumer-profile', profile: null });
    expect(run(s, { type: 'choose-consumer-identity', identity: null }).inputError).toMatch(/Name the role/);
    expect(run(s, { type: 'choose-consumer-identity', identity: 'arn:aws:iam::333333333333:role/X' }).inputError).toMatch(/not in the consumer account/);
  });

  it('with a user: no role list, a user ARN is built', () => {
    const s = run(atPrincipal(), { type: 'choose-principal-kind', kind: 'user' }, { type: 'choose-consumer-profile', profile: 'production' }, { type: 'connected', identity: { account: OWNER, arn: 'x' } });
    expect(s.screen).toBe('consumer-role');
    const next = run(s, { type: 'choose-consumer-identity', identity: 'deploy-bot' });
    expect(next.pending?.effect).toMatchObject({ kind: 'plan', request: { consumer: `arn:aws:iam::${CONSUMER}:user/deploy-bot` } });
  });

  it('falls back to typing the role when the roles cannot be listed', () => {
    const s = run(atPrincipal(), { type: 'choose-principal-kind', kind: 'role' }, { type: 'choose-consumer-profile', profile: 'production' }, { type: 'connected', identity: { account: OWNER, arn: 'x' } }, { type: 'effect-failed', effect: 'list-roles', error: { message: 'AccessDenied', source: 'aws' } });
    expect(s.screen).toBe('consumer-role');
    expect(textPromptFor(s)).toBeDefined();
    expect(s.inputError).toMatch(/Could not list the roles/);
  });
});

describe('flags skip their steps', () => {
  it('goes straight to signing in and then planning when every answer came as a flag', () => {
    let s = started({ profile: 'central-security', region: 'us-east-2', secret: SECRET_ARN, consumer: ROLE_ARN, consumerProfile: 'production' });
    expect(s.pending?.effect).toEqual({ kind: 'connect', profile: 'central-security', region: 'us-east-2' });
    s = run(s, { type: 'connected', identity: { account: OWNER, arn: 'x' } }, { type: 'secret-described', secret: cmkSecret });
    expect(s.pending?.effect).toMatchObject({ kind: 'connect', consumerProfile: 'production' });
    s = run(s, { type: 'connected', identity: { account: OWNER, arn: 'x' } });
    expect(s.pending?.effect).toMatchObject({ kind: 'plan', request: { consumer: ROLE_ARN, consumerIdentity: ROLE_ARN } });
  });

  it('reads the profiles for the consumer question when --profile skipped step 1', () => {
    let s = run(started({ profile: 'central-security', region: 'us-east-2' }), { type: 'connected', identity: { account: OWNER, arn: 'x' } }, { type: 'secrets-loaded', search: '', items: [], append: false }, { type: 'choose-secret', secret: SECRET_ARN }, { type: 'secret-described', secret: cmkSecret }, { type: 'submit-consumer-account', value: CONSUMER }, { type: 'choose-principal-kind', kind: 'account' });
    expect(s.pending?.effect).toEqual({ kind: 'load-profiles' });
    s = run(s, { type: 'profiles-loaded', profiles: [{ name: 'production' }] });
    expect(s.screen).toBe('consumer-profile');
    expect(s.profile).toBe('central-security');
  });

  it('--consumer with an account id and --consumer-role skip the principal and role screens', () => {
    const s = run(started({ profile: 'p', region: 'us-east-2', secret: SECRET_ARN, consumer: CONSUMER, consumerRole: 'PRODUCTION_SECRET_ROLE', consumerProfile: 'production' }), { type: 'connected', identity: { account: OWNER, arn: 'x' } }, { type: 'secret-described', secret: cmkSecret }, { type: 'connected', identity: { account: OWNER, arn: 'x' } });
    expect(s.pending?.effect).toMatchObject({ kind: 'plan', request: { consumer: CONSUMER, consumerIdentity: 'PRODUCTION_SECRET_ROLE', identityPolicy: 'managed' } });
  });

  it('a bad --consumer ends with exit 2 naming the flag', () => {
    const s = started({ consumer: '22222222222' });
    expect(s.exitCode).toBe(EXIT.invalid);
    expect(s.error?.message).toMatch(/^--consumer: .*11 digits/);
  });

  it('a bad --region ends with exit 2 naming the flag', () => {
    const s = started({ region: 'mars-1' });
    expect(s.exitCode).toBe(EXIT.invalid);
    expect(s.error?.message).toMatch(/^--region/);
  });
});

describe('step 4: preview', () => {
  it('shows the plan and scrolls within bounds', () => {
    let s = atPreview();
    expect(s.screen).toBe('preview');
    s = run(s, { type: 'scroll', delta: 5, max: 3 });
    expect(s.scroll).toBe(3);
    s = run(s, { type: 'scroll', delta: -10, max: 3 });
    expect(s.scroll).toBe(0);
  });

  it('continues to the confirmation with No preselected when a change broadens access', () => {
    const s = run(atPreview(), { type: 'preview-continue' });
    expect(s.screen).toBe('confirm');
    expect(s.cursor).toBe(1);
    expect(choicesFor(s)[s.cursor]!.label).toMatch(/^No/);
  });

  it('preselects Yes when nothing broadens access', () => {
    const p = plan();
    p.changes = p.changes.map((c) => ({ ...c, action: 'update', broadensAccess: false }));
    const s = run(atPreview(p), { type: 'preview-continue' });
    expect(s.cursor).toBe(0);
  });

  it('ends with exit 2 when the plan is blocked by an error finding', () => {
    const p = plan({ blocked: true, findings: [{ code: 'SECRET_AWS_MANAGED_KEY', severity: 'error', message: 'The secret uses aws/secretsmanager.' }] });
    const s = run(atPreview(p), { type: 'preview-continue' });
    expect(s.exitCode).toBe(EXIT.invalid);
    expect(s.error?.message).toMatch(/blocked, nothing was written: The secret uses aws\/secretsmanager/);
  });

  it('ends with exit 0 when there is nothing to change', () => {
    const s = run(atPreview(plan({}, false)), { type: 'preview-continue' });
    expect(s.screen).toBe('summary');
    expect(s.exitCode).toBe(EXIT.ok);
    expect(s.verify?.message).toMatch(/already shared/);
  });

  it('goes back to the role question with Esc and plans again', () => {
    const s = run(atPreview(), { type: 'back' });
    expect(s.screen).toBe('consumer-role');
    expect(s.plan).toBeUndefined();
  });
});

describe('step 5: confirm and apply', () => {
  it('No ends without a write', () => {
    const s = run(atPreview(), { type: 'preview-continue' }, { type: 'confirm', yes: false });
    expect(s.screen).toBe('cancelled');
    expect(s.exitCode).toBe(EXIT.ok);
    expect(s.pending).toBeUndefined();
  });

  it('Yes starts apply with the plan', () => {
    const s = atApply();
    expect(s.screen).toBe('apply');
    expect(s.pending?.effect).toMatchObject({ kind: 'apply', plan: { schema: 'secret-share-wizard/plan@1' } });
  });

  it('draws a line per write that turns from running to done, failed or rolled back', () => {
    let s = run(atApply(), { type: 'apply-progress', event: { type: 'step', id: 'key-policy', status: 'start', message: 'PutKeyPolicy' } });
    expect(s.applyLines).toEqual([{ id: 'key-policy', status: 'running', message: 'PutKeyPolicy' }]);
    s = run(s, { type: 'apply-progress', event: { type: 'step', id: 'key-policy', status: 'done', message: 'PutKeyPolicy' } }, { type: 'apply-progress', event: { type: 'step', id: 'secret-policy', status: 'failed', message: 'PutResourcePolicy' } }, { type: 'apply-progress', event: { type: 'step', id: 'key-policy', status: 'rolled-back', message: 'PutKeyPolicy undone' } });
    expect(s.applyLines.map((l) => l.status)).toEqual(['rolled-back', 'failed']);
    s = run(s, { type: 'apply-progress', event: { type: 'retry', id: 'x', attempt: 2, delayMs: 1000, message: 'IAM is still propagating, retrying' } });
    expect(s.notes).toEqual(['IAM is still propagating, retrying']);
  });

  it('shows a question the core asks and returns to apply with the answer', () => {
    let s = run(atApply(), { type: 'question-asked', question: { code: 'delete-policy-version', message: 'Delete the oldest version?', defaultAnswer: false } });
    expect(s.screen).toBe('question');
    expect(s.cursor).toBe(1);
    s = run(s, { type: 'question-answered', answer: true });
    expect(s.screen).toBe('apply');
    expect(s.question).toBeUndefined();
  });

  it('a failed apply ends with exit 1 and keeps the lines (rollback shown)', () => {
    const s = run(atApply(), { type: 'apply-finished', outcome: { ok: false, rolledBack: true, aborted: false, message: 'PutResourcePolicy failed: rolled back.' } });
    expect(s.screen).toBe('error');
    expect(s.exitCode).toBe(EXIT.failure);
    expect(s.apply?.rolledBack).toBe(true);
  });
});

describe('step 6: verify and summary', () => {
  it('verifies with a consumer profile, then summarises with exit 0 when allowed', () => {
    let s = run(atApply('production'), { type: 'apply-finished', outcome: { ok: true, rolledBack: false, aborted: false, backup: '/tmp/b/1' } });
    expect(s.screen).toBe('verify');
    expect(s.pending?.effect.kind).toBe('verify');
    s = run(s, { type: 'verify-finished', outcome: { ran: true, allowed: true, message: 'GetSecretValue succeeded' } });
    expect(s.screen).toBe('summary');
    expect(s.exitCode).toBe(EXIT.ok);
  });

  it('ends with exit 3 when verify ran and access was denied', () => {
    const s = run(atApply('production'), { type: 'apply-finished', outcome: { ok: true, rolledBack: false, aborted: false } }, { type: 'verify-finished', outcome: { ran: true, allowed: false, message: 'AccessDenied' } });
    expect(s.exitCode).toBe(EXIT.denied);
  });

  it('without a consumer profile: summary says how to verify from the consumer account', () => {
    const s = run(atApply(null), { type: 'apply-finished', outcome: { ok: true, rolledBack: false, aborted: false, backup: '/tmp/b/1' } });
    expect(s.screen).toBe('summary');
    expect(s.verify).toMatchObject({ ran: false });
    expect(s.verify?.message).toMatch(/secret-share-wizard verify --secret arn:aws:secretsmanager/);
    expect(s.exitCode).toBe(EXIT.ok);
  });
});

describe('Ctrl+C', () => {
  it('exits cleanly with 130 before apply', () => {
    for (const s of [started(), atSecret(), atPrincipal(), atPreview()]) {
      const next = run(s, { type: 'interrupt' });
      expect(next.screen).toBe('cancelled');
      expect(next.exitCode).toBe(EXIT.cancelled);
      expect(next.pending).toBeUndefined();
    }
  });

  it('during apply: asks apply to stop, then ends when the current write is finished or rolled back', () => {
    let s = run(atApply(), { type: 'interrupt' });
    expect(s.cancelRequested).toBe(true);
    expect(s.exitCode).toBeUndefined();
    expect(s.pending?.effect.kind).toBe('apply');
    s = run(s, { type: 'apply-finished', outcome: { ok: false, rolledBack: true, aborted: true } });
    expect(s.screen).toBe('cancelled');
    expect(s.exitCode).toBe(EXIT.cancelled);
    expect(s.error?.message).toMatch(/rolled back/);
  });

  it('nothing changes once the wizard is over', () => {
    const s = run(started(), { type: 'interrupt' });
    expect(wizardReducer(s, { type: 'choose-profile', profile: 'x' })).toBe(s);
  });
});

describe('Esc goes back one question', () => {
  it('from the region to the profile list', () => {
    const s = run(started(), { type: 'profiles-loaded', profiles: [{ name: 'p' }] }, { type: 'choose-profile', profile: 'p' }, { type: 'back' });
    expect(s.screen).toBe('profile');
  });

  it('from the principal to the account id', () => {
    const s = run(atPrincipal(), { type: 'back' });
    expect(s.screen).toBe('consumer-account');
    expect(s.consumerAccount).toBeUndefined();
  });
});

describe('keys', () => {
  it('Ctrl+C interrupts on every screen', () => {
    expect(keyToAction(atSecret(), 'c', { ctrl: true }, view)).toEqual({ type: 'interrupt' });
    expect(keyToAction(atApply(), 'c', { ctrl: true }, view)).toEqual({ type: 'interrupt' });
  });

  it('arrows move, Enter picks the highlighted choice', () => {
    const s = atPrincipal();
    const moved = run(s, keyToAction(s, '', { downArrow: true }, view)!);
    expect(moved.cursor).toBe(1);
    expect(keyToAction(moved, '', { return: true }, view)).toEqual({ type: 'choose-principal-kind', kind: 'role' });
    expect(run(moved, { type: 'move-cursor', delta: 10, size: 3 }).cursor).toBe(2);
  });

  it('typing fills the text field, Enter submits it', () => {
    let s = atConsumerAccount();
    for (const ch of CONSUMER) s = run(s, keyToAction(s, ch, {}, view)!);
    expect(s.input).toBe(CONSUMER);
    expect(keyToAction(s, '', { return: true }, view)).toEqual({ type: 'submit-consumer-account', value: CONSUMER });
    expect(keyToAction(s, '', { backspace: true }, view)).toEqual({ type: 'erase' });
  });

  it('preview: arrows and pages scroll, Enter continues', () => {
    const s = atPreview();
    expect(keyToAction(s, '', { pageDown: true }, view)).toEqual({ type: 'scroll', delta: 10, max: 40 });
    expect(keyToAction(s, '', { upArrow: true }, view)).toEqual({ type: 'scroll', delta: -1, max: 40 });
    expect(keyToAction(s, '', { return: true }, view)).toEqual({ type: 'preview-continue' });
  });

  it('confirm: y and n answer directly', () => {
    const s = run(atPreview(), { type: 'preview-continue' });
    expect(keyToAction(s, 'y', {}, view)).toEqual({ type: 'confirm', yes: true });
    expect(keyToAction(s, 'n', {}, view)).toEqual({ type: 'confirm', yes: false });
    expect(keyToAction(s, '', { return: true }, view)).toEqual({ type: 'confirm', yes: false });
  });

  it('no keys but Ctrl+C while applying or loading', () => {
    expect(keyToAction(atApply(), 'y', {}, view)).toBeUndefined();
    expect(keyToAction(atApply(), '', { return: true }, view)).toBeUndefined();
  });
});

describe('report lines', () => {
  it('wrap at spaces and keep a diff line mark on its continuation', async () => {
    const { wrapLines } = await import('./report-lines');
    const lines = wrapLines([{ text: '  +      "Resource": "arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3 and more words here"', tone: 'add' }], 60);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.text.length <= 60 && l.tone === 'add')).toBe(true);
    expect(lines[1]!.text.startsWith('  +      ')).toBe(true);
    expect(lines.map((l, i) => (i === 0 ? l.text : l.text.slice('  +      '.length))).join(' ').replace(/\s+/g, ' ')).toContain('MY_TEST_SECRET-a1b2c3 and more words here');
  });
});

describe('summary for the consumer administrator', () => {
  it('prints the identity policy document when this run did not write it', async () => {
    const { summaryLines } = await import('./report-lines');
    const p = plan();
    const identity = p.changes.find((c) => c.kind === 'identity-policy')!;
    (identity as { after: unknown }).after = { Version: '2012-10-17', Statement: [{ Sid: 'SecretShareWizardGetSecretX', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN }] };
    const s = run(atConsumerAccount(), { type: 'submit-consumer-account', value: CONSUMER }, { type: 'choose-principal-kind', kind: 'account' }, { type: 'choose-consumer-profile', profile: null }, { type: 'choose-consumer-identity', identity: ROLE_ARN }, { type: 'plan-ready', plan: p }, { type: 'preview-continue' }, { type: 'confirm', yes: true }, { type: 'apply-finished', outcome: { ok: true, rolledBack: false, aborted: false } });
    const text = summaryLines(s).map((l) => l.text).join('\n');
    expect(text).toContain(`For the administrator of ${CONSUMER}: attach this identity policy`);
    expect(text).toContain('"Sid": "SecretShareWizardGetSecretX"');
  });

  it('narrows the listed secrets while a search is on its way', () => {
    const s = run(atSecret(), { type: 'secrets-loaded', search: '', items: [cmkSecret, { arn: `${SECRET_ARN}x`, name: 'LEGACY_SECRET', usesAwsManagedKey: true }], append: false }, { type: 'type-text', text: 'leg' });
    expect(choicesFor(s).map((c) => c.label)).toEqual(['LEGACY_SECRET', 'Use "leg" as the secret ARN or name']);
  });
});
