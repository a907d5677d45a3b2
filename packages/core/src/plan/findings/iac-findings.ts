import { describeIacMarker, iacMarkers, type IacMarker } from '../../iac/iac-markers';
import type { Finding, ShareRequest } from '../plan-types';
import type { ShareState } from '../share-state';
import { finding } from './finding-codes';

function resourceFinding(what: string, arn: string, markers: IacMarker[], change: Finding['change'], allowDrift: boolean): Finding {
  const owner = describeIacMarker(markers[0]!);
  const message = allowDrift
    ? `The ${what} ${arn} is managed by ${owner}: --allow-drift writes it anyway, and the next deploy of that code reverts the change unless the code is updated too (plan --export terraform|cloudformation|cdk writes that code).`
    : `The ${what} ${arn} is managed by ${owner}: a change made here is drift that the next deploy reverts. Put the change in that code instead (plan --export terraform|cloudformation|cdk|cli writes it), or pass --allow-drift to write it anyway.`;
  const base = finding('IAC_MANAGED_RESOURCE', message, change ? { change } : {});
  return allowDrift ? { ...base, severity: 'warning' } : base;
}

/**
 * IAC_MANAGED_RESOURCE: the secret (its resource policy) or the key (its key policy) carries the tags
 * of an infrastructure-as-code tool (see iac/iac-markers). An error that blocks apply, or a warning
 * with `request.allowDrift`. Export is never blocked by it: the export is the way out.
 */
export function iacFindings(state: ShareState, request: ShareRequest, keyArn: string | undefined): Finding[] {
  const allowDrift = request.allowDrift === true;
  const findings: Finding[] = [];
  const secretMarkers = iacMarkers(state.secret.tags);
  if (secretMarkers.length > 0) findings.push(resourceFinding('secret', state.secret.arn, secretMarkers, 'secret-policy', allowDrift));
  const keyMarkers = iacMarkers(state.keyTags);
  if (keyArn && keyMarkers.length > 0) findings.push(resourceFinding('KMS key', keyArn, keyMarkers, 'key-policy', allowDrift));
  return findings;
}
