import { randomBytes } from 'node:crypto';
import type { AuditDetail } from '../../shared/audit-detail.ts';
import type { DistrictCollection } from '../../shared/district.ts';
import type {
  DistrictImportResult,
  DistrictReport,
  DistrictVersionInfo,
  ImportOptions
} from '../../shared/district-import.ts';
import { CommandError, ErrorCode } from '../../shared/result.ts';
import { prepareImport } from '../../geo/district-import/index.ts';
import type { Store } from '../store/store.ts';
import { REFERENCE_DISTRICT_FILE, districtOf, loadDistrict, DistrictState } from '../district.ts';
import { countsOf, retiredCodes } from './counts.ts';

/**
 * District versions at run time: the first start keeps the reference district as version 1; an import is read and
 * checked into a candidate kept for a while (the admin previews it), then applied as a new version; any kept version
 * can be put back in force. Every change of version goes through `DistrictState.replace`, whose listeners swap the
 * locator, the coverage, the simulator's grids and tell every screen. A version applied from the command line
 * (another process, same store) is picked up by `follow()`.
 */

/** how long a checked candidate waits to be applied */
const CANDIDATE_TTL_MS = 30 * 60_000;
/** candidates kept at once; each may hold a whole district */
const MAX_CANDIDATES = 4;

export interface Who {
  actor: string;
  source: string;
}

interface Candidate {
  collection: DistrictCollection;
  report: DistrictReport;
  file: string;
  at: number;
}

export class DistrictService {
  readonly state: DistrictState;
  readonly #store: Store;
  readonly #audit: (r: AuditEntry) => Promise<void>;
  readonly #candidates = new Map<string, Candidate>();

  private constructor(store: Store, state: DistrictState, audit: (r: AuditEntry) => Promise<void>) {
    this.#store = store;
    this.state = state;
    this.#audit = audit;
  }

  /** The version in force from the store; on a first start the reference district becomes version 1. */
  static async open(
    store: Store,
    audit: (r: AuditEntry) => Promise<void>,
    now = Date.now()
  ): Promise<DistrictService> {
    let stored = await store.currentDistrict();
    if (!stored) {
      const reference = loadDistrict();
      await store.addDistrictVersion({
        createdAt: now,
        actor: 'system',
        source: REFERENCE_DISTRICT_FILE.split('/').pop()!,
        note: '',
        counts: countsOf(reference.collection),
        retired: [],
        json: reference.json,
        makeCurrent: true
      });
      stored = (await store.currentDistrict())!;
    }
    return new DistrictService(
      store,
      new DistrictState(districtOf(stored.json, stored.info.id)),
      audit
    );
  }

  get current(): DistrictCollection {
    return this.state.current.collection;
  }

  versions(): Promise<DistrictVersionInfo[]> {
    return this.#store.districtVersions();
  }

  /** Reads and checks a file against the district in force; the candidate waits for `apply`. */
  async prepare(
    bytes: Uint8Array,
    options: ImportOptions,
    file: string,
    now = Date.now()
  ): Promise<DistrictImportResult> {
    const { candidate, report } = prepareImport(bytes, options, this.current, await this.retired());
    this.#prune(now);
    // room for this one: the oldest waiting candidate goes first
    while (this.#candidates.size >= MAX_CANDIDATES)
      this.#candidates.delete(this.#candidates.keys().next().value!);
    const id = randomBytes(12).toString('hex');
    if (candidate) this.#candidates.set(id, { collection: candidate, report, file, at: now });
    return { id, report, candidate };
  }

  /** Keeps a checked candidate as a new version and puts it in force. */
  async apply(id: string, note: string, who: Who, now = Date.now()): Promise<DistrictVersionInfo> {
    this.#prune(now);
    const c = this.#candidates.get(id);
    if (!c)
      throw new CommandError(ErrorCode.NOT_FOUND, 'not_found', { kind: 'district_import', id });
    const errors = c.report.problems.filter((p) => p.severity === 'error').length;
    if (!c.report.ok)
      throw new CommandError(ErrorCode.INVALID_TRANSITION, 'district_not_ok', { errors });
    const before = this.state.current;
    const retired = retiredCodes(before.collection, c.collection);
    const json = JSON.stringify(c.collection);
    const version = await this.#store.addDistrictVersion({
      createdAt: now,
      actor: who.actor,
      source: c.file,
      note,
      counts: c.report.counts,
      retired,
      json,
      makeCurrent: true
    });
    this.#candidates.delete(id);
    this.state.replace(districtOf(json, version));
    await this.#audit({
      ...who,
      action: 'district.apply',
      target: `v${version}`,
      detail: {
        values: {
          version,
          previous: before.version,
          file: c.file,
          grids: c.report.counts.comprehensive,
          retired: retired.length
        }
      }
    });
    return this.#info(version);
  }

  /** Puts a kept version back in force (a roll back, or forward again). */
  async activate(version: number, who: Who): Promise<DistrictVersionInfo> {
    const json = await this.#store.districtJson(version);
    if (json === undefined)
      throw new CommandError(ErrorCode.NOT_FOUND, 'not_found', {
        kind: 'district_version',
        id: version
      });
    const before = this.state.current.version;
    if (before !== version) {
      const next = districtOf(json, version);
      await this.#store.setCurrentDistrict(version);
      this.state.replace(next);
    }
    await this.#audit({
      ...who,
      action: 'district.activate',
      target: `v${version}`,
      detail: { values: { version, previous: before } }
    });
    return this.#info(version);
  }

  /** Takes up a version another process (the command-line import) put in force in the same store. */
  async follow(): Promise<boolean> {
    const stored = await this.#store.currentDistrict();
    if (!stored || stored.info.id === this.state.current.version) return false;
    this.state.replace(districtOf(stored.json, stored.info.id));
    return true;
  }

  /** codes earlier versions retired that the version in force does not use again */
  async retired(): Promise<Set<string>> {
    const inForce = new Set(this.current.features.map((f) => f.properties.code));
    const retired = new Set<string>();
    for (const v of await this.#store.districtVersions())
      for (const code of v.retired) if (!inForce.has(code)) retired.add(code);
    return retired;
  }

  async #info(version: number): Promise<DistrictVersionInfo> {
    const info = (await this.#store.districtVersions()).find((v) => v.id === version);
    if (!info) throw new Error(`district version ${version}: not in the store after writing it`);
    return info;
  }

  #prune(now: number): void {
    for (const [id, c] of this.#candidates)
      if (now - c.at > CANDIDATE_TTL_MS) this.#candidates.delete(id);
  }
}

export interface AuditEntry extends Who {
  action: string;
  target: string;
  detail: AuditDetail;
}
