import type { CommandDeps } from './commands';

export async function shareFromAws(_deps: CommandDeps): Promise<void> {
  throw new Error('AWS mode is not built yet');
}
