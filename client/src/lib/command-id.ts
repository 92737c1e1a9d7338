/**
 * A fresh `commandId` for a state-changing request: 32 hex characters. `crypto.randomUUID` exists only in secure
 * contexts and an intranet deployment is often plain http, so this uses `getRandomValues`, which works everywhere.
 */
export function newCommandId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const b of bytes) id += b.toString(16).padStart(2, '0');
  return id;
}
