import iconv from 'iconv-lite';

type IconvName = Parameters<typeof iconv.decode>[1];

/**
 * The attribute table of a shapefile (dBASE III). Read here rather than by the `shapefile` package, whose
 * decoder is a deprecated TextDecoder polyfill that knows few code pages by their GIS names (`936`, `ANSI 936`)
 * and decodes field names with the same guess: Chinese GIS tools write GBK, and a wrong guess turns 网格编码 into
 * mojibake that no field mapping would ever match. The code page comes from the .cpg, else from the operator,
 * else from the bytes: valid UTF-8 with non-ASCII text is UTF-8 (GBK text almost never is), anything else GBK.
 */

export interface DbfField {
  name: string;
  type: string;
  length: number;
  decimals: number;
}

export interface DbfTable {
  fields: DbfField[];
  /** one per record, null for a record marked deleted */
  records: Array<Record<string, unknown> | null>;
}

export type EncodingChoice =
  | { ok: true; encoding: string; from: 'cpg' | 'option' | 'detected' | 'default' }
  | { ok: false; message: string };

/** The code page to decode text with, as iconv-lite names it. */
export function chooseEncoding(
  cpg: string | undefined,
  option: string | undefined,
  dbf: Uint8Array | undefined
): EncodingChoice {
  if (cpg !== undefined && cpg.trim()) {
    const enc = codePage(cpg);
    if (enc) return { ok: true, encoding: enc, from: 'cpg' };
    if (option) return { ok: true, encoding: codePage(option) ?? 'gbk', from: 'option' };
    return {
      ok: false,
      message: `unknown code page in the .cpg ("${cpg.trim().slice(0, 40)}"): pass encoding gbk or utf-8`
    };
  }
  if (option) return { ok: true, encoding: codePage(option) ?? 'gbk', from: 'option' };
  if (dbf && looksUtf8(dbf)) return { ok: true, encoding: 'utf8', from: 'detected' };
  return { ok: true, encoding: 'gbk', from: 'default' };
}

/** `UTF-8`, `65001`, `GBK`, `936`, `ANSI 936`, `CP936`, `GB2312`, `GB18030`, `Big5`, `1252`… → an iconv-lite name. */
export function codePage(text: string): string | null {
  const t = text.trim().toLowerCase();
  if (/^(utf-?8|65001)$/.test(t)) return 'utf8';
  const num = /^(?:ansi\s*|cp|windows-?|oem\s*)?(\d{3,5})$/.exec(t);
  if (num) {
    const n = Number(num[1]);
    if (n === 936) return 'gbk';
    if (n === 54936) return 'gb18030';
    if (n === 65001) return 'utf8';
    return iconv.encodingExists(`cp${n}`) ? `cp${n}` : null;
  }
  if (t === 'gb2312' || t === 'gbk') return 'gbk';
  return iconv.encodingExists(t) ? t : null;
}

export function readDbf(bytes: Uint8Array, encoding: string): DbfTable {
  if (bytes.length < 32)
    throw new Error(`the .dbf is ${bytes.length} bytes, shorter than its 32-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const fields: DbfField[] = [];
  const seen = new Set<string>();
  for (let o = 32; o + 32 <= headerLength && o < bytes.length && bytes[o] !== 0x0d; o += 32) {
    let end = o;
    while (end < o + 11 && bytes[end] !== 0) end++;
    // a name cut at 10 bytes can end in half a character: drop it rather than keep a replacement mark
    let name = iconv
      .decode(bytes.subarray(o, end), encoding as IconvName)
      .replace(/\ufffd+$/, '')
      .trim();
    // truncation to 10 bytes can make two names equal; keep both
    for (let k = 2; seen.has(name); k++) name = `${name}_${k}`;
    seen.add(name);
    fields.push({
      name,
      type: String.fromCharCode(bytes[o + 11]),
      length: bytes[o + 16],
      decimals: bytes[o + 17]
    });
  }
  const records: DbfTable['records'] = [];
  for (let i = 0; i < count; i++) {
    const start = headerLength + i * recordLength;
    if (start + recordLength > bytes.length || bytes[start] === 0x1a) break;
    if (bytes[start] === 0x2a) {
      records.push(null);
      continue;
    }
    const row: Record<string, unknown> = {};
    let at = start + 1;
    for (const f of fields) {
      row[f.name] = value(bytes.subarray(at, at + f.length), f, encoding);
      at += f.length;
    }
    records.push(row);
  }
  if (records.length < count)
    throw new Error(`the .dbf says it holds ${count} records but only ${records.length} are there`);
  return { fields, records };
}

function value(raw: Uint8Array, f: DbfField, encoding: string): unknown {
  switch (f.type) {
    case 'N':
    case 'F': {
      const t = ascii(raw).trim();
      if (!t || /^\*+$/.test(t)) return null;
      // a long code stored as a number must not lose digits on the way through a double
      if (f.decimals === 0 && t.replace(/^[-+]/, '').length > 15) return t;
      const n = Number(t);
      return Number.isFinite(n) ? n : null;
    }
    case 'L': {
      const c = ascii(raw).trim().toUpperCase();
      return c === 'T' || c === 'Y' ? true : c === 'F' || c === 'N' ? false : null;
    }
    case 'D': {
      const t = ascii(raw).trim();
      return /^\d{8}$/.test(t) ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6)}` : null;
    }
    default: {
      const t = iconv
        .decode(raw, encoding as IconvName)
        .replace(/\0+$/, '')
        .trim();
      return t === '' ? null : t;
    }
  }
}

function ascii(raw: Uint8Array): string {
  let s = '';
  for (const b of raw) s += String.fromCharCode(b);
  return s.replace(/\0/g, '');
}

/**
 * Whether the table's text (field names and character fields of the first records; the binary header is not
 * text) holds non-ASCII characters and all of it is well-formed UTF-8.
 */
function looksUtf8(dbf: Uint8Array): boolean {
  if (dbf.length < 32) return false;
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const count = Math.min(view.getUint32(4, true), 2000);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const slices: Uint8Array[] = [];
  const text: Array<[offset: number, length: number]> = [];
  let at = 1;
  for (let o = 32; o + 32 <= headerLength && o < dbf.length && dbf[o] !== 0x0d; o += 32) {
    let end = o;
    while (end < o + 11 && dbf[end] !== 0) end++;
    slices.push(dbf.subarray(o, end));
    const length = dbf[o + 16];
    if (dbf[o + 11] === 0x43) text.push([at, length]);
    at += length;
  }
  for (let i = 0; i < count; i++) {
    const start = headerLength + i * recordLength;
    if (start + recordLength > dbf.length) break;
    for (const [offset, length] of text)
      slices.push(dbf.subarray(start + offset, start + offset + length));
  }
  let multi = 0;
  for (const s of slices) {
    const n = utf8Sequences(s);
    if (n < 0) return false;
    multi += n;
  }
  return multi > 0;
}

/**
 * The number of multi-byte sequences, or -1 when the bytes are not well-formed UTF-8. Padding is ignored and a
 * sequence cut short at the end is accepted: dBASE widths are in bytes, and writers truncate mid-character.
 */
function utf8Sequences(raw: Uint8Array): number {
  let end = raw.length;
  while (end > 0 && (raw[end - 1] === 0 || raw[end - 1] === 0x20)) end--;
  const bytes = raw.subarray(0, end);
  let multi = 0;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const n =
      b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0) return -1;
    for (let k = 1; k <= n && i + k < bytes.length; k++)
      if ((bytes[i + k] & 0xc0) !== 0x80) return -1;
    multi++;
    i += n + 1;
  }
  return multi;
}
