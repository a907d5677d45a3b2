import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEMO_CONSUMER_PROFILE,
  DEMO_OWNER_PROFILE,
  DEMO_REGION,
  demoAwsEnv,
  seedReferenceScenario,
  startMotoServer,
  type DemoScenario,
  type MotoServer,
  writeDemoAwsConfig,
} from '@secret-share-wizard/core/demo';
import type { CommandSpec } from '../cli/args';
import type { CommandContext } from '../cli/context';
import { EXIT } from '../cli/exit-codes';

export const DEMO_NOTE =
  'Local emulator (moto): it does not evaluate cross-account policies, so "will it work?" is the simulator\'s verdict, not AWS\'s.';

export const spec: CommandSpec = {
  name: 'demo',
  summary: 'Try it locally: starts moto_server, creates the reference scenario in two accounts, runs the wizard against it',
  usage: ['demo [--plain] [--no-wizard]'],
  options: {
    plain: { type: 'boolean', description: 'Line-by-line prompts instead of the full-screen wizard' },
    'no-wizard': { type: 'boolean', description: 'No prompts: share the demo secret non-interactively (plan, apply --yes, plan again) and print each step' },
  },
  notes: [
    'Accounts: CENTRAL_SECURITY 111111111111 (profile central-security) owns MY_TEST_SECRET on the key MY_CMK;',
    'PRODUCTION 222222222222 (profile production) has PRODUCTION_SECRET_ROLE. Existing statements in every policy.',
    'In the wizard every flow runs against the emulator: share, then verify, revoke, restore and list from the summary; the emulator lives until you leave.',
    'Needs moto_server on PATH (pip install "moto[server]"). Everything is thrown away when you leave (also on Ctrl+C), so the commands printed then only worked while the demo ran.',
    'Without a terminal (or with CI set) the demo behaves as with --no-wizard.',
    DEMO_NOTE,
  ],
};

/**
 * The scripted demo (no terminal, CI, or --no-wizard): the same commands a user would type, run
 * in-process against the emulator. No `verify` here: moto cannot read a secret across accounts, so
 * the re-plan ("nothing to change") and the simulator's verdict are the honest proof.
 */
async function scriptedDemo(context: CommandContext, scenario: DemoScenario): Promise<number> {
  const { main } = await import('../cli/main');
  const aws = ['--profile', DEMO_OWNER_PROFILE, '--consumer-profile', DEMO_CONSUMER_PROFILE];
  const color = context.colors.enabled ? [] : ['--no-color'];
  const share = ['--secret', scenario.secret.arn, '--consumer', scenario.consumer.account, '--consumer-role', scenario.role.name, ...aws, ...color];
  const steps: Array<[string, string[]]> = [
    ['Plan: what would change (nothing is written)', ['plan', ...share]],
    ['Apply: backup, stale check, three writes (identity policy, key policy, secret policy last)', ['apply', ...share, '--yes']],
    ['Plan again: nothing left to change', ['plan', ...share]],
  ];
  for (const [title, argv] of steps) {
    context.io.stdout.write(`\n${context.colors.bold(`$ secret-share-wizard ${argv.join(' ')}`)}\n${context.colors.dim(`# ${title}`)}\n`);
    const code = await main(argv, context.io, context.signal);
    if (code !== EXIT.OK) return code;
  }
  const verify = `secret-share-wizard verify --secret ${scenario.secret.arn} --consumer-role ${scenario.role.arn} --consumer-profile <consumer profile>`;
  context.io.stdout.write(`\n${context.colors.dim(DEMO_NOTE)}\nAgainst real AWS, prove it with: ${verify}\n`);
  return EXIT.OK;
}

export async function run(context: CommandContext): Promise<number> {
  const { args, io } = context;
  const log = (line: string) => io.stderr.write(`${context.errColors.dim(line)}\n`);
  let server: MotoServer | undefined;
  const dir = await mkdtemp(join(tmpdir(), 'secret-share-wizard-demo-'));
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    })());
  // Ctrl+C / SIGTERM outside the wizard (which handles its own keys): stop the emulator, then leave.
  const onAbort = () => void cleanup().finally(() => process.exit(EXIT.INTERRUPTED));
  context.signal.addEventListener('abort', onAbort, { once: true });
  try {
    log('Starting the local AWS emulator (moto_server)…');
    server = await startMotoServer();
    log(`Emulator at ${server.endpoint}; creating the reference scenario…`);
    const config = await writeDemoAwsConfig(dir, server.endpoint, DEMO_REGION);
    // Only the emulator: no real credential or profile from the environment can leak in.
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
    Object.assign(process.env, demoAwsEnv(server.endpoint, config, DEMO_REGION));
    process.env.SECRET_SHARE_WIZARD_HOME = join(dir, 'home');
    io.env = process.env;
    const scenario = await seedReferenceScenario({ endpoint: server.endpoint, region: DEMO_REGION });
    log(`Profiles: ${DEMO_OWNER_PROFILE} = CENTRAL_SECURITY ${scenario.owner.account}, ${DEMO_CONSUMER_PROFILE} = PRODUCTION ${scenario.consumer.account}.`);
    log(`Secret ${scenario.secret.arn} on ${scenario.key.alias}; consumer role ${scenario.role.arn}.`);
    log(DEMO_NOTE);

    if (args.options['no-wizard'] === true || !context.interactive) return await scriptedDemo(context, scenario);
    const { runWizard } = await import('../wizard/run-wizard');
    return await runWizard({
      profile: DEMO_OWNER_PROFILE,
      consumerProfile: DEMO_CONSUMER_PROFILE,
      region: DEMO_REGION,
      plain: args.options.plain === true,
      noColor: !context.colors.enabled,
      demo: { note: DEMO_NOTE },
    });
  } finally {
    context.signal.removeEventListener('abort', onAbort);
    await cleanup();
  }
}
