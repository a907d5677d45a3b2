/** The Organizations client and the commands the tool sends (see ./README.md). */
export {
  OrganizationsClient,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DeleteResourcePolicyCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  PutResourcePolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-organizations';
