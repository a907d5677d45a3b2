/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML/HCL/JSON trees, walked only by assertions */
import { execFileSync } from 'node:child_process';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { thrownWizardError } from '../errors/thrown-wizard-error';
import { consumerSnippets, SNIPPET_KINDS, type Snippet, type SnippetKind } from './consumer-snippets';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/db/password-Ab12Cd';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const all = consumerSnippets({ secretArn: ARN, consumerRoleArn: ROLE, versionStage: 'AWSPREVIOUS' });
const snippet = (kind: SnippetKind): Snippet => all.snippets.find((s) => s.kind === kind)!;

/** The string literal arguments of every `new X({...})` / call in a TypeScript or JavaScript snippet, by property name. */
function tsProperties(text: string): Record<string, string> {
  const source = ts.createSourceFile('snippet.ts', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: Record<string, string> = {};
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAssignment(node) && ts.isStringLiteral(node.initializer)) found[node.name.getText(source)] = node.initializer.text;
    ts.forEachChild(node, visit);
  };
  visit(source);
  expect((source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);
  return found;
}

describe('consumerSnippets', () => {
  it('all kinds, in order, with the full ARN, its region and the stage', () => {
    expect(all.snippets.map((s) => s.kind)).toEqual([...SNIPPET_KINDS]);
    expect(all).toMatchObject({ secretArn: ARN, region: 'eu-west-1', versionStage: 'AWSPREVIOUS' });
    expect(consumerSnippets({ secretArn: ARN }, ['cli']).snippets.map((s) => s.kind)).toEqual(['cli']);
    expect(consumerSnippets({ secretArn: ARN }).versionStage).toBe('AWSCURRENT');
  });

  it('ECS: secrets[].valueFrom = ARN::STAGE: (JSON)', () => {
    const task = JSON.parse(snippet('ecs').text) as { containerDefinitions: Array<{ secrets: Array<{ name: string; valueFrom: string }> }> };
    expect(task.containerDefinitions[0]!.secrets).toEqual([{ name: 'PROD_DB_PASSWORD', valueFrom: `${ARN}::AWSPREVIOUS:` }]);
  });

  it('Lambda: the extension on port 2773 with the token header; secretId is the full ARN', () => {
    const text = snippet('lambda').text;
    const url = new URL(/fetch\("([^"]+)"/.exec(text)![1]!);
    expect(url.host).toBe('localhost:2773');
    expect(url.pathname).toBe('/secretsmanager/get');
    expect(url.searchParams.get('secretId')).toBe(ARN);
    expect(url.searchParams.get('versionStage')).toBe('AWSPREVIOUS');
    expect(text).toContain("'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN");
    tsProperties(text);
  });

  it('External Secrets: a SecretStore with the role to assume, and an ExternalSecret on the full ARN and stage', () => {
    const [store, external] = parseAllDocuments(snippet('eks-eso').text).map((doc) => doc.toJS() as Record<string, any>);
    expect(store).toMatchObject({ apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', spec: { provider: { aws: { service: 'SecretsManager', region: 'eu-west-1', role: ROLE } } } });
    expect(external!.kind).toBe('ExternalSecret');
    expect(external!.spec.secretStoreRef).toEqual({ name: store!.metadata.name, kind: 'SecretStore' });
    expect(external!.spec.data).toEqual([{ secretKey: 'value', remoteRef: { key: ARN, version: 'AWSPREVIOUS' } }]);
    // Without a consumer role the store says where it goes, as a comment.
    const [withoutRole] = parseAllDocuments(consumerSnippets({ secretArn: ARN }, ['eks-eso']).snippets[0]!.text).map((doc) => doc.toJS() as Record<string, any>);
    expect(withoutRole!.spec.provider.aws.role).toBeUndefined();
  });

  it('Secrets Store CSI: objects (a YAML string inside YAML) name the full ARN, an alias and the stage', () => {
    const spc = parse(snippet('eks-csi').text) as Record<string, any>;
    expect(spc).toMatchObject({ apiVersion: 'secrets-store.csi.x-k8s.io/v1', kind: 'SecretProviderClass', spec: { provider: 'aws', parameters: { region: 'eu-west-1' } } });
    expect(parse(spc.spec.parameters.objects as string)).toEqual([{ objectName: ARN, objectType: 'secretsmanager', objectAlias: 'prod-db-password', objectVersionLabel: 'AWSPREVIOUS' }]);
  });

  it('SDK for JavaScript v3: SecretId and VersionStage', () => {
    expect(tsProperties(snippet('sdk-js').text)).toMatchObject({ region: 'eu-west-1', SecretId: ARN, VersionStage: 'AWSPREVIOUS' });
  });

  it('boto3: SecretId and VersionStage (read back with Python’s own parser)', () => {
    const program = [
      'import ast, json, sys',
      'tree = ast.parse(sys.stdin.read())',
      'calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]',
      'print(json.dumps({k.arg: k.value.value for c in calls for k in c.keywords}))',
    ].join('\n');
    const keywords = JSON.parse(execFileSync('python3', ['-c', program], { input: snippet('sdk-python').text, encoding: 'utf8' })) as Record<string, string>;
    expect(keywords).toEqual({ region_name: 'eu-west-1', SecretId: ARN, VersionStage: 'AWSPREVIOUS' });
  });

  it('AWS CLI: --secret-id is the full ARN and --version-stage the stage (split by bash itself)', () => {
    const words = execFileSync('bash', ['-c', `set -- ${snippet('cli').text}; printf '%s\\n' "$@"`], { encoding: 'utf8' }).trim().split('\n');
    expect(words.slice(0, 3)).toEqual(['aws', 'secretsmanager', 'get-secret-value']);
    expect(words[words.indexOf('--secret-id') + 1]).toBe(ARN);
    expect(words[words.indexOf('--version-stage') + 1]).toBe('AWSPREVIOUS');
  });

  it('refuses an ARN without its suffix and a bad stage', () => {
    expect(thrownWizardError(() => consumerSnippets({ secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/db/password' })).code).toBe('INPUT_SECRET_SUFFIX');
    expect(thrownWizardError(() => consumerSnippets({ secretArn: ARN, versionStage: 'AWS CURRENT' })).field).toBe('--version-stage');
  });
});
