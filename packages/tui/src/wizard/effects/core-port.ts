import {
  applyPlan,
  createAwsContext,
  getCallerIdentity,
  isAwsManagedSecretsKeyId,
  listProfiles,
  listRoles,
  listSecrets,
  planShareFromAws,
  resolveSecret,
  verifyAccess,
} from '@secret-share-wizard/core';
import type { AwsContext, ProfileInfo } from '@secret-share-wizard/core';
import type { ProfileChoice } from '../state/wizard-state';
import type { WizardOptions } from '../wizard-options';
import type { WizardPort } from './wizard-port';

function profileKind(p: ProfileInfo): string | undefined {
  if (p.sso) return 'sso';
  if (p.roleArn) return 'role';
  if (p.staticKeys) return 'keys';
  return undefined;
}

/** The wizard's port over @secret-share-wizard/core: one AwsContext, made when signing in. */
export function createCorePort(options: Pick<WizardOptions, 'demo'> = {}, env: NodeJS.ProcessEnv = process.env): WizardPort {
  let ctx: AwsContext | undefined;
  const context = (): AwsContext => {
    if (!ctx) throw new Error('not signed in yet');
    return ctx;
  };

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
      ctx = createAwsContext({ ...(profile ? { ownerProfile: profile } : {}), ...(consumerProfile ? { consumerProfile } : {}), region });
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

    plan: (request) => planShareFromAws(context(), request),

    async apply(plan, host, signal) {
      const outcome = await applyPlan(context(), plan, { host, signal });
      const error = outcome.error;
      const message = error ? (error.fix && !error.message.includes(error.fix) ? `${error.message}. ${error.fix}` : error.message) : undefined;
      return {
        ok: outcome.ok,
        ...(outcome.backup ? { backup: outcome.backup } : {}),
        rolledBack: outcome.results.some((r) => r.status === 'rolled-back'),
        aborted: error?.code === 'CANCELLED',
        ...(message ? { message } : {}),
        results: outcome.results.map((r) => ({ kind: r.kind, target: r.target, status: r.status, ...(r.message ? { message: r.message } : {}) })),
      };
    },

    async verify(plan) {
      const role = plan.identity?.principalKind === 'role' ? plan.identity.arn : plan.consumer.kind === 'role' ? plan.consumer.arn : undefined;
      const outcome = await verifyAccess(context(), { secretArn: plan.secret.arn, ...(role ? { consumerRole: role } : {}), plan });
      if (outcome.ok) {
        return { ran: true, allowed: true, message: `${outcome.principal} read the secret (${outcome.versionStage}, ${outcome.length} characters, SHA-256 ${outcome.fingerprint}…).` };
      }
      if (options.demo && outcome.errorClass === 'not-found') {
        const allowed = plan.simulation.after.allowed;
        return {
          ran: false,
          allowed,
          message: `The emulator cannot read across accounts, so this is the simulator's verdict: ${allowed ? 'the consumer can read the secret' : plan.simulation.after.explanation}.`,
        };
      }
      return { ran: true, allowed: false, message: `${outcome.message} ${outcome.fix}` };
    },

    close() {
      ctx?.destroy();
    },
  };
}
