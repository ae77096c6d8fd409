import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DailySales } from '#shared/contract';
import { localMidnight } from '#shared/local-day';
import { formatMoney, minorDigits } from '#shared/money';
import { chartRange, DAY_STEPS, dayInFull, tickLabels } from './daily-chart-labels';

const HEIGHT = 180;
const HALF_DAY = 43_200;
/** Both axes' font (uPlot's default, shorter): named, so that the amounts' labels are measured in what they are drawn. */
const AXIS_FONT = '12px system-ui, sans-serif';
/** The amounts' axis: its tick marks (uPlot's default 10 px), the gap to the labels (5 px), and a little air. */
const AXIS_TICKS_AND_GAP = 10 + 5 + 4;

/** Local midnight of a YYYY-MM-DD day, in seconds (uPlot's time scale). */
const secondsOf = (day: string) => localMidnight(day) / 1000;

let measuring: CanvasRenderingContext2D | null = null;
/** Width of the widest label in AXIS_FONT, on a canvas of its own: uPlot skips setting a font it thinks is set. */
function widest(labels: readonly string[]): number {
  measuring ??= document.createElement('canvas').getContext('2d');
  if (!measuring) return 0;
  measuring.font = AXIS_FONT;
  return Math.max(0, ...labels.map((label) => measuring!.measureText(label).width));
}

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
    const days = daily.days.map((d) => secondsOf(d.day));
    const data: uPlot.AlignedData = [days, daily.days.map((d) => d.net / perMajor)];
    // Half a day either side of the first and last days, so that their bars are whole. Taken from the days, not the
    // range uPlot proposes: for a single day it proposes 86,400,000 seconds (1,000 days) of axis.
    const xRange: uPlot.Range.Function = () => [days[0]! - HALF_DAY, days.at(-1)! + HALF_DAY];
    const chart = new uPlot(
      {
        width: element.clientWidth,
        height: HEIGHT,
        legend: { show: false },
        cursor: { y: false },
        scales: {
          x: { time: true, range: xRange },
          y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max * 1.1)] },
        },
        axes: [
          // Ticks on local midnights only, a day or more apart: one label per day, under its bar.
          {
            font: AXIS_FONT,
            incrs: DAY_STEPS,
            space: 60, // px from tick to tick at least: room for "Nov 28" or "Jan 2026" and a gap
            values: (_u, ticks, _axis, _space, step) => tickLabels(ticks, step),
          },
          {
            font: AXIS_FONT,
            values: (_u, ticks) => ticks.map(axisMoney),
            // As wide as its widest label ("$10,000.00"), so that none is cut at the chart's edge.
            size: (_u, labels) => Math.ceil(widest(labels ?? [axisMoney(0)])) + AXIS_TICKS_AND_GAP,
          },
        ],
        series: [
          { value: (_u, t) => (t == null ? '' : dayInFull.format(t * 1000)) },
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
        {first && last && ` · ${chartRange(first.day, last.day)}`}
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
              <td>{dayInFull.format(localMidnight(d.day))}</td>
              <td>{d.charged}</td>
              <td>{money(d.net)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
