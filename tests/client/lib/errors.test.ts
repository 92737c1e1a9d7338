import { afterEach, describe, expect, it } from 'vitest';
import { errorText } from '../../../client/src/lib/errors.ts';
import { refusalText } from '../../../client/src/lib/refusal-text.ts';
import { locale } from '../../../client/src/lib/locale.svelte.ts';
import { ErrorCode, failure } from '../../../shared/result.ts';
import type { Refusal } from '../../../shared/refusal.ts';

afterEach(() => locale.set('zh'));

describe('errorText', () => {
  it('shows a refusal wholly in Chinese: the label, then why, with the statuses and roles in Chinese', () => {
    const busy = failure(ErrorCode.UNIT_UNAVAILABLE, 'unit_busy', {
      unit: '淳溪巡逻1组',
      unitStatus: 'on_scene',
      id: 'INC-7'
    });
    expect(errorText(busy)).toBe(
      '该力量当前不可调派（淳溪巡逻1组 当前为“在现场”，正在处置事件 INC-7）'
    );
    const role = failure(ErrorCode.FORBIDDEN, 'role_may_not', {
      role: 'town_leader',
      action: 'escalate'
    });
    expect(errorText(role)).toBe('无权执行此操作（街镇负责人无权升级）');
    expect(errorText(failure(ErrorCode.NOT_FOUND, 'not_found', { kind: 'device', id: 'T1' }))).toBe(
      '对象不存在（未找到终端 T1）'
    );
  });

  it('never shows the server English message, whatever it says', () => {
    const res = {
      ...failure(ErrorCode.INVALID, 'merge_self'),
      message: 'an incident cannot be merged'
    };
    expect(errorText(res)).toBe('请求无效（事件不能合并到自身）');
    expect(errorText(res)).not.toMatch(/[a-z]{3}/);
  });

  it('shows the label alone for a local failure or a key this build does not know', () => {
    expect(errorText({ error: 'TIMEOUT' })).toBe('请求超时，请重试');
    const newer = { key: 'from_the_future', values: {} } as unknown as Refusal;
    expect(errorText({ error: 'INVALID', detail: newer })).toBe('请求无效');
  });

  it('words the same refusal in English when the screen is in English', () => {
    locale.set('en');
    const res = failure(ErrorCode.INVALID_TRANSITION, 'cannot_transition', {
      action: 'close',
      status: 'dispatched'
    });
    expect(errorText(res)).toBe(
      'Not allowed in the current status (cannot close an incident that is Awaiting answer)'
    );
  });
});

describe('refusalText', () => {
  it('keeps a value it has no word for as sent', () => {
    expect(refusalText({ key: 'incident_status', values: { id: 'INC-1', status: 'weird' } })).toBe(
      '事件 INC-1 当前为“weird”'
    );
  });
});
