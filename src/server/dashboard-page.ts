/**
 * The dashboard's pages as HTML: the sign-in form, and the figures for a range of days (a
 * summary, decisions over time by choice, each category's grant share over time, and the same by
 * region, language and revision), each chart followed by a table of its numbers. No script and no
 * inline style: the stylesheet is a file the ledger serves, and every text is escaped.
 */
import { shareBars, shareLines, stackedBars, type Slot } from './charts';
import { fill, type DashboardLanguage, type DashboardTexts } from './dashboard-texts';
import { escapeHtml as e } from './html';
import { OTHER, UNKNOWN, type Stats, type StatsGroup } from './stats';

export const DASHBOARD_PATH = '/dashboard';
export const SIGN_OUT_PATH = `${DASHBOARD_PATH}/sign-out`;
export const STYLESHEET_PATH = `${DASHBOARD_PATH}/dashboard.css`;

/** The days shown, both included (`YYYY-MM-DD`, UTC). */
export interface DayRange {
  from: string;
  through: string;
}

export interface Figures {
  /** By day, or by week over long ranges. */
  overTime: Stats;
  /** Every slot of the chart, with or without decisions: the range's days, or its weeks. */
  slots: string[];
  jurisdiction: Stats;
  language: Stats;
  revision: Stats;
}

export interface Page {
  language: DashboardLanguage;
  texts: DashboardTexts;
  /** The range in the form (and, for the figures, the one counted). */
  range: DayRange;
  /** A sentence to show first, as an alert. */
  message?: string | undefined;
}

const CHOICES = ['acceptAll', 'rejectAll', 'custom'] as const;

const query = (values: Record<string, string>) => `?${new URLSearchParams(values).toString()}`;

function layout({ language, texts, range }: Page, body: string, header = ''): string {
  const other = language === 'en' ? 'fr' : 'en';
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${e(texts.title)}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<header class="top">
<h1>${e(texts.title)}</h1>
<nav aria-label="${e(texts.title)}">
<a href="${DASHBOARD_PATH}${e(query({ lang: other, from: range.from, through: range.through }))}" hreflang="${other}" lang="${other}">${e(texts.otherLanguage)}</a>
${header}
</nav>
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

const alert = (message: string | undefined) => (message === undefined ? '' : `<p class="alert" role="alert" id="problem">${e(message)}</p>`);

/** The sign-in form, and nothing of the figures. */
export function signInPage(page: Page, wrong = false): string {
  const { texts, language, range } = page;
  const described = page.message === undefined ? '' : ' aria-describedby="problem"';
  return layout(
    page,
    `<p>${e(texts.signInIntro)}</p>
${alert(page.message)}
<form class="sign-in" method="post" action="${DASHBOARD_PATH}${e(query({ lang: language, from: range.from, through: range.through }))}">
<label for="token">${e(texts.token)}</label>
<input id="token" name="token" type="password" autocomplete="current-password" required spellcheck="false"${wrong ? ' aria-invalid="true"' : ''}${described}>
<button type="submit">${e(texts.signIn)}</button>
</form>`,
  );
}

interface Formats {
  count: (value: number) => string;
  percent: (value: number) => string;
}

const formats = (language: DashboardLanguage): Formats => {
  const count = new Intl.NumberFormat(language);
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
  return { count: (value) => count.format(value), percent: (value) => percent.format(value) };
};

/** `12 (40 %)`: a count and its share of `of`. */
const share = (f: Formats, count: number, of: number) => `${f.count(count)} (${f.percent(of ? count / of : 0)})`;

/** A code with its name where the runtime knows one (`French (fr)`), for languages and regions. */
function named(code: string, type: 'language' | 'region', language: DashboardLanguage): string {
  try {
    const name = new Intl.DisplayNames([language], { type, fallback: 'none' }).of(code);
    return name ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

function groupLabel(key: string, by: Stats['by'], { texts, language }: Page): string {
  if (key === OTHER) return texts.other;
  if (key === UNKNOWN) return texts.unknown;
  if (by === 'jurisdiction') return key === '*' ? texts.anyRegion : named(key, 'region', language);
  if (by === 'language') return named(key, 'language', language);
  return key;
}

const legend = (texts: DashboardTexts) =>
  `<ul class="legend">${CHOICES.map((choice, index) => `<li><span class="swatch s${index}" aria-hidden="true"></span>${e(texts[choice])}</li>`).join('')}</ul>`;

const categoryLegend = (categories: string[]) =>
  `<ul class="legend">${categories
    .map((id, index) => `<li><svg class="key" viewBox="0 0 28 10" aria-hidden="true"><line class="c${index}" x1="1" y1="5" x2="27" y2="5"/></svg>${e(id)}</li>`)
    .join('')}</ul>`;

/** A table in a region that scrolls sideways on a narrow screen, and can be scrolled with the keyboard. */
const table = (id: string, caption: string, head: string[], rows: string[][], foot?: string[]) =>
  `<div class="scroll" role="region" aria-labelledby="${id}" tabindex="0"><table>
<caption id="${id}">${e(caption)}</caption>
<thead><tr>${head.map((cell, index) => `<th scope="col"${index ? ' class="number"' : ''}>${e(cell)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((row) => `<tr>${row.map((cell, index) => (index ? `<td class="number">${e(cell)}</td>` : `<th scope="row">${e(cell)}</th>`)).join('')}</tr>`).join('\n')}</tbody>
${foot ? `<tfoot><tr>${foot.map((cell, index) => (index ? `<td class="number">${e(cell)}</td>` : `<th scope="row">${e(cell)}</th>`)).join('')}</tr></tfoot>` : ''}
</table></div>`;

const categoriesOf = (stats: Stats) => [...new Set(stats.groups.flatMap((group) => Object.keys(group.granted)))].sort();

const grantCells = (f: Formats, group: StatsGroup, categories: string[]) =>
  categories.map((id) => (group.granted[id] === undefined ? '–' : share(f, group.granted[id], group.decisions)));

const choiceCells = (f: Formats, group: StatsGroup) => CHOICES.map((choice) => share(f, group[choice], group.decisions));

function totals(groups: StatsGroup[]): StatsGroup {
  const sum: StatsGroup = { key: '', decisions: 0, acceptAll: 0, rejectAll: 0, custom: 0, granted: {} };
  for (const group of groups) {
    sum.decisions += group.decisions;
    for (const choice of CHOICES) sum[choice] += group[choice];
  }
  return sum;
}

function overTimeSection(page: Page, f: Formats, { overTime, slots }: Figures): string {
  const { texts } = page;
  const weekly = overTime.by === 'week';
  const byKey = new Map(overTime.groups.map((group) => [group.key, group]));
  const bars: Slot[] = slots.map((label) => {
    const group = byKey.get(label);
    return { label, values: CHOICES.map((choice) => group?.[choice] ?? 0) };
  });
  const sum = totals(overTime.groups);
  return `<section aria-labelledby="over-time">
<h2 id="over-time">${e(weekly ? texts.perWeek : texts.perDay)}</h2>
<figure>${stackedBars(weekly ? texts.perWeekChart : texts.perDayChart, bars, f.count)}
<figcaption>${legend(texts)}</figcaption></figure>
${table(
  'over-time-numbers',
  fill(texts.numbers, { title: weekly ? texts.perWeek : texts.perDay }),
  [weekly ? texts.week : texts.day, texts.decisions, texts.acceptAll, texts.rejectAll, texts.custom],
  overTime.groups.map((group) => [group.key, f.count(group.decisions), ...choiceCells(f, group)]),
  [texts.total, f.count(sum.decisions), ...choiceCells(f, sum)],
)}
</section>`;
}

function grantsSection(page: Page, f: Formats, { overTime, slots }: Figures): string {
  const { texts } = page;
  const categories = categoriesOf(overTime);
  const byKey = new Map(overTime.groups.map((group) => [group.key, group]));
  const series = categories.map((id) =>
    slots.map((label) => {
      const group = byKey.get(label);
      const granted = group?.granted[id];
      return group && granted !== undefined ? granted / group.decisions : null;
    }),
  );
  return `<section aria-labelledby="grants">
<h2 id="grants">${e(texts.grants)}</h2>
<figure>${shareLines(texts.grantsChart, slots, series, f.percent)}
<figcaption>${categoryLegend(categories)}</figcaption></figure>
<p class="note">${e(texts.grantsNote)}</p>
${table(
  'grants-numbers',
  fill(texts.numbers, { title: texts.grants }),
  [overTime.by === 'week' ? texts.week : texts.day, texts.decisions, ...categories],
  overTime.groups.map((group) => [group.key, f.count(group.decisions), ...grantCells(f, group, categories)]),
)}
</section>`;
}

function groupSection(page: Page, f: Formats, stats: Stats, id: string, title: string, column: string): string {
  const { texts } = page;
  const categories = categoriesOf(stats);
  const labelled = stats.groups.map((group) => ({ group, label: groupLabel(group.key, stats.by, page) }));
  return `<section aria-labelledby="${id}">
<h2 id="${id}">${e(title)}</h2>
<figure>${shareBars(texts.groupChart, labelled.map(({ group, label }) => ({ label, values: CHOICES.map((choice) => group[choice]) })))}
<figcaption>${legend(texts)}</figcaption></figure>
${table(
  `${id}-numbers`,
  fill(texts.numbers, { title }),
  [column, texts.decisions, texts.acceptAll, texts.rejectAll, texts.custom, ...categories],
  labelled.map(({ group, label }) => [label, f.count(group.decisions), ...choiceCells(f, group), ...grantCells(f, group, categories)]),
)}
</section>`;
}

function rangeForm({ texts, language, range }: Page): string {
  return `<form class="range" method="get" action="${DASHBOARD_PATH}">
<input type="hidden" name="lang" value="${language}">
<div><label for="from">${e(texts.from)}</label> <input id="from" name="from" type="date" value="${e(range.from)}" required></div>
<div><label for="through">${e(texts.through)}</label> <input id="through" name="through" type="date" value="${e(range.through)}" required></div>
<button type="submit">${e(texts.show)}</button>
</form>`;
}

/** The figures for the page's range, or only the range form and the message when there are none to show. */
export function dashboardPage(page: Page, figures: Figures | undefined): string {
  const { texts } = page;
  const signOut = `<form method="post" action="${SIGN_OUT_PATH}"><button type="submit">${e(texts.signOut)}</button></form>`;
  const head = `${alert(page.message)}${rangeForm(page)}
<p class="note">${e(texts.rangeNote)}</p>`;
  if (!figures) return layout(page, head, signOut);
  const f = formats(page.language);
  const sum = totals(figures.overTime.groups);
  const summary = `<section aria-labelledby="summary">
<h2 id="summary">${e(fill(texts.summary, { from: page.range.from, through: page.range.through }))}</h2>
<dl class="totals">
<div><dt>${e(texts.decisions)}</dt><dd>${e(f.count(sum.decisions))}</dd></div>
${CHOICES.map((choice) => `<div><dt>${e(texts[choice])}</dt><dd>${e(share(f, sum[choice], sum.decisions))}</dd></div>`).join('\n')}
</dl>
</section>`;
  if (!sum.decisions) return layout(page, `${head}\n${summary}\n<p>${e(texts.none)}</p>`, signOut);
  return layout(
    page,
    [
      head,
      summary,
      overTimeSection(page, f, figures),
      grantsSection(page, f, figures),
      groupSection(page, f, figures.jurisdiction, 'by-jurisdiction', texts.byJurisdiction, texts.jurisdiction),
      groupSection(page, f, figures.language, 'by-language', texts.byLanguage, texts.language),
      groupSection(page, f, figures.revision, 'by-revision', texts.byRevision, texts.revision),
    ].join('\n'),
    signOut,
  );
}

/** A page that says one thing (too many requests, the store unavailable). */
export const messagePage = (page: Page, message: string): string => layout(page, alert(message));
