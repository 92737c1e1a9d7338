import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { IntlMessageFormat } from 'intl-messageformat';

/**
 * Why a request was refused, as a key and named values, beside the ErrorCode. Each key's English sentence below is
 * the `message` integrations and logs read (an ICU MessageFormat string); a screen words the key in its own language
 * from its message tables, translating the values that name something it has words for (`kind`, `status`, `role`,
 * `reason`, …), so a Chinese screen never shows the server's English.
 */
export const REFUSALS = {
  invalid_field: '{path}: {problem}',
  invalid_payload: 'invalid payload',
  invalid_request: 'the request is not valid: {problem}',
  not_found: '{kind} {id} not found',
  route_not_found: '{method} {path} not found',
  internal: 'internal error; the change was not applied',
  nothing_to_do: 'nothing to do',
  session_ended: 'session ended; sign in again',
  sign_in_first: 'sign in first',
  api_key_invalid: 'API key not valid',
  too_many_requests: 'too many requests; slow down',
  login_failed: 'wrong username or password',
  login_throttled: 'too many sign-in attempts; try again in {seconds} s',
  kiosk_link_invalid: 'this wall link is not valid',
  role_may_not: '{role} may not {action}',
  role_may_not_event: '{role} may not send {event}',
  role_may_not_route: '{role} may not {method} {path}',
  not_your_unit: 'you act for unit {own}, not {unit}',
  outside_district: 'location {lng},{lat} is outside the district',
  outside_jurisdiction: 'location is in grid {grid}, outside your jurisdiction',
  reason_required: '/reason: a reason is required to {action}',
  cannot_transition: 'cannot {action} an incident that is {status}',
  incident_status: 'incident {id} is {status}',
  no_escalation: 'incident {id} has no open escalation',
  merge_self: 'an incident cannot be merged into itself',
  no_contact: 'incident {id} has no reporter contact',
  contact_masked: "{role} sees the reporter's contact masked",
  unit_unavailable: 'unit {unit} is {unitStatus}',
  unit_busy: 'unit {unit} is {unitStatus} on incident {id}',
  unit_not_on_incident: 'unit {unit} is not on incident {id}',
  unit_step: 'unit {unit}: {unitStatus} → {nextStatus} is not allowed',
  nothing_to_attach: '/{field}: unit {unit} works no incident to attach it to',
  answer_offer_first: 'unit {unit}: answer the offer for {id} first',
  no_open_offer: 'unit {unit} has no open offer for {id}',
  photo_unknown: '/photos/{index}: no photo {id} uploaded by you',
  photo_attached: '/photos/{index}: photo {id} is already attached to {incident}',
  pressed_at_range: '/pressedAt: {at} is in the future or more than a day ago',
  position_rejected: 'position rejected: {reason}',
  username_reserved: 'username {username} is reserved',
  username_taken: 'username {username} is taken',
  field_needs_unit: 'a field account must be bound to a unit',
  role_without_unit: 'a {role} account is not bound to a unit',
  leader_needs_town: 'a town leader needs at least one town',
  self_demote: 'an admin cannot disable or demote their own account',
  unknown_towns: '/towns: unknown town {towns}',
  unknown_unit: '/unitId: unknown unit {unit}',
  integration_exists: 'integration {name} exists',
  device_registered: '/id: device {id} is already registered to unit {unit}',
  track_window: '/from, /to: expected epoch milliseconds with from ≤ to',
  track_window_long: '/to: a window is at most {days} days',
  photo_type: 'expected the photo as the body, Content-Type image/jpeg, image/png or image/webp',
  photo_not_image: 'the body is not a {mime} image',
  idempotency_key: 'Idempotency-Key: expected 8–64 characters of A–Z, a–z, 0–9, _ or -',
  district_not_ok: 'the district has {errors} problems that must be fixed before it can be applied',
  district_import_type:
    'expected the district file as the body, Content-Type application/zip (a zipped Shapefile) or application/geo+json',
  district_import_too_large: 'the district file is larger than {mb} MB',
  category_rule_no_kind:
    '/rules/{category}/priorities/{priority}/kinds: at least one unit kind must respond first',
  category_rules_stale: 'the category table is at version {version}, not {base}; load it again'
} as const;

export type RefusalKey = keyof typeof REFUSALS;
export type RefusalValues = Readonly<Record<string, string | number>>;

/**
 * A refusal as it arrives: the key is any string (a newer server may know keys this build does not; the screen then
 * shows its label alone), the values strings or numbers.
 */
export const RefusalShape = Type.Object({
  key: Type.String({ maxLength: 64 }),
  values: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))
});

export interface Refusal extends Static<typeof RefusalShape> {
  key: RefusalKey;
  values: RefusalValues;
}

const english = new Map<RefusalKey, IntlMessageFormat>();

/** The English sentence of a refusal, for the `message` beside it. */
export function explain(r: Refusal): string {
  let mf = english.get(r.key);
  if (!mf) {
    mf = new IntlMessageFormat(REFUSALS[r.key], 'en', undefined, { ignoreTag: true });
    english.set(r.key, mf);
  }
  return String(mf.format(r.values));
}

/**
 * Whether a value from elsewhere (a body, an error a plugin threw, a stored entry) is a refusal's shape. Checked by
 * TypeBox's interpreter, not a compiled check: the browser runs this too, and its CSP allows no generated code.
 */
export function isRefusal(value: unknown): value is Refusal {
  return Value.Check(RefusalShape, value);
}
