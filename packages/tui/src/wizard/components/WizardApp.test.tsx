import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { EffectRunner } from '../effects/effect-runner';
import { CMK_SECRET, CONSUMER, KEY_ARN, OWNER, ROLE_ARN, SECRET_ARN, appliedResults, atApply, atConfirm, atConsumerAccount, atReview, atSecret, outcome, plan, run, sessionId, started } from '../state/test-fixtures';
import { afterExitLines } from '../state/report-lines';
import type { Effect, WizardState } from '../state/wizard-state';
import { WizardApp } from './WizardApp';

/** Components only render state: these tests start from a state and never reach AWS. */
function idleRunner() {
  const runner = {
    effects: [] as Effect[],
    answers: [] as unknown[],
    aborted: 0,
    run: async (pending: { effect: Effect }) => void runner.effects.push(pending.effect),
    answer: (value: unknown) => void runner.answers.push(value),
    abort: () => void (runner.aborted += 1),
    close: () => {},
  };
  return runner satisfies EffectRunner;
}

function show(state: WizardState, color = false) {
  const exits: number[] = [];
  const runner = idleRunner();
  const app = render(<WizardApp options={{ ...state.options, noColor: !color }} runner={runner} onExit={(c) => exits.push(c)} initial={state} />);
  return { ...app, exits, runner };
}

/** The frame without whitespace: wrapping breaks lines at spaces, so compare text without them. */
function flat(frame: string | undefined): string {
  return (frame ?? '').replace(/\s+/g, '');
}

function expectText(frame: string, text: string): void {
  expect(frame).toContain(text.replace(/\s+/g, ''));
}

async function until(check: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const ENTER = '\r';
const DOWN = '\u001B[B';
const ESC = '\u001B';
const CTRL_C = '\u0003';
const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

const profiles = run(started(), { type: 'choose-flow', flow: 'share' }, { type: 'profiles-loaded', profiles: [{ name: 'central-security', region: 'us-east-2', kind: 'role' }, { name: 'sso-admin', kind: 'sso' }] });

function shared(): WizardState {
  const s = atApply('production');
  return run(s, {
    type: 'session-finished',
    id: sessionId(s),
    outcome: outcome({
      plan: plan(),
      backup: '/home/u/.secret-share-wizard/backups/2026-11-23',
      restoreCommand: "secret-share-wizard restore '/home/u/.secret-share-wizard/backups/2026-11-23' --profile central-security",
      results: appliedResults(),
      record: { consumer: `arn:aws:iam::${CONSUMER}:root`, identityArn: ROLE_ARN, identityMode: 'managed', policyName: 'SecretShareWizard-MY_TEST_SECRET', options: { versionStage: 'AWSCURRENT', grantDescribe: false, contextCondition: true }, createdAt: '2026-11-23T08:00:00Z', tool: 'secret-share-wizard/0.1.0' },
      verify: { ok: true, secretArn: SECRET_ARN, principal: 'arn:aws:sts::222222222222:assumed-role/PRODUCTION_SECRET_ROLE/ssw', versionStage: 'AWSCURRENT', versionId: 'v1', length: 24, fingerprint: '0a1b2c3d' },
    }),
  });
}

describe('WizardApp', () => {
  it('the first screen offers every flow; Enter on "Share a secret" starts it', async () => {
    const app = show(started());
    expect(app.lastFrame()).toContain('What do you want to do?');
    for (const entry of ['❯ Share a secret', 'Revoke a share', 'List shares', 'Restore a backup', 'Diagnose access']) expect(app.lastFrame()).toContain(entry);
    app.stdin.write(ENTER);
    await until(() => app.runner.effects.length > 0, 'the first effect');
    expect(app.runner.effects).toEqual([{ kind: 'load-profiles' }]);
    app.unmount();
  });

  it('step 1 lists the profiles with their kind under the flow and step, and moves with the arrows', async () => {
    const app = show(profiles);
    expect(app.lastFrame()).toContain('Share a secret · Step 1 of 6: Owner account');
    expect(app.lastFrame()).toContain('❯ central-security  role · us-east-2');
    app.stdin.write(DOWN);
    await until(() => app.lastFrame()!.includes('❯ sso-admin'), 'the cursor to move');
    app.stdin.write(ENTER);
    await until(() => app.lastFrame()!.includes('Which region is the secret in?'), 'the region question');
    app.unmount();
  });

  it('shows the account id and caller ARN once signed in, and the secrets with their key', () => {
    const s = run(atSecret(), { type: 'secrets-loaded', search: '', items: [CMK_SECRET, { arn: `${SECRET_ARN}x`, name: 'LEGACY_SECRET', usesAwsManagedKey: true }], nextToken: 'n', append: false });
    const frame = flat(show(s).lastFrame());
    expectText(frame, `✔ Owner    central-security · us-east-2 · ${OWNER} · arn:aws:sts::${OWNER}:assumed-role/x/central-security`);
    expectText(frame, `MY_TEST_SECRET  key: ${KEY_ARN}`);
    expectText(frame, 'LEGACY_SECRET  key: aws/secretsmanager (AWS managed: cannot be shared)');
  });

  it('a text field takes a paste, a burst of backspaces and Ctrl+U arriving in one read', async () => {
    const app = show(atConsumerAccount());
    app.stdin.write('22222222222299\u007f\u007f');
    await until(() => app.lastFrame()!.includes(`› ${CONSUMER}`), 'the pasted, then corrected, account');
    app.stdin.write('x\u0015');
    await until(() => app.lastFrame()!.includes('› ') && app.lastFrame()!.includes('e.g. 222222222222'), 'the cleared field');
    app.stdin.write(`${CONSUMER}${ENTER}`);
    await until(() => app.lastFrame()!.includes(`Who in ${CONSUMER} gets access?`), 'the next question');
    app.unmount();
  });

  it('the principal forms, each with its one-line trade-off', () => {
    const frame = flat(show(run(atConsumerAccount(), { type: 'submit-consumer-account', value: CONSUMER })).lastFrame());
    expectText(frame, '❯ The consumer account (account root) — recommended');
    expectText(frame, 'survives any role being recreated');
    expectText(frame, 'One exact role (its ARN is the principal)');
    expectText(frame, 'deleted and recreated with the same name');
    expectText(frame, 'One role, by condition (account root + aws:PrincipalArn)');
    expectText(frame, 'a recreated role keeps access');
  });

  it('a secret on aws/secretsmanager: the explanation and the move offered inline', () => {
    const s = run(atSecret(), { type: 'choose-secret', secret: 'LEGACY_SECRET' }, { type: 'secret-described', secret: { arn: `${SECRET_ARN}x`, name: 'LEGACY_SECRET', usesAwsManagedKey: true } });
    const frame = flat(show(s).lastFrame());
    expectText(frame, 'LEGACY_SECRET is encrypted with the AWS managed key aws/secretsmanager.');
    expectText(frame, '❯ Move it to a customer managed key you have');
    expectText(frame, 'Move it to a new customer managed key');
    expectText(frame, 'Choose another secret');
  });

  it('the review: simulation before → after, findings by severity, coloured diffs, scrolls', async () => {
    const app = show(atReview(), true);
    const frame = flat(app.lastFrame());
    expectText(frame, 'Share a secret · Step 4 of 6: Review');
    expectText(frame, 'before: ✖ blocked by the secret resource policy');
    expectText(frame, 'after:  ✔ the consumer can read the secret');
    expectText(frame, 'Findings: 1 warning, 1 info');
    app.stdin.write('\u001B[6~'); // PgDn
    await until(() => !app.lastFrame()!.includes('Will it work?'), 'the preview to scroll');
    expect(app.lastFrame()).toMatch(/\+ {4}\{ "Sid": "SecretShareWizard/);
    app.unmount();
  });

  it('the confirm screen lists the writes per account, how many, and that they broaden access; No is pre-selected', async () => {
    const app = show(atConfirm());
    const frame = flat(app.lastFrame());
    expectText(frame, 'Apply 3 writes in 2 accounts (111111111111: 2, 222222222222: 1), broadening access?');
    expectText(frame, '3 writes in 2 accounts; they BROADEN access');
    expectText(frame, 'Account 111111111111 (owner of the secret, profile central-security): 2 writes');
    expectText(frame, `update KMS key policy of ${KEY_ARN}  (broadens access)`);
    expectText(frame, 'Account 222222222222 (consumer): 1 write');
    expectText(frame, '❯ No, go back and change the answers (nothing is written)');
    app.stdin.write('\u001B[6~'); // PgDn: the rest of the writes
    await until(() => flat(app.lastFrame()).includes(`updatemanagedidentitypolicySecretShareWizard-MY_TEST_SECRETof${ROLE_ARN}`), 'the consumer write');
    app.unmount();
  });

  it('before the session asks, the confirm screen waits; y then answers nothing', async () => {
    const s = run(atReview(), { type: 'preview-continue' });
    const app = show(s);
    expect(app.lastFrame()).toMatch(/Waiting for the session's question/);
    app.stdin.write('y');
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.runner.answers).toEqual([]);
    app.unmount();
  });

  it('y approves (the session gets true); n goes back to the answers (no exit)', async () => {
    const yes = show(atConfirm());
    yes.stdin.write('y');
    await until(() => yes.runner.answers.length > 0, 'the answer');
    expect(yes.runner.answers).toEqual([true]);
    await until(() => yes.lastFrame()!.includes('Share a secret · Step 5 of 6: Apply'), 'the apply step');
    yes.unmount();
    const no = show(atConfirm());
    no.stdin.write(ESC);
    await until(() => no.lastFrame()!.includes('Nothing was written: you chose not to apply.'), 'the notice');
    expect(no.runner.aborted).toBe(1);
    expect(no.exits).toEqual([]);
    no.unmount();
  });

  it('apply: a live line per write under the apply step; a failure leaves no spinner and offers the way on', () => {
    let s = atApply('production');
    const id = sessionId(s);
    s = run(s, { type: 'session-event', id, event: { type: 'step', id: 'apply.identity-policy', status: 'done', message: 'Wrote the consumer identity policy' } }, { type: 'session-event', id, event: { type: 'step', id: 'apply.key-policy', status: 'start', message: 'Writing the KMS key policy' } });
    const app = show(s);
    expect(app.lastFrame()).toContain('Share a secret · Step 5 of 6: Apply');
    expect(app.lastFrame()).toContain('✔ Wrote the consumer identity policy');
    expect(app.lastFrame()).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Writing the KMS key policy/);
    expect(app.lastFrame()).toContain('Ctrl+C stop (rolls back)');
    app.unmount();
    const failed = run(
      s,
      { type: 'session-event', id, event: { type: 'step', id: 'apply.identity-policy', status: 'rolled-back', message: 'Rolled back the consumer identity policy' } },
      { type: 'session-finished', id, outcome: outcome({ ok: false, status: 'failed', exitCode: 1, backup: '/b/1', error: { code: 'AWS_ERROR', message: 'PutKeyPolicy failed: AccessDenied', fix: 'Check the key policy', source: 'aws' } }) },
    );
    const after = show(failed);
    const frame = after.lastFrame()!;
    expect(frame).toContain('↺ Rolled back the consumer identity policy');
    expect(frame).toContain('✖ Writing the KMS key policy');
    expect(frame).toContain('✖ PutKeyPolicy failed: AccessDenied');
    expect(frame).toContain('  Check the key policy');
    expect(frame).toContain('Backup: /b/1');
    expect(frame).toContain('❯ Try again');
    expect(frame).not.toMatch(SPINNER);
    expect(after.exits).toEqual([]);
    after.unmount();
  });

  it('Ctrl+C during apply asks the session to stop instead of exiting', async () => {
    const app = show(atApply('production'));
    app.stdin.write(CTRL_C);
    await until(() => app.lastFrame()!.includes('Stopping: finishing or rolling back the current write'), 'the stopping line');
    expect(app.runner.aborted).toBe(1);
    expect(app.exits).toEqual([]);
    app.unmount();
  });

  it('Ctrl+C before apply exits with 130', async () => {
    const app = show(profiles);
    app.stdin.write(CTRL_C);
    await until(() => app.exits.length > 0, 'the exit');
    expect(app.exits).toEqual([130]);
    expect(app.lastFrame()).toContain('Cancelled. Nothing was written.');
    app.unmount();
  });

  it('summary: what was written, the record, verification, backup; Exit leaves with the code', async () => {
    const s = shared();
    const app = show(s);
    const frame = flat(app.lastFrame());
    expectText(frame, 'Share a secret · Step 6 of 6: Summary');
    expectText(frame, 'Done: the secret is shared, and the consumer read it.');
    expectText(frame, `✔ KMS key policy updated on ${KEY_ARN}`);
    expectText(frame, 'Recorded on the secret (a tag every operator can list)');
    expectText(frame, 'Show the snippets for the consumer team');
    expectText(frame, '❯ Exit');
    app.stdin.write('\u001B[6~'); // PgDn: the rest of the summary
    await until(() => flat(app.lastFrame()).includes('Backupofthepreviouspolicies'), 'the rest of the summary');
    const rest = flat(app.lastFrame());
    expectText(rest, `via ${ROLE_ARN} · identity policy managed SecretShareWizard-MY_TEST_SECRET`);
    expectText(rest, '✔ arn:aws:sts::222222222222:assumed-role/PRODUCTION_SECRET_ROLE/ssw read the secret (AWSCURRENT, 24 characters, SHA-256 0a1b2c3d…).');
    expectText(rest, 'Backup of the previous policies: /home/u/.secret-share-wizard/backups/2026-11-23');
    expectText(rest, "Put them back with: secret-share-wizard restore '/home/u/.secret-share-wizard/backups/2026-11-23'");
    expect(app.exits).toEqual([]);
    app.stdin.write(ENTER);
    await until(() => app.exits.length > 0, 'the exit');
    expect(app.exits).toEqual([0]);
    app.unmount();
    // Printed after the UI closes (unwrapped, to copy): the revoke command.
    expect(afterExitLines(s).map((l) => l.text)).toContain(`  secret-share-wizard revoke --secret ${SECRET_ARN} --consumer arn:aws:iam::${CONSUMER}:root --consumer-role ${ROLE_ARN} --profile central-security --consumer-profile production --region us-east-2`);
  });

  it('the consumer snippets page with ← →; they are printed after exit once opened', async () => {
    const s = run(shared(), { type: 'next', step: 'snippets' });
    const app = show(s);
    expect(app.lastFrame()).toContain('ECS task definition: secrets[].valueFrom  (1 of 7)');
    expectText(flat(app.lastFrame()), `"valueFrom": "${SECRET_ARN}::AWSCURRENT:"`);
    app.stdin.write('\u001B[C'); // →
    await until(() => app.lastFrame()!.includes('(2 of 7)'), 'the next page');
    app.stdin.write(ESC);
    await until(() => app.lastFrame()!.includes('Done: the secret is shared'), 'the summary');
    app.unmount();
    const printed = afterExitLines(s).map((l) => l.text);
    expect(printed).toContain('# ECS task definition: secrets[].valueFrom');
    expect(printed.some((t) => t.includes(`secretsmanager get-secret-value --secret-id ${SECRET_ARN}`))).toBe(true);
  });

  it('a question the core asks during apply, the answer handed back', async () => {
    const s = atApply('production');
    const app = show(run(s, { type: 'session-asked', id: sessionId(s), question: { code: 'delete-policy-version', message: 'The policy has 5 versions. Delete the oldest?', payload: { policyArn: 'p', versionId: 'v1' }, defaultAnswer: false } }));
    expect(app.lastFrame()).toContain('The policy has 5 versions. Delete the oldest?');
    expect(app.lastFrame()).toContain('❯ No');
    app.stdin.write('y');
    await until(() => app.runner.answers.length > 0, 'the answer');
    expect(app.runner.answers).toEqual([true]);
    app.unmount();
  });

  it('the revoke picker and the credentials the revoke session asks for', () => {
    const base = run(started(), { type: 'choose-flow', flow: 'revoke' }, { type: 'profiles-loaded', profiles: [{ name: 'central-security', region: 'us-east-2' }, { name: 'production' }] }, { type: 'choose-profile', profile: 'central-security' }, { type: 'submit-region', region: 'us-east-2' }, { type: 'connected', identity: { account: OWNER, arn: 'x' } });
    const listing = { secret: SECRET_ARN, consumer: `arn:aws:iam::${CONSUMER}:root`, consumerRole: ROLE_ARN, identityPolicy: null, state: 'partial' as const, sides: { secretPolicy: 'present' as const, keyPolicy: 'missing' as const, identityPolicy: 'unknown' as const }, recorded: true };
    const picker = run(base, { type: 'shares-loaded', shares: [listing], secrets: 2 });
    const frame = flat(show(picker).lastFrame());
    expectText(frame, 'Revoke a share · Step 2 of 5: Share');
    expectText(frame, 'Which share do you want to revoke?');
    expectText(frame, `❯ MY_TEST_SECRET-a1b2c3 → arn:aws:iam::${CONSUMER}:root via PRODUCTION_SECRET_ROLE  partial`);
    const revoking = run(picker, { type: 'choose-share', index: 0 });
    const asked = run(revoking, { type: 'session-asked', id: sessionId(revoking), question: { code: 'credentials', message: 'Which AWS profile signs in to the consumer account 222222222222? The share’s identity policy is there.', payload: { account: CONSUMER, side: 'consumer', reason: 'remove it' }, defaultAnswer: null } });
    const credentials = flat(show(asked).lastFrame());
    expectText(credentials, 'Which AWS profile signs in to the consumer account 222222222222?');
    expectText(credentials, '❯ production');
    expectText(credentials, 'None (the session stops: nothing is written)');
  });

  it('the list of shares (list flow) shows each share and its sides', () => {
    const s = run(started(), { type: 'choose-flow', flow: 'list' }, { type: 'profiles-loaded', profiles: [{ name: 'central-security', region: 'us-east-2' }] }, { type: 'choose-profile', profile: 'central-security' }, { type: 'submit-region', region: 'us-east-2' }, { type: 'connected', identity: { account: OWNER, arn: 'x' } }, {
      type: 'shares-loaded',
      shares: [{ secret: SECRET_ARN, consumer: `arn:aws:iam::${CONSUMER}:root`, consumerRole: ROLE_ARN, identityPolicy: 'arn:aws:iam::222222222222:policy/P', state: 'complete', sides: { secretPolicy: 'present', keyPolicy: 'present', identityPolicy: 'present' }, recorded: true }],
      secrets: 3,
    });
    const frame = flat(show(s).lastFrame());
    expectText(frame, `complete  ${SECRET_ARN}`);
    expectText(frame, 'secret policy: present · key policy: present · identity policy: present');
    expectText(frame, '1 share in 3 secrets.');
    expectText(frame, 'Revoke one of these shares');
  });

  it('an error screen: message and fix on two lines, the ways on, no spinner', () => {
    const s = run(profiles, { type: 'choose-profile', profile: 'central-security' }, { type: 'submit-region', region: 'us-east-2' }, { type: 'effect-failed', effect: 'connect', error: { message: 'The SSO session for central-security has expired.', fix: 'Run: aws sso login --profile central-security', source: 'aws' } });
    const frame = show(s).lastFrame()!;
    expect(frame).toContain('✖ The SSO session for central-security has expired.\n  Run: aws sso login --profile central-security');
    expect(frame).toContain('❯ Try again');
    expect(frame).toContain('Go back: choose another profile');
    expect(frame).toContain('Exit (exit code 1)');
    expect(frame).not.toMatch(SPINNER);
  });
});
