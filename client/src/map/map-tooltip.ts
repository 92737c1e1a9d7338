import type { PickingInfo } from '@deck.gl/core';
import type { Incident } from '../../../shared/domain.ts';
import type { DistrictStore } from '../lib/district.svelte.ts';
import { formatEta } from '../lib/format.ts';
import { msg } from '../lib/i18n.ts';
import type { MapLayers } from '../lib/map-layers.svelte.ts';
import type { UnitStore } from '../lib/units.svelte.ts';
import {
  COVERAGE_LAYER_ID,
  MOVES_LAYER_ID,
  type GridPart,
  type MoveLine
} from './layers/coverage-layers.ts';
import { HISTORY_LAYER_ID } from './layers/history-layers.ts';
import { INCIDENTS_LAYER_ID } from './layers/incident-layers.ts';
import { UNITS_LAYER_ID } from './layers/unit-layer.ts';
import './map-tooltip.css';

/** The overlay's hover text: a unit, a pin, a grid's blind-spot time, a suggested move, a history hexagon. */

export type Tooltip = { text: string; className: string } | null;

/** `layers` is read on each hover: the optional layers the map was given, or null */
export function mapTooltip(
  units: UnitStore,
  district: DistrictStore,
  layers: () => MapLayers | null
): (info: PickingInfo) => Tooltip {
  return (info) => {
    if (!info.picked || !info.layer) return null;
    const id = info.layer.id;
    if (id === UNITS_LAYER_ID) {
      const u = units.info(info.index);
      if (!u) return null;
      const status = msg.unitStatus[units.statusOf(info.index)];
      return tip(`${u.name} · ${msg.unitKind[u.kind]} · ${status}`);
    }
    if (id === INCIDENTS_LAYER_ID) {
      const i = info.object as Incident;
      return tip(`P${i.priority} ${msg.category[i.category]} · ${msg.incidentStatus[i.status]}`);
    }
    const optional = layers();
    if (id === COVERAGE_LAYER_ID && optional) {
      const code = (info.object as GridPart).code;
      const cover = optional.coverageData.grid(code);
      if (!cover) return null;
      const t = msg.mapLayers;
      const eta = cover.etaS === null ? t.unreachable : formatEta(cover.etaS);
      return tip(t.gridEta(district.gridName(code), eta));
    }
    if (id === MOVES_LAYER_ID) {
      const m = info.object as MoveLine;
      const name = units.infoById(m.unitId)?.name ?? m.unitId;
      return tip(
        `${msg.mapLayers.moves.row(name, district.gridName(m.gridCode))} · ${formatEta(m.etaS)}`
      );
    }
    if (id === HISTORY_LAYER_ID) {
      const count = (info.object as { count?: number } | null)?.count;
      return count ? tip(msg.mapLayers.historyCount(count)) : null;
    }
    return null;
  };
}

function tip(text: string): Tooltip {
  return { text, className: 'map-tooltip' };
}
