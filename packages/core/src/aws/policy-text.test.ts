import { describe, expect, it } from 'vitest';
import { parseAwsPolicyText } from './policy-text';

describe('parseAwsPolicyText: documents AWS returns are untrusted too', () => {
  it('a key AWS stored as "__proto__": an aws error naming the path, not a TypeError', () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"__proto__":{"x":"y"}}}]}';
    expect(() => parseAwsPolicyText(text, 'key policy of K', 'key-policy')).toThrow(expect.objectContaining({ code: 'AWS_POLICY_UNPARSEABLE', source: 'aws', message: expect.stringContaining('"__proto__" at Statement[0].Condition') }));
  });

  it('URL-encoded IAM documents decode; a text larger than the kind allows is refused before decoding', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] };
    expect(parseAwsPolicyText(encodeURIComponent(JSON.stringify(doc)), 'policy P', 'identity-policy')).toEqual(doc);
    expect(() => parseAwsPolicyText('%20'.repeat(50_000), 'policy P', 'identity-policy')).toThrow(expect.objectContaining({ code: 'AWS_POLICY_UNPARSEABLE', message: expect.stringMatching(/150,000 characters/) }));
  });
});
