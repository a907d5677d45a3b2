import * as vscode from 'vscode';
import { DOCUMENT_KIND_LABELS, parsePolicy, parsePrincipal, simulateAccess, type DocumentKind } from '@secret-share-wizard/core';
import type { Log } from './output-log';
import type { PolicyKindStore } from './policy-kinds';
import { answered } from './errors';
import { askKeyArn, askSecretArn, validationMessage } from './prompts';
import { simulationSentence } from './plan-text';
import { policyFilesAround } from './share-file';

/**
 * "Simulate access…" on a policy file: ask the principal (and the ARNs), evaluate this file and its
 * sibling documents offline, and say in plain words whether the principal can read the secret and
 * which layer and statement decide.
 */
/** Answers given up front (scripts, tests): no prompt is shown. */
export interface SimulateAnswers {
  principal: string;
  secretArn: string;
  keyArn: string;
}

export function isSimulateAnswers(value: unknown): value is SimulateAnswers {
  const v = value as Partial<SimulateAnswers> | undefined;
  return typeof v === 'object' && v !== null && typeof v.principal === 'string' && typeof v.secretArn === 'string' && typeof v.keyArn === 'string';
}

export async function simulateFile(deps: { kinds: PolicyKindStore; log: Log }, uri: vscode.Uri, answers?: SimulateAnswers): Promise<string> {
  const { files, remembered, guesses } = await policyFilesAround(deps.kinds, uri);
  const principalText = answers?.principal ?? answered(
    await vscode.window.showInputBox({
      title: 'Simulate access (1/3): principal',
      prompt: 'Who asks for the secret: an account id (its root) or a role or user ARN',
      placeHolder: 'arn:aws:iam::222222222222:role/APP_ROLE',
      ...(remembered.consumer ? { value: remembered.consumer } : {}),
      ignoreFocusOut: true,
      validateInput: (value) => validationMessage(() => parsePrincipal(value, 'principal')),
    }),
  );
  const secretArn = answers?.secretArn ?? (await askSecretArn('Simulate access (2/3)', remembered.secretArn ?? guesses.secretArns[0]));
  const keyArn = answers?.keyArn ?? (await askKeyArn('Simulate access (3/3)', remembered.keyArn ?? guesses.keyArns[0]));
  const principal = parsePrincipal(principalText, 'principal');
  const documentOf = (k: DocumentKind) => {
    const file = files.find((f) => f.kind === k);
    return file ? parsePolicy(file.text, vscode.workspace.asRelativePath(file.uri)) : null;
  };
  const identity = documentOf('identity-policy');
  const result = simulateAccess({ principal, secretArn, keyArn, secretPolicy: documentOf('secret-policy'), keyPolicy: documentOf('key-policy'), identityPolicies: identity ? [identity] : [] });
  const considered = files.map((f) => `${vscode.workspace.asRelativePath(f.uri)} (${DOCUMENT_KIND_LABELS[f.kind]})`).join(', ');
  const missing = (['secret-policy', 'key-policy', 'identity-policy'] as DocumentKind[]).filter((k) => !files.some((f) => f.kind === k)).map((k) => DOCUMENT_KIND_LABELS[k]);
  const sentence = simulationSentence(principal.arn, result);
  deps.log.info(`Simulate: ${sentence}`);
  deps.log.info(`  documents: ${considered}${missing.length ? `; not found (treated as empty): ${missing.join(', ')}` : ''}`);
  for (const check of result.checks) deps.log.info(`  ${check.action} on ${check.resource}: ${check.allowed ? 'allowed' : 'denied'} — ${check.explanation}`);
  const show = result.allowed ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(sentence, 'Show log').then((choice) => choice && deps.log.channel.show(true));
  return sentence;
}
