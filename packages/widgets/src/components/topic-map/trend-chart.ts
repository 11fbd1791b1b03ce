import { svg, type TemplateResult } from 'lit';
import { lowestCount, type TrendPoint } from './frequency-view.js';

/** How the chart names a point and its count, in the widget's language. */
export interface TrendWording {
  /** A period's name. */
  period(point: TrendPoint): string;
  /** A point's count as read ("12", "fewer than 5"). */
  count(point: TrendPoint): string;
  /** Persian reads right to left: the first period stands at the right. */
  rtl: boolean;
}

const WIDTH = 320;
const HEIGHT = 96;
const GAP = 2;

/**
 * A small bar chart of a topic over the periods. A suppressed period is a hatched bar of the least
 * height it can stand for, never an empty one; each bar carries its period and count as a title.
 */
export function trendChart(points: readonly TrendPoint[], wording: TrendWording): TemplateResult {
  const max = Math.max(1, ...points.map((p) => lowestCount(p.tally)));
  const slot = points.length > 0 ? WIDTH / points.length : WIDTH;
  const barWidth = Math.max(1, slot - GAP);
  return svg`<svg class="trend-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <line class="axis" x1="0" x2=${WIDTH} y1=${HEIGHT - 0.5} y2=${HEIGHT - 0.5}></line>
    ${points.map((point, i) => {
      const value = lowestCount(point.tally);
      const height = value === 0 ? 0 : Math.max(2, (value / max) * (HEIGHT - 4));
      const x = (wording.rtl ? points.length - 1 - i : i) * slot + GAP / 2;
      const onlySuppressed = point.tally.suppressed > 0 && point.tally.known === 0;
      return svg`<rect class=${onlySuppressed ? 'bar suppressed' : 'bar'} data-period=${point.period.period} x=${x} y=${HEIGHT - height} width=${barWidth} height=${height}><title>${wording.period(point)}: ${wording.count(point)}</title></rect>`;
    })}
  </svg>`;
}
