import { LAYER_LABELS, type DiagnoseResult, type DoctorLayer, type StatementRef } from '@secret-share-wizard/core';
import { inVsCodeWords } from './vscode-wording';

/** "statement 0 (Sid "X") of NAME at TARGET". */
export function statementWords(ref: StatementRef | undefined): string {
  if (!ref) return '';
  let text = `statement ${ref.index}${ref.sid ? ` (Sid "${ref.sid}")` : ''}`;
  if (ref.document) text += ` of ${ref.document}`;
  if (ref.target) text += ` at ${ref.target}`;
  return text;
}

const VERDICT_WORDS: Record<DiagnoseResult['verdict'], string> = {
  allowed: 'CAN read the secret',
  'allowed-if': 'can read the secret only if the layers that could not be read allow it',
  denied: 'CANNOT read the secret',
};

/** One sentence for the notification: the verdict, the deciding layer and statement. */
export function diagnosisHeadline(result: DiagnoseResult): string {
  const who = result.consumerRole.split(':').pop() ?? result.consumerRole;
  let text = `${who} ${VERDICT_WORDS[result.verdict]}.`;
  if (result.decidingLayer) {
    const statement = statementWords(result.statement);
    text += ` Denied by ${LAYER_LABELS[result.decidingLayer]}${statement ? `, ${statement}` : ''}${result.decidingCall ? ` (${result.decidingCall})` : ''}.`;
  }
  if (result.unknownLayers.length > 0) text += ` Not readable: ${result.unknownLayers.map((u) => LAYER_LABELS[u.layer]).join(', ')}.`;
  return text;
}

const DECISION_MARKS: Record<DoctorLayer['decision'], string> = {
  allow: '✔ allows',
  'implicit-deny': '✖ no statement allows',
  'explicit-deny': '✖ denies',
  unknown: '? not readable',
};

/** The whole diagnosis as Markdown (a read-only document beside the notification). */
export function diagnosisMarkdown(result: DiagnoseResult): string {
  const lines = [`# Diagnose access: ${result.secretArn}`, '', `**${diagnosisHeadline(result)}**`, '', `Principal: \`${result.consumerRole}\`${result.sessionName ? ` (session ${result.sessionName})` : ''}`, ''];
  lines.push(inVsCodeWords(result.explanation), '', '## Layers', '', '| Layer | Decision | Statement |', '|---|---|---|');
  for (const layer of result.layers) {
    const mark = DECISION_MARKS[layer.decision];
    lines.push(`| ${LAYER_LABELS[layer.layer]} | ${mark} | ${statementWords(layer.statement) || (layer.readableBy ? `readable by ${inVsCodeWords(layer.readableBy)}` : '')} |`);
  }
  if (result.unknownLayers.length > 0) {
    lines.push('', '## Layers that could not be read', '');
    for (const unknown of result.unknownLayers) lines.push(`- ${LAYER_LABELS[unknown.layer]}: readable by ${inVsCodeWords(unknown.readableBy)}`);
  }
  if (result.fix) {
    lines.push('', '## Fix', '', `${LAYER_LABELS[result.fix.layer]}${result.fix.account ? ` (account ${result.fix.account})` : ''}:`, '', inVsCodeWords(result.fix.text));
    if (result.fix.kind === 'plan') lines.push('', 'The fix is in the documents the wizard writes: "Apply the fix…" reviews and applies it.');
  }
  if (result.message) lines.push('', '## The AccessDenied message', '', inVsCodeWords(result.message.text));
  const notes = [...result.assumptions.map((a) => a.text), ...result.notes];
  if (notes.length > 0) {
    lines.push('', '## Notes', '');
    for (const note of notes) lines.push(`- ${inVsCodeWords(note)}`);
  }
  return `${lines.join('\n')}\n`;
}
