import type { ShareListing } from '@secret-share-wizard/core';
import type { Colors } from '../cli/color';

const STATE: Record<ShareListing['state'], (c: Colors) => string> = {
  complete: (c) => c.green('complete'),
  partial: (c) => c.yellow('partial '),
  drifted: (c) => c.red('drifted '),
};

/** The text of `list` (also the wizard's list screen). */
export function renderShares(shares: ShareListing[], secrets: number, c: Colors): string {
  if (shares.length === 0) return `No shares found in ${secrets} secret${secrets === 1 ? '' : 's'}.\n`;
  const lines: string[] = [];
  for (const share of shares) {
    lines.push(`${STATE[share.state](c)}  ${share.secret}`);
    lines.push(`          → ${share.consumer}${share.binding === 'condition' ? c.dim(' (account root + aws:PrincipalArn)') : ''}${share.consumerRole && share.consumerRole !== share.consumer ? ` via ${share.consumerRole}` : ''}${share.recorded ? '' : c.dim('  (no record: found by its Sids)')}`);
    lines.push(c.dim(`          secret policy: ${share.sides.secretPolicy} · key policy: ${share.sides.keyPolicy} · identity policy: ${share.sides.identityPolicy}${share.identityPolicy ? ` (${share.identityPolicy})` : ''}`));
  }
  lines.push('', `${shares.length} share${shares.length === 1 ? '' : 's'} in ${secrets} secret${secrets === 1 ? '' : 's'}.`);
  return `${lines.join('\n')}\n`;
}
