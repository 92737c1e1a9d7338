import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../../shared/access.ts';
import type { UnitInfo } from '../../shared/protocol.ts';
import type { Store } from '../store/store.ts';
import type { AccessService } from './service.ts';

/**
 * Demo accounts for the embedded default run: created once, on a first start with no accounts, each with a random
 * password, printed once and written to DATA_DIR/demo-accounts.json so a newcomer can sign in as every role.
 * The field account's unit also gets a GPS device id, so a phone running Traccar Client can report as that unit
 * at once (`http://<host>:<port>/osmand` with that id). Each account has a person's name (a wall, its place) as its
 * display name, which timelines and the audit log show; the field account is named after its unit.
 */

export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  scope: string[] | 'district';
  unitId?: string;
  /** the OsmAnd / Traccar Client device id registered to the field account's unit */
  deviceId?: string;
  /** the wall's kiosk link (no password typing on a wall) */
  kioskUrl?: string;
}

const CHUNXI = '320118001';
const YAXI = '320118006';

export async function ensureDemoAccounts(
  access: AccessService,
  store: Store,
  units: readonly UnitInfo[],
  dataDir: string
): Promise<DemoAccount[] | null> {
  if (access.accountCount > 0) return null;
  // the field demo speaks for a grid worker of 淳溪, where the simulation is densest
  const fieldUnit =
    units.find((u) => u.kind === 'grid_worker' && u.homeTown === CHUNXI) ?? units[0];
  const plan: Array<Omit<DemoAccount, 'password'> & { label: string }> = [
    { username: 'admin', role: 'admin', scope: 'district', label: '周建华' },
    { username: 'commander', role: 'commander', scope: 'district', label: '李志强' },
    { username: 'dispatcher', role: 'dispatcher', scope: 'district', label: '王建国' },
    { username: 'wall', role: 'wall', scope: 'district', label: '区指挥中心大屏' },
    { username: 'leader-chunxi', role: 'town_leader', scope: [CHUNXI], label: '陈秀英' },
    { username: 'leader-yaxi', role: 'town_leader', scope: [YAXI], label: '刘明辉' }
  ];
  if (fieldUnit) {
    // the id is the device's only credential: random, and short enough to type into a phone
    const deviceId = `demo-${randomBytes(5).toString('hex')}`;
    await store.addDevice({
      id: deviceId,
      unitId: fieldUnit.id,
      crs: 'wgs84',
      label: '演示手机（Traccar 客户端）',
      createdAt: Date.now()
    });
    plan.push({
      username: 'field',
      role: 'field',
      scope: [],
      unitId: fieldUnit.id,
      deviceId,
      label: fieldUnit.name
    });
  }

  const out: DemoAccount[] = [];
  for (const p of plan) {
    const password = randomBytes(9).toString('base64url');
    const kioskSecret = p.role === 'wall' ? randomBytes(24).toString('base64url') : undefined;
    await access.bootstrap({
      username: p.username,
      password,
      role: p.role,
      towns: p.scope === 'district' ? null : p.scope.length ? p.scope : null,
      unitId: p.unitId ?? null,
      label: p.label,
      kioskSecret
    });
    out.push({
      ...p,
      password,
      ...(kioskSecret ? { kioskUrl: `/wall?kiosk=${kioskSecret}` } : {})
    });
  }
  writeFileSync(join(dataDir, 'demo-accounts.json'), JSON.stringify(out, null, 2) + '\n', {
    mode: 0o600
  });
  return out;
}
