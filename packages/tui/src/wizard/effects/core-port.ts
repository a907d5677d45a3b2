import {
  createAwsContext,
  defaultBackupRoot,
  diagnoseAccess,
  getCallerIdentity,
  isAwsManagedSecretsKeyId,
  listBackups,
  listCustomerKeys,
  listProfiles,
  listRoles,
  listSecrets,
  resolveSecret,
  runListSession,
  runRestoreSession,
  runRevokeSession,
  runShareSession,
  runVerifySession,
  type AwsContext,
  type ProfileInfo,
  type SessionOptions,
} from '@secret-share-wizard/core';
import { version } from '../../cli/main-help';
import type { AwsSelection, ProfileChoice } from '../state/wizard-state';
import type { SessionIo, WizardPort } from './wizard-port';

function profileKind(p: ProfileInfo): string | undefined {
  if (p.sso) return 'sso';
  if (p.roleArn) return 'role';
  if (p.staticKeys) return 'keys';
  return undefined;
}

/**
 * The wizard's port over @secret-share-wizard/core: one AwsContext for browsing (profiles, secrets,
 * roles, keys), made when signing in; every share, revoke, restore, list and verify is one core
 * session with the wizard's Host, exactly as the CLI runs them.
 */
export function createCorePort(env: NodeJS.ProcessEnv = process.env): WizardPort {
  let ctx: AwsContext | undefined;
  const context = (): AwsContext => {
    if (!ctx) throw new Error('not signed in yet');
    return ctx;
  };
  const backupRoot = defaultBackupRoot(env);
  const options = (aws: AwsSelection, io: SessionIo): SessionOptions => ({ host: io.host, aws, signal: io.signal, backupRoot, tool: `secret-share-wizard/${version}` });

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

    listKeys: () => listCustomerKeys(context()),
    listBackups: () => listBackups(backupRoot),
    listShares: ({ aws, secret }, io) => runListSession(secret ? { secret } : {}, options(aws, io)),
    share: ({ aws, request, verify }, io) => runShareSession({ request, mode: 'apply', verify }, options(aws, io)),
    revoke: ({ aws, request }, io) => runRevokeSession({ request, mode: 'apply' }, options(aws, io)),
    restore: ({ aws, folder }, io) => runRestoreSession({ folder, mode: 'apply' }, options(aws, io)),
    verify: ({ aws, secretArn, consumerRole }, io) => runVerifySession({ secretArn, ...(consumerRole ? { consumerRole } : {}) }, options(aws, io)),

    async diagnose({ aws, secret, consumerRole }) {
      const doctor = createAwsContext(aws);
      try {
        return await diagnoseAccess(doctor, { secret, consumerRole });
      } finally {
        doctor.destroy();
      }
    },

    close() {
      ctx?.destroy();
    },
  };
}
