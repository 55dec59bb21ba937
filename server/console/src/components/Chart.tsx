import { BarController, BarElement, CategoryScale, Chart as ChartJs, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import { go } from '../router.js';

ChartJs.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
}

/**
 * A bar or line chart (Chart.js) whose bars lead somewhere: a click on one opens `links[i]`, and
 * the same links are listed under the chart for keyboards and screen readers.
 */
export function Chart({ title, kind = 'bar', labels, series, links, max, linkText }: {
  title: string;
  kind?: 'bar' | 'line';
  labels: string[];
  series: Series[];
  links: (string | null)[];
  max?: number;
  /** The text of each bucket's link under the chart. */
  linkText(i: number): string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartJs | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new ChartJs(canvas.current, {
      type: kind,
      data: { labels, datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color, borderColor: s.color })) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: series.length > 1 } },
        scales: { y: { beginAtZero: true, ...(max !== undefined ? { max } : {}), ticks: { precision: 0 } } },
        onClick: (_event, elements) => {
          const link = elements[0] ? links[elements[0].index] : null;
          if (link) go(link);
        },
        onHover: (event, elements) => {
          const target = event.native?.target as HTMLElement | undefined;
          if (target) target.style.cursor = elements.length && links[elements[0]!.index] ? 'pointer' : 'default';
        },
      },
    });
    return () => chart.current?.destroy();
  }, [kind, JSON.stringify(labels), JSON.stringify(series), JSON.stringify(links), max]);
  return (
    <figure className="card chart" aria-label={title}>
      <h2>{title}</h2>
      <div className="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={`${title} (chart)`} />
      </div>
      <details>
        <summary>As a list</summary>
        <ul>
          {labels.map((label, i) => (
            <li key={label}>{links[i] ? <a href={`#/${links[i]}`}>{linkText(i)}</a> : linkText(i)}</li>
          ))}
        </ul>
      </details>
    </figure>
  );
}
