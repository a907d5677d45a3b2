import type { Finding, SimulationResult } from '@secret-share-wizard/core';

const LAYER_WORDS: Record<string, string> = {
  'secret-policy': "the secret's resource policy",
  'key-policy': 'the KMS key policy',
  'identity-policy': "the consumer's identity policy",
};

/** Findings as log lines. */
export function findingLines(findings: Finding[]): string[] {
  return findings.map((f) => `${f.severity.toUpperCase()} ${f.code}${f.path ? ` at ${f.path}` : ''}: ${f.message}`);
}

/** A simulation in one plain sentence: the verdict, the deciding layer and statement, the core's explanation. */
export function simulationSentence(principalArn: string, result: SimulationResult): string {
  const verdict = result.allowed ? `${principalArn} CAN read the secret.` : `${principalArn} CANNOT read the secret.`;
  const layer = result.decidingLayer ? LAYER_WORDS[result.decidingLayer] : undefined;
  const statement = result.statement ? ` statement ${result.statement.index}${result.statement.sid ? ` (Sid "${result.statement.sid}")` : ''}` : '';
  const decides = layer ? ` Decided by ${layer}${statement}.` : '';
  return `${verdict}${decides} ${result.explanation}`.trim();
}
