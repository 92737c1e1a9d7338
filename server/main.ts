import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';

/** Starts Gridwatch: builds the app, listens, and shuts down cleanly on SIGINT/SIGTERM. */

const config = configFromEnv();
const app = await buildApp(config);
const address = await app.listen({ port: config.port, host: config.host });
const shown = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
const { live, demo, access } = app.gridwatch;
app.log.info(
  `网格指挥 Gridwatch listening on ${shown} (simulator ${config.sim ? `on, ${live.size} units` : 'off'})`
);
if (demo) {
  // printed once, on the first start; the same list is in DATA_DIR/demo-accounts.json
  console.log(`\nDemo accounts (also in ${config.dataDir}/demo-accounts.json):`);
  for (const d of demo) {
    const where = d.scope === 'district' ? '全区' : d.scope.join(',') || d.unitId;
    console.log(
      `  ${d.username.padEnd(14)} ${d.password.padEnd(14)} ${d.role.padEnd(12)} ${where}${d.kioskUrl ? `  ${shown}${d.kioskUrl}` : ''}${d.deviceId ? `  Traccar Client: ${shown}/osmand id ${d.deviceId}` : ''}`
    );
  }
  console.log();
} else if (access.accountCount === 0) {
  console.log('\nNo accounts yet. Create the first admin:  npm run admin:create -- <username>\n');
}
// a plain line for scripts and tests that start the server and need its address
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
