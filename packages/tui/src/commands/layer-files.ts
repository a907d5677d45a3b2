import { basename } from 'node:path';
import { toPolicyDocument, userError, type LayerInput, type NamedPolicy, type OrgLevel, type PathLayers, type VpcEndpointInput, ANY_POLICY_JSON_LIMITS, parseBoundedJson, policyTextError } from '@secret-share-wizard/core';
import { listOption, stringOption, type OptionSpec, type ParsedArgs } from '../cli/args';
import { readInputFile } from '../cli/files';

/**
 * The layers beyond the three documents, as local files (`plan --offline`, `doctor --offline`, and
 * the two IAM cannot give back for `doctor`: the session policy and the VPC endpoint):
 *
 * - `--boundary F`: the permissions boundary (a policy document);
 * - `--session-policy F` (repeatable): the session policies passed to AssumeRole;
 * - `--scp F` (repeatable, one per level of the consumer account's organization path, in order root →
 *   OUs → account): each file is the policies attached at that level: one policy document, a JSON
 *   array of them, or what `aws organizations describe-policy` prints (or an array of those);
 * - `--rcp F` (repeatable): the same for the owner account's path;
 * - `--endpoint-policy F`: the interface endpoint's policy: a policy document, or an entry of
 *   `aws ec2 describe-vpc-endpoints` (VpcEndpointId, VpcId, PolicyDocument), or its whole output.
 */
export const LAYER_FLAGS: Record<string, OptionSpec> = {
  boundary: { type: 'string', placeholder: '<file>', description: 'Offline: the consumer role\'s permissions boundary (policy JSON)' },
  'session-policy': { type: 'string', placeholder: '<file>', repeatable: true, description: 'The session policy passed to AssumeRole (repeat for several); IAM cannot give it back' },
  scp: { type: 'string', placeholder: '<file>', repeatable: true, description: 'Offline: SCPs of one level of the consumer account, one flag per level root → OUs → account (a policy, an array of policies, or describe-policy output)' },
  rcp: { type: 'string', placeholder: '<file>', repeatable: true, description: "Offline: RCPs of one level of the owner account, one flag per level root → OUs → account (same formats as --scp)" },
  'endpoint-policy': { type: 'string', placeholder: '<file>', description: 'The VPC endpoint the consumer calls through: its policy, or describe-vpc-endpoints output' },
  'principal-org-id': { type: 'string', placeholder: '<o-…>', description: "Offline: the consumer account's organization id (aws:PrincipalOrgID)" },
  'principal-org-path': { type: 'string', placeholder: '<o-…/r-…/ou-…/>', repeatable: true, description: "Offline: the consumer account's organization path (aws:PrincipalOrgPaths)" },
};

/** Flags that only make sense offline (the online doctor reads these layers from AWS). */
export const OFFLINE_LAYER_FLAGS = ['boundary', 'scp', 'rcp', 'principal-org-id', 'principal-org-path'] as const;

/** A layer file, read and parsed within the bounds of any policy (size, depth, no reserved keys). */
async function readJson(path: string, field: string): Promise<unknown> {
  const parsed = parseBoundedJson(await readInputFile(path, field, ANY_POLICY_JSON_LIMITS), ANY_POLICY_JSON_LIMITS);
  if (!parsed.ok) throw policyTextError(`${field} ${path}`, parsed.problem);
  return parsed.value;
}

/** A policy document, or `describe-policy` output (`{"Policy": {"PolicySummary": {...}, "Content": "..."}}`). */
function namedPolicy(value: unknown, fallbackName: string, field: string): NamedPolicy {
  const wrapped = (value as { Policy?: { Content?: unknown; PolicySummary?: { Name?: string; Id?: string } } } | null)?.Policy;
  if (wrapped && typeof wrapped.Content === 'string') {
    const parsed = parseBoundedJson(wrapped.Content, ANY_POLICY_JSON_LIMITS);
    if (!parsed.ok) throw policyTextError(`${field} (the policy Content in ${fallbackName})`, parsed.problem);
    const content = parsed.value;
    const summary = wrapped.PolicySummary;
    const name = summary?.Name ? `${summary.Name}${summary.Id ? ` (${summary.Id})` : ''}` : fallbackName;
    return { name, document: toPolicyDocument(content, `${field} ${fallbackName}`) };
  }
  return { name: fallbackName, document: toPolicyDocument(value, `${field} ${fallbackName}`) };
}

/** One level of an organization path: every policy attached at it. */
async function orgLevel(path: string, field: string, index: number, count: number): Promise<OrgLevel> {
  const value = await readJson(path, field);
  const file = basename(path);
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) throw userError('INPUT_POLICY_SHAPE', field, `"${path}" is an empty list`, 'A level of the organization path has at least one policy (FullAWSAccess unless removed)');
  const policies = items.map((item, i) => namedPolicy(item, items.length === 1 ? file : `${file}[${i}]`, field));
  const where = index === 0 ? 'root' : index === count - 1 ? 'account' : `OU ${index}`;
  return { target: `${where} (${file})`, policies };
}

async function orgLevels(args: ParsedArgs, flag: 'scp' | 'rcp'): Promise<LayerInput<OrgLevel[]> | undefined> {
  const files = listOption(args, flag);
  if (files.length === 0) return undefined;
  const levels = await Promise.all(files.map((path, i) => orgLevel(path, `--${flag}`, i, files.length)));
  return { status: 'known', value: levels };
}

/** The endpoint: a policy document, or an entry (or the whole output) of describe-vpc-endpoints. */
async function endpoint(path: string): Promise<VpcEndpointInput> {
  const field = '--endpoint-policy';
  let value = await readJson(path, field);
  const list = (value as { VpcEndpoints?: unknown[] } | null)?.VpcEndpoints;
  if (Array.isArray(list)) {
    if (list.length !== 1) throw userError('INPUT_ENDPOINT', field, `"${path}" lists ${list.length} endpoints`, 'Keep the one the consumer calls through (aws ec2 describe-vpc-endpoints --vpc-endpoint-ids vpce-...)');
    value = list[0];
  }
  const entry = value as { VpcEndpointId?: unknown; VpcId?: unknown; PolicyDocument?: unknown } | null;
  if (entry && typeof entry.VpcEndpointId === 'string') {
    const text = entry.PolicyDocument;
    let raw: unknown = text;
    if (typeof text === 'string') {
      try {
        raw = JSON.parse(text);
      } catch (error) {
        throw userError('INPUT_POLICY_JSON', field, `the PolicyDocument in "${path}" is not valid JSON (${(error as Error).message})`, 'Export it again with aws ec2 describe-vpc-endpoints');
      }
    }
    const result: VpcEndpointInput = { endpointId: entry.VpcEndpointId };
    if (typeof entry.VpcId === 'string') result.vpcId = entry.VpcId;
    if (raw !== undefined) result.policy = { name: `policy of ${entry.VpcEndpointId}`, document: toPolicyDocument(raw, `${field} ${path}`) };
    return result;
  }
  // A bare policy: the endpoint's id (aws:SourceVpce) is not known.
  return { policy: { name: basename(path), document: toPolicyDocument(value, `${field} ${path}`) } };
}

/** Session policies from `--session-policy` files (undefined when none is given). */
export async function sessionPolicyFiles(args: ParsedArgs): Promise<NamedPolicy[] | undefined> {
  const files = listOption(args, 'session-policy');
  if (files.length === 0) return undefined;
  return Promise.all(files.map(async (path) => namedPolicy(await readJson(path, '--session-policy'), basename(path), '--session-policy')));
}

/** The endpoint from `--endpoint-policy` (undefined when not given). */
export async function endpointFile(args: ParsedArgs): Promise<VpcEndpointInput | undefined> {
  const path = stringOption(args, 'endpoint-policy');
  return path === undefined ? undefined : endpoint(path);
}

const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const ORG_PATH = /^o-[a-z0-9]{10,32}\/r-[0-9a-z]{4,32}\/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}\/)*$/;

/** Every layer file and organization fact given on the command line. */
export async function layersFromArgs(args: ParsedArgs): Promise<PathLayers> {
  const layers: PathLayers = {};
  const boundaryPath = stringOption(args, 'boundary');
  const [boundary, sessions, scps, rcps, vpce] = await Promise.all([
    boundaryPath === undefined ? undefined : readJson(boundaryPath, '--boundary').then((value) => namedPolicy(value, basename(boundaryPath), '--boundary')),
    sessionPolicyFiles(args),
    orgLevels(args, 'scp'),
    orgLevels(args, 'rcp'),
    endpointFile(args),
  ]);
  if (boundary) layers.permissionsBoundary = { status: 'known', value: boundary };
  if (sessions) layers.sessionPolicies = { status: 'known', value: sessions };
  if (scps) layers.scps = scps;
  if (rcps) layers.rcps = rcps;
  if (vpce) layers.vpcEndpoint = { status: 'known', value: vpce };
  const orgId = stringOption(args, 'principal-org-id');
  if (orgId !== undefined) {
    if (!ORG_ID.test(orgId)) throw userError('INPUT_ORG_ID', '--principal-org-id', `"${orgId}" is not an organization id`, 'Organization ids are o- followed by 10 to 32 lowercase letters or digits, e.g. o-a1b2c3d4e5');
    layers.principalOrgId = orgId;
  }
  const paths = listOption(args, 'principal-org-path');
  for (const path of paths) {
    if (!ORG_PATH.test(path)) throw userError('INPUT_ORG_PATH', '--principal-org-path', `"${path}" is not an organization path`, 'Write it as o-xxxxxxxxxx/r-xxxx/ou-xxxx-xxxxxxxx/ (with the trailing slash)');
  }
  if (paths.length > 0) layers.principalOrgPaths = paths;
  return layers;
}
