import type { Action } from 'svelte/action';
import { init } from './echarts.js';
import type { ChartOption } from './echarts.js';

/**
 * A live chart redrawn at most 4 times a second: a checkpoint burst brings tens of updates a second, and
 * redrawing each would spend the main thread on frames nobody can read from across the room.
 */
export const CHART_MIN_INTERVAL_MS = 250;

/**
 * `use:chart={option}`: creates the ECharts instance, feeds it new options, resizes it with its box, disposes it.
 * `data-chart-pending` is "true" while a newer option waits for its turn (the wall's ready check waits for it).
 */
export const chart: Action<HTMLElement, ChartOption> = (node, first) => {
  const instance = init(node, null, { renderer: 'canvas' });
  let pending: ChartOption | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // The first draw (usually before any data) does not hold back the first update.
  let last = -Infinity;

  const draw = (option: ChartOption) => {
    // The option describes the whole chart; replacing series keeps removed ones from lingering.
    instance.setOption(option, { replaceMerge: ['series'] });
  };
  const flush = () => {
    timer = null;
    last = performance.now();
    if (pending) draw(pending);
    pending = null;
    node.dataset.chartPending = 'false';
  };

  draw(first);
  node.dataset.chartReady = 'true';
  node.dataset.chartPending = 'false';
  const resize = new ResizeObserver(() => instance.resize());
  resize.observe(node);

  return {
    update(option) {
      pending = option;
      node.dataset.chartPending = 'true';
      const wait = CHART_MIN_INTERVAL_MS - (performance.now() - last);
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    },
    destroy() {
      if (timer) clearTimeout(timer);
      resize.disconnect();
      instance.dispose();
    },
  };
};
