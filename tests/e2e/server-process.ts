import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real server as a child process, exactly as `npm run serve` starts it, on 127.0.0.1 and a port the OS picks,
 * with the simulator on and a fresh data folder. It prints `GRIDWATCH_URL=…` once listening.
 * `E2E_SERVER_URL` points the tests at a server that is already running instead.
 */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  /** everything the server printed, for diagnosing a failure */
  output(): string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 120_000;

export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  // an already running server (a staging box, or a dev server) instead of a child process
  const given = process.env.E2E_SERVER_URL;
  if (given) return { url: given.replace(/\/+$/, ''), output: () => '', stop: async () => {} };
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) {
    throw new Error(
      'dist/client/index.html is missing: run `npx vite build` (npm run test:e2e does)'
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
    output: () => output,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
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
