import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { EffectRunner } from '../effects/effect-runner';
import { CONSUMER, KEY_ARN, OWNER, ROLE_ARN, SECRET_ARN, atConsumerAccount, atSecret, options, plan, run, started } from '../state/test-fixtures';
import { summaryCopyLines } from '../state/report-lines';
import type { WizardState } from '../state/wizard-state';
import { WizardApp } from './WizardApp';

/** Components only render state: these tests start from a state and never reach AWS. */
function idleRunner(): EffectRunner & { answers: boolean[]; aborted: number } {
  const runner = {
    answers: [] as boolean[],
    aborted: 0,
    run: async () => {},
    answer: (yes: boolean) => void runner.answers.push(yes),
    abort: () => void (runner.aborted += 1),
    close: () => {},
  };
  return runner;
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
const CTRL_C = '\u0003';

const profiles = run(started(), { type: 'profiles-loaded', profiles: [{ name: 'central-security', region: 'us-east-2', kind: 'role' }, { name: 'sso-admin', kind: 'sso' }] });

function atPreview(consumerProfile: string | null = null): WizardState {
  let s = run(atConsumerAccount(), { type: 'submit-consumer-account', value: CONSUMER }, { type: 'choose-principal-kind', kind: 'account' }, { type: 'choose-consumer-profile', profile: consumerProfile });
  if (consumerProfile) s = run(s, { type: 'connected', identity: { account: OWNER, arn: 'x' } }, { type: 'roles-loaded', roles: [{ name: 'PRODUCTION_SECRET_ROLE', arn: ROLE_ARN }] });
  return run(s, { type: 'choose-consumer-identity', identity: ROLE_ARN }, { type: 'plan-ready', plan: plan() });
}

describe('WizardApp', () => {
  it('step 1 lists the profiles with their kind, and moves with the arrows', async () => {
    const app = show(profiles);
    expect(app.lastFrame()).toContain('Step 1 of 6: Owner account');
    expect(app.lastFrame()).toContain('❯ central-security  role · us-east-2');
    expect(app.lastFrame()).toContain('sso-admin  sso');
    app.stdin.write(DOWN);
    await until(() => app.lastFrame()!.includes('❯ sso-admin'), 'the cursor to move');
    app.stdin.write(ENTER);
    await until(() => app.lastFrame()!.includes('Which region is the secret in?'), 'the region question');
    app.unmount();
  });

  it('shows the account id and caller ARN once signed in, and the secrets with their key', () => {
    const s = run(atSecret(), { type: 'secrets-loaded', search: '', items: [{ arn: SECRET_ARN, name: 'MY_TEST_SECRET', kmsKeyId: KEY_ARN, usesAwsManagedKey: false }, { arn: `${SECRET_ARN}x`, name: 'LEGACY_SECRET', usesAwsManagedKey: true }], nextToken: 'n', append: false });
    const app = show(s);
    const frame = flat(app.lastFrame());
    expectText(frame, `✔ Owner    central-security · us-east-2 · ${OWNER} · arn:aws:sts::${OWNER}:assumed-role/x/central-security`);
    expectText(frame, `MY_TEST_SECRET  key: ${KEY_ARN}`);
    expectText(frame, 'LEGACY_SECRET  key: aws/secretsmanager (AWS managed: cannot be shared)');
    expectText(frame, 'Load more…');
    app.unmount();
  });

  it('types into the search field', async () => {
    const app = show(atSecret());
    app.stdin.write('MY_');
    await until(() => app.lastFrame()!.includes('› MY_'), 'the typed text');
    expect(app.lastFrame()).toContain('Use "MY_" as the secret ARN or name');
    app.unmount();
  });

  it('stops on aws/secretsmanager with the explanation and the way out', () => {
    const s = run(atSecret(), { type: 'choose-secret', secret: 'LEGACY_SECRET' }, { type: 'secret-described', secret: { arn: `arn:aws:secretsmanager:us-east-2:${OWNER}:secret:LEGACY_SECRET-abcdef`, name: 'LEGACY_SECRET', usesAwsManagedKey: true } });
    const app = show(s);
    const frame = flat(app.lastFrame());
    expectText(frame, 'LEGACY_SECRET is encrypted with the AWS managed key aws/secretsmanager');
    expectText(frame, `aws secretsmanager update-secret --secret-id arn:aws:secretsmanager:us-east-2:${OWNER}:secret:LEGACY_SECRET-abcdef --kms-key-id`);
    expectText(frame, `secret-share-wizard plan --secret arn:aws:secretsmanager:us-east-2:${OWNER}:secret:LEGACY_SECRET-abcdef --consumer <ACCOUNT_ID> --move-to-key new --profile central-security`);
    expect(app.exits).toEqual([2]);
    app.unmount();
  });

  it('step 3 explains the principal trade-off, account root first', () => {
    const app = show(run(atConsumerAccount(), { type: 'submit-consumer-account', value: CONSUMER }));
    const frame = flat(app.lastFrame());
    expectText(frame, '❯ The consumer account (account root) — recommended');
    expectText(frame, 'That is delegation, and it keeps working when roles are deleted and recreated.');
    expectText(frame, 'recreating it silently breaks the grant');
    app.unmount();
  });

  it('refuses an 11-digit account with the reason', async () => {
    const app = show(atConsumerAccount());
    app.stdin.write('22222222222');
    await until(() => app.lastFrame()!.includes('› 22222222222'), 'the typed account');
    app.stdin.write(ENTER);
    await until(() => app.lastFrame()!.includes('11 digits'), 'the error');
    app.unmount();
  });

  it('preview: simulation before → after, findings by severity, coloured diffs, scrolls', async () => {
    const app = show(atPreview(), true);
    const frame = flat(app.lastFrame());
    expectText(frame, 'Will it work?');
    expectText(frame, 'before: ✖ blocked by the secret resource policy');
    expectText(frame, 'after:  ✔ the consumer can read the secret');
    expectText(frame, 'Findings: 1 warning, 1 info');
    expect(frame.indexOf('!warning')).toBeGreaterThan(0);
    expect(frame.indexOf('!warning')).toBeLessThan(frame.indexOf('iinfo'));
    expectText(frame, 'for the consumer administrator to apply');
    app.stdin.write('\u001B[6~'); // PgDn
    await until(() => !app.lastFrame()!.includes('Will it work?'), 'the preview to scroll');
    expect(app.lastFrame()).toMatch(/\+ {4}\{ "Sid": "SecretShareWizard/);
    app.unmount();
  });

  it('without colour the diff keeps its +/- marks and has no colour codes', async () => {
    const app = show(atPreview(), false);
    app.stdin.write('\u001B[6~');
    await until(() => flat(app.lastFrame()).includes('-"Statement":[]'), 'the removed line');
    expect(app.lastFrame()).not.toContain(`\u001B[3`);
    app.unmount();
  });

  it('confirm defaults to No when a change broadens access', async () => {
    const app = show(atPreview());
    app.stdin.write(ENTER);
    await until(() => app.lastFrame()!.includes('Apply these changes?'), 'the confirmation');
    expect(app.lastFrame()).toContain('❯ No, exit without changing anything');
    app.stdin.write(ENTER);
    await until(() => app.exits.length > 0, 'the exit');
    expect(app.exits).toEqual([0]);
    expect(app.lastFrame()).toContain('Nothing was changed');
    app.unmount();
  });

  it('apply: a live line per write, rollback shown', () => {
    let s = run(atPreview('production'), { type: 'preview-continue' }, { type: 'confirm', yes: true });
    s = run(
      s,
      { type: 'apply-progress', event: { type: 'step', id: 'apply.identity-policy', status: 'done', message: 'Wrote the consumer identity policy' } },
      { type: 'apply-progress', event: { type: 'step', id: 'apply.key-policy', status: 'start', message: 'Writing the KMS key policy' } },
    );
    const app = show(s);
    expect(app.lastFrame()).toContain('✔ Wrote the consumer identity policy');
    expect(app.lastFrame()).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Writing the KMS key policy/);
    expect(app.lastFrame()).toContain('Ctrl+C stop (rolls back)');
    app.unmount();
    const failed = run(s, { type: 'apply-progress', event: { type: 'step', id: 'apply.key-policy', status: 'failed', message: 'KMS key policy: AccessDenied' } }, { type: 'apply-progress', event: { type: 'step', id: 'apply.identity-policy', status: 'rolled-back', message: 'Rolled back the consumer identity policy' } }, { type: 'apply-finished', outcome: { ok: false, rolledBack: true, aborted: false, message: 'Apply failed; rolled back.', backup: '/b/1' } });
    const after = show(failed);
    expect(after.lastFrame()).toContain('↺ Rolled back the consumer identity policy');
    expect(after.lastFrame()).toContain('✖ KMS key policy: AccessDenied');
    expect(after.lastFrame()).toContain('Backup: /b/1');
    expect(after.exits).toEqual([1]);
    after.unmount();
  });

  it('Ctrl+C during apply asks apply to stop instead of exiting', async () => {
    const s = run(atPreview('production'), { type: 'preview-continue' }, { type: 'confirm', yes: true });
    const exits: number[] = [];
    const runner = idleRunner();
    const app = render(<WizardApp options={options()} runner={runner} onExit={(c) => exits.push(c)} initial={s} />);
    app.stdin.write(CTRL_C);
    await until(() => app.lastFrame()!.includes('Stopping: finishing or rolling back the current write'), 'the stopping line');
    expect(runner.aborted).toBe(1);
    expect(exits).toEqual([]);
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

  it('summary: what changed, verification, backup folder and the exact revoke command', () => {
    const s = run(
      atPreview('production'),
      { type: 'preview-continue' },
      { type: 'confirm', yes: true },
      { type: 'apply-finished', outcome: { ok: true, rolledBack: false, aborted: false, backup: '/home/u/.secret-share-wizard/backups/2026-11-23', results: [{ kind: 'identity-policy', target: ROLE_ARN, status: 'applied' }, { kind: 'key-policy', target: KEY_ARN, status: 'applied' }, { kind: 'secret-policy', target: SECRET_ARN, status: 'applied' }] } },
      { type: 'verify-finished', outcome: { ran: true, allowed: true, message: 'PRODUCTION_SECRET_ROLE read the secret (GetSecretValue)' } },
    );
    const app = show(s);
    const frame = flat(app.lastFrame());
    expectText(frame, 'Done: the secret is shared.');
    expectText(frame, `✔ KMS key policy updated on ${KEY_ARN}`);
    expectText(frame, '✔ PRODUCTION_SECRET_ROLE read the secret');
    expectText(frame, 'Backup of the previous policies: /home/u/.secret-share-wizard/backups/2026-11-23');
    expect(app.exits).toEqual([0]);
    // The revoke command is printed after the UI closes (unwrapped, to copy): see render-wizard.
    expect(summaryCopyLines(s).map((l) => l.text)).toContain(`  secret-share-wizard revoke --secret ${SECRET_ARN} --consumer arn:aws:iam::${CONSUMER}:root --consumer-role ${ROLE_ARN} --profile central-security --consumer-profile production --region us-east-2`);
    app.unmount();
  });

  it('shows a question the core asks during apply and hands the answer back', async () => {
    const s = run(atPreview('production'), { type: 'preview-continue' }, { type: 'confirm', yes: true }, { type: 'question-asked', question: { code: 'delete-policy-version', message: 'The policy has 5 versions. Delete the oldest?', defaultAnswer: false } });
    const app = show(s);
    expect(app.lastFrame()).toContain('The policy has 5 versions. Delete the oldest?');
    expect(app.lastFrame()).toContain('❯ No');
    app.stdin.write('y');
    await until(() => app.runner.answers.length > 0, 'the answer');
    expect(app.runner.answers).toEqual([true]);
    await until(() => !app.lastFrame()!.includes('Delete the oldest?'), 'the question to close');
    app.unmount();
  });
});
