import { EXIT_CODES, type ApprovalPayload, type BackupSummary, type DiagnoseResult, type ErrorInfo as CoreErrorInfo, type Plan, type ProgressEvent, type Question, type RoleBinding, type SessionOutcome, type ShareListing, type ShareSessionInput } from '@secret-share-wizard/core';
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

/** A customer managed key the secret can move to. */
export interface KeyChoice {
  arn: string;
  id: string;
  aliases: string[];
}

/** `organization`: an organization or OU (`consumerPrincipalArn` holds its id or path; no consumer profile or role). */
export type PrincipalKind = 'account' | 'role' | 'user' | 'organization';

/**
 * How a single consumer role is named in the secret and key policies (the core's `RoleBinding`):
 * `principal` (the role ARN as the Principal: IAM stores its unique id, so a recreated role loses
 * access) or `condition` (the account root as the Principal, bound to the role by `aws:PrincipalArn`).
 */
export type { RoleBinding };

export type WizardShareRequest = ShareSessionInput['request'] & { roleBinding?: RoleBinding };

/** The AWS profiles and region a session signs in with (null profile: the SDK's default chain). */
export interface AwsSelection {
  ownerProfile?: string;
  consumerProfile?: string;
  region?: string;
}

/** One write of apply, as its live line shows it. */
export interface ApplyLine {
  id: string;
  message: string;
  status: 'running' | 'done' | 'failed' | 'rolled-back' | 'skipped';
}

export interface VerifyView {
  /** False when verify did not run (no consumer profile, or the emulator cannot read across accounts). */
  ran: boolean;
  allowed: boolean;
  message: string;
  /** What to do (how to verify, what to fix), on its own line. */
  fix?: string;
}

export type ErrorInfo = Pick<CoreErrorInfo, 'message' | 'fix' | 'details' | 'field'> & { code?: string; source?: 'user' | 'aws' | 'bug' };

/** The flows of the first screen. */
export type Flow = 'share' | 'revoke' | 'list' | 'restore' | 'doctor';

/** The AWS work the effects layer performs for the state machine (the reducer never calls AWS). */
export type Effect =
  | { kind: 'load-profiles' }
  | { kind: 'connect'; profile: string | null; region: string; consumerProfile?: string | null }
  | { kind: 'list-secrets'; search: string; nextToken?: string }
  | { kind: 'describe-secret'; secret: string }
  | { kind: 'list-roles' }
  | { kind: 'list-keys' }
  | { kind: 'list-shares'; aws: AwsSelection; secret?: string }
  | { kind: 'list-backups' }
  /** One core session per share: plan → review → approval → writes → record → verify. */
  | { kind: 'share'; aws: AwsSelection; request: WizardShareRequest; verify: boolean }
  | { kind: 'revoke'; aws: AwsSelection; request: { secret: string; consumer: string; consumerIdentity?: string } }
  | { kind: 'restore'; aws: AwsSelection; folder: string }
  | { kind: 'verify'; aws: AwsSelection; secretArn: string; consumerRole?: string }
  | { kind: 'diagnose'; aws: AwsSelection; secret: string; consumerRole: string };

export type EffectKind = Effect['kind'];
export type SessionOperation = 'share' | 'revoke' | 'restore';

/**
 * A core session in progress (or finished): what it reported, the question it waits on, and its
 * outcome. `id` is the effect id: events of an older session (abandoned by Esc) are dropped.
 */
export interface SessionView {
  id: number;
  operation: SessionOperation;
  /** What started it (trying again starts it anew). */
  effect: Effect;
  plan?: Plan;
  /** The question the session waits on (approve-writes, delete-policy-version, credentials). */
  asked?: Question;
  /** Approval given: the writes run. */
  approved: boolean;
  /** Answers given so far and the last one: the effects layer hands it to the waiting session. */
  answers: number;
  lastAnswer?: boolean | string | null;
  /** The approval payload once asked (kept after the answer, for the summary). */
  approval?: ApprovalPayload;
  /** What the session is doing now (its latest `stage`). */
  stage?: string;
  lines: ApplyLine[];
  /** Info, warnings and retries it reported, newest last. */
  notes: string[];
  /** Ctrl+C during the writes: the current write finishes (or is rolled back), then it stops. */
  cancelRequested: boolean;
  outcome?: SessionOutcome;
}

/** Where "Go back" leads from the error screen: the question whose answer is asked again. */
export type BackTarget = 'home' | 'profile' | 'secret' | 'aws-managed' | 'consumer-account' | 'consumer-profile' | 'consumer-role' | 'shares' | 'backups' | 'summary';

/** A recoverable error: the message, what retrying does, where going back leads, the exit code if the user leaves. */
export interface Recovery {
  error: ErrorInfo;
  retry?: Effect;
  back?: BackTarget;
  exitCode: number;
}

/**
 * The screens. A screen is a state, not a route: which one shows follows from what is answered so
 * far (see `advance`), so an answer given as a flag skips its screen.
 */
export type ScreenName =
  | 'home'
  | 'loading'
  | 'profile'
  | 'region'
  | 'secret'
  | 'aws-managed'
  | 'move-key'
  | 'consumer-account'
  | 'principal'
  | 'consumer-profile'
  | 'consumer-role'
  | 'preview'
  | 'confirm'
  | 'apply'
  | 'question'
  | 'credentials'
  | 'summary'
  | 'snippets'
  | 'shares'
  | 'backups'
  | 'doctor'
  | 'error'
  | 'cancelled';

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
  /** undefined: the first screen (what do you want to do?). */
  flow?: Flow;

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
  /** A secret on aws/secretsmanager moves to this key as part of the share (`new`: a key the share creates). */
  moveToKey?: { keyArn: string } | 'new';
  keys?: KeyChoice[];

  consumerAccount?: string;
  principalKind?: PrincipalKind;
  /** For a role consumer: the role ARN as the Principal, or the account root bound by aws:PrincipalArn. */
  roleBinding?: RoleBinding;
  /** The consumer principal ARN when it came as a flag or was picked from the role list. */
  consumerPrincipalArn?: string;
  /** null = no consumer profile: the identity policy is shown for the consumer's administrator. */
  consumerProfile?: string | null;
  /** The consumer profile answered before (preselected when the question is asked again). */
  previousConsumerProfile?: string | null;
  consumerConnected: boolean;
  roles?: RoleChoice[];
  /** Role/user (name or ARN) that receives the identity policy; null = none (account root only). */
  consumerIdentity?: string | null;

  /** The shares read by `list` (the list screen, the revoke picker). */
  shares?: { items: ShareListing[]; secrets: number; secret?: string };
  backups?: BackupSummary[];
  session?: SessionView;
  /** The last share session that applied (what verify, revoke, restore and the snippets refer to). */
  lastShare?: { plan: Plan; backup: string | null; consumerIdentity?: string; consumerProfile?: string | null };
  verify?: VerifyView;
  doctor?: DiagnoseResult;
  recovery?: Recovery;
  /** The consumer snippets page shown, and whether the user opened them (they are printed after exit). */
  snippetPage: number;
  snippetsShown: boolean;
  /** A line shown on the next question (e.g. "Nothing was written: you declined."), not an error. */
  notice?: string;
  /** Errors of flags, shown on the screen of their question when it comes. */
  flagErrors: Partial<Record<ScreenName, { input: string; message: string }>>;

  /** The exit code of the last operation: the wizard's exit code when the user leaves. */
  lastExitCode: number;
  /** Set once the user leaves; the root exits with it. */
  exitCode?: number;
  /** What the screen says on the way out (cancelled). */
  error?: ErrorInfo;

  /** The effect the effects layer must run now (its id changes for every new request). */
  pending?: { id: number; effect: Effect };
  nextEffectId: number;

  /** UI of the current screen, reset when the screen changes. */
  cursor: number;
  input: string;
  /** Where the text cursor is in `input` (0..input.length). */
  inputCursor: number;
  scroll: number;
  inputError?: string;
}

/** A text field edit: the Ink front end maps keys to these (paste, backspace bursts, Ctrl+U, Ctrl+W). */
export type TextEdit =
  | { kind: 'insert'; text: string }
  | { kind: 'backspace' }
  | { kind: 'delete-word' }
  | { kind: 'clear' }
  | { kind: 'kill-to-end' }
  | { kind: 'move'; to: 'left' | 'right' | 'home' | 'end' };

export type WizardAction =
  | { type: 'start' }
  | { type: 'choose-flow'; flow: Flow }
  | { type: 'profiles-loaded'; profiles: ProfileChoice[]; defaultRegion?: string }
  | { type: 'choose-profile'; profile: string | null }
  | { type: 'submit-region'; region: string }
  | { type: 'connected'; identity: Identity; consumer?: Identity }
  | { type: 'secrets-loaded'; search: string; items: SecretChoice[]; nextToken?: string; append: boolean }
  | { type: 'search-secrets'; search: string }
  | { type: 'load-more-secrets' }
  | { type: 'choose-secret'; secret: string }
  | { type: 'secret-described'; secret: SecretChoice }
  | { type: 'list-keys' }
  | { type: 'keys-loaded'; keys: KeyChoice[] }
  | { type: 'choose-key'; key: { keyArn: string } | 'new' }
  | { type: 'other-secret' }
  | { type: 'submit-consumer-account'; value: string }
  | { type: 'choose-principal'; kind: PrincipalKind; roleBinding?: RoleBinding }
  | { type: 'choose-consumer-profile'; profile: string | null }
  | { type: 'roles-loaded'; roles: RoleChoice[] }
  | { type: 'choose-consumer-identity'; identity: string | null }
  | { type: 'shares-loaded'; shares: ShareListing[]; secrets: number; secret?: string }
  | { type: 'choose-share'; index: number }
  | { type: 'backups-loaded'; backups: BackupSummary[] }
  | { type: 'choose-backup'; folder: string }
  | { type: 'diagnosed'; result: DiagnoseResult }
  | { type: 'verified'; outcome: SessionOutcome }
  // The session (share, revoke, restore): what it reports, what it asks, how it ends.
  | { type: 'session-event'; id: number; event: ProgressEvent }
  | { type: 'session-asked'; id: number; question: Question }
  | { type: 'session-finished'; id: number; outcome: SessionOutcome }
  | { type: 'preview-continue' }
  | { type: 'confirm'; yes: boolean }
  | { type: 'question-answered'; answer: boolean }
  | { type: 'credentials-answered'; profile: string | null }
  // After a share (the summary) and on the error screen.
  | { type: 'next'; step: 'snippets' | 'verify' | 'revoke' | 'restore' | 'list' | 'home' | 'exit' }
  | { type: 'snippet-page'; delta: number }
  | { type: 'retry' }
  | { type: 'go-back' }
  /** The user leaves from the error screen (its exit code) or another screen (`exitCode`, else the last operation's). */
  | { type: 'leave'; exitCode?: number }
  | { type: 'effect-failed'; effect: EffectKind; error: ErrorInfo }
  | { type: 'interrupt' }
  | { type: 'back' }
  // Keyboard-level actions (the Ink front end; the plain front end answers with the ones above).
  | { type: 'move-cursor'; delta: number; size: number }
  | { type: 'edit'; edit: TextEdit }
  | { type: 'scroll'; delta: number; max: number };

export function initialState(options: WizardOptions): WizardState {
  return {
    options,
    screen: 'loading',
    secretList: { search: '', items: [], loading: false },
    consumerConnected: false,
    snippetPage: 0,
    snippetsShown: false,
    flagErrors: {},
    lastExitCode: 0,
    nextEffectId: 1,
    cursor: 0,
    input: '',
    inputCursor: 0,
    scroll: 0,
  };
}

/** Exit codes of the wizard: the core's table (`EXIT_CODES`) under the wizard's names. */
export const EXIT = {
  ok: EXIT_CODES.ok,
  failure: EXIT_CODES.failed,
  invalid: EXIT_CODES.nothingWritten,
  denied: EXIT_CODES.denied,
  rollbackIncomplete: EXIT_CODES.rollbackIncomplete,
  attention: EXIT_CODES.changesPending,
  cancelled: EXIT_CODES.interrupted,
} as const;

/** The steps the header shows, per flow. */
export const FLOW_STEPS: Record<Flow, readonly string[]> = {
  share: ['Owner account', 'Secret', 'Consumer', 'Review', 'Apply', 'Summary'],
  revoke: ['Owner account', 'Share', 'Review', 'Revoke', 'Summary'],
  restore: ['Owner account', 'Backup', 'Review', 'Restore', 'Summary'],
  list: ['Owner account', 'Shares'],
  doctor: ['Owner account', 'Secret', 'Consumer role', 'Diagnosis'],
};

export const FLOW_TITLES: Record<Flow, string> = {
  share: 'Share a secret',
  revoke: 'Revoke a share',
  list: 'List shares',
  restore: 'Restore a backup',
  doctor: 'Diagnose access',
};

/** The step (1-based) of the header for a screen, in the current flow. */
export function stepOf(state: Pick<WizardState, 'screen' | 'flow' | 'session' | 'secret' | 'consumerAccount' | 'pending'>): number {
  const { screen, flow } = state;
  const share = flow === 'share';
  switch (screen) {
    case 'profile':
    case 'region':
      return 1;
    case 'secret':
    case 'aws-managed':
    case 'move-key':
    case 'shares':
    case 'backups':
      return 2;
    case 'consumer-account':
    case 'principal':
    case 'consumer-profile':
    case 'consumer-role':
      return 3;
    case 'preview':
    case 'confirm':
      return share ? 4 : 3;
    case 'apply':
    case 'question':
    case 'credentials':
      // Credentials asked before the approval belong to the review.
      if (state.session && !state.session.approved) return share ? 4 : 3;
      return share ? 5 : 4;
    case 'summary':
    case 'snippets':
      return share ? 6 : 5;
    case 'doctor':
      return 4;
    case 'loading':
      return loadingStep(state);
    default:
      return state.session ? (share ? 5 : 4) : state.consumerAccount ? 3 : state.secret ? 2 : 1;
  }
}

/** The step of what is loading: the step whose answer it reads or acts on. */
function loadingStep(state: Pick<WizardState, 'flow' | 'session' | 'pending' | 'consumerAccount'>): number {
  const share = state.flow === 'share';
  if (state.session) return state.session.approved ? (share ? 5 : 4) : share ? 4 : 3;
  switch (state.pending?.effect.kind) {
    case 'describe-secret':
    case 'list-secrets':
    case 'list-keys':
    case 'list-shares':
    case 'list-backups':
      return 2;
    case 'connect':
      return state.pending.effect.kind === 'connect' && state.pending.effect.consumerProfile ? 3 : 1;
    case 'list-roles':
      return 3;
    case 'diagnose':
      return 4;
    case 'verify':
      return 6;
    default:
      return state.consumerAccount ? 3 : 1;
  }
}
