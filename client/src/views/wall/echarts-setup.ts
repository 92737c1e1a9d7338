import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  type GridComponentOption,
  type LegendComponentOption
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { LABEL_FONT } from '../../map/fonts.ts';

/**
 * Apache ECharts with only what the wall draws (bars, a line, axes, a legend) on the canvas renderer, in the
 * bundled Noto Sans SC. Nothing is interactive: a wall has no mouse.
 */

use([BarChart, LineChart, GridComponent, LegendComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption
>;

export const CHART_FONT = LABEL_FONT;
export const AXIS_COLOR = '#8ba3c7';
export const SPLIT_COLOR = '#16263f';

export function createChart(el: HTMLElement): EChartsType {
  return init(el, null, { renderer: 'canvas' });
}

/** a font size in px that follows the viewport's width, like the wall's type (0.8vw, 12–40 px) */
export function chartFontPx(viewportWidth: number): number {
  return Math.round(Math.min(40, Math.max(12, viewportWidth * 0.008)));
}
