import { LAYER_LABELS, type Change, type Finding, type Layer, type Plan, type SimulationResult } from '@secret-share-wizard/core';
import type { WizardState } from './wizard-state';

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

const CHANGE_TITLES: Record<Change['kind'], string> = {
  'secret-policy': 'Secret resource policy',
  'key-policy': 'KMS key policy',
  'identity-policy': 'Consumer identity policy',
  'secret-key': 'Secret encryption key',
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

/** The preview: will it work (before → after), the findings by severity, the three diffs. */
export function previewLines(plan: Plan, state: Pick<WizardState, 'consumerProfile' | 'options'>): Line[] {
  const lines: Line[] = [{ text: 'Will it work?', tone: 'heading' }];
  lines.push(simulationLine('  before:', plan.simulation.before));
  lines.push(simulationLine('  after: ', plan.simulation.after));
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
      lines.push({ text: '  no change: it already grants what is needed', tone: 'dim' });
      continue;
    }
    lines.push(...diffLines(change.diff));
  }
  return lines;
}

function changeHeading(change: Change, state: Pick<WizardState, 'consumerProfile'>): string {
  const broadens = change.broadensAccess ? ' · broadens access' : '';
  const where = change.kind === 'identity-policy' && change.identity ? ` on ${change.identity.arn}` : ` on ${change.target}`;
  const shownOnly = change.kind === 'identity-policy' && !identityApplied(state) ? ' · for the consumer administrator to apply (not written by this run)' : '';
  return `── ${CHANGE_TITLES[change.kind]} · ${change.action}${broadens}${where}${shownOnly}`;
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

/** The exact command that undoes this share. */
export function revokeCommand(state: WizardState): string {
  const parts = ['secret-share-wizard revoke', `--secret ${state.secret?.arn ?? state.plan?.secret.arn}`];
  const consumer = state.plan?.consumer.arn ?? state.consumerPrincipalArn ?? state.consumerAccount;
  parts.push(`--consumer ${consumer}`);
  if (state.consumerIdentity && state.principalKind === 'account') parts.push(`--consumer-role ${state.consumerIdentity}`);
  // The consumer side was not written by this run: revoke must not try to remove it either.
  if (!identityApplied(state)) parts.push('--consumer-policy none');
  if (state.profile) parts.push(`--profile ${state.profile}`);
  if (state.consumerProfile) parts.push(`--consumer-profile ${state.consumerProfile}`);
  if (state.region) parts.push(`--region ${state.region}`);
  return parts.join(' ');
}

/**
 * When this run did not write the consumer side: what its administrator must attach (the exact
 * document, so it survives the end of the full-screen UI), or what to grant when no role was named.
 */
function consumerAdminLines(state: WizardState, plan: Plan): Line[] {
  if (identityApplied(state)) return [];
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

/** The summary: what changed, verification, backup folder, revoke command. */
export function summaryLines(state: WizardState): Line[] {
  return [...summaryStatusLines(state), ...summaryCopyLines(state)];
}

/** What happened: the changes, the verification, the backup folder. */
export function summaryStatusLines(state: WizardState): Line[] {
  const lines: Line[] = [];
  const plan = state.plan;
  if (plan && state.confirmed) {
    lines.push({ text: 'What changed', tone: 'heading' });
    for (const change of plan.changes) {
      const result = state.apply?.results?.find((r) => r.kind === change.kind);
      const written = result ? result.status === 'applied' : change.action !== 'none';
      if (change.action === 'none') lines.push({ text: `  · ${CHANGE_TITLES[change.kind]}: unchanged`, tone: 'dim' });
      else if (change.kind === 'identity-policy' && !identityApplied(state)) {
        lines.push({ text: `  ! ${CHANGE_TITLES[change.kind]}: not written; give it to the consumer administrator (printed below)`, tone: 'warning' });
      } else lines.push({ text: `  ${written ? '✔' : '✖'} ${CHANGE_TITLES[change.kind]} ${change.action === 'create' ? 'created' : 'updated'} on ${change.target}`, tone: written ? 'ok' : 'error' });
    }
  }
  if (state.verify) {
    lines.push({ text: '' });
    lines.push({ text: 'Verification', tone: 'heading' });
    const tone = !state.verify.ran ? 'warning' : state.verify.allowed ? 'ok' : 'error';
    lines.push({ text: `  ${state.verify.ran ? (state.verify.allowed ? '✔' : '✖') : '!'} ${state.verify.message}`, tone });
  }
  if (state.options.demo) lines.push({ text: `  ${state.options.demo.note}`, tone: 'dim' });
  if (state.apply?.backup) {
    lines.push({ text: '' });
    lines.push({ text: `Backup of the previous policies: ${state.apply.backup}`, tone: 'info' });
  }
  return lines;
}

/**
 * What the user copies: the identity policy for the consumer administrator and the revoke command.
 * The full-screen UI prints these after it closes, unwrapped, so that copy and paste works.
 */
export function summaryCopyLines(state: WizardState): Line[] {
  const plan = state.plan;
  if (!plan || !state.confirmed || !state.apply?.ok) return [];
  return [...consumerAdminLines(state, plan), { text: '' }, { text: 'To undo this share:', tone: 'heading' }, { text: `  ${revokeCommand(state)}` }];
}

/** Wraps lines to `width` columns (at a space when there is one), repeating a diff line's indentation and +/- mark. */
export function wrapLines(lines: Line[], width: number): Line[] {
  const out: Line[] = [];
  const max = Math.max(20, width);
  for (const line of lines) {
    if (line.text.length <= max) {
      out.push(line);
      continue;
    }
    const lead = (/^\s*[+-]?\s*/.exec(line.text)?.[0] ?? '').slice(0, Math.floor(max / 2));
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
