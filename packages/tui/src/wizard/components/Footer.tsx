import { Text } from 'ink';
import { choicesFor, textPromptFor } from '../state/choices';
import type { WizardState } from '../state/wizard-state';

const ESC_BACK = new Set(['profile', 'region', 'secret', 'aws-managed', 'move-key', 'consumer-account', 'principal', 'consumer-profile', 'consumer-role', 'preview', 'confirm', 'shares', 'backups', 'doctor', 'snippets', 'error']);

/** The keys that work on this screen. */
export function Footer({ state, scrolls }: { state: WizardState; scrolls: boolean }) {
  if (state.exitCode !== undefined) return null;
  const hints: string[] = [];
  if (state.screen === 'preview') hints.push('↑↓ PgUp PgDn scroll', 'Enter continue');
  else if (state.screen === 'snippets') hints.push('← → page', scrolls ? '↑↓ PgUp PgDn scroll' : '', 'Esc back to the summary');
  else if (state.screen === 'confirm') hints.push('y yes', 'n no', '↑↓ Enter');
  else if (choicesFor(state).length) hints.push('↑↓ move', 'Enter choose', scrolls ? 'PgUp PgDn scroll' : '');
  else if (textPromptFor(state)) hints.push('Enter submit', '← → Ctrl+A/E move', 'Ctrl+U clear', 'Ctrl+W delete word');
  if (ESC_BACK.has(state.screen) && state.screen !== 'snippets') hints.push(state.screen === 'confirm' ? 'Esc no' : 'Esc back');
  const writing = state.session?.approved && !state.session.outcome;
  hints.push(writing ? 'Ctrl+C stop (rolls back)' : 'Ctrl+C quit');
  return <Text dimColor>{hints.filter(Boolean).join(' · ')}</Text>;
}
