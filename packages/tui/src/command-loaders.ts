import type { CommandModule } from './cli/context';
import type { CommandName } from './command-registry';

/**
 * Every command's module, loaded only when that command runs (with what it imports: the core's
 * sessions, the AWS SDK clients it calls, the wizard's UI).
 */
export const COMMAND_LOADERS: Record<CommandName, () => Promise<CommandModule>> = {
  plan: () => import('./commands/plan'),
  apply: () => import('./commands/apply'),
  'share-many': () => import('./commands/share-many'),
  snippet: () => import('./commands/snippet'),
  verify: () => import('./commands/verify'),
  doctor: () => import('./commands/doctor'),
  revoke: () => import('./commands/revoke'),
  audit: () => import('./commands/audit'),
  list: () => import('./commands/list'),
  restore: () => import('./commands/restore'),
  demo: () => import('./commands/demo'),
  wizard: () => import('./commands/wizard'),
};
