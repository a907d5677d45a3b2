import { describe, expect, it } from 'vitest';
import { defaultPolicyName, identityDecryptSid, identityGetSecretSid, isWizardSid, keyGrantSid, secretDescribeSid, secretReadSid, shareSids, stableHash } from './sids';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const OTHER_SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:OTHER-d4e5f6';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const ROOT = 'arn:aws:iam::222222222222:root';

describe('Sids', () => {
  it('are deterministic, alphanumeric and start with SecretShareWizard', () => {
    const sids = shareSids(SECRET, KEY, ROLE);
    expect(shareSids(SECRET, KEY, ROLE)).toEqual(sids);
    for (const sid of Object.values(sids)) {
      expect(sid).toMatch(/^SecretShareWizard[A-Za-z0-9]+$/);
      expect(isWizardSid(sid)).toBe(true);
    }
    expect(new Set(Object.values(sids)).size).toBe(5);
  });

  it('pin the hash (a change would orphan statements already written)', () => {
    expect(stableHash('')).toBe('cbf29ce484222325');
    expect(stableHash('a')).toBe('af63dc4c8601ec8c');
    // The limb arithmetic equals 64-bit FNV-1a computed with BigInt, for any text (ASCII and beyond).
    const reference = (...parts: string[]) => {
      let hash = 0xcbf29ce484222325n;
      for (const byte of new TextEncoder().encode(parts.join('\n'))) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return hash.toString(16).padStart(16, '0');
    };
    const samples = [SECRET, ROLE, 'ÿ€𝄞\u0000', 'x'.repeat(1000), ...Array.from({ length: 200 }, (_, i) => String.fromCharCode(...Array.from({ length: i % 37 }, (_, j) => (i * 7919 + j * 104729) % 0x2fff)))];
    for (const text of samples) expect(stableHash(text, ROLE)).toBe(reference(text, ROLE));
    expect(secretReadSid(SECRET, ROLE)).toBe(`SecretShareWizardRead${stableHash(SECRET, ROLE)}`);
  });

  it('secret statements depend on (secret, consumer); key statements on (key, consumer) only', () => {
    expect(secretReadSid(SECRET, ROLE)).not.toBe(secretReadSid(OTHER_SECRET, ROLE));
    expect(secretReadSid(SECRET, ROLE)).not.toBe(secretReadSid(SECRET, ROOT));
    expect(identityGetSecretSid(SECRET, ROLE)).not.toBe(identityGetSecretSid(OTHER_SECRET, ROLE));
    expect(secretDescribeSid(SECRET, ROLE)).not.toBe(secretReadSid(SECRET, ROLE));
    // Two secrets on one key share the key statements (their ARNs go in its condition list).
    expect(shareSids(SECRET, KEY, ROLE).key).toBe(shareSids(OTHER_SECRET, KEY, ROLE).key);
    expect(keyGrantSid(KEY, ROLE)).not.toBe(keyGrantSid(KEY, ROOT));
    expect(identityDecryptSid(KEY, ROLE)).toBe(shareSids(OTHER_SECRET, KEY, ROLE).identityDecrypt);
  });

  it('isWizardSid refuses other Sids', () => {
    expect(isWizardSid('Enable IAM User Permissions')).toBe(false);
    expect(isWizardSid(undefined)).toBe(false);
    expect(isWizardSid('AllowUseOfTheKey')).toBe(false);
  });
});

describe('defaultPolicyName', () => {
  it('is a valid IAM policy name derived from the secret', () => {
    const name = defaultPolicyName(SECRET, 'MY_TEST_SECRET');
    expect(name).toMatch(/^SecretShareWizard-MY_TEST_SECRET-[0-9a-f]{8}$/);
    expect(defaultPolicyName(SECRET, 'MY_TEST_SECRET')).toBe(name);
    expect(defaultPolicyName(SECRET.replace('us-east-2', 'eu-west-1'), 'MY_TEST_SECRET')).not.toBe(name);
  });

  it('replaces characters IAM refuses and stays within 128 characters', () => {
    const long = `prod/app/${'x'.repeat(500)}`;
    const name = defaultPolicyName(`arn:aws:secretsmanager:us-east-2:111111111111:secret:${long}-a1b2c3`, long);
    expect(name.length).toBeLessThanOrEqual(128);
    expect(name).toMatch(/^[\w+=,.@-]{1,128}$/);
    expect(name.startsWith('SecretShareWizard-prod_app_x')).toBe(true);
  });
});
