import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real server as a child process, exactly as `npm run serve` starts it, on 127.0.0.1 and a port the OS picks,
 * with the simulator on and a fresh data folder. It prints `GRIDWATCH_URL=…` once listening. On that first start
 * it creates the demo accounts and writes their passwords to `<dataDir>/demo-accounts.json`.
 * `E2E_SERVER_URL` points the tests at a server that is already running instead (with `E2E_DATA_DIR`, its data
 * folder, for the demo accounts).
 */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  /** the server's DATA_DIR */
  dataDir: string;
  /** the demo accounts the server wrote on its first start */
  demoAccounts(): DemoAccount[];
  /** everything the server printed, for diagnosing a failure */
  output(): string;
  stop(): Promise<void>;
}

/** one line of DATA_DIR/demo-accounts.json */
export interface DemoAccount {
  username: string;
  password: string;
  role: 'admin' | 'commander' | 'dispatcher' | 'town_leader' | 'field' | 'wall';
  scope: string[] | 'district';
  label?: string;
  unitId?: string;
  /** the field account's GPS device id, for Traccar Client (OsmAnd protocol) */
  deviceId?: string;
  /** `/wall?kiosk=…`, for the wall */
  kioskUrl?: string;
}

const START_TIMEOUT_MS = 120_000;

export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  // an already running server (a staging box, or a dev server) instead of a child process
  const given = process.env.E2E_SERVER_URL;
  if (given) {
    const dataDir = process.env.E2E_DATA_DIR ?? '';
    return {
      url: given.replace(/\/+$/, ''),
      dataDir,
      demoAccounts: () => readDemoAccounts(dataDir),
      output: () => '',
      stop: async () => {}
    };
  }
  // CLIENT_DIR, as the server reads it: a build kept apart from dist/client
  const clientDir = process.env.CLIENT_DIR ?? join(ROOT, 'dist/client');
  if (!existsSync(join(clientDir, 'index.html'))) {
    throw new Error(
      `${clientDir}/index.html is missing: run \`npx vite build\` (npm run test:e2e does)`
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'gw-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SIM: 'on',
      SIM_UNITS: '1500',
      LOG_LEVEL: 'warn',
      ...env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(`server did not print its URL in ${START_TIMEOUT_MS} ms:\n${tail(output)}`)
        ),
      START_TIMEOUT_MS
    );
    const onData = () => {
      const m = /GRIDWATCH_URL=(\S+)/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${tail(output)}`));
    });
  });

  return {
    url,
    dataDir,
    demoAccounts: () => readDemoAccounts(dataDir),
    output: () => output,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
}

export function readDemoAccounts(dataDir: string): DemoAccount[] {
  const file = join(dataDir, 'demo-accounts.json');
  if (!dataDir || !existsSync(file)) {
    throw new Error(
      `${file || 'demo-accounts.json'}: missing (is DEMO on, and was this a first start?)`
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as DemoAccount[];
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}
