import { distance } from '@turf/turf';
import gcoord from 'gcoord';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { chooseCrs, crsFromCode, implausible } from '../../../geo/district-import/crs.ts';
import { epsgOfPrj } from '../../../geo/district-import/prj.ts';
import { PRJ_4549 } from '../../fixtures/district-files.ts';

const GAOCHUN: [number, number] = [118.9, 31.3];
const metres = (a: [number, number], b: [number, number]) => distance(a, b, { units: 'meters' });

const PRJ = {
  cm120Esri: PRJ_4549,
  zone40Esri:
    'PROJCS["CGCS2000_3_Degree_GK_Zone_40",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",40500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
  cm120Qgis:
    'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 120E",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",120],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]]',
  renamedGk:
    'PROJCS["高淳测绘坐标系",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
  cgcs2000:
    'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
  wgs84:
    'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
  webMercator:
    'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]',
  authority4549:
    'PROJCS["unnamed",GEOGCS["CGCS2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",120],UNIT["metre",1],AUTHORITY["EPSG","4549"]]',
  utm50:
    'PROJCS["WGS_1984_UTM_Zone_50N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
};

describe('epsgOfPrj', () => {
  it('recognises the .prj files ArcGIS and QGIS write for CGCS2000, WGS-84 and Web Mercator', () => {
    expect(epsgOfPrj(PRJ.cm120Esri)).toBe(4549);
    expect(epsgOfPrj(PRJ.zone40Esri)).toBe(4528);
    expect(epsgOfPrj(PRJ.cm120Qgis)).toBe(4549);
    expect(epsgOfPrj(PRJ.renamedGk)).toBe(4549);
    expect(epsgOfPrj(PRJ.cgcs2000)).toBe(4490);
    expect(epsgOfPrj(PRJ.wgs84)).toBe(4326);
    expect(epsgOfPrj(PRJ.webMercator)).toBe(3857);
    expect(epsgOfPrj(PRJ.authority4549)).toBe(4549);
  });

  it('knows no code for a system it does not name, nor for text that is not WKT', () => {
    expect(epsgOfPrj(PRJ.utm50)).toBeNull();
    expect(epsgOfPrj('hello')).toBeNull();
    expect(epsgOfPrj('PROJCS["x",')).toBeNull();
  });
});

describe('chooseCrs', () => {
  it('prefers the option over the .prj, the .prj over the GeoJSON crs, and falls back to WGS-84', () => {
    expect(chooseCrs({ option: 'EPSG:4528', prj: PRJ.cm120Esri })).toMatchObject({
      ok: true,
      from: 'option',
      crs: { id: 'EPSG:4528' }
    });
    expect(chooseCrs({ prj: PRJ.cm120Esri, geojsonCrs: {} })).toMatchObject({
      from: 'prj',
      crs: { id: 'EPSG:4549' }
    });
    const named = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4549' } };
    expect(chooseCrs({ geojsonCrs: named })).toMatchObject({
      from: 'geojson',
      crs: { id: 'EPSG:4549' }
    });
    const crs84 = { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } };
    expect(chooseCrs({ geojsonCrs: crs84 })).toMatchObject({
      from: 'geojson',
      crs: { id: 'wgs84' }
    });
    expect(chooseCrs({})).toMatchObject({ ok: true, from: 'default', crs: { id: 'wgs84' } });
  });

  it('leaves a .prj it does not name to proj4, and converts with it', () => {
    const choice = chooseCrs({ prj: PRJ.utm50 });
    expect(choice.ok).toBe(true);
    if (!choice.ok) return;
    const utm = proj4('WGS84', '+proj=utm +zone=50 +datum=WGS84 +units=m +no_defs', GAOCHUN);
    expect(metres(choice.crs.toWgs84(utm[0], utm[1]), GAOCHUN)).toBeLessThan(0.5);
  });

  it('refuses an unknown system with a message asking for crs, and Beijing 1954 with one asking for CGCS2000', () => {
    const unknown = chooseCrs({ prj: 'LOCAL_CS["site grid"]' });
    expect(unknown).toMatchObject({ ok: false });
    expect(!unknown.ok && unknown.message).toMatch(
      /unknown coordinate system.*pass crs, e\.g\. EPSG:4549/
    );
    const beijing = chooseCrs({
      prj: 'PROJCS["Beijing_1954_3_Degree_GK_CM_120E",GEOGCS["GCS_Beijing_1954"]]'
    });
    expect(!beijing.ok && beijing.message).toMatch(/Beijing 1954.*CGCS2000/);
    expect(chooseCrs({ option: 'EPSG:2000' })).toMatchObject({ ok: false });
  });
});

describe('crsFromCode', () => {
  it('puts the central meridian of CM 120E at easting 500 000 and of zone 40 at 40 500 000', () => {
    expect(crsFromCode('EPSG:4549')!.toWgs84(500000, 3464000)[0]).toBeCloseTo(120, 9);
    expect(crsFromCode('EPSG:4528')!.toWgs84(40500000, 3464000)[0]).toBeCloseTo(120, 9);
    expect(crsFromCode('EPSG:4513')!.toWgs84(25500000, 3464000)[0]).toBeCloseTo(75, 9);
    expect(crsFromCode('EPSG:4554')!.toWgs84(500000, 3464000)[0]).toBeCloseTo(135, 9);
  });

  it('converts Gauss–Krüger, Web Mercator and GCJ-02 to within half a metre of the WGS-84 point', () => {
    const gk = proj4(
      'WGS84',
      '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m',
      GAOCHUN
    );
    expect(metres(crsFromCode('EPSG:4549')!.toWgs84(gk[0], gk[1]), GAOCHUN)).toBeLessThan(0.5);
    const merc = proj4('WGS84', 'EPSG:3857', GAOCHUN);
    for (const code of ['EPSG:3857', 'EPSG:900913', 'EPSG:102100'])
      expect(metres(crsFromCode(code)!.toWgs84(merc[0], merc[1]), GAOCHUN)).toBeLessThan(0.5);
    const gcj = gcoord.transform(GAOCHUN, gcoord.WGS84, gcoord.GCJ02) as [number, number];
    expect(metres(gcj, GAOCHUN)).toBeGreaterThan(100);
    expect(metres(crsFromCode('gcj02')!.toWgs84(gcj[0], gcj[1]), GAOCHUN)).toBeLessThan(0.5);
    expect(crsFromCode('EPSG:4490')!.toWgs84(...GAOCHUN)).toEqual(GAOCHUN);
  });
});

describe('implausible', () => {
  it('names the likely fix when projected coordinates are declared geographic', () => {
    expect(implausible(crsFromCode('wgs84')!, [40395000, 3464000, 40400000, 3470000])).toMatch(
      /look projected.*pass crs EPSG:4528 \(CGCS2000 3-degree Gauss–Krüger zone 40/
    );
    expect(implausible(crsFromCode('wgs84')!, [395000, 3464000, 400000, 3470000])).toMatch(
      /EPSG:4549/
    );
  });

  it('catches degrees declared projected, and a zone prefix the system does not have', () => {
    expect(implausible(crsFromCode('EPSG:4549')!, [118.8, 31.2, 119.0, 31.4])).toMatch(
      /look like degrees/
    );
    expect(implausible(crsFromCode('EPSG:4549')!, [40395000, 3464000, 40400000, 3470000])).toMatch(
      /pass crs EPSG:4528/
    );
    expect(implausible(crsFromCode('EPSG:4528')!, [395000, 3464000, 400000, 3470000])).toMatch(
      /EPSG:4534–4554/
    );
    expect(implausible(crsFromCode('EPSG:4549')!, [395000, 3464000, 400000, 3470000])).toBeNull();
  });
});
