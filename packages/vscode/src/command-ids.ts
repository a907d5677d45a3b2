/** Every command the extension contributes. package.json `contributes.commands` lists exactly these. */
export const COMMAND_IDS = [
  'secretShareWizard.shareCrossAccount',
  'secretShareWizard.shareFromAws',
  'secretShareWizard.simulateAccess',
  'secretShareWizard.showFindings',
  'secretShareWizard.setPolicyKind',
  'secretShareWizard.applyProposal',
  'secretShareWizard.showLog',
  'secretShareWizard.checkWorkspace',
  'secretShareWizard.fixAll',
  'secretShareWizard.discardProposal',
  'secretShareWizard.revokeShare',
  'secretShareWizard.listShares',
  'secretShareWizard.restoreBackup',
  'secretShareWizard.moveToKey',
  'secretShareWizard.diagnoseAccess',
  'secretShareWizard.auditAccount',
  'secretShareWizard.auditFix',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** Scheme of the read-only virtual documents that hold proposed policies. */
export const PROPOSAL_SCHEME = 'secret-share-wizard';

/** The code action kind of "fix all" (run by `editor.codeActionsOnSave: { "source.fixAll": ... }` too). */
export const FIX_ALL_KIND = 'source.fixAll.secretShareWizard';
