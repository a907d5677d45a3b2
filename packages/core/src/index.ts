/**
 * The public surface of @secret-share-wizard/core: what the front ends (CLI, wizard, VS Code) use.
 * Front ends import only from here (and `@secret-share-wizard/core/demo` for the demo); a lint rule
 * forbids deep imports. The writers, the apply engine, the undo journal, the verifier and the token
 * bucket are private: every write and every verification goes through a session.
 */

// Vocabulary: errors, exit codes, ARNs, regions.
export * from './errors/error-codes';
export * from './errors/wizard-error';
export * from './session/exit-codes';
export * from './arn/arn';
export * from './arn/secret-arn';
export * from './arn/key-arn';
export * from './arn/principal';
export * from './arn/grantee';
export * from './arn/principal-forms';
export { checkRegion, regionInfo, type RegionInfo } from './aws/regions';

// Policies as data; every untrusted JSON text goes through the bounded parser.
export * from './json/json-limits';
export * from './json/bounded-json';
export * from './fs/read-bounded-file';
export * from './fs/make-dirs';
export * from './policy/policy-shape';
export * from './policy/policy-types';
export * from './policy/parse-policy';
export * from './policy/normalise-policy';
export * from './policy/canonical-json';
export * from './policy/policy-size';
export * from './policy/policy-diff';
export * from './policy/statement-covers';
export * from './policy/broadens-access';
export * from './policy/statement-grantees';

// Plans (pure): requests, the planner, findings, the simulator.
export * from './plan/plan-types';
export * from './plan/change-labels';
export * from './plan/share-state';
export * from './plan/sids';
export * from './plan/statements';
export * from './plan/share-request';
export { isAdministratorChange } from './plan/plan-share';
export * from './plan/plan-offline';
export * from './plan/plan-file';
export * from './plan/findings/finding-codes';
export * from './plan/findings/policy-path';
export * from './plan/findings/lint-policy-document';
export * from './simulate/simulate-types';
export * from './simulate/layer-labels';
export * from './simulate/simulate-access';
export * from './document/index';
export * from './plan/findings/grammar-findings';
export * from './plan/findings/catalogue-findings';
export * from './catalogue/iam-catalogue';

// The session: one sequence for every front end.
export * from './host/host';
export * from './session/session-types';
export { runShareSession, verifyRoleOf } from './session/share-session';
export { runRevokeSession, type RevokeSessionInput } from './session/revoke-session';
export { runRestoreSession } from './session/restore-session';
export { runVerifySession, type VerifySessionInput } from './session/verify-session';
export { runListSession, type ListSessionOutcome } from './session/list-session';
export { runAuditSession, fixableGrants, type AuditSessionInput, type AuditOutcome, type AuditFixResult } from './session/audit-session';
export { runAuditFixSession, type AuditFixSessionInput } from './session/audit-fix-session';
export * from './audit/index';
export { approvalQuestion, plannedWrites, writesByAccount } from './session/approval';
export { untilAborted } from './session/until-aborted';
export { changeLabel } from './apply/run-changes';
export type { ApplyOutcome, ChangeResult, ChangeStatus } from './apply/apply-types';
export type { VerifyOutcome, VerifySuccess, VerifyFailure, VerifyErrorClass } from './verify/verify-types';

// Share records and `list`.
export * from './record/share-record';
export { recordRestoreLines, type RecordRestoreResult } from './record/restore-records';
export { listShares, type ListSharesOptions, type ShareListing } from './record/list-shares';
export type { ShareSides, SideState, ShareState as ShareListingState } from './record/share-sides';

// Batches.
export * from './batch/share-many';
export { runManifestSession, manifestRounds, SHARE_MANY_FILE, type ManifestOutcome, type ManifestSessionInput, type ManifestSessionOptions } from './session/manifest-session';

// Reading AWS for pickers (profiles, secrets, roles) and backups.
export { createAwsContext, countCalls, type AwsContext, type AwsContextOptions, type AccountRole, type AwsCall, type CallerIdentity } from './aws/aws-context';
export * from './aws/profiles';
export * from './aws/list-resources';
export { listCustomerKeys, type KeySummary } from './aws/list-keys';
export { resolveSecret, isAwsManagedSecretsKeyId } from './aws/read-secret';
export { defaultBackupRoot, listBackups, restoreCommand } from './backup/backup-store';
export type { BackupManifest, BackupSummary, BackupEntry, BackupRecordState } from './backup/backup-types';

// Shares as code: exports, consumer snippets, IaC markers, manifests.
export * from './iac/iac-markers';
export * from './export/export-types';
export * from './export/export-plan';
export { KMS_KEY_POLICY_NOTE } from './export/export-cloudformation';
export { CDK_IMPORTED_KEY_NOTE } from './export/export-cdk';
export { shellQuote } from './export/export-cli';
export * from './snippets/consumer-snippets';
export * from './text/suggest';
export * from './text/locale-free';
export * from './manifest/manifest-types';
export * from './manifest/manifest-location';
export * from './manifest/parse-manifest';
export * from './manifest/resolve-manifest';
export * from './manifest/manifest-plan';

// The doctor: why does this consumer get AccessDenied?
export * from './doctor/doctor-types';
export * from './doctor/parse-access-denied';
export * from './doctor/diagnose-access';
export * from './doctor/diagnose-offline';
export * from './doctor/compare-message';
