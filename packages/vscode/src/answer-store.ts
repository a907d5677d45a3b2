/**
 * The answers of the AWS prompts, remembered per workspace (`context.workspaceState`) and
 * pre-selected next time: the owner and consumer profiles, the region, the last secret, the
 * consumer and the consumer's role. Names and ARNs only — never a secret value or credentials.
 */

export interface RememberedAnswers {
  ownerProfile?: string;
  /** `''`: the user chose no consumer profile last time. */
  consumerProfile?: string;
  region?: string;
  secretArn?: string;
  consumer?: string;
  consumerRole?: string;
}

/** The part of `vscode.Memento` used here (so this file needs no `vscode`). */
export interface StateLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const ANSWERS_KEY = 'secretShareWizard.answers';

const FIELDS: Array<keyof RememberedAnswers> = ['ownerProfile', 'consumerProfile', 'region', 'secretArn', 'consumer', 'consumerRole'];
/** Longer than any profile, region or ARN: anything else is not an answer of ours. */
const MAX_LENGTH = 2048;

export class AnswerStore {
  constructor(private readonly state: StateLike) {}

  /** What was answered last time (only well-formed string fields). */
  get(): RememberedAnswers {
    const stored = this.state.get<Record<string, unknown>>(ANSWERS_KEY);
    const out: RememberedAnswers = {};
    if (typeof stored !== 'object' || stored === null) return out;
    for (const field of FIELDS) {
      const value = stored[field];
      if (typeof value === 'string' && value.length <= MAX_LENGTH) out[field] = value;
    }
    return out;
  }

  /** Merges these answers into what is remembered; `undefined` leaves a field as it was. */
  async remember(answers: RememberedAnswers): Promise<void> {
    const next: RememberedAnswers = { ...this.get() };
    for (const field of FIELDS) {
      const value = answers[field];
      if (typeof value === 'string') next[field] = value;
    }
    await this.state.update(ANSWERS_KEY, next);
  }
}

/** The items with the remembered one first (the quick pick's active item), the rest in their order. */
export function rememberedFirst<T>(items: readonly T[], isRemembered: (item: T) => boolean): T[] {
  const first = items.filter(isRemembered);
  return [...first, ...items.filter((item) => !isRemembered(item))];
}
