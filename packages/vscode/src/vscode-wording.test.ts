import { describe, expect, it } from 'vitest';
import { userError } from '@secret-share-wizard/core';
import { errorText, fieldWords, inVsCodeWords } from './vscode-wording';

describe('core messages in VS Code words', () => {
  it('maps every flag field to the words of the prompt that asks for it', () => {
    expect(fieldWords('--consumer-profile')).toBe('the consumer profile');
    expect(fieldWords('--profile')).toBe('the owner profile');
    expect(fieldWords('--region')).toBe('the region');
    expect(fieldWords('--move-to-key')).toBe('the destination key');
    expect(fieldWords('--some-new-flag')).toBe('the some new flag');
    expect(fieldWords('policies/key.json')).toBe('policies/key.json');
    expect(fieldWords(undefined)).toBeUndefined();
  });

  it('never shows a flag: field prefixes, "Pass --x", "(--region us-east-2)" and bare flags are reworded', () => {
    const error = userError('AWS_NO_CONSUMER_PROFILE', '--consumer-profile', 'no profile for the consumer account was given', 'Pass --consumer-profile with a profile of the consumer account');
    const text = errorText(error);
    expect(text).toBe('The consumer profile: no profile for the consumer account was given. Choose the consumer profile with a profile of the consumer account.');
    expect(text).not.toMatch(/--[a-z]/);
    expect(inVsCodeWords('the secret is in us-east-1 (--region us-east-2)')).toBe('the secret is in us-east-1 (region us-east-2)');
    expect(inVsCodeWords('Pass --region, or set region in the profile "x" or AWS_REGION')).toBe('Choose the region, or set region in the profile "x" or AWS_REGION');
    expect(inVsCodeWords('create it (or fix --consumer-role) first')).toBe('create it (or fix the consumer role) first');
    expect(inVsCodeWords('--secret: the ARN has no suffix')).toBe('The secret: the ARN has no suffix');
    // A sentence starts upper case; a name as written (an API, an ARN) is left as it is.
    expect(errorText({ message: 'the key policy changed' })).toBe('The key policy changed.');
    expect(errorText({ message: 'secretsmanager:PutResourcePolicy failed', fix: 'run it again' })).toBe('secretsmanager:PutResourcePolicy failed. Run it again.');
  });

  it('turns CLI commands into the extension\'s commands and keeps AWS CLI commands as they are', () => {
    const move = inVsCodeWords('Move the secret to a customer managed key first: `secret-share-wizard apply --move-to-key <KEY_ARN>` (or `--move-to-key new` to create one), or `aws secretsmanager update-secret --secret-id X --kms-key-id <KEY_ARN>`.');
    expect(move).toBe('Move the secret to a customer managed key first: the command "Secret Share Wizard: Move a secret to a customer managed key…", or `aws secretsmanager update-secret --secret-id X --kms-key-id <KEY_ARN>`.');
    expect(inVsCodeWords('Sign in again: aws sso login --profile dev')).toBe('Sign in again: aws sso login --profile dev');
    expect(inVsCodeWords('Check the credentials (aws sts get-caller-identity --profile dev)')).toBe('Check the credentials (aws sts get-caller-identity --profile dev)');
    expect(inVsCodeWords('Undo it with secret-share-wizard restore --backup-dir /x')).toBe('Undo it with the command "Secret Share Wizard: Restore a backup…"');
  });
});
