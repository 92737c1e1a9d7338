import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { IntlMessageFormat } from 'intl-messageformat';
import { REFUSALS, explain } from '../../shared/refusal.ts';
import { CommandError, ErrorCode, fail } from '../../shared/result.ts';
import { validate } from '../../shared/validate.ts';

describe('refusals', () => {
  it('word every key in English from its named values, for integrations and logs', () => {
    expect(
      explain({ key: 'unit_busy', values: { unit: 'U-1', unitStatus: 'on_scene', id: 'INC-2' } })
    ).toBe('unit U-1 is on_scene on incident INC-2');
    expect(explain({ key: 'login_throttled', values: { seconds: 42 } })).toBe(
      'too many sign-in attempts; try again in 42 s'
    );
    for (const [key, english] of Object.entries(REFUSALS)) {
      expect(() => new IntlMessageFormat(english, 'en'), key).not.toThrow();
    }
  });

  it('travel as code, English message and the key with its values', () => {
    expect(fail(ErrorCode.NOT_FOUND, 'not_found', { kind: 'unit', id: 'U-9' })).toEqual({
      ok: false,
      error: 'NOT_FOUND',
      message: 'unit U-9 not found',
      detail: { key: 'not_found', values: { kind: 'unit', id: 'U-9' } }
    });
    const thrown = new CommandError(ErrorCode.INVALID, 'merge_self');
    expect(thrown.message).toBe('an incident cannot be merged into itself');
    expect(thrown.result()).toEqual(fail(ErrorCode.INVALID, 'merge_self'));
  });

  it('name the first offending field of a payload that fails its schema', () => {
    const res = validate(Type.Object({ lat: Type.Number({ maximum: 90 }) }), { lat: 91 });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.detail.key).toBe('invalid_field');
    expect(res.detail.values.path).toBe('/lat');
    expect(res.message).toMatch(/^\/lat: /);
  });
});
