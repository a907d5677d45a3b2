import { LAYER_LABELS, changeKindTitle, consumerSnippets, messageWithFix, recordRestoreLines, recordTagKey, type Change, type Finding, type Layer, type Plan, type SimulationResult } from '@secret-share-wizard/core';
import type { ApplyLine, WizardState } from './wizard-state';

/** A line of text and how it is coloured; the Ink and plain front ends render the same lines. */
export interface Line {
  text: string;
  tone?: 'add' | 'remove' | 'hunk' | 'heading' | 'error' | 'warning' | 'info' | 'ok' | 'dim';
}

const LAYER_NAMES: Record<Layer, string> = {
  ...LAYER_LABELS,
  'identity-policy': 'the consumer identity policy',
  'secret-policy': 'the secret resource policy',
  'key-policy': 'the KMS key policy',
};


const SEVERITY_ORDER: Finding['severity'][] = ['error', 'warning', 'info'];
const SEVERITY_MARK = { error: '✖', warning: '!', info: 'i' } as const;

export function simulationLine(label: string, result: SimulationResult): Line {
  if (result.allowed) return { text: `${label} ✔ the consumer can read the secret`, tone: 'ok' };
  const layer = result.decidingLayer ? `blocked by ${LAYER_NAMES[result.decidingLayer]}` : 'denied';
  return { text: `${label} ✖ ${layer}: ${result.explanation}`, tone: 'error' };
}

/** Whether this run writes the identity policy (it needs the consumer account's credentials). */
export function identityApplied(state: Pick<WizardState, 'consumerProfile'>): boolean {
  return typeof state.consumerProfile === 'string';
}

/** An error as two lines: what happened, then what to do. */
export function errorLines(error: { message: string; fix?: string; details?: string }, mark = '✖'): Line[] {
  return [
    { text: `${mark} ${error.message}`, tone: 'error' },
    ...(error.fix ? [{ text: `  ${error.fix}` }] : []),
    ...(error.details ? error.details.split('\n').map((text): Line => ({ text: `  ${text}`, tone: 'dim' })) : []),
  ];
}

/** The review: will it work (before → after), the findings by severity, the diffs. */
export function previewLines(plan: Plan, state: Pick<WizardState, 'consumerProfile' | 'options' | 'session'>): Line[] {
  const lines: Line[] = [];
  const stopped = state.session?.outcome;
  if (stopped && stopped.error) lines.push(...errorLines({ message: `Nothing can be written: ${stopped.error.message}`, ...(stopped.error.fix ? { fix: stopped.error.fix } : {}) }), { text: '' });
  if (plan.operation === 'revoke') lines.push({ text: `Revoke: ${plan.consumer.arn} loses access to ${plan.secret.name}`, tone: 'heading' }, { text: '' });
  lines.push({ text: plan.operation === 'revoke' ? 'Can the consumer still read it?' : 'Will it work?', tone: 'heading' });
  lines.push(simulationLine('  before:', plan.simulation.before));
  lines.push(simulationLine('  after: ', plan.simulation.after));
  for (const assumption of plan.simulation.after.assumptions) lines.push({ text: `  assumes: ${assumption.text}`, tone: 'dim' });
  if (state.options.demo) lines.push({ text: `  ${state.options.demo.note}`, tone: 'dim' });
  lines.push({ text: '' });

  const counts = SEVERITY_ORDER.map((s) => [s, plan.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  lines.push({ text: counts.length ? `Findings: ${counts.map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`).join(', ')}` : 'Findings: none', tone: 'heading' });
  for (const severity of SEVERITY_ORDER) {
    for (const f of plan.findings.filter((x) => x.severity === severity)) {
      lines.push({ text: `  ${SEVERITY_MARK[severity]} ${severity.padEnd(7)} ${f.message}`, tone: severity });
    }
  }

  for (const change of plan.changes) {
    lines.push({ text: '' });
    lines.push({ text: changeHeading(change, state), tone: 'heading' });
    if (change.action === 'none') {
      lines.push({ text: plan.operation === 'revoke' ? '  no change: nothing of this share is left there' : '  no change: it already grants what is needed', tone: 'dim' });
      continue;
    }
    lines.push(...diffLines(change.diff));
  }
  return lines;
}

function changeHeading(change: Change, state: Pick<WizardState, 'consumerProfile'>): string {
  const broadens = change.broadensAccess ? ' · broadens access' : '';
  const where = change.kind === 'identity-policy' && change.identity ? ` on ${change.identity.arn}` : ` on ${change.target}`;
  const shownOnly = change.kind === 'identity-policy' && change.identity?.mode === 'none' && !identityApplied(state) ? ' · for the consumer administrator to apply (not written by this run)' : '';
  return `── ${changeKindTitle(change.kind)} · ${change.action}${broadens}${where}${shownOnly}`;
}

/** A unified diff as coloured lines (headers of the diff itself are left out). */
export function diffLines(diff: string): Line[] {
  return diff
    .split('\n')
    .filter((l, i, all) => !(l === '' && i === all.length - 1))
    .filter((l) => !l.startsWith('---') && !l.startsWith('+++') && !l.startsWith('Index:') && !/^=+$/.test(l))
    .map((l): Line => {
      if (l.startsWith('+')) return { text: `  ${l}`, tone: 'add' };
      if (l.startsWith('-')) return { text: `  ${l}`, tone: 'remove' };
      if (l.startsWith('@@')) return { text: `  ${l}`, tone: 'hunk' };
      return { text: `  ${l}` };
    });
}

/**
 * The approval, as the session asks it: how many writes in which accounts, whether they broaden
 * access, then every write grouped by account (the payload's `accounts[].writes[]`).
 */
export function approvalLines(state: WizardState): Line[] {
  const session = state.session;
  const payload = session?.approval;
  if (!session || !payload || session.asked?.code !== 'approve-writes') {
    return [{ text: session?.outcome ? 'The session stopped before asking.' : 'Checking the plan against what the credentials may write…', tone: 'dim' }];
  }
  const n = payload.writes.length;
  const lines: Line[] = [
    { text: session.asked.message, tone: 'heading' },
    {
      text: `${n} write${n === 1 ? '' : 's'} in ${payload.accounts.length} account${payload.accounts.length === 1 ? '' : 's'}; ${payload.broadensAccess ? 'they BROADEN access (someone gains a permission they did not have)' : 'they do not broaden access'}.`,
      tone: payload.broadensAccess ? 'warning' : 'ok',
    },
    { text: '' },
  ];
  for (const group of payload.accounts) {
    lines.push({ text: `Account ${group.account} (${group.side === 'owner' ? 'owner of the secret' : 'consumer'}${group.profile ? `, profile ${group.profile}` : ''}): ${group.writes.length} write${group.writes.length === 1 ? '' : 's'}`, tone: 'heading' });
    for (const write of group.writes) lines.push({ text: `  ${write.action.padEnd(6)} ${write.label}${write.broadensAccess ? '  (broadens access)' : ''}`, ...(write.broadensAccess ? { tone: 'warning' as const } : {}) });
  }
  for (const note of payload.notes ?? []) lines.push({ text: `  also: ${note}`, tone: 'dim' });
  if (payload.backup) lines.push({ text: `  from the backup folder ${payload.backup}`, tone: 'dim' });
  lines.push({ text: '' }, { text: 'Before the first write every document is re-read and checked again; each is saved to a backup folder first.', tone: 'dim' });
  return lines;
}

/** The exact command that undoes this share (the share's record lets revoke find the rest). */
export function revokeCommand(state: WizardState): string {
  const share = state.lastShare;
  const plan = share?.plan;
  const parts = ['secret-share-wizard revoke', `--secret ${plan?.secret.arn ?? state.secret?.arn}`];
  parts.push(`--consumer ${plan?.consumer.arn ?? state.consumerPrincipalArn ?? state.consumerAccount}`);
  const identity = share?.consumerIdentity ?? state.consumerIdentity;
  if (identity && plan?.consumer.kind === 'account') parts.push(`--consumer-role ${identity}`);
  const consumerProfile = share ? share.consumerProfile : state.consumerProfile;
  // The consumer side was not written by this run: revoke must not try to remove it either.
  if (typeof consumerProfile !== 'string') parts.push('--consumer-policy none');
  if (state.profile) parts.push(`--profile ${state.profile}`);
  if (typeof consumerProfile === 'string') parts.push(`--consumer-profile ${consumerProfile}`);
  if (state.region) parts.push(`--region ${state.region}`);
  return parts.join(' ');
}

/**
 * When this run did not write the consumer side: what its administrator must attach (the exact
 * document, so it survives the end of the full-screen UI), or what to grant when no role was named.
 */
function consumerAdminLines(state: WizardState, plan: Plan): Line[] {
  if (typeof state.lastShare?.consumerProfile === 'string') return [];
  const change = plan.changes.find((c) => c.kind === 'identity-policy');
  const account = plan.consumer.account;
  if (change && change.kind === 'identity-policy' && change.after) {
    const where = change.identity ? `to ${change.identity.arn} (policy name ${change.identity.policyName})` : 'to the consumer role';
    return [
      { text: '' },
      { text: `For the administrator of ${account}: attach this identity policy ${where}`, tone: 'heading' },
      ...JSON.stringify(change.after, null, 2).split('\n').map((text): Line => ({ text: `  ${text}` })),
    ];
  }
  if (plan.consumer.kind === 'account') {
    const key = plan.secret.keyArn ?? plan.secret.kmsKeyId ?? 'the key';
    return [
      { text: '' },
      { text: `For the administrator of ${account}:`, tone: 'heading' },
      { text: `  grant the role that reads the secret secretsmanager:GetSecretValue on ${plan.secret.arn}` },
      { text: `  and kms:Decrypt on ${key} (cross-account access needs this identity policy too).` },
    ];
  }
  return [];
}

const LINE_MARKS: Record<ApplyLine['status'], string> = { running: '…', done: '✔', failed: '✖', 'rolled-back': '↺', skipped: '·' };

/** The live lines of the writes, as text (the plain front end and the error screen). */
export function applyLineText(line: ApplyLine): Line {
  return { text: `${LINE_MARKS[line.status]} ${line.message}`, tone: line.status === 'done' ? 'ok' : line.status === 'failed' ? 'error' : line.status === 'rolled-back' ? 'warning' : undefined };
}

/** The summary's first line. */
export function summaryTitle(state: WizardState): Line {
  const outcome = state.session?.outcome;
  if (!outcome) return { text: 'Done.', tone: 'ok' };
  if (outcome.status === 'no-changes') return { text: outcome.operation === 'share' ? 'Nothing to change: the secret is already shared this way.' : 'Nothing to change.', tone: 'ok' };
  switch (outcome.operation) {
    case 'share':
      if (state.verify?.ran && !state.verify.allowed) return { text: 'Applied, but verify was denied: the consumer cannot read the secret yet.', tone: 'warning' };
      return { text: state.verify?.ran ? 'Done: the secret is shared, and the consumer read it.' : 'Done: the secret is shared.', tone: 'ok' };
    case 'revoke':
      return { text: 'Done: the share is revoked.', tone: 'ok' };
    default:
      return { text: 'Done: the backup is restored.', tone: 'ok' };
  }
}

/** The summary: what was written, the record, the verification, the backup folder and how to undo. */
export function summaryLines(state: WizardState): Line[] {
  const outcome = state.session?.outcome;
  const plan = outcome?.plan ?? state.session?.plan;
  const lines: Line[] = [summaryTitle(state), { text: '' }];
  if (outcome && outcome.results.length) {
    lines.push({ text: 'What was written', tone: 'heading' });
    for (const result of outcome.results) {
      const change = plan?.changes.find((c) => c.kind === result.kind && c.target === result.target) ?? plan?.changes.find((c) => c.kind === result.kind);
      const action = change?.action ?? state.session?.approval?.writes.find((w) => w.kind === result.kind)?.action;
      const title = changeKindTitle(result.kind as Change['kind']);
      if (result.status === 'applied') lines.push({ text: `  ✔ ${title} ${verbOf(action)} on ${result.target}`, tone: 'ok' });
      else if (result.status === 'unchanged' && change?.kind === 'identity-policy' && change.identity?.mode === 'none') lines.push({ text: `  ! ${title}: not written; give it to the consumer administrator (printed when you leave)`, tone: 'warning' });
      else if (result.status === 'unchanged') lines.push({ text: `  · ${title}: unchanged`, tone: 'dim' });
      else lines.push({ text: `  ✖ ${title}: ${result.status}${result.message ? ` (${result.message})` : ''}`, tone: 'error' });
    }
    for (const document of outcome.remerged) lines.push({ text: `  ↻ another writer changed the ${document} meanwhile: this run's statements were merged onto its version`, tone: 'warning' });
  }
  if (outcome?.record) {
    const record = outcome.record;
    lines.push({ text: '' }, { text: outcome.operation === 'revoke' ? 'Record removed from the secret' : 'Recorded on the secret (a tag every operator can list)', tone: 'heading' });
    lines.push({ text: `  ${recordTagKey(record.consumer, record.identityArn)}: ${record.consumer}${record.identityArn ? ` via ${record.identityArn}` : ''} · identity policy ${record.identityMode}${record.policyName ? ` ${record.policyName}` : ''}` });
  }
  if (outcome?.records?.length) {
    lines.push({ text: '' }, { text: 'Share records (tags on the secrets)', tone: 'heading' });
    for (const line of recordRestoreLines(outcome.records)) lines.push({ text: `  ${line.failed ? '!' : '✔'} ${line.text}`, tone: line.failed ? 'warning' : 'ok' });
  }
  if (outcome?.operation === 'share' && state.verify) {
    const v = state.verify;
    lines.push({ text: '' }, { text: 'Verification', tone: 'heading' });
    lines.push({ text: `  ${v.ran ? (v.allowed ? '✔' : '✖') : '!'} ${v.message}`, tone: !v.ran ? 'warning' : v.allowed ? 'ok' : 'error' });
    if (v.fix) lines.push({ text: `    ${v.fix}` });
  }
  if (state.options.demo && outcome?.operation === 'share') lines.push({ text: `  ${state.options.demo.note}`, tone: 'dim' });
  if (outcome?.backup) {
    lines.push({ text: '' }, { text: `Backup of the previous policies: ${outcome.backup}`, tone: 'info' });
    if (outcome.restoreCommand) lines.push({ text: `  Put them back with: ${outcome.restoreCommand}`, tone: 'dim' });
  }
  return lines;
}

function verbOf(action: Change['action'] | undefined): string {
  return action === 'create' ? 'created' : action === 'delete' ? 'deleted' : 'updated';
}

/** The error screen: what was written (and rolled back), the error on two lines, the backup. */
export function recoveryLines(state: WizardState): Line[] {
  const recovery = state.recovery;
  if (!recovery) return [];
  const outcome = state.session?.outcome;
  const lines: Line[] = [];
  if (state.session?.lines.length) lines.push(...state.session.lines.map(applyLineText), { text: '' });
  lines.push(...errorLines(recovery.error));
  if (outcome?.backup) lines.push({ text: '' }, { text: `Backup: ${outcome.backup}`, tone: 'dim' });
  if (outcome?.restoreCommand && outcome.exitCode === 4) lines.push({ text: `The rollback is incomplete: restore with ${outcome.restoreCommand}`, tone: 'error' });
  return lines;
}

/** One page of the consumer snippets (one snippet per page). */
export function snippetLines(state: WizardState): Line[] {
  const snippets = snippetsOf(state);
  const snippet = snippets[Math.min(state.snippetPage, snippets.length - 1)];
  if (!snippet) return [];
  return [
    { text: `${snippet.title}  (${state.snippetPage + 1} of ${snippets.length})`, tone: 'heading' },
    { text: snippet.note, tone: 'dim' },
    { text: '' },
    ...snippet.text.split('\n').map((text): Line => ({ text: `  ${text}` })),
  ];
}

function snippetsOf(state: WizardState) {
  const share = state.lastShare;
  if (!share) return [];
  const role = share.plan.identity?.principalKind === 'role' ? share.plan.identity.arn : share.plan.consumer.kind === 'role' ? share.plan.consumer.arn : undefined;
  return consumerSnippets({ secretArn: share.plan.secret.arn, ...(role ? { consumerRoleArn: role } : {}) }).snippets;
}

/** Every consumer snippet, unwrapped and unindented (to copy), each under its title and note. */
export function allSnippetLines(state: WizardState): Line[] {
  return snippetsOf(state).flatMap((snippet): Line[] => [{ text: '' }, { text: `# ${snippet.title}`, tone: 'heading' }, { text: `# ${snippet.note}`, tone: 'dim' }, ...snippet.text.split('\n').map((text): Line => ({ text }))]);
}

/**
 * What is printed after the full-screen UI closes, unwrapped so it copies cleanly: the identity
 * policy for the consumer administrator and the revoke command of a share still in place, the
 * snippets the user opened; in the demo, that the commands only worked while it ran.
 */
export function afterExitLines(state: WizardState): Line[] {
  const lines: Line[] = [];
  const share = state.lastShare;
  if (share) {
    lines.push(...consumerAdminLines(state, share.plan), { text: '' }, { text: 'To undo this share:', tone: 'heading' }, { text: `  ${revokeCommand(state)}` });
  }
  if (state.snippetsShown) lines.push(...allSnippetLines(state));
  if (lines.length && state.options.demo) {
    lines.push({ text: '' }, { text: 'Demo: leaving stops the emulator and deletes its throwaway AWS config and backup folder, so the commands above worked only while the demo ran. Against your own AWS account they are the ones to use.', tone: 'warning' });
  }
  return lines;
}

/** A verify or session error for one line of the plain front end. */
export function oneLine(error: { message: string; fix?: string }): string {
  return messageWithFix(error.message, error.fix);
}

/** Wraps lines to `width` columns (at a space when there is one), repeating the indentation (and a diff line's +/- mark). */
export function wrapLines(lines: Line[], width: number): Line[] {
  const out: Line[] = [];
  const max = Math.max(20, width);
  for (const line of lines) {
    if (line.text.length <= max) {
      out.push(line);
      continue;
    }
    // A diff line's continuation repeats its +/- mark; any other line only its indentation.
    const indent = line.tone === 'add' || line.tone === 'remove' ? /^\s*[+-]?\s*/ : /^\s*/;
    const lead = (indent.exec(line.text)?.[0] ?? '').slice(0, Math.floor(max / 2));
    let rest = line.text;
    let prefix = '';
    while (prefix.length + rest.length > max) {
      const room = max - prefix.length;
      const space = rest.lastIndexOf(' ', room);
      const cut = space > room / 2 ? space : room;
      out.push({ ...line, text: prefix + rest.slice(0, cut) });
      rest = rest.slice(cut).replace(/^ /, '');
      prefix = lead;
    }
    out.push({ ...line, text: prefix + rest });
  }
  return out;
}
