import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../shared/access.ts';
import {
  auditAction,
  auditActor,
  auditDetail,
  auditSource
} from '../../../client/src/lib/audit-text.ts';
import { locale } from '../../../client/src/lib/locale.svelte.ts';

afterEach(() => locale.set('zh'));

const NAMES = {
  unitName: (id: string) => (id === 'GRI-00302' ? '网格员 陆涛' : id),
  townName: (code: string) => (code === '320118001' ? '淳溪街道' : code)
};

function record(over: Partial<AuditRecord>): AuditRecord {
  return {
    id: 1,
    at: 0,
    actor: 'dispatcher',
    action: 'unit.status',
    target: 'GRI-00302 → en_route',
    source: '::ffff:10.1.2.3',
    outcome: 'ok',
    detail: { values: {} },
    ...over
  };
}

describe('an audit record on a Chinese screen', () => {
  it('words a command’s facts: the unit by name, its status, the incident by id', () => {
    const r = record({
      detail: { values: { incident: 'INC-20261203-5', unit: 'GRI-00302', status: 'en_route' } }
    });
    expect(auditDetail(r, NAMES)).toBe('事件：INC-20261203-5；力量：网格员 陆涛；状态：途中');
  });

  it('words an account’s scope: its role, the towns by name or the whole district, a flag as yes', () => {
    const made = record({
      action: 'account.create',
      detail: { values: { name: '王建国', role: 'dispatcher', towns: 'all' } }
    });
    expect(auditDetail(made, NAMES)).toBe('姓名：王建国；角色：调度员；辖区：全区');
    const changed = record({
      action: 'account.update',
      detail: { values: { role: 'town_leader', towns: '320118001', password: true } }
    });
    expect(auditDetail(changed, NAMES)).toBe('角色：街镇负责人；辖区：淳溪街道；已改密码：是');
  });

  it('says why a command was refused, in the refusal’s own words, before its facts', () => {
    const r = record({
      outcome: 'failed',
      action: 'dispatch.assign',
      detail: {
        values: { incident: 'INC-1' },
        refusal: {
          key: 'unit_unavailable',
          values: { unit: '网格员 陆涛', unitStatus: 'assigned' }
        }
      }
    });
    const text = auditDetail(r, NAMES);
    expect(text).toMatch(/^[^A-Za-z]*网格员 陆涛[^A-Za-z]*；事件：INC-1$/);
  });

  it('shows an older record’s sentence as it was written', () => {
    const r = record({ detail: { values: {}, text: 'dispatcher towns=all' } });
    expect(auditDetail(r, NAMES)).toBe('dispatcher towns=all');
  });

  it('names people by the name recorded, the server and a wall link in words', () => {
    expect(auditActor(record({ actorName: '王建国' }))).toBe('王建国');
    expect(auditActor(record({ actor: 'system' }))).toBe('系统');
    expect(auditActor(record({ actor: 'kiosk' }))).toBe('大屏链接');
    expect(auditActor(record({ actor: 'cli:root' }))).toBe('命令行');
  });

  it('names every action, and an unknown one as another request rather than its code', () => {
    expect(auditAction('positions.purge')).toBe('清理历史轨迹');
    expect(auditAction('dispatch.reassign')).toBe('改派');
    expect(auditAction('GET /api/something')).toBe('其他请求');
  });

  it('shows an address without its IPv6 wrapping, and the server’s own places in words', () => {
    expect(auditSource('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(auditSource('::1')).toBe('::1');
    expect(auditSource('local')).toBe('本机');
    expect(auditSource('server')).toBe('服务器');
  });

  it('words the same record in English with the English dictionary', () => {
    locale.set('en');
    const r = record({ detail: { values: { unit: 'GRI-00302', status: 'en_route' } } });
    expect(auditDetail(r, NAMES)).toMatch(/^unit: 网格员 陆涛; status: /);
  });
});
