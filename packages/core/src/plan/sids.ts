/**
 * The Sids secret-share-wizard writes. Deterministic (same inputs → same Sid, on every machine),
 * alphanumeric only (IAM accepts nothing else in an identity policy Sid), all starting with
 * `SecretShareWizard`, so that re-planning after apply finds its own statements ("no change") and
 * revoke removes exactly them.
 *
 * | statement                                   | Sid                                          | derived from             |
 * | ------------------------------------------- | -------------------------------------------- | ------------------------ |
 * | secret policy: GetSecretValue               | `SecretShareWizardRead<hash16>`              | secret ARN, consumer ARN |
 * | secret policy: DescribeSecret (option)      | `SecretShareWizardDescribe<hash16>`          | secret ARN, consumer ARN |
 * | key policy: kms:Decrypt + kms:DescribeKey   | `SecretShareWizardKey<hash16>`               | key ARN, consumer ARN    |
 * | identity: GetSecretValue on the secret ARN  | `SecretShareWizardGetSecret<hash16>`         | secret ARN, consumer ARN |
 * | identity: kms:Decrypt on the key ARN        | `SecretShareWizardDecrypt<hash16>`           | key ARN, consumer ARN    |
 *
 * The two key statements are shared by every secret on the same key shared with the same consumer:
 * their `kms:EncryptionContext:SecretARN` condition lists the secret ARNs (see plan/statements.ts).
 * `hash16` is the FNV-1a 64-bit hash of the inputs joined by a newline, as 16 lower-case hex digits.
 *
 * "consumer ARN" is the grantee key (arn/grantee.ts): the consumer's ARN for an account, a role or a
 * user named as the principal (so Sids made before grantee keys existed are unchanged);
 * `condition:<role ARN>` for a role bound by `aws:PrincipalArn`; the organization id or the OU path
 * for an organization or OU grant.
 */
export const SID_PREFIX = 'SecretShareWizard';

const encoder = new TextEncoder();
const hex4 = (limb: number) => limb.toString(16).padStart(4, '0');

/**
 * FNV-1a, 64 bit, over the UTF-8 bytes: 16 hex digits. Not cryptographic; only needs to be stable.
 * Computed on four 16-bit limbs in plain numbers (the offset basis 0xcbf29ce484222325; the prime
 * 0x100000001b3 = 2^40 + 0x1b3), which gives the same digits as 64-bit BigInt arithmetic at a small
 * fraction of its cost: a manifest plan derives Sids hundreds of thousands of times.
 */
export function stableHash(...parts: string[]): string {
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (const byte of encoder.encode(parts.join('\n'))) {
    h0 ^= byte;
    const t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3;
    let t2 = h2 * 0x1b3 + (h0 << 8);
    const t3 = h3 * 0x1b3 + (h1 << 8);
    t1 += t0 >>> 16;
    h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    h1 = t1 & 0xffff;
    h3 = (t3 + (t2 >>> 16)) & 0xffff;
    h2 = t2 & 0xffff;
  }
  return hex4(h3) + hex4(h2) + hex4(h1) + hex4(h0);
}

export interface ShareSids {
  secretRead: string;
  secretDescribe: string;
  key: string;
  identityGetSecret: string;
  identityDecrypt: string;
}

export function secretReadSid(secretArn: string, consumerArn: string): string {
  return `${SID_PREFIX}Read${stableHash(secretArn, consumerArn)}`;
}

export function secretDescribeSid(secretArn: string, consumerArn: string): string {
  return `${SID_PREFIX}Describe${stableHash(secretArn, consumerArn)}`;
}

export function keyGrantSid(keyArn: string, consumerArn: string): string {
  return `${SID_PREFIX}Key${stableHash(keyArn, consumerArn)}`;
}

export function identityGetSecretSid(secretArn: string, consumerArn: string): string {
  return `${SID_PREFIX}GetSecret${stableHash(secretArn, consumerArn)}`;
}

export function identityDecryptSid(keyArn: string, consumerArn: string): string {
  return `${SID_PREFIX}Decrypt${stableHash(keyArn, consumerArn)}`;
}

/** All Sids of one share. `keyArn` undefined (AWS managed key): the key Sids are empty strings. */
export function shareSids(secretArn: string, keyArn: string | undefined, consumerArn: string): ShareSids {
  return {
    secretRead: secretReadSid(secretArn, consumerArn),
    secretDescribe: secretDescribeSid(secretArn, consumerArn),
    key: keyArn ? keyGrantSid(keyArn, consumerArn) : '',
    identityGetSecret: identityGetSecretSid(secretArn, consumerArn),
    identityDecrypt: keyArn ? identityDecryptSid(keyArn, consumerArn) : '',
  };
}

/** Was this statement written by secret-share-wizard (any share)? */
export function isWizardSid(sid: string | undefined): boolean {
  return sid !== undefined && sid.startsWith(SID_PREFIX) && /^[A-Za-z0-9]+$/.test(sid);
}

const POLICY_NAME_MAX = 128;

/**
 * Default name of the consumer's managed or inline policy: `SecretShareWizard-<name>-<hash8>`, where
 * `<name>` is the secret name with characters IAM refuses in a policy name replaced by `_` (IAM
 * allows letters, digits and `+=,.@_-`), shortened so the whole stays within 128 characters, and
 * `<hash8>` the first 8 hex digits of the hash of the full secret ARN (two secrets with the same
 * name in different regions or accounts get different policies).
 */
export function defaultPolicyName(secretArn: string, secretName: string): string {
  const hash = stableHash(secretArn).slice(0, 8);
  const prefix = 'SecretShareWizard-';
  const room = POLICY_NAME_MAX - prefix.length - 1 - hash.length;
  const safe = secretName.replace(/[^\w+=,.@-]/g, '_').slice(0, room);
  return `${prefix}${safe}-${hash}`;
}
