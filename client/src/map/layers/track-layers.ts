import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { TrackPoint } from '../../../../shared/commands.ts';
import type { LngLat } from '../../../../shared/district.ts';
import type { Rgba } from '../../lib/palette.ts';
import type { TrackBand, TrackPath } from '../../lib/track-paths.ts';
import type { DisplayShift } from '../display-crs.ts';

/** A unit's track (track-paths.ts) as a path coloured by speed band, with its start and end marked. */

export const TRACK_LAYER_ID = 'unit-track';

/** cool for standing, warm for fast; a silence is a faint grey */
export const TRACK_BAND_COLOR: Record<TrackBand, Rgba> = {
  still: [148, 163, 184, 255],
  foot: [56, 189, 248, 255],
  ride: [74, 222, 128, 255],
  drive: [251, 146, 60, 255],
  gap: [100, 116, 139, 140]
};
export const TRACK_START_COLOR: Rgba = [34, 197, 94, 255];
export const TRACK_END_COLOR: Rgba = [244, 63, 94, 255];

export interface TrackDraw {
  unitId: string;
  /** kept points behind the paths */
  points: number;
  paths: readonly TrackPath[];
  first: TrackPoint;
  last: TrackPoint;
}

interface TrackEnd {
  at: LngLat;
  color: Rgba;
}

const OUTLINE: Rgba = [7, 13, 24, 255];

export function trackLayers(track: TrackDraw | null, view: DisplayShift): Layer[] {
  if (!track) return [];
  const ends: TrackEnd[] = [
    { at: view.toDisplay([track.first.lng, track.first.lat]), color: TRACK_START_COLOR },
    { at: view.toDisplay([track.last.lng, track.last.lat]), color: TRACK_END_COLOR }
  ];
  return [
    new PathLayer<TrackPath>({
      id: TRACK_LAYER_ID,
      data: track.paths,
      getPath: (p) => view.path(p.path),
      getColor: (p) => [...TRACK_BAND_COLOR[p.band]],
      getWidth: (p) => (p.band === 'gap' ? 2 : 4),
      widthUnits: 'pixels',
      capRounded: true,
      jointRounded: true
    }),
    new ScatterplotLayer<TrackEnd>({
      id: 'unit-track-ends',
      data: ends,
      getPosition: (e) => e.at,
      getFillColor: (e) => [...e.color],
      getLineColor: OUTLINE,
      radiusUnits: 'pixels',
      getRadius: 7,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      filled: true,
      stroked: true
    })
  ];
}
