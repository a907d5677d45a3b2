import { DEFAULT_SHARE_OPTIONS, isRegion, parsePrincipal, pastedTextProblem } from '@secret-share-wizard/core';
import { awsOf, errorInfo, goTo, request, startSession } from './navigation';
import type { ScreenName, WizardShareRequest, WizardState } from './wizard-state';

/**
 * Answers given as flags. A flag the wizard cannot use is not the end: its question is asked with
 * the value and the reason. Answers for the share (secret, consumer, role) skip the first screen.
 */
export function applyFlags(state: WizardState): WizardState {
  const o = state.options;
  let next: WizardState = { ...state };
  const refuse = (screen: ScreenName, input: string, message: string) => {
    next = { ...next, flagErrors: { ...next.flagErrors, [screen]: { input, message } } };
  };
  if (o.profile !== undefined) next.profile = o.profile;
  if (o.region !== undefined) {
    if (isRegion(o.region)) next.region = o.region;
    else refuse('region', o.region, `--region: "${o.region}" is not an AWS region. Type one like us-east-1 or eu-west-2.`);
  }
  if (o.consumerProfile !== undefined) next.consumerProfile = o.consumerProfile;
  if (o.consumer !== undefined) {
    try {
      const principal = parsePrincipal(o.consumer, '--consumer');
      if (principal.kind === 'organization' || principal.kind === 'organizational-unit') {
        const org = organizationAnswers(next, o.consumer.trim());
        if (typeof org === 'string') throw new Error(org);
        next = { ...next, ...org };
      } else {
        next = { ...next, consumerAccount: principal.account, principalKind: principal.kind };
        if (principal.kind !== 'account') next = { ...next, consumerPrincipalArn: principal.arn, consumerIdentity: principal.arn };
      }
    } catch (error) {
      refuse('consumer-account', o.consumer, errorInfo(error).message);
    }
  }
  if (o.consumerRole !== undefined) {
    const problem = pastedTextProblem(o.consumerRole);
    if (problem) refuse('consumer-role', o.consumerRole, `--consumer-role: "${o.consumerRole}" ${problem}. Retype the role name or ARN as plain ASCII.`);
    else next.consumerIdentity = o.consumerRole;
  }
  if (o.secret !== undefined || o.consumer !== undefined || o.consumerRole !== undefined) next.flow = 'share';
  return advance(next);
}

/**
 * An organization id or OU path typed as the consumer: every member account (or those under the OU)
 * may read; there is no consumer profile or role to ask (each member's administrator attaches the
 * identity policy). The doctor diagnoses one role: it refuses. Undefined when `value` is no org.
 */
export function organizationAnswers(state: WizardState, value: string): Partial<WizardState> | string | undefined {
  if (!value.startsWith('o-')) return undefined;
  const principal = parsePrincipal(value, 'consumer');
  if (state.flow === 'doctor') return `${value} is an organization: the doctor diagnoses one role. Enter the account of that role.`;
  return { consumerAccount: principal.arn, principalKind: 'organization', consumerPrincipalArn: principal.arn, consumerProfile: null, consumerIdentity: null, roleBinding: undefined };
}

/** The first open question of the flow, or the AWS work that must happen before it. */
export function advance(state: WizardState): WizardState {
  const s: WizardState = { ...state, inputError: undefined };
  if (!s.flow) return goTo(s, 'home');
  const signIn = advanceSignIn(s);
  if (signIn) return signIn;
  switch (s.flow) {
    case 'share':
    case 'doctor':
      return advanceQuestions(s);
    case 'list':
    case 'revoke':
      // A revoke may ask which profile signs in to the consumer account: its list comes from the profiles.
      if (s.flow === 'revoke' && !s.profiles) return request(s, { kind: 'load-profiles' }, 'Reading your AWS profiles');
      if (s.shares) return goTo(s, 'shares');
      return request(s, { kind: 'list-shares', aws: awsOf(s) }, 'Reading the shares of every secret in the region');
    case 'restore':
      if (!s.profiles) return request(s, { kind: 'load-profiles' }, 'Reading your AWS profiles');
      if (s.backups) return goTo(s, 'backups');
      return request(s, { kind: 'list-backups' }, 'Reading the backup folders');
  }
}

/** Step 1 of every flow: the owner profile, the region, signing in. */
function advanceSignIn(s: WizardState): WizardState | undefined {
  if (s.profile === undefined) {
    if (!s.profiles) return request(s, { kind: 'load-profiles' }, 'Reading your AWS profiles');
    if (s.profiles.length === 0) return advance({ ...s, profile: null });
    return goTo(s, 'profile', Math.max(0, s.profiles.findIndex((p) => p.name === 'default')));
  }
  if (s.region === undefined) {
    // --profile given without --region: the profile's region is the default answer, so read the profiles.
    if (!s.profiles) return request(s, { kind: 'load-profiles' }, 'Reading your AWS profiles');
    const region = s.profiles.find((p) => p.name === s.profile)?.region ?? s.defaultRegion ?? '';
    const shown = goTo(s, 'region');
    return shown.input === '' ? { ...shown, input: region, inputCursor: region.length } : shown;
  }
  if (!s.identity) return request(s, { kind: 'connect', profile: s.profile, region: s.region }, 'Signing in to the owner account');
  return undefined;
}

/** The share (and the doctor): secret → consumer account → principal → consumer profile → role → the session. */
function advanceQuestions(s: WizardState): WizardState {
  if (!s.secret) {
    if (s.options.secret !== undefined && s.typedSecret === undefined) {
      return request({ ...s, typedSecret: s.options.secret }, { kind: 'describe-secret', secret: s.options.secret }, 'Reading the secret');
    }
    const screen = goTo(s, 'secret');
    const withInput = screen === s ? screen : { ...screen, input: s.secretList.search, inputCursor: s.secretList.search.length };
    return s.secretList.loadedFor === undefined && !s.secretList.loading ? listSecrets(withInput, s.secretList.search) : withInput;
  }
  // The doctor diagnoses any secret (the AWS managed key is one of the layers it names).
  if (s.flow === 'share' && s.secret.usesAwsManagedKey && !s.moveToKey) return goTo(s, 'aws-managed');
  if (s.consumerAccount === undefined) return goTo(s, 'consumer-account');
  if (s.flow === 'doctor' && s.principalKind !== 'role') return advanceQuestions({ ...s, principalKind: 'role' });
  if (s.principalKind === undefined) return goTo(s, 'principal');
  if (s.consumerProfile === undefined) {
    if (!s.profiles) return request(s, { kind: 'load-profiles' }, 'Reading your AWS profiles');
    if (!s.profiles.length) return advance({ ...s, consumerProfile: null });
    return goTo(s, 'consumer-profile', consumerProfileCursor(s));
  }
  if (s.consumerProfile !== null && !s.consumerConnected) {
    return request(s, { kind: 'connect', profile: s.profile ?? null, region: s.region!, consumerProfile: s.consumerProfile }, 'Signing in to the consumer account');
  }
  if (s.consumerIdentity === undefined) {
    if (s.consumerProfile !== null && s.principalKind !== 'user' && !s.roles) return request(s, { kind: 'list-roles' }, 'Listing the roles of the consumer account');
    return goTo(s, 'consumer-role');
  }
  if (s.flow === 'doctor') {
    if (s.doctor) return goTo(s, 'doctor');
    return request(s, { kind: 'diagnose', aws: awsOf(s), secret: s.secret.arn, consumerRole: s.consumerIdentity! }, 'Reading every layer on the path (both accounts)');
  }
  if (!s.profiles) return request(s, { kind: 'load-profiles' }, 'Reading your AWS profiles'); // for the session's credential questions
  if (!s.session) return startShare(s);
  return s;
}

/**
 * The consumer profile question: the one answered before, else the first profile that is not the
 * owner's (the owner's own profile is never the consumer's; pre-selecting it made Enter fail).
 */
function consumerProfileCursor(s: WizardState): number {
  const profiles = s.profiles ?? [];
  if (s.previousConsumerProfile === null) return profiles.length; // "None"
  const previous = profiles.findIndex((p) => p.name === s.previousConsumerProfile);
  if (previous >= 0) return previous;
  const other = profiles.findIndex((p) => p.name !== s.profile);
  return Math.max(0, other);
}

/** One core session for the share: it plans, asks the review and the approval, writes, records, verifies. */
export function startShare(s: WizardState): WizardState {
  const verify = typeof s.consumerProfile === 'string' && Boolean(s.consumerIdentity);
  return startSession({ ...s, verify: undefined }, 'share', { kind: 'share', aws: awsOf(s), request: shareRequest(s), verify }, 'Reading the secret, its key and the three policies');
}

/** The request the session gets, from the answers (the identity policy mode is the session's to decide). */
export function shareRequest(s: WizardState): WizardShareRequest {
  const consumer = s.principalKind === 'account' ? s.consumerAccount! : (s.consumerPrincipalArn ?? s.consumerIdentity!);
  // An organization or OU: each member account's administrator attaches the identity policy.
  if (s.principalKind === 'organization') return { secret: s.secret!.arn, consumer, identityPolicy: 'none', ...(s.moveToKey ? { moveToKey: s.moveToKey === 'new' ? 'new' : s.moveToKey.keyArn } : {}), options: { ...DEFAULT_SHARE_OPTIONS } };
  const identity = s.consumerIdentity ?? undefined;
  return {
    secret: s.secret!.arn,
    consumer,
    ...(identity !== undefined ? { consumerIdentity: identity } : {}),
    ...(s.moveToKey ? { moveToKey: s.moveToKey === 'new' ? 'new' : s.moveToKey.keyArn } : {}),
    ...(s.principalKind === 'role' ? { roleBinding: s.roleBinding ?? 'principal' } : {}),
    options: { ...DEFAULT_SHARE_OPTIONS },
  };
}

export function listSecrets(state: WizardState, search: string): WizardState {
  const list = { ...state.secretList, search, loading: true, nextToken: undefined };
  return request({ ...state, secretList: list }, { kind: 'list-secrets', search });
}
