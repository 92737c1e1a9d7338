import {
  DEFAULT_SLIVER_M2,
  type DistrictImportResult,
  type DistrictVersionInfo
} from '../../../shared/district-import.ts';
import type { LngLat } from '../../../shared/district.ts';
import type { Api, ApiResult } from './api.ts';
import { errorText } from './errors.ts';
import { msg } from './i18n.ts';
import { refusalText } from './refusal-text.ts';
import {
  MAX_IMPORT_BYTES,
  importQuery,
  toImportOptions,
  uploadTypeOf,
  type CrsChoice,
  type EncodingChoice,
  type FieldRole,
  type ImportFormValues
} from './district-import-options.ts';
import {
  areaNamesOf,
  problemLines,
  type AreaNames,
  type ProblemLine
} from './district-problems.ts';

/**
 * /admin's district import: a surveyed district (a zipped Shapefile or GeoJSON) is uploaded with its options to
 * `POST /api/district/imports`, which answers the validator's report and the candidate to preview; a candidate
 * without errors is applied (`/apply`, with a note) and becomes a new version; any kept version can be put back in
 * force (`/activate`). The server decides: a report with errors is refused there too (409), a candidate is kept 30
 * minutes (404 after). Every other screen hears `district:changed` from the server; this one reloads its list.
 */

/** the form's inputs, bound as they are typed (AccountDraft's way) */
export class ImportDraft {
  crs = $state<CrsChoice>('auto');
  epsg = $state('');
  encoding = $state<EncodingChoice>('auto');
  fields = $state<Record<FieldRole, string>>({
    code: '',
    name: '',
    kind: '',
    town: '',
    community: ''
  });
  sliverM2 = $state<string | number | null>(DEFAULT_SLIVER_M2);

  values(): ImportFormValues {
    return {
      crs: this.crs,
      epsg: this.epsg,
      encoding: this.encoding,
      fields: { ...this.fields },
      sliverM2: this.sliverM2
    };
  }
}

/** a problem the map should fly to; `n` grows with every request, so a second click on the same one flies again */
export interface ProblemFocus {
  index: number;
  at: LngLat;
  n: number;
}

export class DistrictImport {
  readonly draft = new ImportDraft();
  /** the 备注 sent with 应用 */
  note = $state('');
  /** called after every change the server accepted (apply, activate), so the audit log can follow */
  onchange: () => void = () => {};

  #api: Api;
  #names: AreaNames;
  #file = $state.raw<File | null>(null);
  #uploading = $state(false);
  #uploadError = $state('');
  #result = $state.raw<DistrictImportResult | null>(null);
  #focus = $state.raw<ProblemFocus | null>(null);
  #applying = $state(false);
  #applyError = $state('');
  #applied = $state.raw<DistrictVersionInfo | null>(null);
  #versions = $state.raw<DistrictVersionInfo[]>([]);
  #versionsLoading = $state(false);
  #versionsError = $state('');
  #busyId = $state<number | null>(null);
  #rowError = $state.raw<{ id: number; text: string } | null>(null);

  #lines = $derived.by(() => {
    const r = this.#result;
    return r ? problemLines(r.report, areaNamesOf(r.candidate, this.#names)) : null;
  });

  /** `names` words the codes a candidate does not name itself (the district in force) */
  constructor(api: Api, names: AreaNames = () => undefined) {
    this.#api = api;
    this.#names = names;
  }

  get file(): File | null {
    return this.#file;
  }
  /** what is wrong before uploading, in the screen's words, or '' */
  get problem(): string {
    const f = this.#file;
    if (f && uploadTypeOf(f.name, f.type) === null) return msg.districtImport.badType;
    if (f && f.size > MAX_IMPORT_BYTES) return msg.districtImport.tooLarge(MAX_IMPORT_BYTES >> 20);
    const options = toImportOptions(this.draft.values());
    if (!options.ok) {
      return options.problem === 'epsg' ? msg.districtImport.badEpsg : msg.districtImport.badSliver;
    }
    return '';
  }
  get canUpload(): boolean {
    return this.#file !== null && !this.#uploading && this.problem === '';
  }
  get uploading(): boolean {
    return this.#uploading;
  }
  get uploadError(): string {
    return this.#uploadError;
  }
  /** the last upload's report and candidate, until applied or replaced */
  get result(): DistrictImportResult | null {
    return this.#result;
  }
  /** the report's problems in words, errors and warnings apart */
  get lines(): { errors: ProblemLine[]; warnings: ProblemLine[] } | null {
    return this.#lines;
  }
  get focus(): ProblemFocus | null {
    return this.#focus;
  }
  /** 应用 is offered only for a report without errors (the server refuses the rest anyway) */
  get canApply(): boolean {
    return this.#result?.report.ok === true && !this.#applying;
  }
  get applying(): boolean {
    return this.#applying;
  }
  get applyError(): string {
    return this.#applyError;
  }
  /** the version the last 应用 made */
  get applied(): DistrictVersionInfo | null {
    return this.#applied;
  }
  /** newest first */
  get versions(): readonly DistrictVersionInfo[] {
    return this.#versions;
  }
  get versionsLoading(): boolean {
    return this.#versionsLoading;
  }
  get versionsError(): string {
    return this.#versionsError;
  }
  /** the version being put in force */
  get busyId(): number | null {
    return this.#busyId;
  }
  get rowError(): { id: number; text: string } | null {
    return this.#rowError;
  }

  choose(file: File | null): void {
    this.#file = file;
    this.#uploadError = '';
  }

  /** Uploads the chosen file with the form's options; resolves true when the server answered a report. */
  async upload(): Promise<boolean> {
    const file = this.#file;
    if (!file || !this.canUpload) return false;
    const type = uploadTypeOf(file.name, file.type);
    const options = toImportOptions(this.draft.values());
    if (!type || !options.ok) return false;
    this.#uploading = true;
    this.#uploadError = '';
    this.#applyError = '';
    this.#applied = null;
    const res = await this.#api.upload<DistrictImportResult>(
      `/api/district/imports${importQuery(options.options, file.name)}`,
      file,
      { 'content-type': type }
    );
    this.#uploading = false;
    if (!res.ok) {
      this.#uploadError = uploadFailure(res);
      return false;
    }
    this.#result = res.data;
    this.#focus = null;
    return true;
  }

  /** Flies the preview to a problem that has a place. */
  focusProblem(index: number): void {
    const at = this.#result?.report.problems[index]?.lngLat;
    if (!at) return;
    this.#focus = { index, at, n: (this.#focus?.n ?? 0) + 1 };
  }

  /** Applies the candidate as a new version; resolves true when the server made it. */
  async apply(): Promise<boolean> {
    const result = this.#result;
    if (!result || !this.canApply) return false;
    this.#applying = true;
    this.#applyError = '';
    const note = this.note.trim();
    const res = await this.#api.call<DistrictVersionInfo>(
      'POST',
      `/api/district/imports/${encodeURIComponent(result.id)}/apply`,
      note ? { note } : {}
    );
    this.#applying = false;
    if (!res.ok) {
      // the candidate is kept 30 minutes: after that only a new upload helps
      this.#applyError = res.status === 404 ? msg.districtImport.expired : errorText(res);
      return false;
    }
    this.#applied = res.data;
    this.#result = null;
    this.#focus = null;
    this.note = '';
    this.onchange();
    await this.loadVersions();
    return true;
  }

  async loadVersions(): Promise<void> {
    this.#versionsLoading = true;
    const res = await this.#api.call<DistrictVersionInfo[]>('GET', '/api/district/versions');
    this.#versionsLoading = false;
    if (res.ok) {
      this.#versions = res.data;
      this.#versionsError = '';
    } else this.#versionsError = errorText(res);
  }

  /** Puts a kept version back in force (roll back, or forward again). */
  async activate(id: number): Promise<boolean> {
    if (this.#busyId !== null) return false;
    this.#busyId = id;
    this.#rowError = null;
    const res = await this.#api.call<DistrictVersionInfo>(
      'POST',
      `/api/district/versions/${id}/activate`
    );
    if (!res.ok) {
      this.#busyId = null;
      this.#rowError = { id, text: errorText(res) };
      return false;
    }
    // the answer is the version now current; every other row's `current` changed with it
    this.#versions = this.#versions.map((v) =>
      v.id === id ? res.data : v.current ? { ...v, current: false } : v
    );
    this.#busyId = null;
    this.onchange();
    await this.loadVersions();
    return true;
  }
}

/** too large is said as such: the server's refusal says it, or (a proxy's bare 413) our own words do */
function uploadFailure(res: Extract<ApiResult<unknown>, { ok: false }>): string {
  if (res.status === 413) {
    return (
      (res.detail && refusalText(res.detail)) || msg.districtImport.tooLarge(MAX_IMPORT_BYTES >> 20)
    );
  }
  return errorText(res);
}
