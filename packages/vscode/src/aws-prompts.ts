import * as vscode from 'vscode';
import {
  createAwsContext,
  isAwsManagedSecretsKeyId,
  listProfiles,
  listRoles,
  listSecrets,
  parseKeyArn,
  parsePrincipal,
  PRINCIPAL_FORMS,
  type AwsContext,
  type ProfileInfo,
  type RoleBinding,
} from '@secret-share-wizard/core';
import { rememberedFirst, type AnswerStore, type RememberedAnswers } from './answer-store';
import { answered } from './errors';
import type { Log } from './output-log';
import { ACCOUNT_ROOT_ADVICE, validationMessage } from './prompts';
import { roleFromInput } from './role-input';
import { readSettings } from './settings';

/** What the AWS flows ask first: whose credentials, which region, which secret. */
export interface AwsTarget {
  ownerProfile?: string;
  consumerProfile?: string;
  region: string;
  /** Profiles and region as the session takes them. */
  aws: { ownerProfile?: string; consumerProfile?: string; region: string };
  /** A context on these profiles, for the pickers (destroy it after use). */
  ctx: AwsContext;
}

export interface PickedSecret {
  arn: string;
  name: string;
  /** True when the secret is on the AWS managed key aws/secretsmanager (it must move to be shared). */
  awsManagedKey: boolean;
}

type ProfileItem = vscode.QuickPickItem & { profile?: string };

function profileItems(profiles: ProfileInfo[], remembered: string | undefined): ProfileItem[] {
  const items: ProfileItem[] = profiles.map((p) => ({
    label: p.name,
    profile: p.name,
    description: [p.name === remembered ? 'last used' : undefined, p.region, p.sso ? 'SSO' : undefined, p.roleArn ? `assumes ${p.roleArn}` : undefined].filter(Boolean).join(' · '),
  }));
  return rememberedFirst(items, (item) => item.profile !== undefined && item.profile === remembered);
}

/** A profile from the AWS config, the remembered one first; `none` adds an entry that answers undefined. */
export async function pickProfile(title: string, profiles: ProfileInfo[], remembered: string | undefined, none?: string): Promise<string | undefined> {
  const items = profileItems(profiles, remembered);
  if (none) {
    const noneItem: ProfileItem = { label: none, ...(remembered === '' ? { description: 'last used' } : {}) };
    if (remembered === '') items.unshift(noneItem);
    else items.push(noneItem);
  }
  if (items.length === 0) return undefined;
  const picked = answered(await vscode.window.showQuickPick(items, { title, matchOnDescription: true, ignoreFocusOut: true }));
  return picked.profile;
}

export async function askRegion(title: string, value: string): Promise<string> {
  return answered(
    await vscode.window.showInputBox({
      title,
      value,
      prompt: 'The AWS region of the secret',
      ignoreFocusOut: true,
      validateInput: (v) => (/^[a-z]{2}(-[a-z]+)+-\d$/.test(v.trim()) ? undefined : 'A region, e.g. us-east-2'),
    }),
  ).trim();
}

/**
 * Profiles and region, with the remembered answers pre-selected: the owner profile (always), the
 * consumer profile (optional: `consumer` says what it is used for; absent: not asked), the region.
 */
export async function askAwsTarget(store: AnswerStore, title: string, consumer?: string): Promise<AwsTarget> {
  const remembered = store.get();
  const settings = readSettings();
  const profiles = await listProfiles();
  const ownerProfile = await pickProfile(`${title}: owner account profile (owns the secret and its key)`, profiles, remembered.ownerProfile ?? settings.ownerProfile, profiles.length === 0 ? 'Default credentials (environment)' : undefined);
  const consumerProfile = consumer
    ? await pickProfile(`${title}: consumer account profile (${consumer})`, profiles.filter((p) => p.name !== ownerProfile), remembered.consumerProfile ?? settings.consumerProfile, 'None: no access to the consumer account')
    : undefined;
  const profileRegion = profiles.find((p) => p.name === ownerProfile)?.region;
  const region = await askRegion(`${title}: region`, remembered.region ?? settings.region ?? profileRegion ?? process.env.AWS_REGION ?? 'us-east-1');
  await store.remember({ ...(ownerProfile ? { ownerProfile } : {}), ...(consumer ? { consumerProfile: consumerProfile ?? '' } : {}), region });
  const aws = { ...(ownerProfile ? { ownerProfile } : {}), ...(consumerProfile ? { consumerProfile } : {}), region };
  return { ...(ownerProfile ? { ownerProfile } : {}), ...(consumerProfile ? { consumerProfile } : {}), region, aws, ctx: createAwsContext(aws) };
}

/** The secret, from a searchable list of the owner account's secrets (the remembered one first). */
export async function pickSecret(ctx: AwsContext, region: string, title: string, store: AnswerStore): Promise<PickedSecret> {
  const remembered = store.get().secretArn;
  const load = async () => {
    const items: Array<vscode.QuickPickItem & { secret: PickedSecret }> = [];
    let nextToken: string | undefined;
    do {
      const page = await listSecrets(ctx, { region, maxResults: 100, ...(nextToken ? { nextToken } : {}) });
      for (const s of page.secrets) {
        const awsManagedKey = !s.kmsKeyId || isAwsManagedSecretsKeyId(s.kmsKeyId);
        items.push({
          label: s.name,
          description: [s.arn === remembered ? 'last used' : undefined, awsManagedKey ? 'AWS managed key aws/secretsmanager: moves to a customer managed key to be shared' : `key ${s.kmsKeyId!.split('/').pop()}`].filter(Boolean).join(' · '),
          detail: s.arn,
          secret: { arn: s.arn, name: s.name, awsManagedKey },
        });
      }
      nextToken = page.nextToken;
    } while (nextToken && items.length < 1000);
    return rememberedFirst(items, (item) => item.secret.arn === remembered);
  };
  const picked = answered(await vscode.window.showQuickPick(load(), { title: `${title}: secret`, placeHolder: 'Type to search by name or ARN', matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true }));
  await store.remember({ secretArn: picked.secret.arn });
  return picked.secret;
}

/** The consumer: an account id (recommended) or a role ARN; the remembered one pre-filled. */
export async function askConsumerPrincipal(title: string, store: AnswerStore, partition = 'aws'): Promise<string> {
  const remembered = store.get().consumer;
  const settings = readSettings();
  const consumer = answered(
    await vscode.window.showInputBox({
      title: `${title}: consumer`,
      prompt: `Consumer account id, role ARN, organization id (o-…) or OU path (o-…/r-…/ou-…/). ${ACCOUNT_ROOT_ADVICE}`,
      placeHolder: settings.principalKind === 'role' ? 'arn:aws:iam::222222222222:role/APP_ROLE' : '222222222222',
      ...(remembered ? { value: remembered } : {}),
      ignoreFocusOut: true,
      validateInput: (text) => validationMessage(() => parsePrincipal(text.trim(), 'the consumer', partition)),
    }),
  ).trim();
  await store.remember({ consumer });
  return consumer;
}

type RoleItem = vscode.QuickPickItem & { arn?: string; typed?: boolean; none?: boolean };

/**
 * The role of the consumer account that reads the secret (it receives the identity policy): the
 * roles listed with the consumer profile (when there is one), or typed — a plain role name or an
 * ARN. `allowNone` adds "No role: the consumer account's administrator grants it".
 */
export async function pickConsumerRole(options: { title: string; account: string; partition?: string; ctx?: AwsContext; store: AnswerStore; log: Log; allowNone: boolean }): Promise<string | undefined> {
  const { title, account, ctx, store, log, allowNone } = options;
  const partition = options.partition ?? 'aws';
  const remembered = store.get().consumerRole;
  const quickPick = vscode.window.createQuickPick<RoleItem>();
  quickPick.title = `${title}: consumer role in ${account}`;
  quickPick.placeholder = ctx?.consumer ? 'Pick a role, or type a role name or ARN' : 'Type a role name (e.g. APP_ROLE) or a role ARN';
  quickPick.ignoreFocusOut = true;
  quickPick.matchOnDetail = true;
  const noneItem: RoleItem = { label: 'No role', description: "the consumer account's administrator grants it (the identity policy is handed over, not written)", none: true };
  let listed: RoleItem[] = [];
  const render = () => {
    const text = quickPick.value.trim();
    const typed: RoleItem[] = [];
    if (text !== '' && !listed.some((item) => item.label === text || item.arn === text)) {
      const answer = roleFromInput(text, account, partition);
      typed.push(answer.arn ? { label: text, description: `use ${answer.arn}`, arn: answer.arn, typed: true, alwaysShow: true } : { label: text, description: answer.error, typed: true, alwaysShow: true });
    }
    quickPick.items = [...typed, ...listed, ...(allowNone ? [noneItem] : [])];
  };
  if (remembered && remembered.split(':')[4] === account) listed = [{ label: remembered.split('/').pop() ?? remembered, description: 'last used', detail: remembered, arn: remembered }];
  render();
  if (ctx?.consumer) {
    quickPick.busy = true;
    void listRoles(ctx, { maxItems: 1000 })
      .then(({ roles }) => {
        const items = roles
          .filter((role) => !role.path.startsWith('/aws-service-role/') && !role.path.startsWith('/aws-reserved/'))
          .map((role) => ({ label: role.name, description: [role.arn === remembered ? 'last used' : undefined, role.path !== '/' ? role.path : undefined, role.description].filter(Boolean).join(' · '), detail: role.arn, arn: role.arn }));
        listed = rememberedFirst(items, (item) => item.arn === remembered);
        if (remembered && !listed.some((item) => item.arn === remembered) && remembered.split(':')[4] === account) listed.unshift({ label: remembered.split('/').pop() ?? remembered, description: 'last used (not listed)', detail: remembered, arn: remembered });
        render();
      })
      .catch((error: unknown) => {
        log.error(`Listing the roles of ${account}: ${(error as Error).message}`);
        quickPick.placeholder = `The roles could not be listed (${(error as Error).message.slice(0, 80)}): type a role name or ARN`;
      })
      .finally(() => {
        quickPick.busy = false;
      });
  }
  const answer = await new Promise<RoleItem | undefined>((resolve) => {
    quickPick.onDidChangeValue(render);
    quickPick.onDidAccept(() => {
      const item = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
      if (!item || (item.typed && !item.arn)) return;
      resolve(item);
      quickPick.hide();
    });
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  const picked = answered(answer);
  if (picked.none) return undefined;
  await store.remember({ consumerRole: picked.arn! });
  return picked.arn;
}

/** Where a secret on aws/secretsmanager moves: a new customer managed key, or one by ARN. */
export async function pickDestinationKey(title: string, region: string, account: string): Promise<string> {
  const picked = answered(
    await vscode.window.showQuickPick(
      [
        { label: 'Create a new customer managed key', description: 'its key policy lets this account administer it', value: 'new' },
        { label: 'Use an existing customer managed key…', description: 'type its ARN', value: 'arn' },
      ],
      { title: `${title}: destination key`, placeHolder: 'Secrets on the AWS managed key aws/secretsmanager cannot be shared: the secret moves to a customer managed key first', ignoreFocusOut: true },
    ),
  );
  if (picked.value === 'new') return 'new';
  return answered(
    await vscode.window.showInputBox({
      title: `${title}: destination key ARN`,
      placeHolder: `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      ignoreFocusOut: true,
      validateInput: (text) => validationMessage(() => parseKeyArn(text.trim(), 'the destination key')),
    }),
  ).trim();
}

/** The partition and account of a secret ARN. */
export function secretAccount(arn: string): { partition: string; account: string } {
  const parts = arn.split(':');
  return { partition: parts[1] ?? 'aws', account: parts[4] ?? '' };
}

export type { RememberedAnswers };

type BindingItem = vscode.QuickPickItem & { binding: RoleBinding };

/**
 * How a role (or user) consumer is named in the secret and key policies: its ARN as the principal,
 * or the account root bound to it by `aws:PrincipalArn` (survives the role being recreated). The
 * two forms and their trade-offs are the core's PRINCIPAL_FORMS.
 */
export async function pickRoleBinding(title: string): Promise<RoleBinding> {
  const items: BindingItem[] = PRINCIPAL_FORMS.filter((form) => form.roleBinding !== undefined).map((form) => ({ label: form.label, detail: form.tradeOff, binding: form.roleBinding! }));
  const picked = answered(await vscode.window.showQuickPick(items, { title: `${title}: how the policies name the role`, placeHolder: 'How should the secret and key policies name this role?', ignoreFocusOut: true, matchOnDetail: true }));
  return picked.binding;
}

