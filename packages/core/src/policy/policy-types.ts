/** IAM policy JSON as AWS stores it: most fields are a string or an array of strings. */
export type StringOrArray = string | string[];

export type PrincipalValue = '*' | { AWS?: StringOrArray; Service?: StringOrArray; Federated?: StringOrArray; CanonicalUser?: StringOrArray };

/** `{ "StringEquals": { "kms:ViaService": "secretsmanager.us-east-2.amazonaws.com" } }` */
export type ConditionBlock = Record<string, Record<string, StringOrArray | boolean | number | Array<string | boolean | number>>>;

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: PrincipalValue;
  NotPrincipal?: PrincipalValue;
  Action?: StringOrArray;
  NotAction?: StringOrArray;
  Resource?: StringOrArray;
  NotResource?: StringOrArray;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: Statement[];
}

/** The three documents of a share (plus none for the secret-key change). */
export type DocumentKind = 'secret-policy' | 'key-policy' | 'identity-policy';
