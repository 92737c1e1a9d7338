import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';

/** Starts Gridwatch: builds the app, listens, and shuts down cleanly on SIGINT/SIGTERM. */

const config = configFromEnv();
const app = await buildApp(config);
const address = await app.listen({ port: config.port, host: config.host });
const shown = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
app.log.info(
  `网格指挥 Gridwatch listening on ${shown} (simulator ${config.sim ? `on, ${app.gridwatch.live.size} units` : 'off'})`
);
// a plain line for scripts and tests that start the server and need its port
console.log(`GRIDWATCH_URL=${shown}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info(`${signal}: closing`);
    app.close().then(
      () => process.exit(0),
      (e: unknown) => {
        app.log.error({ err: e }, 'close failed');
        process.exit(1);
      }
    );
  });
}
