import type { ErrorInfo } from '@secret-share-wizard/core';

/**
 * The core names its inputs as the CLI does (`WizardError.field` is a flag such as
 * `--consumer-profile`, and some messages say "Pass --region"). The extension asks the same things
 * through its own prompts, so every message shown in VS Code goes through here: flags become the
 * words of the prompt that asks for them, and CLI commands become the extension's commands.
 * Commands of the AWS CLI (`aws sso login --profile X`) are left as they are: the user runs them.
 */

/** What each flag is called in the extension's prompts. */
export const FIELD_WORDS: Record<string, string> = {
  '--secret': 'the secret',
  '--secret-arn': 'the secret ARN',
  '--secret-id': 'the secret',
  '--key-arn': 'the KMS key ARN',
  '--consumer': 'the consumer',
  '--consumer-role': 'the consumer role',
  '--consumer-profile': 'the consumer profile',
  '--consumer-policy': 'the consumer policy mode',
  '--profile': 'the owner profile',
  '--org-profile': 'the organization profile',
  '--region': 'the region',
  '--move-to-key': 'the destination key',
  '--policy-name': 'the policy name',
  '--version-stage': 'the version stage',
  '--session-name': 'the role session name',
  '--error': 'the AccessDenied message',
  '--role-name': 'the role name',
  '--user-name': 'the user name',
  '--describe': 'the DescribeSecret option',
  '--no-context-condition': 'the encryption-context option',
  '--allow-drift': 'the infrastructure-as-code option',
  '--backup-dir': 'the backup folder',
  '--plan': 'the plan file',
  '--session-policy': 'the session policy',
  '--endpoint-policy': 'the VPC endpoint policy',
};

/** CLI commands a message may suggest, and the extension's command that does the same. */
const COMMAND_WORDS: Array<[RegExp, string]> = [
  [/`?secret-share-wizard apply --move-to-key <KEY_ARN>`?\s*\(or `?--move-to-key new`? to create one\)/g, 'the command "Secret Share Wizard: Move a secret to a customer managed key…"'],
  [/`?secret-share-wizard (?:apply|share)\b[^`)\n]*`?/g, 'the command "Secret Share Wizard: Share a secret from AWS…"'],
  [/`?secret-share-wizard revoke\b[^`)\n]*`?/g, 'the command "Secret Share Wizard: Revoke a share…"'],
  [/`?secret-share-wizard restore\b[^`)\n]*`?/g, 'the command "Secret Share Wizard: Restore a backup…"'],
  [/`?secret-share-wizard doctor\b[^`)\n]*`?/g, 'the command "Secret Share Wizard: Diagnose access…"'],
  [/`?secret-share-wizard list\b[^`)\n]*`?/g, 'the command "Secret Share Wizard: List the shares of a secret…"'],
];

/** Spans kept as they are: commands of the AWS CLI, which the user runs in a terminal. */
const AWS_CLI = /`aws [^`]*`|\(aws [^)]*\)|\baws (?:sso login|sts get-caller-identity|secretsmanager|kms|iam) [^,;)`\n]*/g;

/** The words for a field (a flag, or a name already in words). */
export function fieldWords(field: string | undefined): string | undefined {
  if (!field) return undefined;
  return FIELD_WORDS[field] ?? (field.startsWith('--') ? `the ${field.slice(2).replace(/-/g, ' ')}` : field);
}

/** The first letter upper case, unless the first word is a name as written (`secretsmanager:GetSecretValue`, `arn:…`). */
function capitalise(text: string): string {
  const first = text.split(/\s/, 1)[0] ?? '';
  if (/[:/_@]|[A-Z]/.test(first)) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function rewriteFlags(text: string): string {
  return (
    text
      // "Pass --region, or ..." / "Pass --consumer-profile with ..." → "Choose the region, or ..."
      .replace(/\b(Pass|Use|Give|Add|Set) (--[a-z][a-z-]*)\b/g, (_, verb: string, flag: string) => `${verb === 'Pass' || verb === 'Give' || verb === 'Add' ? 'Choose' : verb} ${fieldWords(flag)}`)
      // "(--region us-east-2)" → "(region us-east-2)"
      .replace(/\((--[a-z][a-z-]*) ([^)\s]+)\)/g, (_, flag: string, value: string) => `(${fieldWords(flag)!.replace(/^the /, '')} ${value})`)
      // "--secret: ..." at the start of a sentence → "The secret: ..."
      .replace(/(^|[.!?]\s+)(--[a-z][a-z-]*):/g, (_, start: string, flag: string) => `${start}${capitalise(fieldWords(flag)!)}:`)
      // Any other flag.
      .replace(/(^|[^\w-])(--[a-z][a-z-]*)\b/g, (_, before: string, flag: string) => `${before}${fieldWords(flag)}`)
  );
}

/** A message of the core in the extension's words: no CLI flags, no CLI commands. */
export function inVsCodeWords(text: string): string {
  let out = text;
  for (const [pattern, words] of COMMAND_WORDS) out = out.replace(pattern, words);
  const kept: string[] = [];
  out = out.replace(AWS_CLI, (span) => {
    kept.push(span);
    return `\uE000${kept.length - 1}\uE000`;
  });
  out = rewriteFlags(out);
  return out.replace(/\uE000(\d+)\uE000/g, (_, i: string) => kept[Number(i)]!);
}

/** An error as one VS Code message: the message and the fix, in the extension's words. */
export function errorText(error: Pick<ErrorInfo, 'message' | 'fix'>): string {
  const oneLine = (t: string) => t.replace(/\s*\n\s*/g, ' ').trim();
  const sentence = (text: string) => {
    const words = inVsCodeWords(oneLine(text)).replace(/\s+$/, '');
    return `${capitalise(words)}${/[.!?…]$/.test(words) ? '' : '.'}`;
  };
  return error.fix ? `${sentence(error.message)} ${sentence(error.fix)}` : sentence(error.message);
}
