/**
 * Tags that say "infrastructure as code owns this resource": writing its policy by hand creates drift
 * that the next deploy reverts (or that the tool then fights over).
 *
 * Set automatically by the tool (reliable):
 * - CloudFormation, and everything that deploys through it (CDK, SAM, Amplify, Copilot, Service
 *   Catalog): `aws:cloudformation:stack-name`, `aws:cloudformation:stack-id`,
 *   `aws:cloudformation:logical-id`. Only CloudFormation can set `aws:` tags.
 * - Crossplane (provider-aws / provider-upjet-aws): `crossplane-kind`, `crossplane-name`,
 *   `crossplane-providerconfig` (crossplane-runtime's external-resource tag keys).
 * - AWS Controllers for Kubernetes (ACK): `services.k8s.aws/controller-version`,
 *   `services.k8s.aws/namespace`, `services.k8s.aws/managed`.
 *
 * Conventions teams set themselves (Terraform and Pulumi add no tag of their own; these are the
 * common `default_tags` / stack-tag habits):
 * - `ManagedBy` / `managed-by` / `managed_by` (any case) = terraform, opentofu, terragrunt, pulumi,
 *   cdk, cdktf, cloudformation, crossplane;
 * - `Terraform` / `terraform` = true (the terraform-aws-modules examples' tag);
 * - `yor_trace` (Bridgecrew yor, which tags resources in Terraform/CloudFormation code);
 * - `pulumi:project` / `pulumi:stack` (Pulumi's auto-tagging convention).
 */
export type IacTool = 'CloudFormation' | 'Terraform' | 'Pulumi' | 'CDK' | 'Crossplane' | 'ACK' | 'IaC';

export interface IacMarker {
  tool: IacTool;
  /** The tag that says so. */
  key: string;
  value: string;
  /** For CloudFormation: the stack (name) that owns the resource. */
  stack?: string;
}

const AUTOMATIC: Array<{ key: string; tool: IacTool }> = [
  { key: 'aws:cloudformation:stack-name', tool: 'CloudFormation' },
  { key: 'aws:cloudformation:stack-id', tool: 'CloudFormation' },
  { key: 'aws:cloudformation:logical-id', tool: 'CloudFormation' },
  { key: 'crossplane-kind', tool: 'Crossplane' },
  { key: 'crossplane-name', tool: 'Crossplane' },
  { key: 'crossplane-providerconfig', tool: 'Crossplane' },
  { key: 'services.k8s.aws/controller-version', tool: 'ACK' },
  { key: 'services.k8s.aws/namespace', tool: 'ACK' },
  { key: 'services.k8s.aws/managed', tool: 'ACK' },
  { key: 'yor_trace', tool: 'IaC' },
  { key: 'pulumi:project', tool: 'Pulumi' },
  { key: 'pulumi:stack', tool: 'Pulumi' },
];

const MANAGED_BY_KEY = /^managed[-_ ]?by$/i;
const TOOL_VALUES: Array<{ pattern: RegExp; tool: IacTool }> = [
  { pattern: /^(terraform|opentofu|tofu|terragrunt|cdktf)$/i, tool: 'Terraform' },
  { pattern: /^pulumi$/i, tool: 'Pulumi' },
  { pattern: /^(aws-)?cdk$/i, tool: 'CDK' },
  { pattern: /^(aws-)?cloudformation$/i, tool: 'CloudFormation' },
  { pattern: /^crossplane$/i, tool: 'Crossplane' },
];

/** Every IaC marker among `tags` (empty when none). Stable order: the order of the rules above. */
export function iacMarkers(tags: Readonly<Record<string, string>> | undefined): IacMarker[] {
  if (!tags) return [];
  const markers: IacMarker[] = [];
  const stack = tags['aws:cloudformation:stack-name'];
  for (const { key, tool } of AUTOMATIC) {
    const value = tags[key];
    if (value !== undefined) markers.push({ tool, key, value, ...(tool === 'CloudFormation' && stack ? { stack } : {}) });
  }
  for (const [key, value] of Object.entries(tags)) {
    if (MANAGED_BY_KEY.test(key)) {
      const tool = TOOL_VALUES.find((candidate) => candidate.pattern.test(value.trim()))?.tool;
      if (tool) markers.push({ tool, key, value });
    } else if (/^terraform$/i.test(key) && /^(true|yes|1)$/i.test(value.trim())) {
      markers.push({ tool: 'Terraform', key, value });
    }
  }
  return markers;
}

/** One line: "CloudFormation stack payments-prod (tag aws:cloudformation:stack-name)". */
export function describeIacMarker(marker: IacMarker): string {
  if (marker.tool === 'CloudFormation' && marker.stack) return `CloudFormation stack ${marker.stack} (tag ${marker.key})`;
  return `${marker.tool} (tag ${marker.key}=${marker.value})`;
}

/** AWS tag lists (`[{Key, Value}]`, as DescribeSecret and ListResourceTags return them) as a record. */
export function tagRecord(tags: ReadonlyArray<{ Key?: string; Value?: string; TagKey?: string; TagValue?: string }> | undefined): Record<string, string> | undefined {
  if (!tags) return undefined;
  // Tags come from AWS, where anyone with TagResource writes them: a key such as `__proto__` stays data.
  const record = Object.create(null) as Record<string, string>;
  for (const tag of tags) {
    const key = tag.Key ?? tag.TagKey;
    if (key !== undefined) record[key] = tag.Value ?? tag.TagValue ?? '';
  }
  return record;
}
