import { pastedTextProblem, tryParseArn } from '../../arn/arn';
import { catalogueService, closestActions, closestConditionKeys, isKmsAliasAction, isKnownConditionKey, matchingActions } from '../../catalogue/iam-catalogue';
import { asArray } from '../../policy/parse-policy';
import type { DocumentKind, PolicyDocument, Statement } from '../../policy/policy-types';
import type { Finding } from '../plan-types';
import { finding } from './finding-codes';
import { policyPath } from './policy-path';

/**
 * Checks against the IAM catalogue (src/catalogue, generated from AWS's Service Authorization
 * Reference): actions and condition keys of secretsmanager, kms, iam and sts (and the global aws:
 * keys) that AWS does not know — they match nothing, silently — and alias ARNs where KMS needs the key.
 */

interface Where {
  change: DocumentKind;
  statementIndex: number;
  path: string;
}

function entries(value: unknown, base: Array<string | number>): Array<{ value: string; segments: Array<string | number> }> {
  if (typeof value === 'string') return [{ value, segments: base }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i) => (typeof item === 'string' ? [{ value: item, segments: [...base, i] }] : []));
}

/** "*", an action of a service outside the catalogue, or a catalogued one AWS knows (wildcards: matching one). */
function isKnownAction(value: string): boolean {
  if (value === '*') return true;
  const colon = value.indexOf(':');
  if (colon <= 0) return false;
  const service = catalogueService(value.slice(0, colon));
  return service === undefined || matchingActions(service, value.slice(colon + 1)).length > 0;
}

function actionFindings(statement: Statement, index: number, kind: DocumentKind): Finding[] {
  const findings: Finding[] = [];
  for (const key of ['Action', 'NotAction'] as const) {
    const raw = statement[key];
    // Known names (the usual case) cost one look-up and no allocation; only the rest is examined further.
    if (raw === undefined || (typeof raw === 'string' ? isKnownAction(raw) : Array.isArray(raw) && raw.every((a) => typeof a !== 'string' || isKnownAction(a)))) continue;
    for (const { value, segments } of entries(raw, ['Statement', index, key])) {
      if (value === '*' || isKnownAction(value)) continue;
      const colon = value.indexOf(':');
      const service = colon > 0 ? catalogueService(value.slice(0, colon)) : undefined;
      if (pastedTextProblem(value)) continue;
      const where: Where = { change: kind, statementIndex: index, path: policyPath(...segments) };
      if (colon <= 0) {
        findings.push(finding('ACTION_UNKNOWN', `${JSON.stringify(value)} is not an action: an action is "service:Name", e.g. "secretsmanager:GetSecretValue" (or "*"). AWS rejects the policy.`, where));
        continue;
      }
      if (!service) continue;
      const name = value.slice(colon + 1);
      if (/[*?]/.test(name)) {
        findings.push(finding('ACTION_UNKNOWN', `${value} matches no ${service} action, so it grants or denies nothing. Check the spelling against the ${service} actions (e.g. ${service}:${matchingActions(service, '*').slice(0, 3).join(`, ${service}:`)}).`, where));
        continue;
      }
      const candidates = closestActions(service, name);
      const prefix = value.slice(0, colon);
      const guess = candidates.length > 0 ? ` Did you mean ${candidates.map((c) => `${prefix}:${c}`).join(' or ')}?` : '';
      findings.push(finding('ACTION_UNKNOWN', `${value} is not a ${service} action, so this statement does not ${statement.Effect === 'Deny' ? 'deny' : 'grant'} it: AWS matches action names exactly (case aside).${guess}`, {
        ...where,
        ...(candidates.length === 1 ? { fix: { title: `Change to ${prefix}:${candidates[0]}`, target: 'value' as const, value: `${prefix}:${candidates[0]}` } } : {}),
      }));
    }
  }
  return findings;
}

function conditionKeyFindings(statement: Statement, index: number, kind: DocumentKind): Finding[] {
  const findings: Finding[] = [];
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const key of Object.keys(block)) {
      if (isKnownConditionKey(key) !== false) continue;
      const candidates = closestConditionKeys(key);
      const taken = (name: string) => Object.keys(block).some((k) => k.toLowerCase() === name.toLowerCase());
      const guess = candidates.length > 0 ? ` Did you mean ${candidates.join(' or ')}?` : '';
      const effect = operator.includes('Not') || /IfExists$/.test(operator) ? 'so the condition never restricts anything' : statement.Effect === 'Deny' ? 'so this Deny never applies' : 'so this grant never applies';
      findings.push(finding('CONDITION_KEY_UNKNOWN', `${key} is not a condition key AWS sets: the key is absent from every request, ${effect}.${guess}`, {
        change: kind,
        statementIndex: index,
        path: policyPath('Statement', index, 'Condition', operator, key),
        at: 'key',
        ...(candidates.length === 1 && !taken(candidates[0]!) ? { fix: { title: `Rename to ${candidates[0]}`, target: 'key' as const, value: candidates[0]! } } : {}),
      }));
    }
  }
  return findings;
}

/** The KMS actions a statement names (wildcards expanded against the catalogue). */
function kmsActions(statement: Statement): string[] {
  return asArray(statement.Action).flatMap((action) => {
    const colon = action.indexOf(':');
    if (action === '*') return matchingActions('kms', '*');
    if (colon <= 0 || action.slice(0, colon).toLowerCase() !== 'kms') return [];
    return matchingActions('kms', action.slice(colon + 1));
  });
}

function aliasFindings(statement: Statement, index: number, kind: DocumentKind, keyArn: string | undefined): Finding[] {
  if (kind === 'secret-policy') return [];
  const findings: Finding[] = [];
  for (const { value, segments } of entries(statement.Resource, ['Statement', index, 'Resource'])) {
    const arn = tryParseArn(value);
    if (!arn || arn.service !== 'kms' || !arn.resource.startsWith('alias/')) continue;
    const where: Where = { change: kind, statementIndex: index, path: policyPath(...segments) };
    if (kind === 'key-policy') {
      findings.push(finding('KEY_ALIAS_ARN', `${value} is an alias ARN: in a key policy the Resource is the key itself and is written "*"; an alias ARN matches no request, so this statement does nothing. Write "*".`, {
        ...where, fix: { title: 'Write "*" (this key)', target: 'value', value: '*' },
      }));
      continue;
    }
    const actions = kmsActions(statement);
    const needKey = actions.filter((action) => !isKmsAliasAction(action));
    if (needKey.length === 0 || (actions.some(isKmsAliasAction) && asArray(statement.Action).some((a) => /[*?]/.test(a)))) continue;
    const sameAccount = keyArn ? tryParseArn(keyArn) : undefined;
    const known = sameAccount && sameAccount.account === arn.account && sameAccount.region === arn.region && sameAccount.partition === arn.partition ? keyArn : undefined;
    const named = needKey.slice(0, 3).map((a) => `kms:${a}`).join(', ');
    findings.push(finding('KEY_ALIAS_ARN', `${value} is an alias ARN, but ${named}${needKey.length > 3 ? ', ...' : ''} authorize on the key ARN (arn:${arn.partition}:kms:${arn.region}:${arn.account}:key/KEY_ID): this Resource matches no such request. Use the key ARN${known ? ` ${known}` : ' (aws kms describe-key --key-id ' + arn.resource + ' shows it)'}.`, {
      ...where, ...(known ? { fix: { title: `Use the key ARN ${known}`, target: 'value' as const, value: known } } : {}),
    }));
  }
  return findings;
}

/** Unknown actions and condition keys, and alias ARNs where KMS needs a key ARN. `keyArn`: the key the document is about, when known (for the fix). */
export function catalogueFindings(kind: DocumentKind, doc: PolicyDocument, keyArn?: string): Finding[] {
  return doc.Statement.flatMap((statement, index) => [
    ...actionFindings(statement, index, kind),
    ...conditionKeyFindings(statement, index, kind),
    ...aliasFindings(statement, index, kind, keyArn),
  ]);
}
