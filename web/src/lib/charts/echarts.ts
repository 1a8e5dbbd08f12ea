import { BarChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { GridSimpleComponent, MarkLineComponent } from 'echarts/components';
import type { GridComponentOption, MarkLineComponentOption } from 'echarts/components';
import { init, use } from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

/**
 * Only the ECharts parts the wall draws (lines, bars, a plain grid, the 50 % mark line, canvas), so the bundle
 * carries no tooltip, legend or data-zoom code: the wall has no pointer, and legends are plain HTML beside the
 * chart where they scale and translate like every other label.
 */
use([LineChart, BarChart, GridSimpleComponent, MarkLineComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | MarkLineComponentOption
>;

export { init };

/** Colours and sizes a chart takes from the screen: the theme's palette and the root font size in px. */
export interface ChartLook {
  text: string;
  muted: string;
  line: string;
  accent: string;
  reference: string;
  /** 1 rem in px, so chart text scales with the screen like the rest of the wall. */
  rem: number;
}
