/**
 * report.md: what the scan could not see, then the leaks, then what the configuration and the scan
 * disagree on, then each visit's findings.
 */
import type { Catalogue } from './catalogue';
import { code, cell, table } from './markdown';
import type { Classification, Report, VisitReport } from './report';
import { allVisits, unreachableVendors } from './report';
import type { Cause, SetBy, VisitName } from './types';
import { VISITS } from './types';

const VISIT_TITLES: Record<VisitName, string> = {
  none: 'No decision',
  accept: 'After Accept all',
  reject: 'After Reject all',
};

const setBy = (s: SetBy): string => (s.url ? `${s.kind} ${s.url}` : 'unknown');

/**
 * A leak's cause in words: `<script src="…"> (line 7 of https://…)`, `script https://… (line 3)`,
 * `response https://…`; `tag` formats an element's start tag (as code in Markdown, where raw HTML
 * would be dropped).
 */
export function causeInWords(cause: Cause | null, tag: (text: string) => string = (text) => text): string {
  if (!cause) return 'not said by the browser';
  const line = cause.line === null ? '' : `line ${cause.line}`;
  if (cause.kind === 'element') return `${cause.element === null ? 'an element' : tag(cause.element)} (${[line, `of ${cause.url}`].filter(Boolean).join(' ')})`;
  return `${cause.kind} ${cause.url}${line ? ` (${line})` : ''}`;
}

/** A start tag as code, inside a cell that escapes it as a whole. */
const tagAsCode = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** What the scan could not see: pages that failed, vendors it could not reach. Empty when it saw everything. */
function blindSpots(report: Report): string[] {
  const lines: string[] = [];
  const failed = new Map<string, string>();
  for (const visit of allVisits(report)) for (const f of visit.failures) if (!failed.has(f.page)) failed.set(f.page, f.reason);
  if (failed.size)
    lines.push(
      `**${failed.size} page${failed.size === 1 ? '' : 's'} failed** (listed under each visit): ${[...failed].map(([page, reason]) => `${cell(page)} ${cell(reason)}`).join('; ')}.`,
    );
  const vendors = unreachableVendors(report);
  if (vendors.length)
    lines.push(
      `**${vendors.length} third-party host${vendors.length === 1 ? '' : 's'} could not be reached** (${vendors.map(code).join(', ')}): ` +
        'what they would have set is missing, so the cookie table may be incomplete. Scan again from a network that reaches them.',
    );
  return lines;
}

export function reportMarkdown(report: Report, catalogue: Catalogue): string {
  const names = new Map(catalogue.services.map((s) => [s.id, s.name]));
  const service = (item: Pick<Classification, 'service'>) => (item.service ? cell(names.get(item.service) ?? item.service) : 'unclassified');
  const category = (item: Pick<Classification, 'category'>) => item.category ?? '';
  const out: string[] = [];

  const pages = report.visits.none?.pages.length ?? 0;
  out.push(`# Témoin scan of ${report.site}`);
  out.push(
    `Scanned ${report.scannedAt} in ${(report.durationMs / 1000).toFixed(1)} s: ${pages} page${pages === 1 ? '' : 's'} ` +
      `(at most ${report.pagesLimit}). First party: \`${report.firstPartyDomain}\` and its subdomains. ` +
      (report.runsTemoin
        ? 'The site runs Témoin: visited with no decision, after Accept all and after Reject all.'
        : 'The site does not run Témoin (no `window.Temoin`): no decision could be made, so only the no-decision visit was made.'),
  );

  out.push(...blindSpots(report));

  out.push(`## Leaks: ${report.leaks.length}`);
  out.push(
    report.leaks.length
      ? 'Set or requested before a decision or after Reject all, and not strictly necessary:\n\n' +
          table(
            ['Visit', 'Page', 'Kind', 'Name', 'Service', 'Why', 'Caused by'],
            report.leaks.map((l) => [VISIT_TITLES[l.visit], cell(l.page), l.kind, code(l.name), service(l), cell(l.reason), cell(causeInWords(l.cause, tagAsCode))]),
          )
      : 'Nothing leaks: before a decision and after Reject all, the site sets and requests only what is strictly necessary.',
  );

  const unclassified = new Set<string>();
  for (const visit of allVisits(report)) {
    for (const c of visit.cookies) if (c.service === null) unclassified.add(`cookie ${code(c.name)} (${c.domain})`);
    for (const s of visit.storage) if (s.service === null) unclassified.add(`${s.area} ${code(s.key)} (${s.origin})`);
  }
  if (unclassified.size) {
    out.push('## Not in the catalogue');
    out.push(
      'The catalogue does not know these, so they are in no category of consent.json. Those the site writes itself are not ' +
        'counted as leaks; if one is not strictly necessary, add it to a category yourself.\n\n' +
        [...unclassified].sort().map((line) => `- ${line}`).join('\n'),
    );
  }

  if (report.config) {
    const { declaredNotSeen, seenNotDeclared } = report.config;
    out.push('## Your configuration and this scan');
    out.push(
      '### Declared, not seen\n\n' +
        (declaredNotSeen.length
          ? declaredNotSeen.map((d) => `- ${d.kind} ${code(d.pattern)} in \`${d.category}\``).join('\n')
          : 'Everything the configuration declares was seen.'),
    );
    out.push(
      '### Seen, not declared\n\n' +
        (seenNotDeclared.length
          ? seenNotDeclared.map((s) => `- ${s.kind} ${code(s.name)}: ${s.category ? `${s.category} (${service(s)})` : 'unclassified'}`).join('\n')
          : 'Everything seen is declared.'),
    );
  }

  for (const name of VISITS) {
    const visit = report.visits[name];
    if (visit) out.push(visitSection(VISIT_TITLES[name], visit, service, category));
  }
  return `${out.join('\n\n')}\n`;
}

function visitSection(
  title: string,
  visit: VisitReport,
  service: (item: Pick<Classification, 'service'>) => string,
  category: (item: Pick<Classification, 'category'>) => string,
): string {
  const parts = [`## ${title}`, `${visit.pages.length} page${visit.pages.length === 1 ? '' : 's'}: ${visit.pages.map(cell).join(', ')}`];
  if (visit.failures.length) parts.push(`Pages that failed:\n\n${visit.failures.map((f) => `- ${f.page}: ${cell(f.reason)}`).join('\n')}`);
  parts.push(
    `### Cookies: ${visit.cookies.length}`,
    visit.cookies.length
      ? table(
          ['Name', 'Domain', 'Path', 'Expires', 'Party', 'Set by', 'Service', 'Category', 'First seen on'],
          visit.cookies.map((c) => [
            code(c.name),
            cell(c.domain),
            cell(c.path),
            c.expires ?? 'session',
            c.firstParty ? 'first' : 'third',
            cell(setBy(c.setBy)),
            service(c),
            category(c),
            cell(c.page),
          ]),
        )
      : 'None.',
    `### Storage: ${visit.storage.length}`,
    visit.storage.length
      ? table(
          ['Area', 'Key', 'Origin', 'Set by', 'Service', 'Category', 'First seen on'],
          visit.storage.map((s) => [s.area, code(s.key), cell(s.origin), cell(setBy(s.setBy)), service(s), category(s), cell(s.page)]),
        )
      : 'None.',
    `### Third-party hosts: ${visit.hosts.length}`,
    visit.hosts.length
      ? table(
          ['Host', 'Service', 'Category', 'First request', 'On page', 'Caused by'],
          visit.hosts.map((h) => [cell(h.host), service(h), category(h), cell(h.url), cell(h.page), cell(causeInWords(h.cause, tagAsCode))]),
        )
      : 'None.',
  );
  if (visit.unreachable.length)
    parts.push(
      `### Could not be reached: ${visit.unreachable.length}`,
      table(
        ['Host', 'Service', 'Error', 'First request', 'On page'],
        visit.unreachable.map((u) => [cell(u.host), service(u), cell(u.error), cell(u.url), cell(u.page)]),
      ),
    );
  return parts.join('\n\n');
}
