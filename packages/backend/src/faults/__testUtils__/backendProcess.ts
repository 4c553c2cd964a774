import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import request from 'supertest';
import type { Api } from '../../__testUtils__/fullStackBackend';

/**
 * The real backend (`src/index.ts`, every plugin and module of the product) as
 * a child process, the way `yarn start` runs it but without backstage-cli's
 * watcher in between, so that a test can SIGKILL it and start it again. It
 * runs with app-config.yaml and src/faults/app-config.faults.yaml: PostgreSQL,
 * scaffolder task recovery, and the local test cluster.
 */

const BACKEND_DIR = path.resolve(__dirname, '../../..');
const ROOT = path.resolve(BACKEND_DIR, '../..');

export interface BackendProcessOptions {
  /** Names the process in its log lines and errors. */
  name: string;
  port: number;
  databaseUrl: string;
  /** Every plugin's database is `<prefix><plugin id>`; instances sharing it share the data. */
  databasePrefix: string;
  kubeconfigPath: string;
}

export interface BackendProcess {
  name: string;
  baseUrl: string;
  api: Api;
  /** Every line the process wrote so far. */
  output: string[];
  /** Kills the process with `signal` and resolves once it has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM; SIGKILL if it has not exited after 15 s. */
  stop(): Promise<void>;
}

/** Every backend process started and not yet exited. */
const running = new Map<ChildProcess, BackendProcess['stop']>();

/**
 * Stops every backend process this test file started that still runs, also
 * those whose start-up failed half way: call it in `afterAll`.
 */
export async function stopBackendProcesses() {
  await Promise.all([...running.values()].map(stop => stop()));
}

const delay = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts the backend and resolves once every plugin has started and it reports ready. */
export async function startBackendProcess(
  options: BackendProcessOptions,
): Promise<BackendProcess> {
  const baseUrl = `http://localhost:${options.port}`;
  const child = spawn(
    process.execPath,
    [
      // Exit with the test process (when the IPC channel closes).
      '--require',
      path.join(__dirname, 'exitWithParent.cjs'),
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
        paths: [BACKEND_DIR],
      }),
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      'src/faults/app-config.faults.yaml',
    ],
    {
      cwd: BACKEND_DIR,
      env: {
        ...process.env,
        // The development sign-in provider only signs in under development.
        NODE_ENV: 'development',
        ESBK_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json'),
        FORCE_COLOR: '0',
        FAULTS_BACKEND_PORT: String(options.port),
        FAULTS_DATABASE_URL: options.databaseUrl,
        FAULTS_DATABASE_PREFIX: options.databasePrefix,
        FAULTS_KUBECONFIG: options.kubeconfigPath,
        // Not backstage-cli's dev server: no IPC data store.
        BACKSTAGE_CLI_CHANNEL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  child.channel?.unref();
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const output: string[] = [];
  const tail = () => output.slice(-40).join('\n');
  /** Why start-up failed, once it has. */
  let startupError: Error | undefined;
  let initialized = false;
  const onLine = (line: string) => {
    output.push(line);
    if (/Plugin initialization complete/.test(line)) initialized = true;
    if (/startup failed|EADDRINUSE/i.test(line)) {
      startupError ??= new Error(
        `${options.name} failed to start: ${line}\n${tail()}`,
      );
    }
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  child.once('exit', (code, signal) => {
    startupError ??= new Error(
      `${options.name} exited (${
        signal ?? code
      }) before it was ready:\n${tail()}`,
    );
  });

  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
    }
    await exited;
  };
  const stop = async () => {
    const stopped = kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await stopped;
    clearTimeout(timer);
  };
  running.set(child, stop);

  // Started: every plugin has (the log says so) and the readiness endpoint
  // answers 200, which it does right after.
  const api: Api = () => request(baseUrl);
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (startupError) {
      await kill('SIGKILL');
      throw startupError;
    }
    if (initialized) {
      const readiness = await api().get('/.backstage/health/v1/readiness');
      if (readiness.status === 200) break;
    }
    if (Date.now() > deadline) {
      await kill('SIGKILL');
      throw new Error(`${options.name} did not start within 150 s:\n${tail()}`);
    }
    await delay(200);
  }
  return { name: options.name, baseUrl, api, output, kill, stop };
}

/**
 * Signs in as a development user (the sign-in page's proxy provider), once the
 * catalog has ingested the user; resolves the request headers of that user.
 */
export async function signInAs(
  api: Api,
  userEntityRef: string,
  timeoutMs = 90_000,
): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await api()
      .get('/api/auth/development/refresh')
      .set('x-development-user', userEntityRef);
    if (response.status === 200) {
      return {
        Authorization: `Bearer ${response.body.backstageIdentity.token}`,
      };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Could not sign in as ${userEntityRef}: ${response.status} ${response.text}`,
      );
    }
    await delay(500);
  }
}

/** Resolves once the catalog serves the entity (it ingests file locations in the background). */
export async function untilInCatalog(
  api: Api,
  headers: Record<string, string>,
  entityPath: string,
  timeoutMs = 90_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await api()
      .get(`/api/catalog/entities/by-name/${entityPath}`)
      .set(headers);
    if (response.status === 200) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${entityPath} is not in the catalog: ${response.status} ${response.text}`,
      );
    }
    await delay(500);
  }
}
