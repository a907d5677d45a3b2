export * from './audit-types';
export { classifyAccount, classifySecret, classifyKeys, type AccountAuditInput, type AuditedKey, type SecretToAudit } from './classify-grants';
export { planAuditFix, removePrincipal, type PlannedAuditFix } from './plan-audit-fix';
export { AUDIT_DEFAULT_RATE_LIMIT, type AuditRunInput } from './run-audit';
export * from './render-audit';
