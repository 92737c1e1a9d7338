import type { Incident } from '../../shared/domain.ts';
import type {
  AcknowledgeCommand,
  EscalateCommand,
  IncidentCreate,
  IncidentTransition,
  MergeCommand
} from '../../shared/commands.ts';
import { CommandError, ErrorCode } from '../../shared/result.ts';
import { distanceM } from '../../geo/unit-index.ts';
import type { Scope } from '../access/scope.ts';
import { isOpen } from '../../shared/lifecycle.ts';
import { note, said } from '../../shared/timeline-note.ts';
import {
  acknowledged,
  byIncident,
  escalate,
  resolveAll,
  step,
  SYSTEM,
  visibleIncident,
  type Change,
  type Plan,
  type State
} from './plans.ts';

/** Plans for an incident's own life: creation, desk transitions, escalation, merging, the ladder's alert. */

export function planCreate(s: State, cmd: IncidentCreate, scope: Scope): Plan<Incident> {
  const hit = s.grids.locate(cmd.lng, cmd.lat);
  if (!hit) {
    throw new CommandError(ErrorCode.OUTSIDE_DISTRICT, 'outside_district', {
      lng: cmd.lng.toFixed(6),
      lat: cmd.lat.toFixed(6)
    });
  }
  // a desk role creates inside its own towns; a unit in the field reports wherever it stands
  if (scope.role !== 'field' && !scope.seesTown(hit.townCode)) {
    throw new CommandError(ErrorCode.FORBIDDEN, 'outside_jurisdiction', { grid: hit.gridName });
  }
  const now = s.now;
  const [d, a, r] = s.policy.slaMinutes[cmd.priority];
  const border = s.grids
    .specialisedAt(cmd.lng, cmd.lat)
    .find((code) => s.grids.area(code)?.properties.theme === 'border');
  const duplicate = [...s.openIncidents()].find(
    (i) =>
      i.category === cmd.category &&
      now - i.createdAt <= s.policy.duplicateWithinMs &&
      distanceM(i.lng, i.lat, cmd.lng, cmd.lat) <= s.policy.duplicateWithinM
  );
  const committee = border ? s.group(border) : [];
  const incident: Incident = {
    id: incidentId(s.nextSeq, now),
    category: cmd.category,
    priority: cmd.priority,
    lng: cmd.lng,
    lat: cmd.lat,
    gridCode: hit.gridCode,
    townCode: hit.townCode,
    source: cmd.source,
    reporter: cmd.reporter
      ? { name: maskName(cmd.reporter.name), phone: maskPhone(cmd.reporter.phone) }
      : null,
    reportedByUnit: scope.role === 'field' ? scope.unitId : null,
    description: cmd.description,
    status: 'reported',
    unitIds: [],
    createdAt: now,
    updatedAt: now,
    dispatchBy: now + d * 60_000,
    arriveBy: now + a * 60_000,
    resolveBy: now + r * 60_000,
    unitsNeeded: s.rules[cmd.category].priorities[cmd.priority].unitsNeeded,
    offers: [],
    escalation: null,
    possibleDuplicateOf: duplicate?.id ?? null,
    borderZone: border ?? null,
    notifiedUnits: committee.map((u) => u.id),
    timeline: []
  };
  const changes: Change[] = [
    { type: 'reported', incident, note: note('source', { source: cmd.source }) }
  ];
  if (duplicate) {
    changes.push({
      type: 'possible_duplicate',
      incident,
      note: note('duplicate_of', { id: duplicate.id })
    });
  }
  // the border joint-mediation committee of the zone is told; the incident is marked cross-jurisdiction
  if (border) {
    const members = committee.map((u) => u.name).join('、');
    changes.push({
      type: 'border_notified',
      incident,
      note: members
        ? note('border_notified', { zone: border, members })
        : note('border_no_members', { zone: border })
    });
  }
  const contacts = cmd.reporter ? [{ incidentId: incident.id, contact: cmd.reporter }] : [];
  return { changes, units: [], result: byIncident, contacts };
}

export function planTransition(s: State, cmd: IncidentTransition, scope: Scope): Plan<Incident> {
  const inc = visibleIncident(s, cmd.incidentId, scope);
  if ((cmd.action === 'cancel' || cmd.action === 'reopen') && !cmd.reason) {
    throw new CommandError(ErrorCode.INVALID, 'reason_required', { action: cmd.action });
  }
  if (cmd.action === 'resolve' || cmd.action === 'cancel') {
    step(inc, cmd.action, scope);
    return resolveAll(
      s,
      inc,
      scope,
      cmd.action === 'resolve' ? 'resolved' : 'cancelled',
      cmd.reason ? said(cmd.reason) : undefined
    );
  }
  const to = step(inc, cmd.action, scope);
  return {
    changes: [
      {
        type: cmd.action === 'close' ? 'closed' : 'reopened',
        incident: { ...inc, status: to, escalation: null },
        note: cmd.reason ? said(cmd.reason) : undefined
      }
    ],
    units: [],
    result: byIncident
  };
}

export function planEscalate(s: State, cmd: EscalateCommand, scope: Scope): Plan<Incident> {
  const inc = visibleIncident(s, cmd.incidentId, scope);
  if (!isOpen(inc.status))
    throw new CommandError(ErrorCode.INVALID_TRANSITION, 'incident_status', {
      id: inc.id,
      status: inc.status
    });
  if (scope.role === 'field' || scope.role === 'wall')
    throw new CommandError(ErrorCode.FORBIDDEN, 'role_may_not', {
      role: scope.role,
      action: 'escalate'
    });
  return escalate(inc, said(cmd.reason), s.now);
}

export function planAcknowledge(s: State, cmd: AcknowledgeCommand, scope: Scope): Plan<Incident> {
  const inc = visibleIncident(s, cmd.incidentId, scope);
  if (!inc.escalation || inc.escalation.acknowledgedAt !== null) {
    throw new CommandError(ErrorCode.INVALID_TRANSITION, 'no_escalation', { id: inc.id });
  }
  const escalation = { ...inc.escalation, ...acknowledged(s.now, scope) };
  return {
    changes: [{ type: 'escalation_acknowledged', incident: { ...inc, escalation } }],
    units: [],
    result: byIncident
  };
}

export function planMerge(s: State, cmd: MergeCommand, scope: Scope): Plan<Incident> {
  if (cmd.incidentId === cmd.intoId) throw new CommandError(ErrorCode.INVALID, 'merge_self');
  const dup = visibleIncident(s, cmd.incidentId, scope);
  const into = visibleIncident(s, cmd.intoId, scope);
  if (!isOpen(into.status))
    throw new CommandError(ErrorCode.INVALID_TRANSITION, 'incident_status', {
      id: into.id,
      status: into.status
    });
  // merging is the caller's right (a dispatcher's too); the cancel it implies is the server's bookkeeping
  step(dup, 'cancel', SYSTEM);
  const closing = resolveAll(s, dup, SYSTEM, 'cancelled', note('merged_into', { id: into.id }));
  return {
    ...closing,
    changes: [
      ...closing.changes,
      { type: 'merged', incident: into, note: note('merged_from', { id: dup.id }) }
    ]
  };
}

/**
 * The ladder's alert, planned from the incident as it stands when the command runs (not as it stood when the
 * ladder was scheduled): escalate an open incident whose offers failed enough times since the last acknowledged
 * alert, or that has nobody to offer to; never while an alert is still unacknowledged. Null: nothing to raise.
 */
export function planLadderAlert(
  s: State,
  incidentId: string,
  noCandidate: boolean
): Plan<Incident> | null {
  const inc = s.incident(incidentId);
  if (!inc || !isOpen(inc.status)) return null;
  if (inc.escalation && inc.escalation.acknowledgedAt === null) return null;
  const since = inc.escalation?.acknowledgedAt ?? 0;
  const failed = inc.offers.filter(
    (o) => (o.status === 'declined' || o.status === 'timed_out') && (o.answeredAt ?? 0) > since
  ).length;
  if (failed >= s.policy.escalateAfterFailures)
    return escalate(inc, note('offers_failed', { count: failed }), s.now);
  if (noCandidate && inc.unitIds.length === 0) return escalate(inc, note('no_unit'), s.now);
  return null;
}

function incidentId(seq: number, now: number): string {
  const d = new Date(now + 8 * 3600_000); // the district's calendar day (UTC+8)
  const day = d.toISOString().slice(0, 10).replaceAll('-', '');
  return `INC-${day}-${seq}`;
}

/** 张三丰 → 张**: enough to address someone on the phone, not enough to identify them */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length ? chars[0] + '*'.repeat(Math.max(1, chars.length - 1)) : '';
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^0-9]/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const keep = digits.length >= 11 ? 3 : digits.length >= 7 ? 1 : 0;
  return digits.slice(0, keep) + '*'.repeat(digits.length - keep - 4) + digits.slice(-4);
}
