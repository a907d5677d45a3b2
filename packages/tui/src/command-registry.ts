import type { CommandModule } from './cli/context';

/**
 * Every command, loaded lazily: a command's module (and what it imports: the core, the AWS SDK, Ink)
 * loads only when that command runs. To add a command, add one line here and a module in commands/
 * exporting `spec` and `run`.
 */
export interface CommandEntry {
  summary: string;
  load: () => Promise<CommandModule>;
  /**
   * Writes nothing: the first Ctrl+C / SIGTERM ends it at once (exit 130), whatever it is waiting
   * for. Commands that write stop between writes instead and roll back (the core's signal check).
   */
  readOnly?: true;
}

export const COMMANDS: Record<string, CommandEntry> = {
  plan: { summary: 'Show the three policy changes, findings and "will it work?"; -f shares.yaml: every share of a manifest (writes nothing)', load: () => import('./commands/plan'), readOnly: true },
  apply: { summary: 'Plan and apply the share (or a saved plan, or -f shares.yaml [--prune]), with backup and rollback', load: () => import('./commands/apply') },
  'share-many': { summary: 'Share many secrets with one consumer in one run (a manifest of one entry: parallel, rate-limited)', load: () => import('./commands/share-many') },
  snippet: { summary: 'Print what the consumer pastes to read a shared secret (ECS, Lambda, EKS, SDKs, CLI)', load: () => import('./commands/snippet'), readOnly: true },
  verify: { summary: 'Read the secret as the consumer role to prove access works', load: () => import('./commands/verify'), readOnly: true },
  doctor: { summary: 'Why AccessDenied? Every layer on the path (IAM, boundary, SCPs, RCPs, resource policies), the one that denies, the fix', load: () => import('./commands/doctor'), readOnly: true },
  revoke: { summary: 'Remove exactly what the tool added for a consumer', load: () => import('./commands/revoke') },
  audit: { summary: 'Every cross-account grant of an account or organization, with its status (complete, half-done, broken, public, …) and fix', load: () => import('./commands/audit') },
  list: { summary: 'List the shares of a secret (or of every secret in the region) and their state', load: () => import('./commands/list'), readOnly: true },
  restore: { summary: 'Put back the documents saved in a backup folder', load: () => import('./commands/restore') },
  demo: { summary: 'Try it locally: moto emulator + the reference scenario + the wizard', load: () => import('./commands/demo') },
  wizard: { summary: 'The interactive wizard (the default when no command is given)', load: () => import('./commands/wizard') },
};
