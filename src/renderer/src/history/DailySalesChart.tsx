import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DailySales } from '#shared/contract';
import { localMidnight } from '#shared/local-day';
import { formatMoney, minorDigits } from '#shared/money';

const HEIGHT = 180;
const dayLabel = new Intl.DateTimeFormat('en-CA', { month: 'short', day: 'numeric' });
const dayName = new Intl.DateTimeFormat('en-CA', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });

/** Local midnight of a YYYY-MM-DD day, in seconds (uPlot's time scale). */
const secondsOf = (day: string) => localMidnight(day) / 1000;

/**
 * Net sales per day as bars (uPlot: a small canvas chart that redraws fast). The same figures are in a table for
 * screen readers, since a canvas says nothing to them.
 */
export function DailySalesChart({ daily }: { daily: DailySales }) {
  const box = useRef<HTMLDivElement>(null);
  const money = (minor: number) => formatMoney(minor, daily.currency);

  useEffect(() => {
    const element = box.current;
    if (!element || daily.days.length === 0) return;
    // The chart draws major units (dollars); its axis labels go back to exact minor units for formatting.
    const perMajor = 10 ** minorDigits(daily.currency);
    const axisMoney = (major: number) => formatMoney(Math.round(major * perMajor), daily.currency);
    const data: uPlot.AlignedData = [daily.days.map((d) => secondsOf(d.day)), daily.days.map((d) => d.net / perMajor)];
    const chart = new uPlot(
      {
        width: element.clientWidth,
        height: HEIGHT,
        legend: { show: false },
        cursor: { y: false },
        scales: {
          // Half a day either side, so that the first and last bars are whole.
          x: { time: true, range: (_u, min, max) => [min - 43_200, max + 43_200] },
          y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max * 1.1)] },
        },
        axes: [
          { values: (_u, ticks) => ticks.map((t) => dayLabel.format(t * 1000)) },
          { values: (_u, ticks) => ticks.map(axisMoney), size: 80 },
        ],
        series: [
          { value: (_u, t) => (t == null ? '' : dayName.format(t * 1000)) },
          {
            label: 'Net sales',
            fill: '#0b5cad',
            width: 0, // no outline: a day without sales shows no bar at all
            paths: uPlot.paths.bars!({ size: [0.7, 40] }),
            points: { show: false },
          },
        ],
      },
      data,
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [daily]);

  const first = daily.days[0];
  const last = daily.days.at(-1);
  return (
    <figure className="daily-chart">
      <figcaption>
        Net sales by day
        {first &&
          last &&
          ` · ${dayLabel.format(secondsOf(first.day) * 1000)} – ${dayName.format(secondsOf(last.day) * 1000)}`}
      </figcaption>
      <div ref={box} aria-hidden="true" />
      <table className="visually-hidden" aria-label="Net sales by day">
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Charged orders</th>
            <th scope="col">Net</th>
          </tr>
        </thead>
        <tbody>
          {daily.days.map((d) => (
            <tr key={d.day}>
              <td>{dayName.format(secondsOf(d.day) * 1000)}</td>
              <td>{d.charged}</td>
              <td>{money(d.net)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
