import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arnMatch, patternCovers, wildcardMatch } from './wildcard';

describe('wildcardMatch (IAM * and ?)', () => {
  it.each([
    ['*', 'anything at all', false, true],
    ['secretsmanager:*', 'secretsmanager:GetSecretValue', false, true],
    ['secretsmanager:Get*', 'secretsmanager:GetSecretValue', false, true],
    ['secretsmanager:Get*', 'secretsmanager:PutSecretValue', false, false],
    ['*:GetSecretValue', 'secretsmanager:GetSecretValue', false, true],
    ['secretsmanager:*Secret*', 'secretsmanager:DescribeSecret', false, true],
    ['kms:?ecrypt', 'kms:Decrypt', false, true],
    ['kms:?ecrypt', 'kms:ReDecrypt', false, false],
    ['MY_SECRET-??????', 'MY_SECRET-a1b2c3', false, true],
    ['MY_SECRET-??????', 'MY_SECRET-a1b2c', false, false],
    ['MY_SECRET-??????', 'MY_SECRET-other-a1b2c3', false, false],
    ['MY_SECRET-*', 'MY_SECRET-other-a1b2c3', false, true],
    ['a.b+c(d)', 'a.b+c(d)', false, true],
    ['a.b', 'axb', false, false],
    ['line*', 'line1\nline2', false, true],
    ['SecretsManager:getsecretvalue', 'secretsmanager:GetSecretValue', true, true],
    ['SecretsManager:getsecretvalue', 'secretsmanager:GetSecretValue', false, false],
    ['KMS:De*', 'kms:Decrypt', true, true],
    ['', '', false, true],
    ['', 'x', false, false],
  ])('%j vs %j (ignoreCase %s) → %s', (pattern, value, ignoreCase, expected) => {
    expect(wildcardMatch(pattern, value, ignoreCase)).toBe(expected);
    // The cached matcher answers the same the second time.
    expect(wildcardMatch(pattern, value, ignoreCase)).toBe(expected);
  });
});

describe('arnMatch (ArnEquals / ArnLike: six parts matched separately)', () => {
  it.each([
    ['arn:aws:iam::222222222222:role/*', 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE', true],
    ['arn:aws:iam::222222222222:role/*', 'arn:aws:iam::333333333333:role/PRODUCTION_SECRET_ROLE', false],
    ['arn:aws:iam::*:role/APP', 'arn:aws:iam::222222222222:role/APP', true],
    ['arn:aws:sns:*:123456789012:*', 'arn:aws:sns:us-east-1:123456789012:my_topic', true],
    // A wildcard in one part does not run into the next: `*` in the region cannot swallow the account.
    ['arn:aws:sns:*:my_topic', 'arn:aws:sns:us-east-1:123456789012:my_topic', false],
    // In the resource part colons are ordinary characters.
    ['arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-??????', 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3', true],
    ['arn:aws:secretsmanager:us-east-2:111111111111:secret:*', 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3', true],
    ['arn:aws:iam::222222222222:role/app', 'arn:aws:iam::222222222222:role/APP', false],
    ['arn:aws:iam::222222222222:root', 'not-an-arn', false],
    ['*', 'not-an-arn', true],
  ])('%j vs %j → %s', (pattern, value, expected) => {
    expect(arnMatch(pattern, value)).toBe(expected);
  });
});

/** The reference: the RegExp the old matcher compiled (correct, but it backtracks). */
function regexMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = '^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]') + '$';
  return new RegExp(source, ignoreCase ? 'i' : '').test(value);
}

/** Every string over `alphabet` of length 0..max. */
function allStrings(alphabet: string, max: number): string[] {
  const out = [''];
  let layer = [''];
  for (let n = 1; n <= max; n++) {
    layer = layer.flatMap((prefix) => [...alphabet].map((c) => prefix + c));
    out.push(...layer);
  }
  return out;
}

const pattern = fc.stringMatching(/^[ab*?]{0,8}$/);
const value = fc.stringMatching(/^[abAB.]{0,10}$/);
const VALUES = allStrings('abc', 7);

describe('wildcardMatch agrees with the RegExp reference', () => {
  it('on random short patterns and values (both cases)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[aAb.*?]{0,10}$/), value, fc.boolean(), (p, v, ignoreCase) => {
        expect(wildcardMatch(p, v, ignoreCase)).toBe(regexMatch(p, v, ignoreCase));
      }),
      { numRuns: 2000 },
    );
  });

  it('with many stars, on values that almost match, without backtracking', () => {
    // The issue-10 shape: with a RegExp one such match took minutes (45 stars).
    const p = `secretsmanager:${'*a'.repeat(200)}`;
    expect(wildcardMatch(p, `secretsmanager:${'a'.repeat(199)}`)).toBe(false);
    expect(wildcardMatch(p, `secretsmanager:${'a'.repeat(200)}`)).toBe(true);
    expect(wildcardMatch(p, `secretsmanager:${'ba'.repeat(200)}`, true)).toBe(true);
  });
});

describe('patternCovers (does pattern a match every value pattern b matches?)', () => {
  it.each([
    ['*', 'secretsmanager:Get*', true],
    ['secretsmanager:*', 'secretsmanager:Get*', true],
    ['secretsmanager:Get*', 'secretsmanager:*', false],
    ['secretsmanager:Get*', 'secretsmanager:GetSecretValue', true],
    ['secretsmanager:GetSecretValue', 'secretsmanager:Get*', false],
    // A `?` stands for one character, never for the many a `*` stands for.
    ['s?cretsmanager:GetSecretValue', 's*cretsmanager:GetSecretValue', false],
    ['MY_SECRET-*', 'MY_SECRET-??????', true],
    ['MY_SECRET-??????', 'MY_SECRET-*', false],
    ['*?', '?*', true],
    ['a*?*b', 'a??b', true],
    ['a??b', 'a*?*b', false],
  ])('%j covers %j → %s', (a, b, expected) => {
    expect(patternCovers(a, b)).toBe(expected);
  });

  it('is sound: never claims a covers b when a value matches b but not a', () => {
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        if (!patternCovers(a, b)) return;
        for (const v of VALUES) if (regexMatch(b, v)) expect(regexMatch(a, v), `${JSON.stringify(v)} matches ${b} but not ${a}`).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('is sound ignoring case too, and finds the obvious cases (itself, `*`, a literal it matches)', () => {
    fc.assert(
      fc.property(pattern, fc.stringMatching(/^[aAbB*?]{0,8}$/), (a, b) => {
        expect(patternCovers(b, b, true)).toBe(true);
        expect(patternCovers('*', b)).toBe(true);
        if (!patternCovers(a, b, true)) return;
        for (const v of VALUES) if (regexMatch(b, v, true)) expect(regexMatch(a, v, true)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('answers false (conservative) above its budget instead of working for long', () => {
    const long = '*a'.repeat(2_000);
    expect(patternCovers(long, long.slice(1))).toBe(false);
    expect(patternCovers('*', long)).toBe(true);
  });
});
