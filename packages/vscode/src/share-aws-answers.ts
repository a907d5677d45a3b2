import type { AwsShareAnswers } from './share-aws';

/** Answers passed to "Share a secret from AWS" by a script or test (no prompts then). */
export function isAwsShareAnswers(value: unknown): value is AwsShareAnswers {
  const v = value as Partial<AwsShareAnswers> | undefined;
  return typeof v === 'object' && v !== null && typeof v.ownerProfile === 'string' && typeof v.region === 'string' && typeof v.secretArn === 'string' && typeof v.consumer === 'string' && typeof v.apply === 'boolean';
}
