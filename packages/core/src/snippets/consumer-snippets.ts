import { parseSecretArn } from '../arn/secret-arn';
import { WizardError } from '../errors/wizard-error';
import { shellQuote } from '../export/export-cli';

/**
 * What the consumer team pastes to read a shared secret: always the FULL ARN (with its -XXXXXX
 * suffix; a name resolves in the caller's own account) and the version stage. Pure text.
 */
export const SNIPPET_KINDS = ['ecs', 'lambda', 'eks-eso', 'eks-csi', 'sdk-js', 'sdk-python', 'cli'] as const;
export type SnippetKind = (typeof SNIPPET_KINDS)[number];

export interface SnippetInput {
  /** The secret's full ARN (with its suffix). */
  secretArn: string;
  /** Default: the ARN's region. */
  region?: string;
  /** A staging label; default AWSCURRENT. */
  versionStage?: string;
  /** The consumer's role (the one with the identity policy), for the External Secrets SecretStore. */
  consumerRoleArn?: string;
}

export interface Snippet {
  kind: SnippetKind;
  title: string;
  language: 'json' | 'yaml' | 'javascript' | 'python' | 'bash';
  text: string;
  /** What to know before pasting it (which role needs the identity policy, ...). */
  note: string;
}

export interface ConsumerSnippets {
  secretArn: string;
  region: string;
  versionStage: string;
  snippets: Snippet[];
}

const STAGE = /^[\w.+=@/-]{1,256}$/;

/** A name safe for Kubernetes objects and environment variables, from the secret name. */
function k8sName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'shared-secret';
}

function envName(name: string): string {
  const cleaned = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Z_]/.test(cleaned) ? cleaned : `SECRET_${cleaned}`;
}

/** A YAML scalar in double quotes (JSON strings are valid YAML). */
const q = (value: string) => JSON.stringify(value);

function ecs(arn: string, stage: string, name: string): Snippet {
  const fragment = { containerDefinitions: [{ name: 'app', secrets: [{ name: envName(name), valueFrom: `${arn}::${stage}:` }] }] };
  return {
    kind: 'ecs',
    title: 'ECS task definition: secrets[].valueFrom',
    language: 'json',
    text: JSON.stringify(fragment, null, 2),
    note: 'valueFrom is ARN:json-key:version-stage:version-id (empty json-key: the whole value). The task EXECUTION role reads it: it needs the identity policy.',
  };
}

function lambda(arn: string, stage: string): Snippet {
  const url = `http://localhost:2773/secretsmanager/get?secretId=${encodeURIComponent(arn)}&versionStage=${encodeURIComponent(stage)}`;
  const text = [
    '// AWS Parameters and Secrets Lambda Extension (add its layer to the function); port 2773 unless',
    '// PARAMETERS_SECRETS_EXTENSION_HTTP_PORT says otherwise.',
    `const response = await fetch(${q(url)}, {`,
    "  headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN },",
    '});',
    'if (!response.ok) throw new Error(`secret: HTTP ${response.status}`);',
    'const { SecretString } = await response.json();',
    '',
    '// The same call from a shell inside the function:',
    `// curl -s -H "X-Aws-Parameters-Secrets-Token: $AWS_SESSION_TOKEN" '${url}'`,
  ].join('\n');
  return { kind: 'lambda', title: 'Lambda: the Parameters and Secrets Lambda Extension', language: 'javascript', text, note: "The function's execution role needs the identity policy." };
}

function eso(arn: string, stage: string, region: string, name: string, role: string | undefined): Snippet {
  const store = k8sName(`${name}-store`);
  const text = [
    'apiVersion: external-secrets.io/v1',
    'kind: SecretStore',
    'metadata:',
    `  name: ${store}`,
    'spec:',
    '  provider:',
    '    aws:',
    '      service: SecretsManager',
    `      region: ${region}`,
    ...(role ? [`      role: ${q(role)}  # assumed to read across accounts; it has the identity policy`] : ['      # role: arn:aws:iam::CONSUMER_ACCOUNT:role/ROLE_WITH_THE_IDENTITY_POLICY']),
    '      auth:',
    '        jwt:',
    '          serviceAccountRef:',
    '            name: external-secrets',
    '---',
    'apiVersion: external-secrets.io/v1',
    'kind: ExternalSecret',
    'metadata:',
    `  name: ${k8sName(name)}`,
    'spec:',
    '  refreshInterval: 1h',
    '  secretStoreRef:',
    `    name: ${store}`,
    '    kind: SecretStore',
    '  target:',
    `    name: ${k8sName(name)}`,
    '  data:',
    '    - secretKey: value',
    '      remoteRef:',
    `        key: ${q(arn)}  # the full ARN: a name would be looked up in the consumer's own account`,
    `        version: ${q(stage)}`,
  ].join('\n');
  return { kind: 'eks-eso', title: 'EKS: External Secrets Operator SecretStore + ExternalSecret', language: 'yaml', text, note: 'The SecretStore role (or the service account’s IRSA/Pod Identity role) needs the identity policy.' };
}

function csi(arn: string, stage: string, region: string, name: string): Snippet {
  const objects = [`- objectName: ${q(arn)}`, '  objectType: "secretsmanager"', `  objectAlias: ${q(k8sName(name))}`, `  objectVersionLabel: ${q(stage)}`];
  const text = [
    'apiVersion: secrets-store.csi.x-k8s.io/v1',
    'kind: SecretProviderClass',
    'metadata:',
    `  name: ${k8sName(name)}`,
    'spec:',
    '  provider: aws',
    '  parameters:',
    `    region: ${region}`,
    '    objects: |',
    ...objects.map((line) => `      ${line}`),
  ].join('\n');
  return {
    kind: 'eks-csi',
    title: 'EKS: Secrets Store CSI driver SecretProviderClass (AWS provider)',
    language: 'yaml',
    text,
    note: 'Another account’s secret needs its full ARN as objectName and an objectAlias for the file name. The pod’s service account role (IRSA/Pod Identity) needs the identity policy.',
  };
}

function sdkJs(arn: string, stage: string, region: string): Snippet {
  const text = [
    "import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';",
    '',
    `const client = new SecretsManagerClient({ region: ${q(region)} });`,
    `const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: ${q(arn)}, VersionStage: ${q(stage)} }));`,
  ].join('\n');
  return { kind: 'sdk-js', title: 'AWS SDK for JavaScript v3', language: 'javascript', text, note: 'Run as the role with the identity policy.' };
}

function sdkPython(arn: string, stage: string, region: string): Snippet {
  const text = ['import boto3', '', `client = boto3.client("secretsmanager", region_name=${q(region)})`, `secret = client.get_secret_value(SecretId=${q(arn)}, VersionStage=${q(stage)})["SecretString"]`].join('\n');
  return { kind: 'sdk-python', title: 'Python (boto3)', language: 'python', text, note: 'Run as the role with the identity policy.' };
}

function cli(arn: string, stage: string, region: string): Snippet {
  return {
    kind: 'cli',
    title: 'AWS CLI',
    language: 'bash',
    text: `aws secretsmanager get-secret-value --secret-id ${arn} --version-stage ${stage} --region ${region} --query SecretString --output text`,
    note: 'Prints the value: run it only where that is fine. Use a profile of the role with the identity policy.',
  };
}

/**
 * The snippets for `kinds` (default: all), in SNIPPET_KINDS order. Throws a WizardError for an ARN
 * without its suffix (a name is resolved to the full ARN by the caller) or a bad version stage.
 */
export function consumerSnippets(input: SnippetInput, kinds: readonly SnippetKind[] = SNIPPET_KINDS): ConsumerSnippets {
  const secret = parseSecretArn(input.secretArn, '--secret');
  const region = input.region ?? secret.region;
  const stage = input.versionStage ?? 'AWSCURRENT';
  if (!STAGE.test(stage)) throw new WizardError('INPUT_VERSION_STAGE', `"${stage}" is not a version stage label`, { field: '--version-stage', fix: 'Pass a staging label such as AWSCURRENT or AWSPREVIOUS' });
  const arn = secret.arn;
  const make: Record<SnippetKind, () => Snippet> = {
    ecs: () => ecs(arn, stage, secret.name),
    lambda: () => lambda(arn, stage),
    'eks-eso': () => eso(arn, stage, region, secret.name, input.consumerRoleArn),
    'eks-csi': () => csi(arn, stage, region, secret.name),
    'sdk-js': () => sdkJs(arn, stage, region),
    'sdk-python': () => sdkPython(arn, stage, region),
    cli: () => cli(arn, stage, region),
  };
  return { secretArn: arn, region, versionStage: stage, snippets: SNIPPET_KINDS.filter((kind) => kinds.includes(kind)).map((kind) => make[kind]()) };
}

/**
 * The command that prints the consumer snippets of a shared secret (what `apply` points to after a
 * share): the full ARN, and the role with the identity policy when there is one. No secret value.
 */
export function snippetCommand(secretArn: string, consumerRoleArn?: string): string {
  return ['secret-share-wizard snippet --secret', shellQuote(secretArn), '--for all', ...(consumerRoleArn ? ['--consumer-role', shellQuote(consumerRoleArn)] : [])].join(' ');
}
