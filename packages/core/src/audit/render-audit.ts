import type { Log, ReportingDescriptor, Result } from 'sarif';
import { AUDIT_FINDING_CODES, AUDIT_STATUSES, type AuditFindingCode, type AuditGrant, type AuditReport, type AuditStatus } from './audit-types';

/**
 * The formats every front end prints an audit in (one formatter, in the library): the JSON of
 * `audit --json`, a Markdown report, and SARIF 2.1.0 (for code-scanning dashboards). Pure.
 */

/** `audit --json`: `{"shares": [...], "summary": {...}}` plus the accounts that could not be read. */
export function auditJson(report: AuditReport): { shares: Array<Pick<AuditGrant, 'account' | 'region' | 'secret' | 'principal' | 'status' | 'findings' | 'fix'> & Omit<AuditGrant, 'account' | 'region' | 'secret' | 'principal' | 'status' | 'findings' | 'fix'>>; summary: AuditReport['summary']; failures: AuditReport['failures'] } {
  return {
    shares: report.shares.map(({ account, region, secret, principal, status, findings, fix, ...rest }) => ({ account, region, secret, principal, status, findings, fix, ...rest })),
    summary: report.summary,
    failures: report.failures,
  };
}

const STATUS_TEXT: Record<AuditStatus, string> = {
  public: 'public — `*` without an account or organization condition',
  'broken-principal': 'broken principal — the role or user was deleted',
  'unshareable-key': 'unshareable key — the secret is on aws/secretsmanager',
  'foreign-key': "foreign key — the key is in another account",
  drifted: "drifted — the tool's record disagrees with the documents",
  'half-done': 'half-done — one of the secret and key sides is missing',
  'org-wide': 'org-wide — an organization or OU grant',
  complete: 'complete — both resource sides grant',
};

function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function shortArn(arn: string | null | undefined): string {
  if (!arn) return '—';
  const parts = arn.split(':');
  return parts.length >= 7 ? parts.slice(6).join(':') : arn.split(':').slice(5).join(':') || arn;
}

/** The summary as a small table: status → count (the front ends' closing table). */
export function auditSummaryRows(report: AuditReport): Array<[string, number]> {
  return AUDIT_STATUSES.map((status) => [status, report.summary.byStatus[status]] as [string, number]);
}

/** A Markdown report: the summary, the grants that need attention (with their fix), then the rest. */
export function auditMarkdown(report: AuditReport): string {
  const { summary } = report;
  const lines: string[] = [
    '# Cross-account shares audit',
    '',
    `${summary.accounts} account${summary.accounts === 1 ? '' : 's'}, ${summary.regions} region${summary.regions === 1 ? '' : 's'}, ${summary.secrets} secret${summary.secrets === 1 ? '' : 's'}, ${summary.grants} cross-account grant${summary.grants === 1 ? '' : 's'}; ${summary.attention} need${summary.attention === 1 ? 's' : ''} attention${summary.failedAccounts ? `; ${summary.failedAccounts} account${summary.failedAccounts === 1 ? '' : 's'} could not be read` : ''}.`,
    '',
    '| status | grants |',
    '| --- | ---: |',
    ...AUDIT_STATUSES.map((status) => `| ${STATUS_TEXT[status]} | ${summary.byStatus[status]} |`),
    '',
  ];
  const table = (grants: AuditGrant[], withFix: boolean) => [
    `| account | region | secret | key | principal | status | finding${withFix ? ' | fix' : ''} |`,
    `| --- | --- | --- | --- | --- | --- | ---${withFix ? ' | ---' : ''} |`,
    ...grants.map((grant) => `| ${grant.account} | ${grant.region} | ${cell(shortArn(grant.secret))} | ${cell(shortArn(grant.key))} | \`${cell(grant.principal)}\` | **${grant.status}**${grant.scope ? ` (${cell(grant.scope)})` : ''} | ${cell(grant.findings.map((f) => f.message).join(' '))}${withFix ? ` | ${cell(grant.fix?.description ?? '—')}` : ''} |`),
    '',
  ];
  const attention = report.shares.filter((grant) => grant.status !== 'complete' && grant.status !== 'org-wide');
  const fine = report.shares.filter((grant) => grant.status === 'complete' || grant.status === 'org-wide');
  if (attention.length > 0) lines.push('## Needs attention', '', ...table(attention, true));
  if (fine.length > 0) lines.push('## As intended', '', ...table(fine, false));
  if (report.failures.length > 0) {
    lines.push('## Not read', '', '| account | region | error | what to do |', '| --- | --- | --- | --- |');
    for (const failure of report.failures) lines.push(`| ${failure.account} | ${failure.region ?? 'all'} | ${failure.code}: ${cell(failure.message)} | ${cell(failure.fix ?? '—')} |`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * SARIF 2.1.0: one rule per audit finding code, one result per finding, located at the secret (or
 * the key) as a logical location named by its ARN, with the statement in the message.
 */
export function auditSarif(report: AuditReport, tool: { name: string; version?: string; informationUri?: string } = { name: 'secret-share-wizard' }): Log {
  const codes = Object.keys(AUDIT_FINDING_CODES) as AuditFindingCode[];
  const rules: ReportingDescriptor[] = codes.map((code) => ({
    id: code,
    name: code.toLowerCase().replace(/(^audit_|_)(\w)/g, (_match, _prefix: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: code.replace(/^AUDIT_/, '').replace(/_/g, ' ').toLowerCase() },
    defaultConfiguration: { level: LEVEL[AUDIT_FINDING_CODES[code]] },
  }));
  const results: Result[] = report.shares.flatMap((grant) =>
    grant.findings.map((found) => {
      const resource = found.document === 'key-policy' ? (grant.key ?? grant.secret) : (grant.secret ?? grant.key);
      return {
        ruleId: found.code,
        ruleIndex: codes.indexOf(found.code),
        level: LEVEL[found.severity],
        message: { text: `${found.message}${found.statementIndex !== undefined ? ` (statement ${found.statementIndex}${found.sid ? `, Sid ${found.sid}` : ''} of the ${found.document === 'key-policy' ? 'key' : 'secret'} policy)` : ''}${grant.fix ? ` Fix: ${grant.fix.description}` : ''}` },
        locations: [{ logicalLocations: [{ fullyQualifiedName: resource ?? grant.account, kind: 'resource' }] }],
        properties: { account: grant.account, region: grant.region, principal: grant.principal, status: grant.status },
      } satisfies Result;
    }),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: tool.name, ...(tool.version ? { version: tool.version } : {}), ...(tool.informationUri ? { informationUri: tool.informationUri } : {}), rules } }, results }],
  };
}
