import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback';

/**
 * A loopback HTTP proxy in front of moto that fails chosen WRITE requests, to prove that apply is
 * all-or-nothing. Reads always pass. A write is recognised from the `X-Amz-Target` header
 * (Secrets Manager, KMS: JSON protocol) or the `Action=` form field (IAM, STS: query protocol).
 *
 * Every HTTP attempt counts, so SDK retries of a failed write are writes too: `failWrites({ at: 3,
 * times: 1 })` fails the 3rd write once (the SDK's retry then succeeds), `times: 3` with
 * `maxAttempts: 3` makes that write fail for good. `invalid-principal` answers what KMS and Secrets
 * Manager say about a principal IAM has not propagated yet (not retried by the SDK).
 */
/**
 * - `http-500`, `throttling`, `connection-reset`, `invalid-principal`: the request never reaches moto.
 * - `reset-after-forward`: moto performs the request, then the connection is reset before the answer
 *   (the write happened, the caller cannot know).
 */
export type FaultKind = 'http-500' | 'throttling' | 'connection-reset' | 'invalid-principal' | 'reset-after-forward';

export interface FaultPlan {
  /** 1-based index of the first write attempt to fail. */
  at: number;
  kind: FaultKind;
  /** How many consecutive write attempts fail, starting at `at` (default 1). */
  times?: number;
  /** Only these actions' write attempts are counted and failed (e.g. `PutKeyPolicy`); default every write. */
  action?: string | string[];
  /** Runs (awaited) before the first injected fault is answered: a deterministic "someone else acts now". */
  beforeFirstFault?: () => Promise<void>;
}

export interface ProxiedRequest {
  action: string;
  write: boolean;
  /** The fault injected, if any. */
  fault?: FaultKind;
}

/** Fail every request of one action whose body contains a text (e.g. AssumeRole of one account's role). */
export interface RequestFaultRule {
  action: string;
  bodyIncludes: string;
  /** `access-denied`: what AWS answers when the caller may not (e.g. a role that does not trust it). */
  kind: 'access-denied';
}

export interface FaultProxy {
  /** `http://127.0.0.1:PORT`: use it as the AWS endpoint. */
  endpoint: string;
  /** Every request seen, in order. */
  requests: ProxiedRequest[];
  /** Write attempts seen so far (faulted ones included). */
  readonly writeCount: number;
  /** Arms a fault (replacing any previous one) and resets the write counter. */
  failWrites(plan: FaultPlan | null): void;
  /** Holds every request this long before forwarding it (a network far away: widens every race window). */
  delayEvery(ms: number): void;
  /** Fails every matching request, reads included (replacing any previous rule). */
  failRequests(rule: RequestFaultRule | null): void;
  stop(): Promise<void>;
}

const WRITE_ACTION = /^(Put|Create|Delete|Update|Attach|Detach|Set|Tag|Untag|Schedule|Cancel|Enable|Disable|Rotate|Restore|Remove|Add|Upload|Replicate)/;

/** The API action of a request: `PutResourcePolicy`, `CreatePolicyVersion`, ... ('' when unknown). */
export function requestAction(headers: IncomingMessage['headers'], body: Buffer): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target.includes('.')) return target.slice(target.lastIndexOf('.') + 1);
  const contentType = String(headers['content-type'] ?? '');
  if (contentType.includes('application/x-www-form-urlencoded')) return new URLSearchParams(body.toString('utf8')).get('Action') ?? '';
  return '';
}

export function isWriteAction(action: string): boolean {
  return WRITE_ACTION.test(action);
}

function sendFault(kind: Exclude<FaultKind, 'connection-reset' | 'reset-after-forward'>, jsonProtocol: boolean, res: ServerResponse): void {
  if (kind === 'http-500') {
    const body = jsonProtocol ? JSON.stringify({ __type: 'InternalFailure', message: 'injected by fault-proxy' }) : xmlError('Receiver', 'InternalFailure');
    res.writeHead(500, { 'content-type': jsonProtocol ? 'application/x-amz-json-1.1' : 'text/xml', 'x-amzn-errortype': 'InternalFailure' }).end(body);
    return;
  }
  if (kind === 'invalid-principal') {
    // What KMS and Secrets Manager answer for a principal IAM has not propagated yet.
    const message = 'Policy contains a statement with one or more invalid principals.';
    const body = jsonProtocol ? JSON.stringify({ __type: 'MalformedPolicyDocumentException', message }) : xmlError('Sender', 'MalformedPolicyDocument', message);
    res.writeHead(400, { 'content-type': jsonProtocol ? 'application/x-amz-json-1.1' : 'text/xml', 'x-amzn-errortype': 'MalformedPolicyDocumentException' }).end(body);
    return;
  }
  const body = jsonProtocol ? JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded (injected by fault-proxy)' }) : xmlError('Sender', 'Throttling');
  res.writeHead(400, { 'content-type': jsonProtocol ? 'application/x-amz-json-1.1' : 'text/xml', 'x-amzn-errortype': 'ThrottlingException' }).end(body);
}

function xmlError(type: string, code: string, message = 'injected by fault-proxy'): string {
  return `<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  let plan: FaultPlan | null = null;
  let rule: RequestFaultRule | null = null;
  let writes = 0;
  let matching = 0;
  let delayMs = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const body = Buffer.concat(chunks);
      const action = requestAction(req.headers, body);
      const write = isWriteAction(action);
      const entry: ProxiedRequest = { action, write };
      requests.push(entry);
      if (rule && action === rule.action && body.toString('utf8').includes(rule.bodyIncludes)) {
        const jsonProtocol = typeof req.headers['x-amz-target'] === 'string';
        const message = `User is not authorized to perform: ${action} (injected by fault-proxy)`;
        const errorBody = jsonProtocol ? JSON.stringify({ __type: 'AccessDeniedException', message }) : xmlError('Sender', 'AccessDenied', message);
        res.writeHead(403, { 'content-type': jsonProtocol ? 'application/x-amz-json-1.1' : 'text/xml', 'x-amzn-errortype': 'AccessDenied' }).end(errorBody);
        return;
      }
      if (write) {
        writes += 1;
        const counted = plan?.action === undefined || [plan.action].flat().includes(action);
        if (counted) matching += 1;
        if (plan && counted && matching >= plan.at && matching < plan.at + (plan.times ?? 1)) {
          entry.fault = plan.kind;
          const hook = plan.beforeFirstFault;
          if (hook) {
            plan.beforeFirstFault = undefined;
            await hook();
          }
          if (plan.kind === 'connection-reset') {
            req.socket.destroy();
            return;
          }
          if (plan.kind === 'reset-after-forward') {
            const forward = httpRequest({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (upstreamRes) => {
              upstreamRes.resume();
              upstreamRes.on('end', () => req.socket.destroy());
            });
            forward.on('error', () => req.socket.destroy());
            forward.end(body);
            return;
          }
          sendFault(plan.kind, typeof req.headers['x-amz-target'] === 'string', res);
          return;
        }
      }
      const forward = httpRequest(
        { hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      forward.on('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault-proxy: upstream failed: ${error.message}`);
      });
      forward.end(body);
    });
  });

  const endpoint = await listenOnLoopback(server);

  return {
    endpoint,
    requests,
    get writeCount() {
      return writes;
    },
    failRequests(next) {
      rule = next;
    },
    failWrites(next) {
      plan = next;
      writes = 0;
      matching = 0;
    },
    delayEvery(ms) {
      delayMs = ms;
    },
    stop: () => closeServer(server),
  };
}

/** The write requests (by action) the proxy saw while `fn` ran. */
export async function writesDuring<T>(proxy: FaultProxy, fn: () => Promise<T>): Promise<{ result: T; writes: string[] }> {
  proxy.requests.length = 0;
  const result = await fn();
  return { result, writes: proxy.requests.filter((request) => request.write).map((request) => request.action) };
}
