import { cleanPastedText, pastedTextProblem, tryParseArn } from '../../arn/arn';
import { isOrgConsumer } from '../../arn/principal';
import type { Finding, ShareRequest } from '../plan-types';
import type { ShareContext } from '../share-context';
import type { ShareState } from '../share-state';
import { finding } from './finding-codes';

function pasted(field: string, value: string | undefined): Finding[] {
  if (value === undefined) return [];
  const problem = pastedTextProblem(value);
  if (!problem || value.length === 0) return [];
  const code = /whitespace/.test(problem) ? 'INPUT_ARN_WHITESPACE' : 'INPUT_ARN_TYPOGRAPHIC';
  return [finding(code, `${field}: ${JSON.stringify(value)} ${problem}. Retype it as ${JSON.stringify(cleanPastedText(value))}.`)];
}

/**
 * Findings about the ARNs of the request (as typed and as resolved): pasted characters, a secret ARN
 * without its suffix, partitions/regions/accounts that cannot work together, an AWS managed policy ARN
 * for the customer policy.
 */
export function inputFindings(state: ShareState, request: ShareRequest, ctx: ShareContext): Finding[] {
  const findings: Finding[] = [
    ...pasted('--secret', request.secret),
    ...pasted('--consumer', request.consumer),
    ...pasted('--consumer-role', request.consumerIdentity),
    ...pasted('--policy-name', request.policyName),
  ];
  if (request.moveToKey && 'keyArn' in request.moveToKey) findings.push(...pasted('--move-to-key', request.moveToKey.keyArn));
  const secret = tryParseArn(state.secret.arn);
  if (secret && !/-[A-Za-z0-9]{6}$/.test(secret.resource)) {
    findings.push(finding('INPUT_ARN_SECRET_SUFFIX', `--secret: ${state.secret.arn} has no six-character suffix; real secret ARNs end in -XXXXXX and another account must use the full ARN. Pass the secret name (it is resolved to the full ARN) or copy the ARN from \`aws secretsmanager describe-secret --secret-id ${state.secret.name}\`.`));
  }
  if (ctx.consumer.partition !== ctx.partition) {
    findings.push(finding('INPUT_ARN_PARTITION', `--consumer: ${ctx.consumer.arn} is in partition "${ctx.consumer.partition}" but the secret is in "${ctx.partition}"; access never crosses partitions. Use arn:${ctx.partition}:iam::${ctx.consumer.account}:root or a role in that partition.`));
  }
  if (ctx.identity && !isOrgConsumer(ctx.consumer) && ctx.identity.account !== ctx.consumer.account) {
    findings.push(finding('INPUT_ARN_ACCOUNT', `--consumer-role: ${ctx.identity.arn} is in account ${ctx.identity.account}, but the consumer is account ${ctx.consumer.account}. The identity policy must go on a role or user of the consumer account.`));
  }
  for (const [field, keyArn] of [['--move-to-key', ctx.move && !ctx.move.create ? ctx.move.keyArn : undefined], ['key', ctx.move ? undefined : ctx.keyArn]] as const) {
    const key = keyArn ? tryParseArn(keyArn) : undefined;
    if (!key) continue;
    if (key.partition !== ctx.partition) findings.push(finding('INPUT_ARN_PARTITION', `${field}: ${keyArn} is in partition "${key.partition}", the secret in "${ctx.partition}". Use a key of the secret's partition.`, { change: 'key-policy' }));
    if (key.region !== ctx.region) findings.push(finding('INPUT_ARN_REGION', `${field}: ${keyArn} is in region ${key.region}, the secret in ${ctx.region}. Secrets Manager only encrypts with a key of the secret's region: use a key in ${ctx.region}.`, { change: 'key-policy' }));
  }
  const policy = request.policyName?.trim();
  const policyArn = ctx.identity?.policyArn;
  for (const value of [policy, policyArn]) {
    if (value && /:iam::aws:policy\//.test(value)) {
      findings.push(finding('INPUT_ARN_AWS_MANAGED_POLICY', `--policy-name: ${value} is in the namespace of AWS managed policies (iam::aws:policy/); a customer managed policy is arn:${ctx.partition}:iam::${ctx.identity?.account ?? ctx.consumer.account}:policy/${value.split('/').pop()}.`, { change: 'identity-policy' }));
      break;
    }
  }
  const policyArnParsed = policy?.startsWith('arn:') ? tryParseArn(policy) : undefined;
  if (policy && policyArnParsed && policyArnParsed.account !== 'aws' && ctx.identity && policyArnParsed.account !== ctx.identity.account) {
    findings.push(finding('INPUT_ARN_ACCOUNT', `--policy-name: ${policy} is in account ${policyArnParsed.account}, but the identity policy goes on ${ctx.identity.arn} in account ${ctx.identity.account}. Use arn:${ctx.partition}:iam::${ctx.identity.account}:policy/${policy.split('/').pop()}.`, { change: 'identity-policy' }));
  }
  if (ctx.identity && !/^[\w+=,.@-]{1,128}$/.test(ctx.identity.policyName)) {
    findings.push(finding('INPUT_POLICY_NAME', `--policy-name: "${ctx.identity.policyName}" is not a valid IAM policy name. Use 1-128 letters, digits or +=,.@_- characters.`, { change: 'identity-policy' }));
  }
  return findings;
}
