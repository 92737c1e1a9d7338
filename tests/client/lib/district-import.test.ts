import { beforeEach, describe, expect, it } from 'vitest';
import type { Api, ApiResult } from '../../../client/src/lib/api.ts';
import { DistrictImport } from '../../../client/src/lib/district-import.svelte.ts';
import { failure, ErrorCode } from '../../../shared/result.ts';
import type {
  DistrictImportResult,
  DistrictReport,
  DistrictVersionInfo
} from '../../../shared/district-import.ts';

/**
 * /admin's district import against a recording API: the file goes up raw with its Content-Type and the form's
 * options in the query; 应用 is offered only for a report without errors; an expired candidate says to upload again;
 * 启用 moves `current` and reloads the list.
 */

interface Sent {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

class RecordingApi {
  sent: Sent[] = [];
  answers = new Map<string, () => ApiResult<unknown>>();

  async call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    this.sent.push({ method, path, body });
    return this.#answer(`${method} ${path.split('?')[0]}`) as ApiResult<T>;
  }

  async upload<T>(
    path: string,
    file: Blob,
    headers: Record<string, string>
  ): Promise<ApiResult<T>> {
    this.sent.push({ method: 'POST', path, body: file, headers });
    return this.#answer(`POST ${path.split('?')[0]}`) as ApiResult<T>;
  }

  #answer(key: string): ApiResult<unknown> {
    const a = this.answers.get(key);
    if (!a) throw new Error(`no answer for ${key}`);
    return a();
  }
}

const COUNTS = { comprehensive: 704, specialised: 18, towns: 8, communities: 134 };
const OK: DistrictReport = { ok: true, counts: COUNTS, problems: [] };
const GAP: DistrictReport = {
  ok: false,
  counts: { ...COUNTS, comprehensive: 703 },
  problems: [
    {
      kind: 'gap',
      severity: 'error',
      codes: [],
      areaM2: 812_345,
      lngLat: [118.91, 31.3],
      message: 'gap of 812345 m²'
    }
  ]
};

function version(id: number, current: boolean): DistrictVersionInfo {
  return {
    id,
    createdAt: 1_760_000_000_000 + id,
    actor: id === 1 ? 'system' : 'admin',
    source: id === 1 ? 'gaochun.json' : '网格.geojson',
    note: '',
    counts: COUNTS,
    retired: [],
    current
  };
}

function ok<T>(data: T): () => ApiResult<T> {
  return () => ({ ok: true, status: 200, data });
}

function imported(report: DistrictReport): () => ApiResult<DistrictImportResult> {
  return ok({ id: 'imp-1', report, candidate: { type: 'FeatureCollection', features: [] } });
}

const geojson = () => new File(['{"type":"FeatureCollection","features":[]}'], '网格.geojson');

let api: RecordingApi;
let imports: DistrictImport;

beforeEach(() => {
  api = new RecordingApi();
  imports = new DistrictImport(api as unknown as Api);
});

describe('DistrictImport', () => {
  it('uploads the raw file with its Content-Type, and the options and its name in the query', async () => {
    api.answers.set('POST /api/district/imports', imported(OK));
    imports.choose(geojson());
    imports.draft.crs = 'EPSG:4549';
    imports.draft.fields.code = 'WGBM';
    expect(imports.canUpload).toBe(true);
    expect(await imports.upload()).toBe(true);
    const [sent] = api.sent;
    expect(sent.path).toBe(
      `/api/district/imports?crs=EPSG%3A4549&codeField=WGBM&file=${encodeURIComponent('网格.geojson')}`
    );
    expect(sent.body).toBeInstanceOf(File);
    expect(sent.headers).toEqual({ 'content-type': 'application/geo+json' });
    expect(imports.result?.report.ok).toBe(true);
    expect(imports.canApply).toBe(true);
  });

  it('says what is wrong before uploading, and does not upload', async () => {
    imports.choose(new File(['x'], 'grids.shp'));
    expect(imports.problem).toBe('请选择 .zip（Shapefile）或 .geojson / .json 文件');
    expect(imports.canUpload).toBe(false);
    imports.choose(geojson());
    imports.draft.crs = 'other';
    imports.draft.epsg = 'abc';
    expect(imports.problem).toBe('EPSG 代码须为 4–5 位数字');
    expect(await imports.upload()).toBe(false);
    expect(api.sent).toEqual([]);
  });

  it('offers no 应用 for a report with errors, and words its problems', async () => {
    api.answers.set('POST /api/district/imports', imported(GAP));
    imports.choose(geojson());
    await imports.upload();
    expect(imports.canApply).toBe(false);
    expect(imports.lines?.errors.map((l) => l.text)).toEqual([
      '缺口：约 812,345 m²，位置 118.91000, 31.30000'
    ]);
    expect(await imports.apply()).toBe(false);
    expect(api.sent.map((s) => s.method + ' ' + s.path.split('?')[0])).toEqual([
      'POST /api/district/imports'
    ]);
  });

  it('applies with the note, names the new version and reloads the list', async () => {
    api.answers.set('POST /api/district/imports', imported(OK));
    api.answers.set('POST /api/district/imports/imp-1/apply', ok(version(2, true)));
    api.answers.set('GET /api/district/versions', ok([version(2, true), version(1, false)]));
    let changes = 0;
    imports.onchange = () => changes++;
    imports.choose(geojson());
    await imports.upload();
    imports.note = '  2025 年网格调整 ';
    expect(await imports.apply()).toBe(true);
    expect(api.sent[1]).toEqual({
      method: 'POST',
      path: '/api/district/imports/imp-1/apply',
      body: { note: '2025 年网格调整' }
    });
    expect(imports.applied?.id).toBe(2);
    expect(imports.result).toBeNull();
    expect(imports.note).toBe('');
    expect(imports.versions.map((v) => [v.id, v.current])).toEqual([
      [2, true],
      [1, false]
    ]);
    expect(changes).toBe(1);
  });

  it('says to upload again when the candidate expired', async () => {
    api.answers.set('POST /api/district/imports', imported(OK));
    api.answers.set('POST /api/district/imports/imp-1/apply', () => ({
      ok: false,
      status: 404,
      ...failure(ErrorCode.NOT_FOUND, 'not_found', { kind: 'district_import', id: 'imp-1' })
    }));
    imports.choose(geojson());
    await imports.upload();
    expect(await imports.apply()).toBe(false);
    expect(imports.applyError).toBe('导入结果已过期（保留 30 分钟），请重新上传');
    expect(imports.result).not.toBeNull();
  });

  it('says a file is too large even when a proxy answers 413 with no body', async () => {
    api.answers.set('POST /api/district/imports', () => ({
      ok: false,
      status: 413,
      error: 'INVALID',
      message: ''
    }));
    imports.choose(geojson());
    expect(await imports.upload()).toBe(false);
    expect(imports.uploadError).toBe('文件超过 50 MB');
  });

  it('puts an earlier version back in force and moves the current mark', async () => {
    api.answers.set('GET /api/district/versions', ok([version(2, true), version(1, false)]));
    await imports.loadVersions();
    api.answers.set('POST /api/district/versions/1/activate', ok(version(1, true)));
    api.answers.set('GET /api/district/versions', ok([version(2, false), version(1, true)]));
    expect(await imports.activate(1)).toBe(true);
    expect(imports.versions.map((v) => [v.id, v.current])).toEqual([
      [2, false],
      [1, true]
    ]);
    expect(imports.busyId).toBeNull();
  });

  it('flies to a problem only when it has a place, again on a second click', async () => {
    api.answers.set('POST /api/district/imports', imported(GAP));
    imports.choose(geojson());
    await imports.upload();
    imports.focusProblem(0);
    const first = imports.focus;
    imports.focusProblem(0);
    expect(imports.focus?.at).toEqual([118.91, 31.3]);
    expect(imports.focus?.n).toBe((first?.n ?? 0) + 1);
    imports.focusProblem(5);
    expect(imports.focus?.index).toBe(0);
  });
});
