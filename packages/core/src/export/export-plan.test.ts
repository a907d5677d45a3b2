import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { thrownWizardError } from '../errors/thrown-wizard-error';
import { offlineState, planOffline, type OfflinePlanInput } from '../plan/plan-offline';
import { planShare } from '../plan/plan-share';
import type { PolicyChange } from '../plan/plan-types';
import type { PolicyDocument } from '../policy/policy-types';
import { shellQuote } from './export-cli';
import { exportPlan } from './export-plan';
import { EXPORT_FORMATS } from './export-types';
import { hclString, hclValue } from './hcl';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const KEY_POLICY: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] };
const TRICKY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Tricky', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'secretsmanager:DescribeSecret', Resource: '*', Condition: { StringLike: { 'aws:PrincipalTag/x': ["${aws:username}", "it's", '$(touch /tmp/ssw-pwned)', '`id`', 'a\\b'] } } }],
};
const base: OfflinePlanInput = { secretArn: SECRET, keyArn: KEY, consumer: ROLE, keyPolicy: KEY_POLICY, secretPolicy: TRICKY, now: new Date('2026-01-01T00:00:00Z') };

describe('exportPlan: what can be exported', () => {
  it('refuses a revoke plan, a plan blocked by errors, and a plan that creates a key', () => {
    expect(thrownWizardError(() => exportPlan(planOffline({ ...base, operation: 'revoke' }), 'cli')).code).toBe('EXPORT_UNSUPPORTED');
    const blocked = planOffline({ secretArn: SECRET, consumer: ROLE });
    expect(blocked.blocked).toBe(true);
    const error = thrownWizardError(() => exportPlan(blocked, 'terraform'));
    expect(error).toMatchObject({ code: 'PLAN_BLOCKED', source: 'user' });
    expect(error.message).toContain('SECRET_AWS_MANAGED_KEY');
    expect(error.fix).toBeTruthy();
    const newKey = planOffline({ secretArn: SECRET, consumer: ROLE, moveToKey: 'new' });
    expect(thrownWizardError(() => exportPlan(newKey, 'cloudformation')).code).toBe('EXPORT_NEW_KEY');
  });

  it('exports a plan blocked only by IAC_MANAGED_RESOURCE: the export is the way to change an IaC-managed secret', () => {
    const state = offlineState(base);
    const plan = planShare({ ...state, secret: { ...state.secret, tags: { 'aws:cloudformation:stack-name': 'app' } } }, planOffline(base).request, new Date(0));
    expect(plan.blocked).toBe(true);
    for (const format of EXPORT_FORMATS) expect(exportPlan(plan, format).files.length).toBeGreaterThan(0);
  });
});

describe('exportPlan cli: the script', () => {
  it('passes documents through quoted heredocs: bash expands nothing in them', () => {
    const plan = planOffline(base);
    const script = exportPlan(plan, 'cli', { ownerProfile: 'central-security', consumerProfile: 'production' }).files[0]!.content;
    const lines = script.split('\n');
    const start = lines.findIndex((line) => line.startsWith('SECRET_POLICY="$(cat <<'));
    const end = lines.indexOf(')"', start);
    const assignment = lines.slice(start, end + 1).join('\n');
    const printed = execFileSync('bash', ['-c', `set -euo pipefail\n${assignment}\nprintf '%s' "$SECRET_POLICY"`], { encoding: 'utf8' });
    expect(JSON.parse(printed)).toEqual(plan.changes.find((c): c is PolicyChange => c.kind === 'secret-policy')!.after);
    expect(script).not.toMatch(/[\u2010-\u2015\u2212]/);
    expect(script).toContain('set -euo pipefail');
    expect(script).toContain('OWNER_PROFILE="${OWNER_PROFILE:-central-security}"');
    expect(script).toContain('CONSUMER_PROFILE="${CONSUMER_PROFILE:-production}"');
    expect(script).toContain('--block-public-policy');
    expect(script).toContain('--policy-name default');
    expect(script).toContain(`--secret-id ${SECRET} `);
    expect(script).not.toContain('bypass-policy-lockout');
  });

  it('skips changes with action none; without a consumer profile the script demands one', () => {
    const first = planOffline(base);
    const after = (kind: PolicyChange['kind']) => first.changes.find((c): c is PolicyChange => c.kind === kind)!.after;
    const again = planOffline({ ...base, secretPolicy: after('secret-policy'), keyPolicy: after('key-policy')! });
    expect(again.changes.map((c) => c.action)).toEqual(['create', 'none', 'none']);
    const script = exportPlan(again, 'cli').files[0]!.content;
    expect(script).not.toContain('put-key-policy');
    expect(script).not.toContain('put-resource-policy');
    expect(script).toContain('aws iam create-policy');
    expect(script).toContain('CONSUMER_PROFILE="${CONSUMER_PROFILE:?set CONSUMER_PROFILE to a profile of account 222222222222}"');
    expect(script).not.toContain('check_account "$OWNER_PROFILE"');
  });

  it('shellQuote leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote(SECRET)).toBe(SECRET);
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    expect(execFileSync('bash', ['-c', `printf '%s' ${shellQuote("it's $HOME `id`")}`], { encoding: 'utf8' })).toBe("it's $HOME `id`");
  });
});

describe('hcl', () => {
  it('escapes quotes, backslashes, control characters and template sequences', () => {
    expect(hclString('a"b\\c\n${aws:username}%{if}')).toBe('"a\\"b\\\\c\\n$${aws:username}%%{if}"');
    expect(hclValue({ 'kms:ViaService': 'x', Version: '2012-10-17', list: [] })).toBe('{\n  "kms:ViaService" = "x"\n  Version = "2012-10-17"\n  list = []\n}');
  });
});

describe('exportPlan: an organization or OU consumer', () => {
  it('the identity policy goes to every member account as a plain document, never to an account named ""', () => {
    for (const consumer of ['o-a1b2c3d4e5', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/']) {
      const plan = planOffline({ secretArn: SECRET, keyArn: KEY, consumer, keyPolicy: KEY_POLICY, now: new Date(0) });
      expect(plan.blocked).toBe(false);
      const document = plan.changes.find((c): c is PolicyChange => c.kind === 'identity-policy')!.after;
      for (const format of EXPORT_FORMATS) {
        const result = exportPlan(plan, format);
        const member = result.files.find((file) => file.path === 'identity-policy-for-member-accounts.json');
        expect(member, format).toMatchObject({ forAdministrator: true });
        expect(JSON.parse(member!.content)).toEqual(document);
        expect(result.notes.join('\n')).toContain('each member account');
        for (const file of result.files) {
          expect(file.path, format).not.toMatch(/-\.|-$|administrator\.sh|consumer-administrator/);
          expect(`${file.description}\n${file.content}`, `${format} ${file.path}`).not.toMatch(/account :|account \(\)|"account": ""|allowed_account_ids = \[""\]/);
        }
        expect(result.files.map((file) => file.content).join('\n')).toContain(consumer.split('/')[0]!);
      }
    }
  });
});
