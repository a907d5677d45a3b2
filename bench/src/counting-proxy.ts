import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';

/** One AWS API request that went through the proxy. */
export interface ProxiedCall {
  /** `performance.now()` when the request arrived. */
  at: number;
  /**
   * Sequential round trips up to this call: 1 + the most of any call whose answer was sent before
   * this one arrived. With an added delay well above the client's own work between calls (60 ms,
   * 150 ms) it is the length of the dependency chain; at 0 ms a late independent call may count one
   * more. (The exact count, independent of timing, is test/support/round-proxy.ts's.)
   */
  depth: number;
  /** e.g. `secretsmanager`, `kms`, `iam`, `sts`; `moto-api` for the emulator's own API. */
  service: string;
  /** The API operation, e.g. `PutResourcePolicy`. */
  operation: string;
  status: number;
}

/**
 * A loopback HTTP proxy in front of moto that records every AWS API request. Both the AWS CLI and
 * the product talk to it through `AWS_ENDPOINT_URL`, so their calls are counted the same way.
 */
export interface CountingProxy {
  endpoint: string;
  calls: ProxiedCall[];
  /** Forget the calls recorded so far. */
  reset(): void;
  /** Every answer from now on is sent this many ms after its request arrived (network latency; 0: none). */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

/**
 * moto lacks ValidateResourcePolicy: it answers HTTP 500, which the SDK retries with back-off (time
 * AWS never costs). The proxy answers it as AWS does for a policy that passes; the call is counted.
 */
const VALIDATION_PASSED = JSON.stringify({ PolicyValidationPassed: true, ValidationErrors: [] });

/** The operation of an AWS request: the JSON protocols' `X-Amz-Target`, or the query protocols' `Action`. */
export function operationOf(url: string, headers: IncomingMessage['headers'], body: string): { service: string; operation: string } {
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target.includes('.')) {
    const [prefix, operation] = target.split('.') as [string, string];
    const service = prefix.startsWith('secretsmanager') ? 'secretsmanager' : prefix.startsWith('TrentService') ? 'kms' : prefix.startsWith('AWSOrganizations') ? 'organizations' : prefix.toLowerCase();
    return { service, operation };
  }
  const path = url.split('?')[0] ?? '';
  if (path.startsWith('/moto-api')) return { service: 'moto-api', operation: path };
  const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  const form = new URLSearchParams(body);
  const action = form.get('Action') ?? query.get('Action') ?? 'unknown';
  const authorization = headers.authorization ?? '';
  const credentialScope = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(String(authorization));
  return { service: credentialScope?.[1] ?? 'unknown', operation: action };
}

export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  const target = new URL(upstream);
  const calls: ProxiedCall[] = [];
  let delayMs = 0;
  // The deepest call whose answer has been sent: a call arriving now depends on at most that.
  let answeredDepth = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const at = performance.now();
    const depth = answeredDepth + 1;
    const chunks: Buffer[] = [];
    const answer = (status: number, send: () => void) => {
      const wait = at + delayMs - performance.now();
      const go = () => {
        outgoing.once('finish', () => (answeredDepth = Math.max(answeredDepth, depth)));
        send();
      };
      if (wait > 0) setTimeout(go, wait);
      else go();
      return status;
    };
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const { service, operation } = operationOf(incoming.url ?? '/', incoming.headers, body.toString('utf8'));
      if (service === 'secretsmanager' && operation === 'ValidateResourcePolicy') {
        calls.push({ at, depth, service, operation, status: 200 });
        answer(200, () => outgoing.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(VALIDATION_PASSED));
        return;
      }
      const forward = httpRequest(
        { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (response) => {
          const responseChunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => responseChunks.push(chunk));
          response.on('end', () => {
            calls.push({ at, depth, service, operation, status: response.statusCode ?? 0 });
            answer(response.statusCode ?? 502, () => outgoing.writeHead(response.statusCode ?? 502, response.headers).end(Buffer.concat(responseChunks)));
          });
        },
      );
      forward.on('error', (error) => {
        calls.push({ at, depth, service, operation, status: 502 });
        answer(502, () => outgoing.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${error.message}`));
      });
      forward.end(body);
    });
  });
  // Keep-alive connections from the SDK must not hold close() open.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    reset: () => {
      calls.splice(0, calls.length);
      answeredDepth = 0;
    },
    setDelay: (ms) => void (delayMs = Math.max(0, ms)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The sequential round trips of the calls recorded (the deepest call). */
export function roundTrips(calls: readonly ProxiedCall[]): number {
  return awsCalls(calls).reduce((most, call) => Math.max(most, call.depth), 0);
}

/** AWS calls only (not the emulator's own `/moto-api`). */
export function awsCalls(calls: readonly ProxiedCall[]): ProxiedCall[] {
  return calls.filter((call) => call.service !== 'moto-api');
}

/** `{ 'secretsmanager:PutResourcePolicy': 3, ... }` */
export function countByOperation(calls: readonly ProxiedCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of awsCalls(calls)) {
    const key = `${call.service}:${call.operation}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The Secrets Manager APIs that share the 50 requests per second quota. */
export const RESOURCE_POLICY_APIS = ['GetResourcePolicy', 'PutResourcePolicy', 'DeleteResourcePolicy', 'ValidateResourcePolicy'];

export function resourcePolicyCalls(calls: readonly ProxiedCall[]): ProxiedCall[] {
  return calls.filter((call) => call.service === 'secretsmanager' && RESOURCE_POLICY_APIS.includes(call.operation));
}
