import { useId } from 'react';
import { binLabel, describeBins, niceStep, type Bin } from './histogram';

interface HistogramProps {
  title: string;
  bins: readonly Bin[];
  xLabel: string;
  yLabel?: string;
  /** How an edge reads on the axis and in the text alternative. */
  format?: (n: number) => string;
  /** Said instead of the chart when there is nothing to count. */
  empty: string;
  /** A sentence under the chart: the mean, how many replays it counts. */
  caption?: string;
}

// The drawing's own units; the SVG scales to its box.
const WIDTH = 480;
const HEIGHT = 220;
// Room on the right for half of the last edge's label, centred on the axis's end.
const MARGIN = { top: 12, right: 26, bottom: 46, left: 44 };

/** Up to `ticks` round counts from 0 to at least `max`. */
function countTicks(max: number, ticks = 4): number[] {
  const step = Math.max(1, Math.ceil(niceStep(max / ticks)));
  const top = Math.max(step, Math.ceil(max / step) * step);
  return Array.from({ length: top / step + 1 }, (_, i) => i * step);
}

/**
 * A histogram drawn as SVG (no chart library): a bar per bin, counts up the
 * side, the bins' edges along the bottom, both axes titled. Its text
 * alternative names every bin and its count.
 */
export function Histogram({ title, bins, xLabel, yLabel = 'Replays', format = String, empty, caption }: HistogramProps) {
  const id = useId();
  const total = bins.reduce((n, b) => n + b.count, 0);
  const heading = <h3 id={`${id}-title`}>{title}</h3>;
  if (total === 0) {
    return (
      <figure className="batch-chart" aria-labelledby={`${id}-title`}>
        {heading}
        <p className="batch-chart__empty">{empty}</p>
      </figure>
    );
  }

  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const ticks = countTicks(Math.max(...bins.map((b) => b.count)));
  const top = ticks.at(-1)!;
  const barW = plotW / bins.length;
  const y = (count: number) => MARGIN.top + plotH - (count / top) * plotH;
  // Every edge labelled while they fit; past a dozen, every other one.
  const edgeEvery = bins.length > 12 ? 2 : 1;
  const edges = [...bins.map((b) => b.from), bins.at(-1)!.to];
  const description = describeBins(bins, format);

  return (
    <figure className="batch-chart" aria-labelledby={`${id}-title`}>
      {heading}
      <svg className="batch-chart__svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-svg-title ${id}-desc`}>
        <title id={`${id}-svg-title`}>{`${title}: ${total} ${yLabel.toLowerCase()}.`}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line className="batch-chart__grid" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(t)} y2={y(t)} />
            <text className="batch-chart__tick" x={MARGIN.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle">
              {t}
            </text>
          </g>
        ))}
        {bins.map((bin, i) => (
          <rect
            key={i}
            className="batch-chart__bar"
            x={MARGIN.left + i * barW + 1}
            width={Math.max(1, barW - 2)}
            y={y(bin.count)}
            height={MARGIN.top + plotH - y(bin.count)}
          >
            <title>{`${binLabel(bin, format)}: ${bin.count}`}</title>
          </rect>
        ))}
        <line className="batch-chart__axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={MARGIN.top + plotH} y2={MARGIN.top + plotH} />
        {edges.map((edge, i) =>
          i % edgeEvery === 0 ? (
            <text key={i} className="batch-chart__tick" x={MARGIN.left + i * barW} y={MARGIN.top + plotH + 14} textAnchor="middle">
              {format(edge)}
            </text>
          ) : null,
        )}
        <text className="batch-chart__label" x={MARGIN.left + plotW / 2} y={HEIGHT - 6} textAnchor="middle">
          {xLabel}
        </text>
        <text className="batch-chart__label" transform={`translate(12 ${MARGIN.top + plotH / 2}) rotate(-90)`} textAnchor="middle">
          {yLabel}
        </text>
      </svg>
      {caption && <figcaption className="batch-hint">{caption}</figcaption>}
    </figure>
  );
}
