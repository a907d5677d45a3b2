// The public surface of @secret-share-wizard/core. Front ends import only from here.
export * from './errors/wizard-error';
export * from './arn/arn';
export * from './arn/secret-arn';
export * from './arn/key-arn';
export * from './arn/principal';
export * from './policy/policy-types';
export * from './policy/parse-policy';
export * from './host/host';
export * from './plan/plan-types';
export * from './plan/share-state';
export * from './simulate/simulate-types';
export * from './aws/sdk';
export * from './demo/moto-server';
export * from './demo/moto-accounts';
export * from './demo/seed-scenario';
export * from './demo/demo-aws-config';
