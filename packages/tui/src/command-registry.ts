/**
 * Every command and its one-line summary: all `--help` needs, so the executable answers it without
 * loading the engine. To add a command, add one line here, its loader in command-loaders.ts and a
 * module in commands/ exporting `spec` and `run`.
 */
export interface CommandEntry {
  summary: string;
  /**
   * Writes nothing: the first Ctrl+C / SIGTERM ends it at once (exit 130), whatever it is waiting
   * for. Commands that write stop between writes instead and roll back (the core's signal check).
   */
  readOnly?: true;
}

export const COMMANDS = {
  plan: { summary: 'Show the three policy changes, findings and "will it work?"; -f shares.yaml: every share of a manifest (writes nothing)', readOnly: true },
  apply: { summary: 'Plan and apply the share (or a saved plan, or -f shares.yaml [--prune]), with backup and rollback' },
  'share-many': { summary: 'Share many secrets with one consumer in one run (a manifest of one entry: parallel, rate-limited)' },
  snippet: { summary: 'Print what the consumer pastes to read a shared secret (ECS, Lambda, EKS, SDKs, CLI)', readOnly: true },
  verify: { summary: 'Read the secret as the consumer role to prove access works', readOnly: true },
  doctor: { summary: 'Why AccessDenied? Every layer on the path (IAM, boundary, SCPs, RCPs, resource policies), the one that denies, the fix', readOnly: true },
  revoke: { summary: 'Remove exactly what the tool added for a consumer' },
  audit: { summary: 'Every cross-account grant of an account or organization, with its status (complete, half-done, broken, public, …) and fix' },
  list: { summary: 'List the shares of a secret (or of every secret in the region) and their state', readOnly: true },
  restore: { summary: 'Put back the documents saved in a backup folder' },
  demo: { summary: 'Try it locally: moto emulator + the reference scenario + the wizard' },
  wizard: { summary: 'The interactive wizard (the default when no command is given)' },
} satisfies Record<string, CommandEntry>;

export type CommandName = keyof typeof COMMANDS;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}
