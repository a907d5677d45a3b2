import type { BackupSummary, DiagnoseResult, Host, ListSessionOutcome, SessionOutcome } from '@secret-share-wizard/core';
import type { AwsSelection, Identity, KeyChoice, ProfileChoice, RoleChoice, SecretChoice, WizardShareRequest } from '../state/wizard-state';

/** How a session reaches the wizard: the core's Host (events, questions) and Ctrl+C. */
export interface SessionIo {
  host: Host;
  signal: AbortSignal;
}

/**
 * Everything the wizard asks of AWS, in the wizard's own terms. `core-port.ts` implements it over
 * @secret-share-wizard/core: the browsing reads on one AwsContext, every write through a core
 * session (share, revoke, restore) that asks its questions through the Host the runner builds.
 */
export interface WizardPort {
  listProfiles(): Promise<{ profiles: ProfileChoice[]; defaultRegion?: string }>;
  /** Signs in (owner, and consumer when a consumer profile is given) and says who we are. */
  connect(input: { profile: string | null; region: string; consumerProfile?: string | null }): Promise<{ identity: Identity; consumer?: Identity }>;
  listSecrets(input: { search: string; nextToken?: string }): Promise<{ items: SecretChoice[]; nextToken?: string }>;
  describeSecret(secret: string): Promise<SecretChoice>;
  listRoles(): Promise<RoleChoice[]>;
  listKeys(): Promise<KeyChoice[]>;
  listBackups(): Promise<BackupSummary[]>;
  listShares(input: { aws: AwsSelection; secret?: string }, io: SessionIo): Promise<ListSessionOutcome>;
  share(input: { aws: AwsSelection; request: WizardShareRequest; verify: boolean }, io: SessionIo): Promise<SessionOutcome>;
  revoke(input: { aws: AwsSelection; request: { secret: string; consumer: string; consumerIdentity?: string } }, io: SessionIo): Promise<SessionOutcome>;
  restore(input: { aws: AwsSelection; folder: string }, io: SessionIo): Promise<SessionOutcome>;
  verify(input: { aws: AwsSelection; secretArn: string; consumerRole?: string }, io: SessionIo): Promise<SessionOutcome>;
  diagnose(input: { aws: AwsSelection; secret: string; consumerRole: string }): Promise<DiagnoseResult>;
  close(): void;
}
