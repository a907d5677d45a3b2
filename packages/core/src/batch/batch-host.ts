import type { Host } from '../host/host';

/**
 * A host for a run that writes many secret policies: the same warning (e.g. "ValidateResourcePolicy
 * is not available") is passed on once, the steps of the secret policies are summarised (about ten
 * progress lines, plus every failure and rollback), every other event is passed on as it is.
 */
export function batchHost(host: Host, secretPolicies: number): Host {
  const warned = new Set<string>();
  const every = Math.max(1, Math.ceil(secretPolicies / 10));
  let done = 0;
  return {
    notify(event) {
      if (event.type === 'warning') {
        if (!warned.has(event.message)) host.notify(event);
        warned.add(event.message);
        return;
      }
      if (event.type === 'step' && event.id.endsWith('.secret-policy') && secretPolicies > 1) {
        if (event.status === 'failed' || event.status === 'rolled-back') host.notify(event);
        if (event.status === 'done') {
          done += 1;
          if (done % every === 0 || done === secretPolicies) host.notify({ type: 'info', message: `Secret policies written: ${done} of ${secretPolicies}` });
        }
        return;
      }
      host.notify(event);
    },
    ask: (question) => host.ask(question),
  };
}
