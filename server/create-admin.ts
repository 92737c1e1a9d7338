import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Username } from '../shared/access.ts';
import { checker } from '../shared/validate.ts';
import { AccessService } from './access/service.ts';
import { configFromEnv } from './config.ts';
import { openSqliteStore } from './store/sqlite-store.ts';

/**
 * `npm run admin:create -- <username>`: creates an admin account in DATA_DIR's store and prints its generated
 * password once. For deployments started with DEMO=off, where no account exists yet. Run it while the server is
 * stopped, or restart the server afterwards (accounts are cached in memory).
 */

const username = process.argv[2];
if (!username || !checker(Username).Check(username)) {
  console.error('usage: npm run admin:create -- <username>   (2–40 of A–Z a–z 0–9 _ . -)');
  process.exit(2);
}
const config = configFromEnv();
mkdirSync(config.dataDir, { recursive: true });
const store = openSqliteStore(join(config.dataDir, 'gridwatch.sqlite'));
try {
  if (await store.accountByUsername(username)) {
    console.error(`account ${username} already exists in ${config.dataDir}`);
    process.exit(1);
  }
  const access = await AccessService.open(store);
  const password = randomBytes(12).toString('base64url');
  await access.bootstrap({
    username,
    password,
    role: 'admin',
    towns: null,
    unitId: null,
    label: username
  });
  console.log(
    `admin ${username} created in ${config.dataDir}\npassword: ${password}\n(shown once; change it from the admin screen)`
  );
} finally {
  await store.close();
}
