import type { PolicyDocument } from '../../policy/policy-types';
import type { Finding, PolicyChange } from '../plan-types';
import type { ShareContext } from '../share-context';
import { isWizardSid } from '../sids';
import { lintPolicyDocument, type LintContext } from './lint-policy-document';
import { keyAdminIndex } from './lint-policy-document';
import { accountOf } from '../../arn/arn';

/** Codes that stay errors even in a statement the wizard did not write (the written document would be wrong). */
const ALWAYS_BLOCKING = new Set(['PUBLIC_PRINCIPAL', 'SIZE_LIMIT_SECRET_POLICY', 'SIZE_LIMIT_KEY_POLICY', 'SIZE_LIMIT_MANAGED_POLICY', 'SIZE_LIMIT_INLINE_POLICY', 'KEY_ADMIN_LOCKOUT']);

export function lintContextFor(change: PolicyChange, ctx: ShareContext): LintContext {
  const context: LintContext = { partition: ctx.partition, region: ctx.region, secretArn: ctx.secretArn };
  if (ctx.keyArn) context.keyArn = ctx.keyArn;
  if (change.kind === 'key-policy' && ctx.keyArn) context.account = accountOf(ctx.keyArn) ?? '';
  if (change.kind === 'identity-policy') {
    context.identityPolicyType = ctx.identityMode === 'inline' ? 'inline' : 'managed';
    if (ctx.identity) context.identityPrincipalKind = ctx.identity.principalKind;
  }
  return context;
}

function hadKeyAdmin(before: PolicyDocument | null, context: LintContext): boolean {
  if (!before || !context.account) return false;
  return keyAdminIndex(before, context.account, context.partition, context.keyArn) >= 0;
}

/**
 * Lint the documents a plan would write. Problems inside statements the wizard did not write are
 * reported as warnings (apply keeps those statements unchanged), except for public grants, sizes and
 * the key administrator lock-out, which make the written document itself wrong. Documents the plan
 * does not change (action 'none') only get warnings, except a public grant: a secret or key that is
 * open to everyone blocks sharing until it is fixed. A key policy that
 * already had no administrator statement before the plan gets a warning, not an error: the plan does
 * not make it worse.
 */
export function documentFindings(changes: PolicyChange[], ctx: ShareContext): Finding[] {
  const findings: Finding[] = [];
  for (const change of changes) {
    if (!change.after) continue;
    const context = lintContextFor(change, ctx);
    for (const found of lintPolicyDocument(change.kind, change.after, context)) {
      const statement = found.statementIndex === undefined ? undefined : change.after.Statement[found.statementIndex];
      const foreign = statement !== undefined && !isWizardSid(statement.Sid);
      if (found.severity === 'error' && change.action === 'none' && found.code !== 'PUBLIC_PRINCIPAL') {
        findings.push({ ...found, severity: 'warning', message: `${found.message} (Apply does not change this document.)` });
      } else if (found.severity === 'error' && foreign && !ALWAYS_BLOCKING.has(found.code)) {
        findings.push({ ...found, severity: 'warning', message: `${found.message} (An existing statement: apply keeps it unchanged.)` });
      } else if (found.code === 'KEY_ADMIN_LOCKOUT' && change.before && !hadKeyAdmin(change.before, context)) {
        findings.push({ ...found, severity: 'warning', message: `${found.message} (The key policy already had no such statement; this plan does not change that.)` });
      } else {
        findings.push(found);
      }
    }
  }
  return findings;
}
