/**
 * The `secret-share-wizard` executable. Kept tiny: `--help` and `--version` are answered from the
 * command map alone; everything else (argument parsing, every command, the core, the AWS SDK, Ink)
 * loads on demand (see command-registry.ts).
 */
import { quickAnswer } from './cli/main-help';

async function run(argv: string[]): Promise<void> {
  const [{ main }, { EXIT }] = await Promise.all([import('./cli/main'), import('./cli/exit-codes')]);

  // The bundled AWS SDK warns on every run under Node 20 that *future* SDK releases will need Node 22.
  // The SDK inside this bundle is pinned, so the warning is noise on the user's stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  // First Ctrl+C / SIGTERM: abort (the core stops between writes and rolls back). Second: leave now.
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts += 1;
    if (interrupts > 1) {
      process.stderr.write('\nInterrupted again: exiting now.\n');
      process.exit(EXIT.INTERRUPTED);
    }
    controller.abort(new Error(`interrupted (${signal})`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const code = await main(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() }, controller.signal);
  // Flush stdout before exiting (pipes can be asynchronous), then exit even if an SDK socket lingers.
  process.stdout.write('', () => process.exit(code));
}

const argv = process.argv.slice(2);
const quick = quickAnswer(argv);
if (quick !== undefined) process.stdout.write(quick);
else await run(argv);
