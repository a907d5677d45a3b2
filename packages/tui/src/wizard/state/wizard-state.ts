import type { Plan, ProgressEvent, ShareRequest } from '@secret-share-wizard/core';

/** A yes/no question the core asks while it writes (e.g. delete the oldest managed-policy version). */
export interface YesNoQuestion {
  code: string;
  message: string;
  defaultAnswer: boolean;
}
import type { WizardOptions } from '../wizard-options';

/** A profile of the AWS config/credentials files, as the wizard offers it. */
export interface ProfileChoice {
  name: string;
  region?: string;
  /** How it signs in, for the list: `sso`, `keys`, `role`, `process`, ... */
  kind?: string;
}

export interface Identity {
  account: string;
  arn: string;
}

export interface SecretChoice {
  arn: string;
  name: string;
  /** KmsKeyId as AWS returned it; undefined means the AWS managed key `aws/secretsmanager`. */
  kmsKeyId?: string;
  usesAwsManagedKey: boolean;
}

export interface RoleChoice {
  name: string;
  arn: string;
}

export type PrincipalKind = 'account' | 'role' | 'user';

/** One write of apply, as its live line shows it. */
export interface ApplyLine {
  id: string;
  message: string;
  status: 'running' | 'done' | 'failed' | 'rolled-back' | 'skipped';
}

export interface ApplyReport {
  ok: boolean;
  /** The backup folder of this apply, when one was written. */
  backup?: string;
  /** True when a failure or an interrupt made apply undo its writes. */
  rolledBack: boolean;
  /** True when apply stopped because the user pressed Ctrl+C. */
  aborted: boolean;
  message?: string;
  /** What happened to each change, in plan order. */
  results?: Array<{ kind: string; target: string; status: string; message?: string }>;
}

export interface VerifyOutcome {
  /** False when verify did not run (no consumer profile): `message` says how to run it. */
  ran: boolean;
  allowed: boolean;
  message: string;
}

export interface ErrorInfo {
  message: string;
  fix?: string;
  code?: string;
  source?: 'user' | 'aws' | 'bug';
}

/** The AWS work the effects layer performs for the state machine (the reducer never calls AWS). */
export type Effect =
  | { kind: 'load-profiles' }
  | { kind: 'connect'; profile: string | null; region: string; consumerProfile?: string | null }
  | { kind: 'list-secrets'; search: string; nextToken?: string }
  | { kind: 'describe-secret'; secret: string }
  | { kind: 'list-roles' }
  | { kind: 'plan'; request: ShareRequest }
  | { kind: 'apply'; plan: Plan }
  | { kind: 'verify'; plan: Plan };

export type EffectKind = Effect['kind'];

/**
 * The screens. A screen is a state, not a route: which one shows follows from what is answered so
 * far (see `nextScreen`), so an answer given as a flag skips its screen.
 */
export type ScreenName =
  | 'loading'
  | 'profile'
  | 'region'
  | 'secret'
  | 'aws-managed'
  | 'consumer-account'
  | 'principal'
  | 'consumer-profile'
  | 'consumer-role'
  | 'preview'
  | 'confirm'
  | 'apply'
  | 'question'
  | 'verify'
  | 'summary'
  | 'error'
  | 'cancelled';

/** The six steps the header shows. */
export const STEPS = ['Owner account', 'Secret', 'Consumer', 'Preview', 'Apply', 'Verify'] as const;

export function stepOf(screen: ScreenName, state: Pick<WizardState, 'secret' | 'consumerAccount' | 'plan'>): number {
  switch (screen) {
    case 'profile':
    case 'region':
      return 1;
    case 'secret':
    case 'aws-managed':
      return 2;
    case 'consumer-account':
    case 'principal':
    case 'consumer-profile':
    case 'consumer-role':
      return 3;
    case 'preview':
      return 4;
    case 'confirm':
    case 'apply':
    case 'question':
      return 5;
    case 'verify':
    case 'summary':
      return 6;
    default:
      return state.plan ? 4 : state.consumerAccount ? 3 : state.secret ? 2 : 1;
  }
}

export interface SecretListState {
  search: string;
  items: SecretChoice[];
  nextToken?: string;
  /** The search the items belong to; results of an older search are dropped. */
  loadedFor?: string;
  loading: boolean;
}

export interface WizardState {
  options: WizardOptions;
  screen: ScreenName;
  /** What the loading screen says. */
  loadingLabel?: string;

  profiles?: ProfileChoice[];
  /** Region from the environment (AWS_REGION), offered when the profile names none. */
  defaultRegion?: string;
  /** null = the SDK's default credential chain (no named profile). */
  profile?: string | null;
  region?: string;
  identity?: Identity;

  secretList: SecretListState;
  secret?: SecretChoice;
  /** The ARN/name last sent to DescribeSecret (from the flag or typed). */
  typedSecret?: string;

  consumerAccount?: string;
  principalKind?: PrincipalKind;
  /** The consumer principal ARN when it came as a flag or was picked from the role list. */
  consumerPrincipalArn?: string;
  /** null = no consumer profile: the identity policy is shown for the consumer's administrator. */
  consumerProfile?: string | null;
  consumerConnected: boolean;
  roles?: RoleChoice[];
  /** Role/user (name or ARN) that receives the identity policy; null = none (account root only). */
  consumerIdentity?: string | null;

  plan?: Plan;
  confirmed?: boolean;
  applyLines: ApplyLine[];
  apply?: ApplyReport;
  /** A question the core asked during apply (Host.confirm). */
  question?: YesNoQuestion;
  verify?: VerifyOutcome;
  /** Ctrl+C pressed during apply: the current write finishes or is rolled back first. */
  cancelRequested: boolean;
  error?: ErrorInfo;
  /** Set once the wizard is over; the root exits with it. */
  exitCode?: number;

  /** The effect the effects layer must run now (its id changes for every new request). */
  pending?: { id: number; effect: Effect };
  nextEffectId: number;

  /** UI of the current screen, reset when the screen changes. */
  cursor: number;
  input: string;
  scroll: number;
  inputError?: string;
  /** Events (info/warnings/retries) the core reported, newest last. */
  notes: string[];
}

export type WizardAction =
  | { type: 'start' }
  | { type: 'profiles-loaded'; profiles: ProfileChoice[]; defaultRegion?: string }
  | { type: 'choose-profile'; profile: string | null }
  | { type: 'submit-region'; region: string }
  | { type: 'connected'; identity: Identity; consumer?: Identity }
  | { type: 'secrets-loaded'; search: string; items: SecretChoice[]; nextToken?: string; append: boolean }
  | { type: 'search-secrets'; search: string }
  | { type: 'load-more-secrets' }
  | { type: 'choose-secret'; secret: string }
  | { type: 'secret-described'; secret: SecretChoice }
  | { type: 'submit-consumer-account'; value: string }
  | { type: 'choose-principal-kind'; kind: PrincipalKind }
  | { type: 'choose-consumer-profile'; profile: string | null }
  | { type: 'roles-loaded'; roles: RoleChoice[] }
  | { type: 'choose-consumer-identity'; identity: string | null }
  | { type: 'plan-ready'; plan: Plan }
  | { type: 'preview-continue' }
  | { type: 'confirm'; yes: boolean }
  | { type: 'apply-progress'; event: ProgressEvent }
  | { type: 'question-asked'; question: YesNoQuestion }
  | { type: 'question-answered'; answer: boolean }
  | { type: 'apply-finished'; outcome: ApplyReport }
  | { type: 'verify-finished'; outcome: VerifyOutcome }
  | { type: 'effect-failed'; effect: EffectKind; error: ErrorInfo }
  | { type: 'interrupt' }
  | { type: 'back' }
  // Keyboard-level actions (the Ink front end; the plain front end answers with the ones above).
  | { type: 'move-cursor'; delta: number; size: number }
  | { type: 'type-text'; text: string }
  | { type: 'erase' }
  | { type: 'scroll'; delta: number; max: number };

export function initialState(options: WizardOptions): WizardState {
  return {
    options,
    screen: 'loading',
    secretList: { search: '', items: [], loading: false },
    consumerConnected: false,
    applyLines: [],
    cancelRequested: false,
    nextEffectId: 1,
    cursor: 0,
    input: '',
    scroll: 0,
    notes: [],
  };
}

/** Exit codes of the wizard (the CLI's contract, plus 130 for Ctrl+C). */
export const EXIT = { ok: 0, failure: 1, invalid: 2, denied: 3, cancelled: 130 } as const;
