import { distance } from 'fastest-levenshtein';
import { wildcardMatch } from '../simulate/wildcard';
import { IAM_ACTIONS, IAM_CONDITION_KEYS, KMS_ALIAS_ACTIONS, type CatalogueService } from './iam-catalogue.generated';

export { IAM_CATALOGUE_SOURCE, type CatalogueService } from './iam-catalogue.generated';

const SERVICES = Object.keys(IAM_ACTIONS) as CatalogueService[];

/** The catalogued service an action or condition key prefix names (case-insensitive), if any. */
export function catalogueService(prefix: string): CatalogueService | undefined {
  const lower = prefix.toLowerCase();
  return (SERVICES as string[]).includes(lower) ? (lower as CatalogueService) : undefined;
}

/** Lower-case name → the name as AWS spells it, per service (exact look-ups without a scan). */
const ACTIONS_BY_LOWER = Object.fromEntries(SERVICES.map((service) => [service, new Map(IAM_ACTIONS[service].map((action) => [action.toLowerCase(), action]))])) as Record<CatalogueService, Map<string, string>>;

/** The known actions of `service` that an action pattern (`kms:Decrypt`, `kms:Describe*`, without prefix) matches. Case-insensitive, as IAM is. */
export function matchingActions(service: CatalogueService, pattern: string): string[] {
  if (!/[*?]/.test(pattern)) {
    const found = ACTIONS_BY_LOWER[service].get(pattern.toLowerCase());
    return found ? [found] : [];
  }
  return IAM_ACTIONS[service].filter((action) => wildcardMatch(pattern, action, true));
}

/**
 * The catalogued names closest to `name`: those at the smallest edit distance, when it is small
 * for the name's length (a typo, not another word). Case is ignored; an empty list means no guess.
 */
export function closestNames(name: string, candidates: readonly string[]): string[] {
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(lower.length / 3)));
  let best = Infinity;
  let found: string[] = [];
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d > limit || d > best) continue;
    if (d < best) {
      best = d;
      found = [];
    }
    found.push(candidate);
  }
  return found;
}

/** Suggestions for an unknown action name of `service` (names without the prefix). */
export function closestActions(service: CatalogueService, action: string): string[] {
  return closestNames(action, IAM_ACTIONS[service]);
}

function conditionPrefix(key: string): CatalogueService | 'aws' | undefined {
  const prefix = key.slice(0, key.indexOf(':')).toLowerCase();
  return prefix === 'aws' ? 'aws' : catalogueService(prefix);
}

/** Per prefix: the exact keys (lower case) and the prefixes of the variable ones ("kms:encryptioncontext:"). */
const CONDITION_KEYS_LOWER = Object.fromEntries(Object.entries(IAM_CONDITION_KEYS).map(([prefix, keys]) => [prefix, {
  exact: new Set(keys.filter((k) => !k.endsWith('*')).map((k) => k.toLowerCase())),
  variable: keys.filter((k) => k.endsWith('*')).map((k) => k.slice(0, -1).toLowerCase()),
}])) as Record<CatalogueService | 'aws', { exact: Set<string>; variable: string[] }>;

/** Is a condition key known? Undefined when its prefix is not catalogued (other services: not checked). Keys are case-insensitive. */
export function isKnownConditionKey(key: string): boolean | undefined {
  const prefix = conditionPrefix(key);
  if (!prefix) return undefined;
  const lower = key.toLowerCase();
  const known = CONDITION_KEYS_LOWER[prefix];
  return known.exact.has(lower) || known.variable.some((start) => lower.startsWith(start) && lower.length > start.length);
}

/** Suggestions for an unknown condition key (whole keys, `kms:ViaService`); variable keys are left out. */
export function closestConditionKeys(key: string): string[] {
  const prefix = conditionPrefix(key);
  if (!prefix) return [];
  return closestNames(key, IAM_CONDITION_KEYS[prefix].filter((known) => !known.endsWith('*')));
}

/** Does this KMS action authorize on an alias ARN (CreateAlias, DeleteAlias, UpdateAlias)? Every other KMS action needs the key. */
export function isKmsAliasAction(action: string): boolean {
  return KMS_ALIAS_ACTIONS.some((known) => known.toLowerCase() === action.toLowerCase());
}
