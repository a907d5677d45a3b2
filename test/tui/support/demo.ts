import { connect } from 'node:net';

/** The emulator endpoint `demo` prints ("Emulator at http://127.0.0.1:PORT"). */
export function endpointOf(output: string): string {
  const match = /Emulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
  if (!match) throw new Error(`no emulator endpoint in:\n${output}`);
  return match[1]!;
}

/** True when something accepts TCP connections on the endpoint's port. */
export function listening(endpoint: string): Promise<boolean> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
