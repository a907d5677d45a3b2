import type { OrgLevel, NamedPolicy } from '../simulate/simulate-types';
import type { AccountClients } from './aws-context';
import { awsCall, awsErrorName } from './aws-errors';
import { parseAwsPolicyText } from './policy-text';
import { loadOrganizationsSdk } from './sdk';

export type OrgPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** Who can read SCPs and RCPs (the `readableBy` of those layers when the credentials cannot). */
export const ORGANIZATION_READERS = 'the management account or a delegated administrator of the organization (organizations:ListParents, organizations:ListPoliciesForTarget, organizations:DescribePolicy); pass --org-profile';

/** The Organizations answers that mean "these credentials cannot read that" rather than a failure. */
const CANNOT_READ = new Set(['AccessDeniedException', 'AccessDenied', 'AWSOrganizationsNotInUseException', 'AccountNotFoundException', 'TargetNotFoundException', 'ParentNotFoundException']);

/** Does this error (or the cause of a WizardError) mean the caller cannot read the organization? */
export function cannotReadOrganization(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause ?? error;
  return CANNOT_READ.has(awsErrorName(cause)) || /not authorized to perform/i.test(cause instanceof Error ? cause.message : '');
}

/** Organizations is global: the endpoint region of each partition. */
export function organizationsRegion(partition: string, fallback?: string): string | undefined {
  if (partition === 'aws') return 'us-east-1';
  if (partition === 'aws-cn') return 'cn-northwest-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  return fallback;
}

export interface OrganizationFacts {
  /** `member`: in an organization; `none`: in none; `unknown`: could not be asked. */
  status: 'member' | 'none' | 'unknown';
  orgId?: string;
  managementAccount?: string;
}

/** DescribeOrganization (any member account may call it): the org id and its management account. */
export async function describeOrganization(clients: AccountClients, region?: string): Promise<OrganizationFacts> {
  const sdk = await loadOrganizationsSdk();
  const client = await clients.organizations(region);
  try {
    const result = await awsCall(clients, { service: 'organizations', operation: 'DescribeOrganization' }, () => client.send(new sdk.DescribeOrganizationCommand({})));
    const org = result.Organization;
    return { status: 'member', ...(org?.Id ? { orgId: org.Id } : {}), ...(org?.MasterAccountId ? { managementAccount: org.MasterAccountId } : {}) };
  } catch (error) {
    if (awsErrorName((error as { cause?: unknown }).cause ?? error) === 'AWSOrganizationsNotInUseException') return { status: 'none' };
    if (cannotReadOrganization(error)) return { status: 'unknown' };
    throw error;
  }
}

interface Parent {
  id: string;
  type: 'ROOT' | 'ORGANIZATIONAL_UNIT';
}

/** One account's place in the organization and the policies of one type along it. */
export interface OrgPath {
  account: string;
  orgId?: string;
  /** Root → OUs → account, each with the policies of the type attached to it. */
  levels: OrgLevel[];
  /** `aws:PrincipalOrgPaths` / `aws:ResourceOrgPaths` of the account: `o-…/r-…/ou-…/`. */
  orgPath?: string;
  /** False when the policy type is not enabled on the root (its policies then do not apply). */
  enabled: boolean;
}

/**
 * Reads SCPs or RCPs along organization paths with one set of credentials (the management account
 * or a delegated administrator), every answer cached: accounts that share OUs, and the same policy
 * attached at several levels (FullAWSAccess), are read once. Independent calls run at once.
 */
export class OrganizationReader {
  private readonly parents = new Map<string, Promise<Parent>>();
  private readonly lists = new Map<string, Promise<NamedPolicy[]>>();
  private readonly policies = new Map<string, Promise<NamedPolicy>>();
  private roots: Promise<Array<{ id: string; enabled: string[] }>> | undefined;
  private organization: Promise<OrganizationFacts> | undefined;

  constructor(
    readonly clients: AccountClients,
    private readonly region?: string,
  ) {}

  describe(): Promise<OrganizationFacts> {
    this.organization ??= describeOrganization(this.clients, this.region);
    return this.organization;
  }

  private async send<T>(operation: string, resource: string | undefined, make: (sdk: Awaited<ReturnType<typeof loadOrganizationsSdk>>) => { send: () => Promise<T> }): Promise<T> {
    const sdk = await loadOrganizationsSdk();
    return awsCall(this.clients, { service: 'organizations', operation, ...(resource ? { resource } : {}) }, () => make(sdk).send());
  }

  /** ListRoots: the root and the policy types enabled on it. */
  rootTypes(): Promise<Array<{ id: string; enabled: string[] }>> {
    this.roots ??= (async () => {
      const client = await this.clients.organizations(this.region);
      const result = await this.send('ListRoots', undefined, (sdk) => ({ send: () => client.send(new sdk.ListRootsCommand({})) }));
      return (result.Roots ?? []).map((root) => ({ id: root.Id ?? '', enabled: (root.PolicyTypes ?? []).filter((type) => type.Status === 'ENABLED').map((type) => type.Type ?? '') }));
    })();
    return this.roots;
  }

  /** ListParents: the parent of an account or OU. */
  parentOf(child: string): Promise<Parent> {
    let found = this.parents.get(child);
    if (!found) {
      found = (async () => {
        const client = await this.clients.organizations(this.region);
        const result = await this.send('ListParents', child, (sdk) => ({ send: () => client.send(new sdk.ListParentsCommand({ ChildId: child })) }));
        const parent = result.Parents?.[0];
        if (!parent?.Id) throw new Error(`ListParents returned no parent for ${child}`);
        return { id: parent.Id, type: parent.Type === 'ROOT' ? 'ROOT' : 'ORGANIZATIONAL_UNIT' };
      })();
      this.parents.set(child, found);
    }
    return found;
  }

  /** DescribePolicy: the document of one SCP or RCP, named `Name (p-…)`. */
  policy(id: string, name: string | undefined): Promise<NamedPolicy> {
    let found = this.policies.get(id);
    if (!found) {
      found = (async () => {
        const client = await this.clients.organizations(this.region);
        const result = await this.send('DescribePolicy', id, (sdk) => ({ send: () => client.send(new sdk.DescribePolicyCommand({ PolicyId: id })) }));
        const content = result.Policy?.Content;
        if (!content) throw new Error(`DescribePolicy returned no content for ${id}`);
        const label = `${result.Policy?.PolicySummary?.Name ?? name ?? id} (${id})`;
        return { name: label, document: parseAwsPolicyText(content, `organization policy ${label}`, 'identity-policy') };
      })();
      this.policies.set(id, found);
    }
    return found;
  }

  /** ListPoliciesForTarget (all pages) then DescribePolicy of each, at once. */
  policiesFor(target: string, type: OrgPolicyType): Promise<NamedPolicy[]> {
    const key = `${type}@${target}`;
    let found = this.lists.get(key);
    if (!found) {
      found = (async () => {
        const client = await this.clients.organizations(this.region);
        const summaries: Array<{ id: string; name?: string }> = [];
        let token: string | undefined;
        do {
          const page = await this.send('ListPoliciesForTarget', `${target} (${type})`, (sdk) => ({
            send: () => client.send(new sdk.ListPoliciesForTargetCommand({ TargetId: target, Filter: type, ...(token ? { NextToken: token } : {}) })),
          }));
          for (const summary of page.Policies ?? []) if (summary.Id) summaries.push({ id: summary.Id, ...(summary.Name ? { name: summary.Name } : {}) });
          token = page.NextToken;
        } while (token);
        return Promise.all(summaries.map((summary) => this.policy(summary.id, summary.name)));
      })();
      this.lists.set(key, found);
    }
    return found;
  }

  /**
   * The account's path (root → OUs → account) and the policies of `type` at each level. Each level's
   * policies are asked for as soon as the level is known, alongside the next ListParents, so the
   * round trips are the depth of the path plus two.
   */
  async path(account: string, type: OrgPolicyType): Promise<OrgPath> {
    const facts = this.describe();
    const roots = this.rootTypes();
    facts.catch(() => undefined); // observed below (an early failure must not leave it unhandled)
    roots.catch(() => undefined);
    const chain: string[] = [account];
    const levels: Array<Promise<NamedPolicy[]>> = [this.policiesFor(account, type)];
    // Observed below; a failure of one is reported once, by Promise.all.
    for (const level of levels) level.catch(() => undefined);
    let child = account;
    for (let depth = 0; depth < 8; depth++) {
      const parent = await this.parentOf(child);
      chain.unshift(parent.id);
      const policies = this.policiesFor(parent.id, type);
      policies.catch(() => undefined);
      levels.unshift(policies);
      if (parent.type === 'ROOT') break;
      child = parent.id;
    }
    const [documents, organization, rootList] = await Promise.all([Promise.all(levels), facts, roots]);
    const root = rootList.find((r) => r.id === chain[0]);
    const path: OrgPath = {
      account,
      levels: chain.map((target, i) => ({ target, policies: documents[i] ?? [] })),
      enabled: root ? root.enabled.includes(type) : true,
    };
    if (organization.orgId) {
      path.orgId = organization.orgId;
      path.orgPath = `${organization.orgId}/${chain.slice(0, -1).join('/')}/`;
    }
    return path;
  }
}
