import {
  createAwsContext,
  getCallerIdentity,
  isAwsManagedSecretsKeyId,
  listProfiles,
  listRoles,
  listSecrets,
  messageWithFix,
  resolveSecret,
  runShareSession,
  runVerifySession,
  verifyRoleOf,
  WizardError,
  type AwsContext,
  type AwsContextOptions,
  type ErrorInfo,
  type Host,
  type ProfileInfo,
} from '@secret-share-wizard/core';
import type { ProfileChoice } from '../state/wizard-state';
import type { WizardOptions } from '../wizard-options';
import type { WizardPort } from './wizard-port';

function profileKind(p: ProfileInfo): string | undefined {
  if (p.sso) return 'sso';
  if (p.roleArn) return 'role';
  if (p.staticKeys) return 'keys';
  return undefined;
}

/**
 * The wizard's port over @secret-share-wizard/core: one AwsContext for browsing (profiles, secrets,
 * roles), made when signing in; the plan, the writes and the verification go through the core's
 * share session, with the answers the wizard collected.
 */
export function createCorePort(options: Pick<WizardOptions, 'demo'> = {}, env: NodeJS.ProcessEnv = process.env): WizardPort {
  let ctx: AwsContext | undefined;
  let aws: AwsContextOptions = {};
  const context = (): AwsContext => {
    if (!ctx) throw new Error('not signed in yet');
    return ctx;
  };
  const quietHost: Host = { notify: () => undefined, ask: async (question) => question.defaultAnswer };

  return {
    async listProfiles() {
      const profiles = (await listProfiles({ env })).map((p): ProfileChoice => {
        const kind = profileKind(p);
        return { name: p.name, ...(p.region ? { region: p.region } : {}), ...(kind ? { kind } : {}) };
      });
      const defaultRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION;
      // The profile in AWS_PROFILE first: it is the one the user works with.
      const current = env.AWS_PROFILE;
      profiles.sort((a, b) => Number(b.name === current) - Number(a.name === current));
      return { profiles, ...(defaultRegion ? { defaultRegion } : {}) };
    },

    async connect({ profile, region, consumerProfile }) {
      ctx?.destroy();
      aws = { ...(profile ? { ownerProfile: profile } : {}), ...(consumerProfile ? { consumerProfile } : {}), region };
      ctx = createAwsContext(aws);
      const owner = await getCallerIdentity(ctx, 'owner');
      const consumer = consumerProfile ? await getCallerIdentity(ctx, 'consumer') : undefined;
      return { identity: { account: owner.account, arn: owner.arn }, ...(consumer ? { consumer: { account: consumer.account, arn: consumer.arn } } : {}) };
    },

    async listSecrets({ search, nextToken }) {
      const page = await listSecrets(context(), { search, ...(nextToken ? { nextToken } : {}) });
      return {
        items: page.secrets.map((s) => ({
          arn: s.arn,
          name: s.name,
          ...(s.kmsKeyId ? { kmsKeyId: s.kmsKeyId } : {}),
          usesAwsManagedKey: s.kmsKeyId === undefined || isAwsManagedSecretsKeyId(s.kmsKeyId),
        })),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },

    async describeSecret(secret) {
      const info = await resolveSecret(context(), secret);
      const key = info.keyArn ?? info.kmsKeyId;
      return { arn: info.arn, name: info.name, ...(key ? { kmsKeyId: key } : {}), usesAwsManagedKey: info.usesAwsManagedKey };
    },

    async listRoles() {
      const roles = [];
      let nextToken: string | undefined;
      // Up to 1,000 roles: enough for a picker; beyond that the user types the name.
      for (let page = 0; page < 10; page++) {
        const result = await listRoles(context(), { ...(nextToken ? { nextToken } : {}) });
        roles.push(...result.roles.filter((r) => !r.path.startsWith('/aws-service-role/')).map((r) => ({ name: r.name, arn: r.arn })));
        nextToken = result.nextToken;
        if (!nextToken) break;
      }
      return roles;
    },

    async plan(request) {
      const outcome = await runShareSession({ request, mode: 'plan' }, { host: quietHost, aws });
      if (outcome.plan && !outcome.error) return outcome.plan;
      const error: ErrorInfo = outcome.error ?? { code: 'BUG', message: 'the session made no plan', source: 'bug' };
      throw new WizardError(error.code, error.message, { ...(error.fix ? { fix: error.fix } : {}), ...(error.field ? { field: error.field } : {}) });
    },

    async apply(plan, host, signal) {
      // The wizard reviewed this plan and the user confirmed it: the session plans again, applies only
      // that same plan, and asks the wizard its questions during the writes.
      const sessionHost: Host = {
        notify: (event) => host.notify(event),
        ask: async (question) => {
          if (question.code === 'approve-writes') return true as never;
          if (question.code === 'delete-policy-version') return (await host.askYesNo({ code: question.code, message: question.message, defaultAnswer: question.defaultAnswer as boolean })) as never;
          return question.defaultAnswer;
        },
      };
      const outcome = await runShareSession({ request: plan.request, planFile: plan, mode: 'apply' }, { host: sessionHost, aws, signal, tool: 'secret-share-wizard' });
      const message = outcome.error ? messageWithFix(outcome.error.message, outcome.error.fix) : undefined;
      return {
        ok: outcome.ok,
        ...(outcome.backup ? { backup: outcome.backup } : {}),
        rolledBack: outcome.results.some((r) => r.status === 'rolled-back'),
        aborted: outcome.error?.code === 'CANCELLED',
        ...(message ? { message } : {}),
        results: outcome.results.map((r) => ({ kind: r.kind, target: r.target, status: r.status, ...(r.message ? { message: r.message } : {}) })),
      };
    },

    async verify(plan) {
      const role = verifyRoleOf(plan);
      const outcome = await runVerifySession({ secretArn: plan.secret.arn, ...(role ? { consumerRole: role } : {}) }, { host: quietHost, aws });
      const verify = outcome.verify;
      if (verify?.ok) {
        return { ran: true, allowed: true, message: `${verify.principal} read the secret (${verify.versionStage}, ${verify.length} characters, SHA-256 ${verify.fingerprint}…).` };
      }
      if (options.demo && verify && verify.errorClass === 'not-found') {
        const allowed = plan.simulation.after.allowed;
        return {
          ran: false,
          allowed,
          message: `The emulator cannot read across accounts, so this is the simulator's verdict: ${allowed ? 'the consumer can read the secret' : plan.simulation.after.explanation}.`,
        };
      }
      if (!verify) return { ran: false, allowed: false, message: outcome.error ? messageWithFix(outcome.error.message, outcome.error.fix) : 'Verify did not run.' };
      return { ran: true, allowed: false, message: `${verify.message} ${verify.fix}` };
    },

    close() {
      ctx?.destroy();
    },
  };
}
