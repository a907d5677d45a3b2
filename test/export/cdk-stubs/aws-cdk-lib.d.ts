/* eslint-disable @typescript-eslint/no-explicit-any -- aws-cdk-lib itself declares these as any */
declare module 'aws-cdk-lib' {
  import { Construct } from 'constructs';
  export interface IResolvable {
    readonly creationStack: string[];
    resolve(context: unknown): unknown;
  }
  export interface Environment {
    readonly account?: string;
    readonly region?: string;
  }
  export interface StackProps {
    readonly description?: string;
    readonly env?: Environment;
    readonly stackName?: string;
    readonly tags?: { [key: string]: string };
    readonly terminationProtection?: boolean;
  }
  export class Stack extends Construct {
    constructor(scope?: Construct, id?: string, props?: StackProps);
    readonly account: string;
    readonly region: string;
  }
  export class App extends Construct {
    constructor(props?: { readonly outdir?: string });
  }
}

declare module 'aws-cdk-lib/aws-iam' {
  import { Construct } from 'constructs';
  export interface IPrincipal {
    readonly principalAccount?: string;
  }
  export interface IRole extends IPrincipal {
    readonly roleName: string;
    readonly roleArn: string;
  }
  export interface IUser extends IPrincipal {
    readonly userName: string;
    readonly userArn: string;
  }
  export interface IGroup extends IPrincipal {
    readonly groupName: string;
  }
  export interface FromRoleNameOptions {
    readonly mutable?: boolean;
    readonly addGrantsToResources?: boolean;
    readonly defaultPolicyName?: string;
  }
  export class Role extends Construct implements IRole {
    static fromRoleName(scope: Construct, id: string, roleName: string, options?: FromRoleNameOptions): IRole;
    static fromRoleArn(scope: Construct, id: string, roleArn: string, options?: FromRoleNameOptions): IRole;
    readonly roleName: string;
    readonly roleArn: string;
  }
  export class User extends Construct implements IUser {
    static fromUserName(scope: Construct, id: string, userName: string): IUser;
    static fromUserArn(scope: Construct, id: string, userArn: string): IUser;
    readonly userName: string;
    readonly userArn: string;
  }
  export class PolicyStatement {
    static fromJson(obj: any): PolicyStatement;
  }
  export class PolicyDocument {
    static fromJson(obj: any): PolicyDocument;
    constructor(props?: { readonly statements?: PolicyStatement[]; readonly minimize?: boolean });
  }
  export interface ManagedPolicyProps {
    readonly managedPolicyName?: string;
    readonly description?: string;
    readonly path?: string;
    readonly users?: IUser[];
    readonly roles?: IRole[];
    readonly groups?: IGroup[];
    readonly statements?: PolicyStatement[];
    readonly document?: PolicyDocument;
  }
  export class ManagedPolicy extends Construct {
    constructor(scope: Construct, id: string, props?: ManagedPolicyProps);
    readonly managedPolicyArn: string;
  }
  export interface PolicyProps {
    readonly policyName?: string;
    readonly users?: IUser[];
    readonly roles?: IRole[];
    readonly groups?: IGroup[];
    readonly statements?: PolicyStatement[];
    readonly force?: boolean;
    readonly document?: PolicyDocument;
  }
  export class Policy extends Construct {
    constructor(scope: Construct, id: string, props?: PolicyProps);
  }
}

declare module 'aws-cdk-lib/aws-secretsmanager' {
  import { Construct } from 'constructs';
  import type { IResolvable } from 'aws-cdk-lib';
  export interface CfnResourcePolicyProps {
    readonly secretId: string;
    readonly resourcePolicy: any | IResolvable;
    readonly blockPublicPolicy?: boolean | IResolvable;
  }
  export class CfnResourcePolicy extends Construct {
    static readonly CFN_RESOURCE_TYPE_NAME = 'AWS::SecretsManager::ResourcePolicy';
    constructor(scope: Construct, id: string, props: CfnResourcePolicyProps);
  }
}
