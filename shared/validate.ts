import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ErrorCode, fail, ok, type Result } from './result.ts';

/**
 * Compiled checks for the shared schemas. Both ends use the same schema; the server rejects anything that does not
 * pass with a message naming the first offending field, e.g. `/lat: Expected number to be less or equal to 90`.
 */

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

export function checker<T extends TSchema>(schema: T): TypeCheck<T> {
  let c = compiled.get(schema);
  if (!c) {
    c = TypeCompiler.Compile(schema);
    compiled.set(schema, c);
  }
  return c as TypeCheck<T>;
}

export function validate<T extends TSchema>(schema: T, value: unknown): Result<Static<T>> {
  const c = checker(schema);
  if (c.Check(value)) return ok(value);
  const first = c.Errors(value).First();
  const where = first?.path || '(payload)';
  return first
    ? fail(ErrorCode.INVALID, 'invalid_field', { path: where, problem: first.message })
    : fail(ErrorCode.INVALID, 'invalid_payload');
}
