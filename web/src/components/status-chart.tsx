import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'react';

// Only what the two charts use, so the bundle carries no more of Chart.js than that.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
  DoughnutController,
  ArcElement,
);

/**
 * A Chart.js chart on a canvas, updated in place when its data changes (the dashboard refreshes
 * live), with the numbers also in a table for screen readers and keyboard users.
 */
export function ChartCanvas({ config, label }: { config: ChartConfiguration; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, config);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
    // Made once, with the first config; the effect below updates it in place.
  }, []);
  useEffect(() => {
    if (!chart.current) return;
    chart.current.data = config.data;
    chart.current.update('none');
  }, [config]);
  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}

/** Status colours chosen to stay apart for the common colour-vision deficiencies (Okabe–Ito). */
export const STATUS_COLOURS: Record<string, string> = {
  PAID: '#009E73',
  APPROVED: '#56B4E9',
  REJECTED: '#D55E00',
  IN_REVIEW: '#E69F00',
  FAILED: '#CC79A7',
  WAITING_FOR_INFO: '#F0E442',
  APPEALED: '#0072B2',
  OTHER: '#999999',
};
