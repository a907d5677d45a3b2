import { describe, expect, it } from 'vitest';
import { isWizardError } from '../errors/wizard-error';
import { parseManifest, type ManifestError } from './parse-manifest';

const VALID = `# yaml-language-server: $schema=../schema/shares.schema.json
version: 1
region: us-east-2
defaults:
  versionStage: AWSCURRENT
shares:
  - name: payments
    secrets:
      - arn: arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3
      - name: db/password
      - prefix: app/prod/
      - tags: { team: payments }
        prefix: app/
    consumers:
      - account: "222222222222"
        consumerRole: PRODUCTION_SECRET_ROLE
        consumerPolicy: inline
      - role: arn:aws:iam::333333333333:role/app
        binding: principal
      - org: o-abcdefghij
      - ou: o-abcdefghij/r-ab12/ou-ab12-abcdefgh/
`;

async function problems(text: string) {
  const error = await parseManifest(text, 'shares.yaml').then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isWizardError(error)) throw new Error(`expected a WizardError, got ${String(error)}`);
  expect(error.code).toBe('MANIFEST_INVALID');
  expect(error.source).toBe('user');
  expect(error.fix).toContain('shares.schema.json');
  expect(error.message).not.toContain(error.fix!);
  return { error: error as ManifestError, list: (error as ManifestError).problems.map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`) };
}

describe('parseManifest', () => {
  it('accepts every selector and consumer form, and knows where each value is', async () => {
    const manifest = await parseManifest(VALID, 'shares.yaml');
    expect(manifest.data.shares[0]!.secrets).toHaveLength(4);
    expect(manifest.data.shares[0]!.consumers.map((c) => Object.keys(c)[0])).toEqual(['account', 'role', 'org', 'ou']);
    expect(manifest.locations['shares[0].consumers[0].account']).toEqual({ line: 15, column: 18 });
    expect(manifest.locations['shares[0].secrets[1].name']).toEqual({ line: 10, column: 15 });
  });

  it('an unquoted account id: names the line, the field, and says to quote it', async () => {
    const { list, error } = await problems(VALID.replace('account: "222222222222"', 'account: 222222222222'));
    expect(list).toEqual(['15:18 shares[0].consumers[0].account: must be a string: quote it ("222222222222"); YAML reads digits as a number and drops leading zeros']);
    expect(error.field).toBe('shares.yaml:15:18 shares[0].consumers[0].account');
    expect(error.message).toContain('shares.yaml:15:18 shares[0].consumers[0].account');
  });

  it('unknown fields with a suggestion; bad enums and patterns; missing required fields', async () => {
    const text = `version: 1
shares:
  - secrets:
      - nmae: x
    consumers:
      - account: "2222"
        consumerPolicy: attached
  - consumers:
      - org: o-ABC
`;
    const { list } = await problems(text);
    expect(list).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^4:9 shares\[0\]\.secrets\[0\]\.nmae: unknown field; did you mean "name"\?/),
        '6:18 shares[0].consumers[0].account: "2222" is not a 12-digit AWS account id, in quotes ("222222222222")',
        '7:25 shares[0].consumers[0].consumerPolicy: "attached" is not one of managed, inline, none',
        '8:5 shares[1].secrets: is required',
        '9:14 shares[1].consumers[0].org: "o-ABC" is not an organization id (o-...)',
      ]),
    );
  });

  it('selectors and consumers need exactly one form', async () => {
    const text = `version: 1
shares:
  - secrets:
      - name: a
        arn: arn:aws:secretsmanager:us-east-2:111111111111:secret:a-a1b2c3
    consumers:
      - account: "222222222222"
        org: o-abcdefghij
`;
    const { list } = await problems(text);
    expect(list).toEqual([
      '4:9 shares[0].secrets[0]: use exactly one of: arn, name, or prefix and/or tags (given: name, arn)',
      '7:9 shares[0].consumers[0]: use exactly one of: account, role, user, org, ou (given: account, org)',
    ]);
  });

  it('YAML errors (syntax, duplicate keys) carry their line; binding without a role is refused', async () => {
    expect((await problems('version: 1\nversion: 1\nshares: []\n')).list[0]).toMatch(/^2:1 : YAML: Map keys must be unique/);
    expect((await problems('version: 1\nshares: [\n')).list[0]).toMatch(/^\d+:\d+ : YAML: /);
    const binding = VALID.replace('        consumerPolicy: inline\n', '        consumerPolicy: inline\n        binding: condition\n');
    expect((await problems(binding)).list).toEqual(['18:18 shares[0].consumers[0].binding: only goes with role (how that role is named in the resource policies)']);
    expect((await problems('version: 2\nshares: []\n')).list).toEqual(['1:10 version: must be 1', '2:9 shares: needs at least 1 item']);
  });
});
