import { AUDIT_STATUSES, needsAttention, type AuditGrant, type AuditOutcome, type AuditProgress, type AuditReport, type AuditStatus } from '@secret-share-wizard/core';
import type { Colors } from '../cli/color';

const ICON: Record<AuditStatus, (c: Colors) => string> = {
  public: (c) => c.red('✖ public          '),
  'broken-principal': (c) => c.red('✖ broken-principal'),
  'unshareable-key': (c) => c.red('✖ unshareable-key '),
  'foreign-key': (c) => c.yellow('! foreign-key     '),
  drifted: (c) => c.yellow('! drifted         '),
  'half-done': (c) => c.yellow('! half-done       '),
  'org-wide': (c) => c.cyan('◆ org-wide        '),
  complete: (c) => c.green('✔ complete        '),
};

function pad(value: string, width: number): string {
  return value.length >= width ? value : `${value}${' '.repeat(width - value.length)}`;
}

/** A plain text table (the summary): columns padded to their widest cell. */
export function textTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((value, column) => (column === row.length - 1 ? value : pad(value, widths[column]!))).join('  ').trimEnd()).join('\n');
}

function grantLines(grant: AuditGrant, c: Colors): string[] {
  const where = grant.secret ?? `${grant.key} (key policy)`;
  const lines = [`${ICON[grant.status](c)}  ${where}`, `                      → ${grant.principal}${grant.scope ? c.dim(` (${grant.scope})`) : ''}${grant.recorded ? c.dim('  [recorded share]') : ''}`];
  for (const found of grant.findings) if (found.severity !== 'info' || grant.status === 'org-wide') lines.push(c.dim(`                      ${found.message}`));
  if (grant.fix) lines.push(`                      ${c.bold('fix:')} ${grant.fix.description}`);
  return lines;
}

/** The audit for a terminal: what needs attention (with the fix), then the summary tables. */
export function renderAudit(report: AuditReport, c: Colors, all = false): string {
  const out: string[] = [];
  const shown = report.shares.filter((grant) => all || needsAttention(grant.status));
  let scope = '';
  for (const grant of shown) {
    const heading = `${grant.account} ${grant.region}`;
    if (heading !== scope) {
      out.push('', c.bold(`Account ${grant.account} · ${grant.region}`));
      scope = heading;
    }
    out.push(...grantLines(grant, c));
  }
  if (shown.length === 0) out.push('', report.shares.length === 0 ? 'No cross-account grant found.' : c.green('Every cross-account grant is complete or an intended organization grant.'));
  const { summary } = report;
  out.push('', c.bold('Summary'), textTable([['status', 'grants'], ...AUDIT_STATUSES.map((status) => [status, String(summary.byStatus[status])])]));
  if (report.scopes.length > 1 || report.failures.length > 0) {
    const rows = [['account', 'region', 'secrets', 'grants', 'attention']];
    for (const scopeRow of report.scopes) {
      const attention = report.shares.filter((g) => g.account === scopeRow.account && g.region === scopeRow.region && needsAttention(g.status)).length;
      rows.push([scopeRow.account, scopeRow.region, String(scopeRow.secrets), String(scopeRow.grants), String(attention)]);
    }
    for (const failure of report.failures) rows.push([failure.account, failure.region ?? '—', 'not read', '', failure.code]);
    out.push('', textTable(rows));
  }
  for (const failure of report.failures) out.push('', c.red(`✖ ${failure.account}${failure.region ? ` ${failure.region}` : ''}: ${failure.message}`), ...(failure.fix ? [`  ${failure.fix}`] : []));
  out.push(
    '',
    `${summary.accounts} account${summary.accounts === 1 ? '' : 's'}, ${summary.regions} region${summary.regions === 1 ? '' : 's'}, ${summary.secrets} secret${summary.secrets === 1 ? '' : 's'}, ${summary.grants} cross-account grant${summary.grants === 1 ? '' : 's'}: ${summary.attention === 0 ? c.green('nothing needs attention') : c.yellow(`${summary.attention} need${summary.attention === 1 ? 's' : ''} attention`)}${summary.failedAccounts ? c.red(`, ${summary.failedAccounts} account${summary.failedAccounts === 1 ? '' : 's'} not read`) : ''} (${summary.seconds.toFixed(1)} s, ${summary.policyRequests} policy-API requests).`,
  );
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}

/** What `--fix` did, one line each. */
export function renderFixes(outcome: AuditOutcome, c: Colors): string {
  if (outcome.fixes.length === 0) return '';
  const lines = ['', c.bold('Fixes')];
  for (const fix of outcome.fixes) {
    const mark = fix.status === 'applied' ? c.green('✔') : fix.status === 'declined' || fix.status === 'no-changes' ? c.dim('·') : c.red('✖');
    lines.push(`${mark} ${fix.status.padEnd(10)} ${fix.principal} on ${fix.secret ?? '(key)'}: ${fix.fix.description}${fix.error ? c.red(` — ${fix.error.message}`) : ''}${fix.backup ? c.dim(` (backup ${fix.backup})`) : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A one-line progress bar for stderr (a TTY), redrawn in place. */
export function progressLine(progress: AuditProgress, width = 30): string {
  const total = Math.max(progress.total, progress.done, 1);
  const filled = Math.min(width, Math.round((progress.done / total) * width));
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progress.done}/${progress.total} secrets · ${progress.scopesDone}/${progress.scopes} account×region\x1b[K`;
}
