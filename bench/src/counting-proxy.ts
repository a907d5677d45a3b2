import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';

/** One AWS API request that went through the proxy. */
export interface ProxiedCall {
  /** `performance.now()` when the request arrived. */
  at: number;
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
  close(): Promise<void>;
}

/** The operation of an AWS request: the JSON protocols' `X-Amz-Target`, or the query protocols' `Action`. */
export function operationOf(url: string, headers: IncomingMessage['headers'], body: string): { service: string; operation: string } {
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target.includes('.')) {
    const [prefix, operation] = target.split('.') as [string, string];
    const service = prefix.startsWith('secretsmanager') ? 'secretsmanager' : prefix.startsWith('TrentService') ? 'kms' : prefix.toLowerCase();
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
  const server: Server = createServer((incoming, outgoing) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const { service, operation } = operationOf(incoming.url ?? '/', incoming.headers, body.toString('utf8'));
      const forward = httpRequest(
        { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (response) => {
          calls.push({ at, service, operation, status: response.statusCode ?? 0 });
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      forward.on('error', (error) => {
        calls.push({ at, service, operation, status: 502 });
        outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end(`proxy: ${error.message}`);
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
    reset: () => void calls.splice(0, calls.length),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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
