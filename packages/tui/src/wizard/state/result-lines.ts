import { createColors } from '../../cli/color';
import { renderDoctor } from '../../commands/doctor-render';
import { renderShares } from '../../commands/list-render';
import type { Line } from './report-lines';
import type { WizardState } from './wizard-state';

/** Text the CLI commands print, as report lines (uncoloured; the marks ✔ ✖ ? set the tone). */
function textLines(text: string): Line[] {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line): Line => {
      const mark = line.trimStart()[0];
      if (mark === '✔' || line.startsWith('complete')) return { text: line, tone: 'ok' };
      if (mark === '✖' || line.startsWith('drifted')) return { text: line, tone: 'error' };
      if (mark === '?' || line.startsWith('partial')) return { text: line, tone: 'warning' };
      return { text: line };
    });
}

const plain = createColors(false);

/** `list`: each share with its state and sides, as the command prints it. */
export function sharesLines(state: WizardState): Line[] {
  const shares = state.shares;
  if (!shares) return [];
  const where = shares.secret ? `the secret ${shares.secret}` : `${state.region ?? 'the region'}`;
  return [{ text: `Shares of ${where}`, tone: 'heading' }, { text: '' }, ...textLines(renderShares(shares.items, shares.secrets, plain))];
}

/** `doctor`: the verdict, every layer, the fix, as the command prints it. */
export function doctorLines(state: WizardState): Line[] {
  return state.doctor ? textLines(renderDoctor(state.doctor, plain)) : [];
}

/** The backups found (restore's picker), or where none were found. */
export function backupsLines(state: WizardState): Line[] {
  if (!state.backups) return [];
  if (state.backups.length === 0) return [{ text: 'No backup folders yet: every apply, revoke and restore writes one before its first write.', tone: 'dim' }];
  return [{ text: 'Each folder holds the documents as they were before a run wrote them; restoring puts them back (after checking nothing changed since).', tone: 'dim' }];
}
