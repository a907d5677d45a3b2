import { describe, expect, it } from 'vitest';
import { checkJsonText, parseBoundedJson, reservedKeyPath } from './bounded-json';
import { ANY_POLICY_JSON_LIMITS, PLAN_JSON_LIMITS, POLICY_JSON_LIMITS } from './json-limits';

describe('checkJsonText: size and nesting before any parser runs', () => {
  it('counts only real brackets: not those inside strings (escaped quotes included) or comments', () => {
    const limits = { ...ANY_POLICY_JSON_LIMITS, maxDepth: 3 };
    expect(checkJsonText('{"a": "[[[[[[", "b": "\\"[[[[["}', limits)).toBeUndefined();
    expect(checkJsonText('{"a": [[1]]}', limits)).toBeUndefined();
    expect(checkJsonText('{"a": [[[1]]]}', limits)).toMatchObject({ reason: 'too-deep' });
    expect(checkJsonText('{ // [[[[[[\n "a": 1 /* [[[[ */ }', limits, true)).toBeUndefined();
    expect(checkJsonText('{ // [[[[[[\n "a": 1 }', limits, false)).toMatchObject({ reason: 'too-deep' });
  });

  it('the limits: AWS\'s own times 4 for policies, a documented cap for plans', () => {
    expect(POLICY_JSON_LIMITS['secret-policy'].maxChars).toBe(81_920);
    expect(POLICY_JSON_LIMITS['key-policy'].maxChars).toBe(131_072);
    expect(POLICY_JSON_LIMITS['identity-policy'].maxChars).toBe(40_960);
    expect(PLAN_JSON_LIMITS.maxChars).toBe(4 * 1024 * 1024);
    const problem = checkJsonText('x'.repeat(81_921), POLICY_JSON_LIMITS['secret-policy']);
    expect(problem).toMatchObject({ reason: 'too-large', message: 'is 81,921 characters, more than the 81,920 characters read for a secret policy (AWS allows 20,480 characters)' });
  });
});

describe('parseBoundedJson', () => {
  it('100,000 nested arrays within the size are refused without recursion', () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(parseBoundedJson(text, PLAN_JSON_LIMITS)).toMatchObject({ ok: false, problem: { reason: 'too-deep' } });
  });

  it('refuses keys named like object internals, in any case and at any depth, naming the path', () => {
    for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'VALUEOF', '__PROTO__', 'hasOwnProperty']) {
      const text = `{"Statement":[{"Condition":{"StringEquals":{${JSON.stringify(key)}:"x"}}}]}`;
      expect(parseBoundedJson(text, ANY_POLICY_JSON_LIMITS), key).toMatchObject({ ok: false, problem: { reason: 'reserved-key', path: 'Statement[0].Condition.StringEquals' } });
    }
    expect(reservedKeyPath({ a: [{ ok: 1 }, { b: { constructor: 1 } }] })).toEqual({ key: 'constructor', path: 'a[1].b' });
    expect(reservedKeyPath({ __proto__: null, 'aws:SourceAccount': '1' })).toBeUndefined();
  });

  it('syntax errors say so; valid JSON parses to plain data', () => {
    expect(parseBoundedJson('{"a": ', ANY_POLICY_JSON_LIMITS)).toMatchObject({ ok: false, problem: { reason: 'syntax', message: expect.stringMatching(/^is not valid JSON/) } });
    expect(parseBoundedJson('{"a": [1, "x", null]}', ANY_POLICY_JSON_LIMITS)).toEqual({ ok: true, value: { a: [1, 'x', null] } });
  });
});
