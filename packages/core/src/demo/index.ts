// `@secret-share-wizard/core/demo`: the local AWS (moto) the demo and the tests run against. Not
// part of the product's API: a front end imports it only for the `demo` command.
export * from './moto-server';
export * from './moto-accounts';
export * from './seed-scenario';
export * from './demo-aws-config';
// The raw SDK client packages, for seeding the emulator and for tests that read it back.
export { loadAwsSdk } from '../aws/sdk';
