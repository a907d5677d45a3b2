import { approvalLines, previewLines, recoveryLines, snippetLines, summaryLines } from './report-lines';
import type { Line } from './report-lines';
import { backupsLines, doctorLines, sharesLines } from './result-lines';
import { awsManagedKeyText } from './screen-text';
import type { WizardState } from './wizard-state';

/** The report a screen shows above its choices (scrolled when it is longer than the terminal). */
export function screenLines(state: WizardState): Line[] {
  switch (state.screen) {
    case 'preview':
      return state.session?.plan ? previewLines(state.session.plan, state) : [];
    case 'confirm':
      return approvalLines(state);
    case 'summary':
      return summaryLines(state);
    case 'snippets':
      return snippetLines(state);
    case 'shares':
      return state.flow === 'list' ? sharesLines(state) : [];
    case 'doctor':
      return doctorLines(state);
    case 'backups':
      return backupsLines(state);
    case 'error':
      return recoveryLines(state);
    case 'aws-managed':
      return awsManagedKeyText(state).map((text, i): Line => ({ text, ...(i === 0 ? { tone: 'error' as const } : i >= 4 ? { tone: 'info' as const } : {}) }));
    default:
      return [];
  }
}
