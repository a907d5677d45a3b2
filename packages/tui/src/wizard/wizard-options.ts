/** What the CLI passes to the wizard: answers given as flags skip their step. */
export interface WizardOptions {
  profile?: string;
  consumerProfile?: string;
  region?: string;
  secret?: string;
  consumer?: string;
  consumerRole?: string;
  /** Line-by-line prompts (@inquirer/prompts) instead of the full-screen Ink wizard. */
  plain: boolean;
  noColor: boolean;
  /** Set by `secret-share-wizard demo`: a line shown on the verify/summary screens. */
  demo?: { note: string };
}
