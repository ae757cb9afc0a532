import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, init, use, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useShownPixelRatio } from '../shared/shownPixelRatio.ts';

use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, CanvasRenderer]);

/**
 * One ECharts instance per panel for the page's lifetime: created once, updated with setOption,
 * resized with its box, disposed on unmount — a wall runs for days without growing. It is drawn
 * at the pixels the screen shows (ShownPixelRatio); ECharts takes that only when created, so a
 * change of it (the window resized) creates the chart again with the option it showed.
 */
export function useEChart(option: EChartsCoreOption) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const shown = useRef(option);
  const pixelRatio = useShownPixelRatio();

  useEffect(() => {
    const instance = init(box.current!, undefined, { renderer: 'canvas', ...(pixelRatio ? { devicePixelRatio: pixelRatio } : {}) });
    chart.current = instance;
    instance.setOption(shown.current);
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [pixelRatio]);

  useEffect(() => {
    shown.current = option;
    chart.current?.setOption(option, { notMerge: false, lazyUpdate: true });
  }, [option]);

  return box;
}
