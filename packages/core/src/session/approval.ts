import type { AccountWrites, ApprovalPayload, PlannedWrite, Question } from '../host/host';
import { changeLabel, skipReason } from '../apply/run-changes';
import type { Change, Plan } from '../plan/plan-types';
import { compareText } from '../text/locale-free';

/** The writes a set of changes makes (administrator documents and unchanged ones left out). */
export function plannedWrites(changes: Change[], ownerAccount: string): PlannedWrite[] {
  return changes
    .filter((change) => !skipReason(change))
    .map((change) => ({
      kind: change.kind,
      target: change.target,
      account: change.account,
      side: change.account === ownerAccount && change.kind !== 'identity-policy' ? 'owner' : 'consumer',
      action: change.action,
      broadensAccess: change.broadensAccess,
      label: changeLabel(change),
    }));
}

/** The writes grouped by account: the owner's first. */
export function writesByAccount(writes: PlannedWrite[], profiles: { owner?: string; consumer?: string } = {}): AccountWrites[] {
  const groups = new Map<string, AccountWrites>();
  for (const write of writes) {
    const key = `${write.side}:${write.account}`;
    let group = groups.get(key);
    if (!group) {
      const profile = write.side === 'owner' ? profiles.owner : profiles.consumer;
      group = { account: write.account, side: write.side, ...(profile ? { profile } : {}), writes: [] };
      groups.set(key, group);
    }
    group.writes.push(write);
  }
  return [...groups.values()].sort((a, b) => Number(a.side === 'consumer') - Number(b.side === 'consumer') || compareText(a.account, b.account));
}

/** "Apply 3 writes in 2 accounts (111111111111: 2, 222222222222: 1), broadening access?" */
export function approvalQuestion(payload: ApprovalPayload): Question<'approve-writes'> {
  const verb = payload.operation === 'share' ? 'Apply' : payload.operation === 'revoke' ? 'Revoke with' : 'Restore with';
  const n = payload.writes.length;
  const accounts = payload.accounts.map((group) => `${group.account}: ${group.writes.length}`).join(', ');
  const message = `${verb} ${n} write${n === 1 ? '' : 's'} in ${payload.accounts.length} account${payload.accounts.length === 1 ? '' : 's'} (${accounts})${payload.broadensAccess ? ', broadening access' : ''}?`;
  return { code: 'approve-writes', message, payload, defaultAnswer: false };
}

export function approvalPayload(operation: ApprovalPayload['operation'], plans: Plan[], changes: Change[], ownerAccount: string, profiles: { owner?: string; consumer?: string } = {}): ApprovalPayload {
  const writes = plannedWrites(changes, ownerAccount);
  return { operation, plans, writes, accounts: writesByAccount(writes, profiles), broadensAccess: writes.some((write) => write.broadensAccess) };
}
