// The custom ECharts bundle of the dashboards: only the charts and components they use.
// Build: see README.md in this folder.
import * as echarts from "echarts/core";
import { BarChart, LineChart, GraphChart, ScatterChart, PieChart, GaugeChart } from "echarts/charts";
import {
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  DatasetComponent,
  MarkLineComponent,
  VisualMapComponent,
  GraphicComponent,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  LineChart,
  GraphChart,
  ScatterChart,
  PieChart,
  GaugeChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  DatasetComponent,
  MarkLineComponent,
  VisualMapComponent,
  GraphicComponent,
  CanvasRenderer,
]);

window.echarts = echarts;
