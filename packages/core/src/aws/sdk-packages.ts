/**
 * The whole AWS SDK client packages, for tests and fixtures that set up accounts with commands the
 * tool itself never sends (CreateUser, CreateOrganization, …). The tool loads only what it sends
 * (sdk-clients/, through sdk.ts); nothing in the product imports this module.
 */
export async function loadSdkPackages() {
  const [sm, kms, iam, sts, organizations] = await Promise.all([
    import('@aws-sdk/client-secrets-manager'),
    import('@aws-sdk/client-kms'),
    import('@aws-sdk/client-iam'),
    import('@aws-sdk/client-sts'),
    import('@aws-sdk/client-organizations'),
  ]);
  return { sm, kms, iam, sts, organizations };
}
