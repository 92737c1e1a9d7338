/**
 * Reading a coordinate system out of a .prj file as ArcGIS and QGIS write them (WKT1, ESRI flavour or OGC; WKT2
 * from newer QGIS). The EPSG code is taken from the authority clause when there is one; otherwise the names
 * Chinese surveys use (`CGCS2000_3_Degree_GK_CM_120E`, `CGCS2000 / 3-degree Gauss-Kruger zone 40`,
 * `GCS_China_Geodetic_Coordinate_System_2000`, …) are recognised; otherwise a Gauss–Krüger projection on
 * CGCS2000 is recognised from its parameters. Anything else is left to proj4's own WKT parser (crs.ts).
 */

export interface WktNode {
  keyword: string;
  args: Array<string | number | WktNode>;
}

/** The EPSG code the .prj describes, or null when it does not name one we know. */
export function epsgOfPrj(wkt: string): number | null {
  const root = parseWkt(wkt);
  if (!root) return null;
  return authorityCode(root) ?? codeFromName(root) ?? codeFromParameters(root);
}

/** A small recursive-descent reader: KEYWORD[ "string" | number | KEYWORD[…] , … ]; null when malformed. */
export function parseWkt(text: string): WktNode | null {
  let i = 0;
  const s = text.trim();
  const space = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const node = (): WktNode | null => {
    space();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i, i + 64));
    if (!m) return null;
    i += m[0].length;
    space();
    const open = s[i];
    if (open !== '[' && open !== '(') return null;
    const close = open === '[' ? ']' : ')';
    i++;
    const args: WktNode['args'] = [];
    for (;;) {
      space();
      if (s[i] === close) {
        i++;
        return { keyword: m[0].toUpperCase(), args };
      }
      if (s[i] === '"') {
        let str = '';
        i++;
        while (i < s.length) {
          if (s[i] === '"' && s[i + 1] === '"') {
            str += '"';
            i += 2;
          } else if (s[i] === '"') break;
          else str += s[i++];
        }
        if (s[i] !== '"') return null;
        i++;
        args.push(str);
      } else if (/[-+.0-9]/.test(s[i] ?? '')) {
        const num = /^[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?/.exec(s.slice(i, i + 40));
        if (!num) return null;
        i += num[0].length;
        args.push(Number(num[0]));
      } else {
        // a bare word is an enumerated value (AXIS["Easting",EAST]) unless a bracket follows
        const word = /^[A-Za-z_][A-Za-z0-9_]*\s*/.exec(s.slice(i, i + 64));
        const after = word ? s[i + word[0].length] : undefined;
        if (word && after !== '[' && after !== '(') {
          i += word[0].length;
          args.push(word[0].trim());
        } else {
          const child = node();
          if (!child) return null;
          args.push(child);
        }
      }
      space();
      if (s[i] === ',') i++;
      else if (s[i] !== close) return null;
    }
  };
  const root = node();
  return root;
}

function children(n: WktNode, keyword: string): WktNode[] {
  return n.args.filter((a): a is WktNode => typeof a === 'object' && a.keyword === keyword);
}

/** The root's own AUTHORITY["EPSG","4549"] (WKT1) or ID["EPSG",4549] (WKT2), not a nested datum's. */
function authorityCode(root: WktNode): number | null {
  for (const a of [...children(root, 'AUTHORITY'), ...children(root, 'ID')]) {
    if (String(a.args[0]).toUpperCase() !== 'EPSG') continue;
    const code = Number(a.args[1]);
    if (Number.isInteger(code)) return code === 900913 || code === 102100 ? 3857 : code;
  }
  return null;
}

const PROJECTED = new Set(['PROJCS', 'PROJCRS', 'PROJECTEDCRS']);

/** EPSG code of a CGCS2000 3-degree Gauss–Krüger zone given by central meridian or by zone number. */
export function gaussKrugerCode(by: { cm: number } | { zone: number }): number | null {
  if ('cm' in by) {
    const k = (by.cm - 75) / 3;
    return Number.isInteger(k) && k >= 0 && k <= 20 ? 4534 + k : null;
  }
  return Number.isInteger(by.zone) && by.zone >= 25 && by.zone <= 45 ? 4513 + by.zone - 25 : null;
}

function codeFromName(root: WktNode): number | null {
  const name = typeof root.args[0] === 'string' ? root.args[0] : '';
  const n = name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  if (PROJECTED.has(root.keyword)) {
    if (/web_mercator|pseudo_mercator|popular_visualisation|google/.test(n)) return 3857;
    const gk = /cgcs_?2000.*3_?deg(?:ree)?_?(?:gk|gauss_?kruger)/.test(n);
    if (gk) {
      const cm = /_cm_?(\d+)_?e\b|_cm_?(\d+)e?$/.exec(n);
      if (cm) return gaussKrugerCode({ cm: Number(cm[1] ?? cm[2]) });
      const zone = /zone_?(\d+)/.exec(n);
      if (zone) return gaussKrugerCode({ zone: Number(zone[1]) });
    }
    return null;
  }
  if (/china_geodetic_coordinate_system_2000|cgcs_?2000|china_2000/.test(n)) return 4490;
  if (/^(gcs_)?wgs_?(19)?84$/.test(n)) return 4326;
  return null;
}

/** A transverse Mercator (Gauss–Krüger) on CGCS2000 named some other way, read from its parameters. */
function codeFromParameters(root: WktNode): number | null {
  if (!PROJECTED.has(root.keyword)) return null;
  const text = JSON.stringify(root).toLowerCase();
  if (!/china_2000|cgcs_?2000|china geodetic coordinate system 2000/.test(text)) return null;
  const projection = children(root, 'PROJECTION')[0];
  const method = String(projection?.args[0] ?? '').toLowerCase();
  if (!/gauss|transverse/.test(method)) return null;
  const param = (name: string): number | null => {
    for (const p of children(root, 'PARAMETER'))
      if (String(p.args[0]).toLowerCase() === name) return Number(p.args[1]);
    return null;
  };
  const cm = param('central_meridian');
  const fe = param('false_easting');
  if ((param('scale_factor') ?? 1) !== 1 || (param('false_northing') ?? 0) !== 0 || cm === null)
    return null;
  if (fe === 500000) return gaussKrugerCode({ cm });
  if (fe !== null && fe === (cm / 3) * 1e6 + 500000) return gaussKrugerCode({ zone: cm / 3 });
  return null;
}
