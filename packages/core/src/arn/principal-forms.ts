import type { RoleBinding } from './grantee';

/** One way to name the consumer in the secret and key policies, as front ends offer it. */
export interface PrincipalForm {
  id: 'account' | 'role' | 'role-condition';
  /** What the user picks. */
  label: string;
  /** One line on what it costs and what it buys. */
  tradeOff: string;
  recommended: boolean;
  /** What `--consumer` takes for this form. */
  consumer: 'account' | 'role';
  /** `--role-binding` (roles and users only). */
  roleBinding?: RoleBinding;
  /** The flags, for help texts. */
  flags: string;
}

/**
 * The three forms of a cross-account consumer, in the order front ends list them (the wizard, the
 * extension, the CLI's help). The account root is recommended: the trust is the same as naming one
 * of the account's roles (its administrators decide who assumes that role), and nothing breaks when
 * a role is recreated; its administrator grants the role with an identity policy.
 */
export const PRINCIPAL_FORMS: readonly PrincipalForm[] = Object.freeze([
  {
    id: 'account',
    label: 'The consumer account (account root)',
    tradeOff: "The account's administrators decide which of its roles read it (with an identity policy); survives any role being recreated.",
    recommended: true,
    consumer: 'account',
    flags: '--consumer ACCOUNT_ID',
  },
  {
    id: 'role',
    label: 'One exact role (its ARN is the principal)',
    tradeOff: 'Only that role can read, but IAM stores it as the role\'s unique id: a role deleted and recreated with the same name shows as AROA… and loses access until shared again.',
    recommended: false,
    consumer: 'role',
    roleBinding: 'principal',
    flags: '--consumer ROLE_ARN',
  },
  {
    id: 'role-condition',
    label: 'One role, by condition (account root + aws:PrincipalArn)',
    tradeOff: 'Only that role can read, and a recreated role keeps access (ArnEquals aws:PrincipalArn compares the ARN as text); the policy is a little longer.',
    recommended: false,
    consumer: 'role',
    roleBinding: 'condition',
    flags: '--consumer ROLE_ARN --role-binding condition',
  },
] as const satisfies readonly PrincipalForm[]);
