import { describe, expect, it } from 'vitest';
import { roleFromInput } from './role-input';

describe('the consumer role as typed', () => {
  it('accepts a plain role name, role/NAME, user/NAME and an ARN of the consumer account', () => {
    expect(roleFromInput('APP_ROLE', '222222222222')).toEqual({ arn: 'arn:aws:iam::222222222222:role/APP_ROLE' });
    expect(roleFromInput(' role/APP_ROLE ', '222222222222')).toEqual({ arn: 'arn:aws:iam::222222222222:role/APP_ROLE' });
    expect(roleFromInput('user/ci-bot', '222222222222')).toEqual({ arn: 'arn:aws:iam::222222222222:user/ci-bot' });
    expect(roleFromInput('arn:aws:iam::222222222222:role/team/APP_ROLE', '222222222222')).toEqual({ arn: 'arn:aws:iam::222222222222:role/team/APP_ROLE' });
    expect(roleFromInput('APP', '222222222222', 'aws-cn')).toEqual({ arn: 'arn:aws-cn:iam::222222222222:role/APP' });
  });

  it('says what is wrong otherwise, without CLI flags', () => {
    for (const [typed, pattern] of [
      ['', /Type a role name/],
      ['arn:aws:iam::333333333333:role/X', /is in account 333333333333, but the consumer is account 222222222222/],
      ['arn:aws:iam::222222222222:root', /names an account, not a role/],
      ['not a name!', /is not a role name/],
      ['arn:aws:s3:::bucket', /./],
    ] as const) {
      const answer = roleFromInput(typed, '222222222222');
      expect(answer.arn, typed).toBeUndefined();
      expect(answer.error).toMatch(pattern);
      expect(answer.error).not.toMatch(/--[a-z]/);
    }
  });
});
