import diagnostics from 'node:diagnostics_channel';
import { createServer, request as httpRequest, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { requestAction } from './fault-proxy';
import { closeServer, listenOnLoopback } from './loopback';

/**
 * A loopback proxy in front of moto that COUNTS SEQUENTIAL ROUND TRIPS deterministically: it holds
 * every request that arrives, and releases all the held ones at once — one round — only when the
 * client cannot send anything more without an answer. Requests that do not depend on each other are
 * therefore released together however late one of them is sent (a dynamic import, a file write, a
 * busy CPU), and a request that needs an answer is always released in a later round. The number of
 * releases is the length of the flow's critical path in round trips; no clock is involved.
 *
 * "Cannot send anything more" is decided from inside the client's process (the proxy must run in
 * the process under test: tests call the sessions in process), from state, not time:
 *
 * 1. every HTTP client request of this process (the proxy's own upstream requests excepted) that
 *    has been sent ('http.client.request.start') is either held here or finished (its 'close');
 *    so no request is on its way to the proxy and no answer is on its way back or being read;
 * 2. no libuv request is pending (`process.getActiveResourcesInfo()`: file system operations,
 *    DNS lookups, TCP connects, socket writes): the client is not waiting for its disk or network;
 * 3. both hold over {@link STABLE_TURNS} consecutive turns of the event loop (checked from
 *    `setImmediate`, after every promise and `process.nextTick` callback of the turn has run), with
 *    no request started or finished in between, so a continuation queued with `setImmediate` has
 *    run too.
 *
 * What this does not see: timers. A client that waits on a `setTimeout` before sending (a retry
 * back-off) is not blocked on the proxy, and the proxy may release before it; the flows counted here
 * set no such timer on their path (the SDK's own socket timers only watch connections). A proxy that
 * finds itself stuck — held requests, and condition 1 never true for {@link STUCK_MS} — releases them
 * anyway and marks the round `forced`, so a test fails instead of hanging (the one use of a clock).
 */
export interface RoundProxy {
  /** `http://127.0.0.1:PORT`: the AWS endpoint to give the client (and AWS_ENDPOINT_URL for STS). */
  endpoint: string;
  /** The rounds released so far, in order; each lists the operations released together. */
  rounds: Round[];
  /** Forget the rounds counted so far (between the seeding and the measured flow). */
  reset(): void;
  stop(): Promise<void>;
}

export interface Round {
  /** `service:Operation` of each request released in this round, sorted. */
  calls: string[];
  /** Released by the stuck guard, not because the client was idle: the count is not valid. */
  forced?: boolean;
}

/** Consecutive event-loop turns the idle condition must hold before a release. */
export const STABLE_TURNS = 3;
/** Only for a broken client or proxy: held requests that never become releasable by the rules. */
export const STUCK_MS = 10_000;

/** Pending libuv requests (not long-lived handles such as sockets, servers, timers, pipes). */
const PENDING_REQUEST = /(Req|ReqWrap|ReqCallback|ReqPromise|ConnectWrap|WriteWrap|ShutdownWrap)$/;

/** The service of a request: the JSON protocols' target prefix, or the SigV4 credential scope. */
function serviceOf(headers: IncomingMessage['headers']): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target.includes('.')) {
    const prefix = target.slice(0, target.indexOf('.'));
    if (prefix.startsWith('secretsmanager')) return 'secretsmanager';
    if (prefix.startsWith('TrentService')) return 'kms';
    if (prefix.startsWith('AWSOrganizations')) return 'organizations';
    return prefix.toLowerCase();
  }
  const scope = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(String(headers.authorization ?? ''));
  return scope?.[1] ?? 'unknown';
}

interface Held {
  label: string;
  forward(): void;
}

export interface RoundProxyOptions {
  /**
   * Answer ValidateResourcePolicy here as AWS answers a valid policy (default true): moto lacks the
   * API and answers HTTP 500, which the SDK retries with back-off — two extra rounds AWS never costs.
   * The request is still held and counted in its round.
   */
  validateResourcePolicy?: boolean;
}

/** AWS's answer to ValidateResourcePolicy for a policy that passes. */
export const VALIDATION_PASSED = JSON.stringify({ PolicyValidationPassed: true, ValidationErrors: [] });

export async function startRoundProxy(upstream: string, options: RoundProxyOptions = {}): Promise<RoundProxy> {
  const target = new URL(upstream);
  const rounds: Round[] = [];
  const own = new WeakSet<ClientRequest>();
  const open = new Set<ClientRequest>();
  let held: Held[] = [];
  let changes = 0;
  let loop: { stable: number; since: number } | undefined;

  const onStart = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    if (own.has(request)) return;
    open.add(request);
    changes += 1;
    request.once('close', () => {
      open.delete(request);
      changes += 1;
      schedule();
    });
  };
  diagnostics.subscribe('http.client.request.start', onStart);

  function idle(): boolean {
    if (open.size !== held.length) return false;
    return !process.getActiveResourcesInfo().some((name) => PENDING_REQUEST.test(name));
  }

  function release(forced: boolean): void {
    const batch = held;
    held = [];
    rounds.push({ calls: batch.map((h) => h.label).sort(), ...(forced ? { forced: true } : {}) });
    for (const h of batch) h.forward();
  }

  function schedule(): void {
    if (loop || held.length === 0) return;
    loop = { stable: 0, since: Date.now() };
    let seen = changes;
    const turn = () => {
      const state = loop!;
      if (held.length === 0) {
        loop = undefined;
        return;
      }
      const quiet = seen === changes && idle();
      seen = changes;
      state.stable = quiet ? state.stable + 1 : 0;
      if (state.stable >= STABLE_TURNS || Date.now() - state.since > STUCK_MS) {
        loop = undefined;
        release(state.stable < STABLE_TURNS);
        return;
      }
      setImmediate(turn);
    };
    setImmediate(turn);
  }

  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const label = `${serviceOf(incoming.headers)}:${requestAction(incoming.headers, body) || 'unknown'}`;
      const standIn = options.validateResourcePolicy !== false && label === 'secretsmanager:ValidateResourcePolicy';
      held.push({
        label,
        forward: () => {
          if (standIn) {
            outgoing.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(VALIDATION_PASSED);
            return;
          }
          const forward = httpRequest({ hostname: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (response) => {
            outgoing.writeHead(response.statusCode ?? 502, response.headers);
            response.pipe(outgoing);
          });
          own.add(forward);
          forward.on('error', (error) => {
            if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
            outgoing.end(`round-proxy: upstream failed: ${error.message}`);
          });
          forward.end(body);
        },
      });
      changes += 1;
      schedule();
    });
  });
  server.keepAliveTimeout = 1_000;
  const endpoint = await listenOnLoopback(server);
  return {
    endpoint,
    rounds,
    reset: () => void rounds.splice(0, rounds.length),
    stop: () => {
      diagnostics.unsubscribe('http.client.request.start', onStart);
      for (const h of held.splice(0)) h.forward();
      return closeServer(server);
    },
  };
}

/** The operations of every round, one line per round: `1: sts:GetCallerIdentity ×2, secretsmanager:DescribeSecret`. */
export function describeRounds(rounds: readonly Round[]): string {
  return rounds
    .map((round, index) => {
      const counts = new Map<string, number>();
      for (const call of round.calls) counts.set(call, (counts.get(call) ?? 0) + 1);
      const calls = [...counts].map(([call, count]) => (count > 1 ? `${call} ×${count}` : call)).join(', ');
      return `${index + 1}${round.forced ? ' (forced)' : ''}: ${calls}`;
    })
    .join('\n');
}
