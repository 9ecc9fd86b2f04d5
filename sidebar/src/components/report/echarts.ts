/**
 * ECharts with only what the trend chart draws: a line series on a grid with an axis tooltip,
 * rendered to canvas. Importing `echarts/charts` or `echarts/components` whole would pull in
 * every chart type and component (~1 MB) instead.
 */
import { init, use } from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

export { init };
