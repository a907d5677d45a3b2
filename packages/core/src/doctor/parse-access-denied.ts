import type { Layer } from '../simulate/simulate-types';

/**
 * AWS's enhanced AccessDenied messages, parsed (IAM User Guide, "Troubleshoot access denied error
 * messages"):
 *
 *   User: arn:aws:sts::222222222222:assumed-role/ROLE/SESSION is not authorized to perform:
 *   secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:…:secret:NAME-abc123
 *   because no resource-based policy allows the secretsmanager:GetSecretValue action
 *
 *   … with an explicit deny in a service control policy[: arn:aws:organizations::…:policy/…]
 *
 * and Secrets Manager's "Access to KMS is not allowed" when the kms:Decrypt it makes on the caller's
 * behalf is denied (the message does not say by which layer).
 */
export interface ParsedAccessDenied {
  /** The layer AWS names; undefined when the message does not name one ("Access to KMS is not allowed"). */
  layer?: Layer;
  /** `explicit`: "with an explicit deny in …"; `implicit`: "because no … allows"; undefined: not said. */
  deny?: 'explicit' | 'implicit';
  /** The action denied, e.g. `secretsmanager:GetSecretValue` or `kms:Decrypt`. */
  action?: string;
  /** The caller as AWS saw it (a user, a role session …). */
  principal?: string;
  /** The resource as AWS names it. */
  resource?: string;
  /** The policy AWS names after the layer, when it does (newer messages name the denying policy). */
  policyArn?: string;
  /** Which call of the read failed: GetSecretValue itself, or the KMS call Secrets Manager made. */
  call?: 'secretsmanager:GetSecretValue' | 'kms:Decrypt';
  /** The AWS policy type as written in the message, e.g. "service control policy". */
  policyType?: string;
  /** A plain-words reading of the message. */
  summary: string;
}

/** The policy types of the enhanced messages, and the layer each means (resource-based: see `resourceLayer`). */
const POLICY_TYPES: ReadonlyArray<[RegExp, Layer | 'resource']> = [
  [/^identity-based polic(?:y|ies)$/i, 'identity-policy'],
  [/^resource-based polic(?:y|ies)$/i, 'resource'],
  [/^service control polic(?:y|ies)$/i, 'scp'],
  [/^resource control polic(?:y|ies)$/i, 'rcp'],
  [/^permissions boundar(?:y|ies)$/i, 'permissions-boundary'],
  [/^session polic(?:y|ies)$/i, 'session-policy'],
  [/^VPC endpoint polic(?:y|ies)$/i, 'vpc-endpoint-policy'],
];

/** A resource-based policy is the secret's policy for Secrets Manager calls, the key policy for KMS ones. */
function resourceLayer(action: string | undefined, resource: string | undefined): Layer {
  if (action?.toLowerCase().startsWith('kms:') || resource?.includes(':kms:')) return 'key-policy';
  return 'secret-policy';
}

function layerOf(policyType: string, action: string | undefined, resource: string | undefined): Layer | undefined {
  const found = POLICY_TYPES.find(([pattern]) => pattern.test(policyType.trim()));
  if (!found) return undefined;
  return found[1] === 'resource' ? resourceLayer(action, resource) : found[1];
}

function callOf(action: string | undefined): ParsedAccessDenied['call'] {
  if (!action) return undefined;
  const lower = action.toLowerCase();
  if (lower === 'kms:decrypt') return 'kms:Decrypt';
  if (lower === 'secretsmanager:getsecretvalue') return 'secretsmanager:GetSecretValue';
  return undefined;
}

const HEAD = /(?:User|Principal):\s*(\S+)\s+is not authorized to perform:\s*([\w-]+:[\w*]+)(?:\s+on resource:\s*(\S+?))?(?=\s+(?:because|with)\b|\s*$|[.;]\s)/i;
const EXPLICIT = /with an explicit deny in (?:an? )?([A-Za-z -]+?polic(?:y|ies)|permissions boundar(?:y|ies))(?::\s*(arn:\S+?))?(?=[.\s]*$|[.;,]\s|\s+(?:and|for)\b)/i;
const IMPLICIT = /because no ([A-Za-z -]+?polic(?:y|ies)|permissions boundar(?:y|ies)) allows? the ([\w-]+:[\w*]+) action/i;
const KMS = /Access to KMS is not allowed/i;

/**
 * Parses an AccessDenied message (the whole CLI or SDK output is fine: the part that matters is
 * found). Returns undefined when the text is not an AccessDenied message at all.
 */
export function parseAccessDenied(text: string): ParsedAccessDenied | undefined {
  const message = text.replace(/\s+/g, ' ').trim();
  const head = HEAD.exec(message);
  const explicit = EXPLICIT.exec(message);
  const implicit = IMPLICIT.exec(message);
  const kms = KMS.test(message);
  if (!head && !explicit && !implicit && !kms) {
    if (!/AccessDenied|not authorized/i.test(message)) return undefined;
    return { summary: 'AWS denied the call without saying which policy denied it.' };
  }
  const parsed: ParsedAccessDenied = { summary: '' };
  if (head) {
    parsed.principal = head[1]!;
    parsed.action = head[2]!;
    if (head[3] !== undefined) parsed.resource = head[3].replace(/[.,;]$/, '');
  }
  if (!parsed.action && implicit) parsed.action = implicit[2]!;
  if (kms && !parsed.action) parsed.action = 'kms:Decrypt';
  const call = kms ? 'kms:Decrypt' : callOf(parsed.action);
  if (call) parsed.call = call;
  if (explicit) {
    parsed.deny = 'explicit';
    parsed.policyType = explicit[1]!.trim();
    const layer = layerOf(parsed.policyType, parsed.action, parsed.resource);
    if (layer) parsed.layer = layer;
    if (explicit[2]) parsed.policyArn = explicit[2];
  } else if (implicit) {
    parsed.deny = 'implicit';
    parsed.policyType = implicit[1]!.trim();
    const layer = layerOf(parsed.policyType, parsed.action, parsed.resource);
    if (layer) parsed.layer = layer;
  }
  parsed.summary = summaryOf(parsed, kms);
  return parsed;
}

function summaryOf(parsed: ParsedAccessDenied, kms: boolean): string {
  const who = parsed.principal ? `${parsed.principal} ` : '';
  const what = parsed.action ? `${parsed.action}${parsed.resource ? ` on ${parsed.resource}` : ''}` : 'the call';
  if (parsed.deny === 'explicit') return `AWS says: an explicit Deny in a ${parsed.policyType}${parsed.policyArn ? ` (${parsed.policyArn})` : ''} stops ${who}calling ${what}.`;
  if (parsed.deny === 'implicit') return `AWS says: no ${parsed.policyType} allows ${who}to call ${what} (an implicit deny).`;
  if (kms) return 'AWS says: Secrets Manager could not decrypt the secret for the caller ("Access to KMS is not allowed"): the kms:Decrypt it makes on the caller\'s behalf was denied, by the key policy or by the caller\'s own policies (the message does not say which).';
  return `AWS says: ${who}may not call ${what}; the message does not say which policy denied it.`;
}
