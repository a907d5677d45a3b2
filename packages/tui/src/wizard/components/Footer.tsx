import { Text } from 'ink';
import { choicesFor, textPromptFor } from '../state/choices';
import type { WizardState } from '../state/wizard-state';

/** The keys that work on this screen. */
export function Footer({ state }: { state: WizardState }) {
  if (state.exitCode !== undefined) return null;
  const hints: string[] = [];
  if (state.screen === 'preview') hints.push('↑↓ PgUp PgDn scroll', 'Enter continue');
  else if (state.screen === 'confirm') hints.push('y yes', 'n no', '↑↓ Enter');
  else if (choicesFor(state).length) hints.push('↑↓ move', 'Enter choose');
  else if (textPromptFor(state)) hints.push('Enter submit');
  if (['region', 'secret', 'consumer-account', 'principal', 'consumer-profile', 'consumer-role', 'preview', 'confirm'].includes(state.screen)) hints.push('Esc back');
  hints.push(state.pending?.effect.kind === 'apply' ? 'Ctrl+C stop (rolls back)' : 'Ctrl+C quit');
  return <Text dimColor>{hints.join(' · ')}</Text>;
}
