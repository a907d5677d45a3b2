import { auditJson, needsAttention, type AuditGrant, type AuditReport, type AuditStatus } from '@secret-share-wizard/core';

/**
 * The audit as the extension shows it, without `vscode` (tested in plain Node): a tree (account →
 * secret or key → grant, each grant with a status icon) and, per account and region, a read-only
 * JSON document (the `audit --json` entries of that scope) with one problem per finding, placed on
 * the grant's `"principal"` line. The view (audit-view.ts) turns these into tree items, diagnostics
 * in the Problems panel and code actions.
 */
export type AuditIcon = 'error' | 'warning' | 'pass' | 'organization' | 'account' | 'secret' | 'key';

export interface AuditTreeNode {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon: AuditIcon;
  /** `auditGrantFixable`: a grant with an automatic fix (context menu "Fix…"). */
  contextValue?: 'auditGrant' | 'auditGrantFixable';
  grant?: AuditGrant;
  children: AuditTreeNode[];
}

export const AUDIT_SCHEME = 'secret-share-wizard-audit';

const STATUS_ICON: Record<AuditStatus, AuditIcon> = {
  public: 'error',
  'broken-principal': 'error',
  'unshareable-key': 'error',
  'foreign-key': 'warning',
  drifted: 'warning',
  'half-done': 'warning',
  'org-wide': 'organization',
  complete: 'pass',
};

export function isFixable(grant: AuditGrant): boolean {
  return grant.fix !== null && grant.fix.kind !== 'manual';
}

function secretName(arn: string): string {
  return arn.split(':').slice(6).join(':') || arn;
}

function grantNode(grant: AuditGrant, index: number): AuditTreeNode {
  return {
    id: `grant:${index}`,
    label: grant.principal,
    description: `${grant.status}${grant.scope ? ` · ${grant.scope}` : ''}`,
    tooltip: [...grant.findings.map((f) => f.message), ...(grant.fix ? [`Fix: ${grant.fix.description}`] : [])].join('\n\n') || grant.status,
    icon: STATUS_ICON[grant.status],
    contextValue: isFixable(grant) ? 'auditGrantFixable' : 'auditGrant',
    grant,
    children: [],
  };
}

/** account → secret (or key, for a key-level grant) → grant; accounts and secrets with a problem first. */
export function auditTree(report: AuditReport): AuditTreeNode[] {
  const accounts = new Map<string, Map<string, AuditTreeNode>>();
  report.shares.forEach((grant, index) => {
    const account = accounts.get(grant.account) ?? new Map<string, AuditTreeNode>();
    accounts.set(grant.account, account);
    const holder = grant.secret ?? grant.key ?? 'unknown';
    let node = account.get(holder);
    if (!node) {
      node = { id: `resource:${grant.account}:${holder}`, label: grant.secret ? secretName(grant.secret) : `key ${holder.split('/').pop()}`, description: grant.region, tooltip: holder, icon: grant.secret ? 'secret' : 'key', children: [] };
      account.set(holder, node);
    }
    node.children.push(grantNode(grant, index));
  });
  const attention = (node: AuditTreeNode): number => node.children.reduce((n, child) => n + (child.grant && needsAttention(child.grant.status) ? 1 : 0) + attention(child), 0);
  const failures = new Map(report.failures.filter((f) => f.region === undefined).map((f) => [f.account, f]));
  const nodes: AuditTreeNode[] = [...accounts.entries()].map(([account, resources]) => {
    const children = [...resources.values()].sort((a, b) => attention(b) - attention(a) || a.label.localeCompare(b.label));
    const count = children.reduce((n, child) => n + attention(child), 0);
    return { id: `account:${account}`, label: account, description: count > 0 ? `${count} need${count === 1 ? 's' : ''} attention` : 'nothing needs attention', icon: 'account', children };
  });
  for (const [account, failure] of failures) {
    nodes.push({ id: `account:${account}`, label: account, description: `not read: ${failure.code}`, tooltip: `${failure.message}${failure.fix ? `\n\n${failure.fix}` : ''}`, icon: 'error', children: [] });
  }
  return nodes.sort((a, b) => Number(b.icon === 'error') - Number(a.icon === 'error') || a.label.localeCompare(b.label));
}

export interface AuditProblem {
  /** 0-based line of the grant's `"principal"` in the document. */
  line: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  code: string;
  /** Index of the grant in `report.shares` (for the code action). */
  grant: number;
}

export interface AuditDocument {
  /** `secret-share-wizard-audit:/ACCOUNT/REGION.json` */
  path: string;
  text: string;
  problems: AuditProblem[];
}

/** One read-only document per account and region, each finding a problem on its grant's line. */
export function auditDocuments(report: AuditReport): AuditDocument[] {
  const scopes = new Map<string, number[]>();
  report.shares.forEach((grant, index) => {
    const key = `${grant.account}/${grant.region}`;
    scopes.set(key, [...(scopes.get(key) ?? []), index]);
  });
  const entries = auditJson(report).shares;
  return [...scopes.entries()].map(([scope, indexes]) => {
    const lines: string[] = [];
    const problems: AuditProblem[] = [];
    lines.push('[');
    indexes.forEach((index, position) => {
      const block = JSON.stringify(entries[index], null, 2).split('\n').map((line) => `  ${line}`);
      const principalLine = block.findIndex((line) => line.startsWith('    "principal"'));
      if (position < indexes.length - 1) block[block.length - 1] += ',';
      for (const found of report.shares[index]!.findings) problems.push({ line: lines.length + principalLine, severity: found.severity, message: found.message, code: found.code, grant: index });
      lines.push(...block);
    });
    lines.push(']');
    return { path: `/${scope}.json`, text: `${lines.join('\n')}\n`, problems };
  });
}
