import type { Plan, ProgressEvent, ShareRequest } from '@secret-share-wizard/core';
import type { ApplyReport, Identity, ProfileChoice, RoleChoice, SecretChoice, VerifyOutcome, YesNoQuestion } from '../state/wizard-state';

/** What the wizard shows while the core writes: progress lines, and yes/no questions it answers. */
export interface ApplyHost {
  notify(event: ProgressEvent): void;
  askYesNo(question: YesNoQuestion): Promise<boolean>;
}

/**
 * Everything the wizard asks of AWS, in the wizard's own terms. `core-port.ts` implements it over
 * @secret-share-wizard/core; the effects runner calls it and turns answers into actions.
 */
export interface WizardPort {
  listProfiles(): Promise<{ profiles: ProfileChoice[]; defaultRegion?: string }>;
  /** Signs in (owner, and consumer when a consumer profile is given) and says who we are. */
  connect(input: { profile: string | null; region: string; consumerProfile?: string | null }): Promise<{ identity: Identity; consumer?: Identity }>;
  listSecrets(input: { search: string; nextToken?: string }): Promise<{ items: SecretChoice[]; nextToken?: string }>;
  describeSecret(secret: string): Promise<SecretChoice>;
  listRoles(): Promise<RoleChoice[]>;
  plan(request: ShareRequest): Promise<Plan>;
  apply(plan: Plan, host: ApplyHost, signal: AbortSignal): Promise<ApplyReport>;
  verify(plan: Plan): Promise<VerifyOutcome>;
  close(): void;
}
