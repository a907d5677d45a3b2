import { formatProblem, messageWithFix, snippetCommand, type Change, type ManifestOutcome, type ManifestPlan, type ManifestShareEntry, type ManifestShareStatus } from '@secret-share-wizard/core';
import type { Colors } from './color';
import { changeJson, findingJson } from './plan-json';
import { actionLabel, colorDiff, isHandedToConsumer, renderFindings } from './render-plan';
import { resultJson } from './render-results';

/** Above this many shares, the review lists only those that need something (and counts the rest). */
const LIST_ALL_SHARES = 40;
/** Above this many changed secret policies, their diffs are left out of the review (`--json` has them). */
const SECRET_DIFFS = 20;

const STATUS: Record<ManifestShareStatus, (c: Colors) => string> = {
  'in-sync': (c) => c.green('= in sync   '),
  missing: (c) => c.green('+ missing   '),
  partial: (c) => c.yellow('~ partial   '),
  drifted: (c) => c.yellow('! drifted   '),
  unrecorded: (c) => c.dim('· unrecorded'),
  blocked: (c) => c.red('✖ blocked   '),
};

const KIND: Record<Change['kind'], string> = {
  'identity-policy': 'Consumer identity policy',
  'key-policy': 'KMS key policy',
  'secret-policy': 'Secret resource policy',
  'secret-key': 'Secret encryption key',
};

function shareLine(share: ManifestShareEntry, c: Colors): string[] {
  const identity = share.identityPolicy ? c.dim(` (${share.identityPolicy.mode === 'none' ? 'for the administrator' : share.identityPolicy.mode} ${share.identityPolicy.name})`) : '';
  const where = share.origin ? c.dim(`  ${share.origin.field}, line ${share.origin.line}`) : '';
  const pending = share.pending.length > 0 && share.status !== 'missing' ? c.dim(`  writes: ${share.pending.join(', ')}`) : '';
  const lines = [`  ${STATUS[share.status](c)} ${share.secret} → ${share.consumer}${share.consumerRole && share.consumerRole !== share.consumer ? ` via ${share.consumerRole}` : ''}${identity}${pending}${where}`];
  for (const error of share.errors) lines.push(`      ${c.red(error.code)}: ${error.message}`);
  return lines;
}

function changeLines(change: Change, c: Colors, withDiff: boolean): string[] {
  const counts = `+${change.added.length} / -${change.removed.length} statement${change.added.length + change.removed.length === 1 ? '' : 's'}`;
  const head = `${c.bold(KIND[change.kind])}  ${actionLabel(change, c)}  ${c.dim(change.target)}  ${counts}${change.broadensAccess ? `  ${c.yellow('(broadens access)')}` : ''}`;
  if (isHandedToConsumer(change)) {
    const name = change.kind === 'identity-policy' && change.identity ? ` ${change.identity.policyName} of ${change.identity.arn}` : '';
    const head = `${c.bold(KIND[change.kind])}${name}  ${c.dim(`for the administrator of account ${change.account} (not written here)`)}`;
    if (!withDiff) return [`${head}  ${c.dim(`${change.kind === 'secret-key' ? 0 : (change.after?.Statement.length ?? 0)} statements, as before (--json has the document)`)}`];
    return [head, ...JSON.stringify(change.after, null, 2).split('\n').map((line) => `  ${line}`)];
  }
  return [head, ...(withDiff ? colorDiff(change.diff, c).map((line) => `  ${line}`) : [])];
}

/** The review of a manifest: each share's state, each document's change (once), the findings, the totals. */
export function renderManifestPlan(plan: ManifestPlan, c: Colors): string {
  const lines: string[] = [];
  const secrets = new Set(plan.shares.map((share) => share.secret)).size;
  const consumers = new Set(plan.shares.map((share) => `${share.consumer}|${share.consumerRole ?? ''}`)).size;
  lines.push(c.bold(`${plan.file}: ${plan.shares.length} share${plan.shares.length === 1 ? '' : 's'} (${secrets} secret${secrets === 1 ? '' : 's'} × ${consumers} consumer${consumers === 1 ? '' : 's'})`));
  for (const problem of plan.problems) lines.push(`  ${c.yellow('▲')} ${formatProblem(problem)}`);
  const listed = plan.shares.length <= LIST_ALL_SHARES ? plan.shares : plan.shares.filter((share) => share.status !== 'in-sync');
  for (const share of listed) lines.push(...shareLine(share, c));
  if (listed.length < plan.shares.length) lines.push(c.dim(`  … and ${plan.shares.length - listed.length} more in sync`));

  if (plan.unlisted.length > 0) {
    lines.push('', c.bold('In AWS but not in the manifest:'));
    for (const share of plan.unlisted) {
      const what = share.action === 'revoke' ? c.red('- revoke    ') : c.yellow('? not listed');
      const why = share.action === 'revoke' ? '' : share.recorded ? c.dim('  (apply -f --prune revokes it)') : c.dim('  (found by the tool\'s Sids, no record: revoke it with `secret-share-wizard revoke`)');
      lines.push(`  ${what} ${share.secret} → ${share.consumer}${share.consumerRole ? ` via ${share.consumerRole}` : ''}${why}`);
      for (const error of share.errors) lines.push(`      ${c.red(error.code)}: ${error.message}`);
    }
  }

  // Documents for an administrator are never read back: shown in full when a share of theirs is new or changed.
  const adminKey = (share: ManifestShareEntry) => share.consumerRole ?? share.consumer;
  const newForAdministrator = new Set(plan.shares.filter((share) => ['missing', 'partial', 'drifted'].includes(share.status)).map(adminKey));
  const changed = plan.changes.filter((change) => change.action !== 'none' || (isHandedToConsumer(change) && change.after !== null));
  const secretDiffs = changed.filter((change) => change.kind === 'secret-policy').length <= SECRET_DIFFS;
  if (changed.length > 0) lines.push('', c.bold('Documents (each written once, everything merged):'));
  for (const change of changed) {
    const full = isHandedToConsumer(change) ? newForAdministrator.has(change.kind === 'identity-policy' && change.identity ? change.identity.arn : change.target) : change.kind !== 'secret-policy' || secretDiffs;
    lines.push(...changeLines(change, c, full), '');
  }
  if (!secretDiffs) lines.push(c.dim(`  (the diffs of the ${changed.filter((change) => change.kind === 'secret-policy').length} secret policies: --json)`), '');
  const kept = plan.changes.length - changed.length;
  if (kept > 0) lines.push(c.dim(`${kept} document${kept === 1 ? '' : 's'} already as the manifest says.`));

  const shown = plan.findings.filter((finding) => finding.severity !== 'info' || plan.findings.length <= 20);
  if (shown.length > 0) lines.push('', c.bold('Findings'), ...renderFindings(shown, c).map((line) => `  ${line}`));
  lines.push('', summaryLine(plan, c));
  return `${lines.join('\n')}\n`;
}

function summaryLine(plan: ManifestPlan, c: Colors): string {
  if (plan.blocked) return c.red('Blocked: fix the errors above; nothing can be applied.');
  const documents = plan.changes.filter((change) => change.action !== 'none' && !isHandedToConsumer(change)).length;
  const parts = [
    documents > 0 ? `${documents} document${documents === 1 ? '' : 's'} to write` : '',
    plan.records.write > 0 ? `${plan.records.write} share record${plan.records.write === 1 ? '' : 's'} to write` : '',
    plan.records.remove > 0 ? `${plan.records.remove} share record${plan.records.remove === 1 ? '' : 's'} to remove` : '',
  ].filter(Boolean);
  const unlisted = plan.unlisted.filter((share) => share.action === 'keep').length;
  if (parts.length === 0 && unlisted === 0) return c.green(`In sync: AWS holds every share of ${plan.file}; nothing to write.`);
  const drift = unlisted > 0 ? `${unlisted} share${unlisted === 1 ? '' : 's'} in AWS not in ${plan.file}` : '';
  return `${[...parts, drift].filter(Boolean).join(', ')}.`;
}

/** Where the consumer teams find what to paste, per secret (after a share): commands, never a value. */
export function snippetHints(entries: Array<{ secret: string; consumerRole?: string }>, c: Colors, limit = 5): string {
  const unique = new Map<string, string | undefined>();
  for (const entry of entries) if (!unique.has(entry.secret)) unique.set(entry.secret, entry.consumerRole);
  if (unique.size === 0) return '';
  const lines = [c.bold('Consumer snippets (ECS, Lambda, EKS, SDKs, AWS CLI) with the full ARN:')];
  for (const [secret, role] of [...unique].slice(0, limit)) lines.push(`  ${snippetCommand(secret, role)}`);
  if (unique.size > limit) lines.push(c.dim(`  … and ${unique.size - limit} more secrets: secret-share-wizard snippet --secret <full ARN> --for all`));
  return `${lines.join('\n')}\n`;
}

const RESULT_MARK: Record<string, (c: Colors) => string> = {
  applied: (c) => c.green('✔'),
  unchanged: (c) => c.dim('='),
  'rolled-back': (c) => c.yellow('↺'),
  'not-started': (c) => c.dim('–'),
  'rollback-failed': (c) => c.red('✖'),
  failed: (c) => c.red('✖'),
};

/** What a manifest run did: results (each listed when few, else counted), records, backup, the way back. */
export function renderManifestOutcome(outcome: ManifestOutcome, c: Colors, seconds?: number): string {
  const lines: string[] = [];
  const notable = outcome.results.filter((result) => result.status !== 'applied' && result.status !== 'unchanged');
  const listed = outcome.results.length <= 20 ? outcome.results : notable;
  for (const result of listed) {
    lines.push(`${RESULT_MARK[result.status]!(c)} ${result.status.padEnd(15)} ${result.kind.padEnd(15)} ${c.dim(result.target)}${result.message ? `  ${result.message}` : ''}`);
    if (result.restoreCommand) lines.push(`    restore with: ${result.restoreCommand}`);
  }
  if (listed.length < outcome.results.length) {
    const counts = new Map<string, number>();
    for (const result of outcome.results) counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
    lines.push(`${outcome.results.length} documents: ${[...counts].map(([status, count]) => `${count} ${status}`).join(', ')}`);
  }
  for (const document of outcome.remerged) lines.push(c.yellow(`↻ another writer changed the ${document} meanwhile: this run's statements were merged onto its version`));
  if (outcome.records.written + outcome.records.removed > 0) lines.push(c.dim(`Share records: ${outcome.records.written} written, ${outcome.records.removed} removed (tags on the secrets).`));
  if (outcome.backup) lines.push(`Backup of the documents before the apply: ${outcome.backup}`);
  const timing = seconds === undefined ? '' : ` ${outcome.calls} AWS calls in ${seconds.toFixed(1)} s.`;
  switch (outcome.status) {
    case 'planned':
      if (timing) lines.push(c.dim(timing.trim()));
      break;
    case 'declined':
      lines.push('Nothing written.');
      break;
    case 'no-changes': {
      const kept = outcome.plan?.unlisted.length ?? 0;
      lines.push(c.green(kept > 0 ? `✔ Nothing to write; the ${kept} share${kept === 1 ? '' : 's'} in AWS not in ${outcome.plan!.file} ${kept === 1 ? 'is' : 'are'} kept (--prune revokes them).${timing}` : `✔ In sync: nothing to write.${timing}`));
      break;
    }
    case 'applied':
      lines.push(c.green(`✔ Apply complete.${timing}`));
      if (outcome.restoreCommand) lines.push(`Undo with: ${outcome.restoreCommand}`);
      break;
    case 'failed':
      lines.push(c.red(`✖ Apply failed${outcome.error ? `: ${messageWithFix(outcome.error.message, outcome.error.fix)}` : ''}`));
      if (outcome.exitCode === 4) lines.push(c.red('  The rollback is incomplete: restore with the command above.'));
      break;
    default:
      break;
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** The `--json` object of a manifest run (plan -f, apply -f, share-many): exactly one, failures included. */
export function manifestJson(outcome: ManifestOutcome, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const plan = outcome.plan;
  const applied = outcome.status === 'applied' || outcome.status === 'no-changes';
  return {
    ok: outcome.ok,
    operation: 'manifest',
    status: outcome.status,
    exitCode: outcome.exitCode,
    ...extra,
    ...(plan
      ? {
          file: plan.file,
          blocked: plan.blocked,
          drift: plan.drift,
          shares: plan.shares.map((share) => ({ ...share, errors: share.errors.map(findingJson) })),
          unlisted: plan.unlisted.map((share) => ({ ...share, errors: share.errors.map(findingJson) })),
          changes: plan.changes.map(changeJson),
          findings: plan.findings.map(findingJson),
          problems: plan.problems,
        }
      : {}),
    pending: outcome.pending,
    records: { ...(plan ? { write: plan.records.write, remove: plan.records.remove } : {}), written: outcome.records.written, removed: outcome.records.removed },
    results: outcome.results.map(resultJson),
    backup: outcome.backup,
    ...(outcome.restoreCommand ? { restoreCommand: outcome.restoreCommand } : {}),
    ...(outcome.remerged.length ? { remerged: outcome.remerged } : {}),
    ...(applied && plan ? { snippets: [...new Map(plan.shares.map((share) => [share.secret, snippetCommand(share.secret, share.consumerRole)])).values()] } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
    calls: outcome.calls,
  };
}
