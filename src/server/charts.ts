/**
 * The dashboard's charts, made on the server: no script, nothing fetched, and they print. The
 * marks are SVG stretched to the width of the screen (`preserveAspectRatio="none"`, strokes that
 * do not scale), the words around them (axes, group names) are HTML text, so that a chart reads
 * as well at 320 px as at 1280. Each chart is one image named by a sentence that says what it
 * shows and that the table under it has the numbers. Colours come from the stylesheet by class
 * (`s0`… for the choices, `c0`… for the categories, each also with its own dash pattern), so
 * that light and dark themes apply.
 */
import { escapeHtml as e } from './html';

/** A plot's height in its own units, and each slot's width. */
const HEIGHT = 100;
const SLOT = 10;
const round = (value: number) => Math.round(value * 100) / 100;

/** The smallest of 1, 2, 5 × 10ⁿ at or above `value` (at least 1): the axis's top. */
function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((top) => top >= value) ?? 10 * power;
}

/** The first, middle and last labels (those there are), spread under the plot. */
function xAxis(labels: string[]): string {
  const shown = [...new Set([0, Math.floor((labels.length - 1) / 2), labels.length - 1])].filter((index) => index >= 0);
  return `<div class="x-axis" aria-hidden="true">${shown.map((index) => `<span>${e(labels[index] ?? '')}</span>`).join('')}</div>`;
}

/** A plot over time: the axis's labels from top to bottom, the marks in a `slots`-wide SVG, the slots' labels under it. */
function timeChart(name: string, ticks: string[], slots: string[], marks: string): string {
  const width = Math.max(1, slots.length) * SLOT;
  const grid = [0, HEIGHT / 2, HEIGHT].map((y) => `<line class="grid" x1="0" x2="${width}" y1="${y}" y2="${y}"/>`).join('');
  return `<div class="time-chart" role="img" aria-label="${e(name)}">
<div class="y-axis" aria-hidden="true">${ticks.map((tick) => `<span>${e(tick)}</span>`).join('')}</div>
<svg class="plot" viewBox="0 0 ${width} ${HEIGHT}" preserveAspectRatio="none" aria-hidden="true">${grid}${marks}</svg>
${xAxis(slots)}
</div>`;
}

export interface Slot {
  label: string;
  /** One value per series, in the series' order (`s0`, `s1`…). */
  values: number[];
}

/** Bars over time, each stacked from the first series up; `format` writes the axis's numbers. */
export function stackedBars(name: string, slots: Slot[], format: (value: number) => string): string {
  const top = niceMax(Math.max(0, ...slots.map((slot) => slot.values.reduce((a, b) => a + b, 0))));
  const bars = slots
    .map(({ values }, index) => {
      let base = HEIGHT;
      return values
        .map((value, series) => {
          if (!value) return '';
          const size = (value / top) * HEIGHT;
          base -= size;
          return `<rect class="s${series}" x="${index * SLOT + 1.5}" y="${round(base)}" width="${SLOT - 3}" height="${round(size)}"/>`;
        })
        .join('');
    })
    .join('');
  return timeChart(name, [top, top / 2, 0].map(format), slots.map((slot) => slot.label), bars);
}

/**
 * Lines of shares (0 to 1) over time, one per series. A slot without a value (no decision names
 * that category then) breaks the line; a lone value is a dot (a line of no length, round-capped).
 */
export function shareLines(name: string, labels: string[], series: (number | null)[][], percent: (value: number) => string): string {
  const point = (index: number, share: number) => `${index * SLOT + SLOT / 2},${round(HEIGHT - share * HEIGHT)}`;
  const lines = series
    .map((shares, number) => {
      const runs: string[][] = [[]];
      shares.forEach((share, index) => {
        if (share === null) runs.push([]);
        else runs.at(-1)?.push(point(index, share));
      });
      return runs
        .filter((run) => run.length)
        .map((run) => `<polyline class="c${number}" points="${(run.length === 1 ? [...run, ...run] : run).join(' ')}"/>`)
        .join('');
    })
    .join('');
  return timeChart(name, [1, 0.5, 0].map(percent), labels, lines);
}

/** One bar per group across the whole width, split by the series' shares, its name above it. */
export function shareBars(name: string, groups: Slot[]): string {
  const rows = groups.map(({ label, values }) => {
    const total = values.reduce((a, b) => a + b, 0) || 1;
    let x = 0;
    const parts = values.map((value, series) => {
      const size = (value / total) * 1000;
      const part = value ? `<rect class="s${series}" x="${round(x)}" y="0" width="${round(size)}" height="10"/>` : '';
      x += size;
      return part;
    });
    return `<div class="bar"><span>${e(label)}</span><svg viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true">${parts.join('')}</svg></div>`;
  });
  return `<div class="bars" role="img" aria-label="${e(name)}">${rows.join('')}</div>`;
}
