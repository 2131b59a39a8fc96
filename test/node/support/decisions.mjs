/**
 * A known set of decisions for the insights tests (the `temoin stats` command, `/stats`, the
 * dashboard in Chromium, on either store), and what they must count, worked out by hand: 17
 * decisions on three days of two ISO weeks, from three regions and one record without a region,
 * in English and French, under revisions 1 and 2 (revision 2 adds the category `third-party`),
 * with the day's first and last milliseconds at the edges.
 */
import { randomUUID } from 'node:crypto';

const REVISION_CATEGORIES = { 1: ['necessary', 'performance', 'advertising'], 2: ['necessary', 'performance', 'advertising', 'third-party'] };

/** A proof as Témoin sends it; `granted` for a custom choice (the rest of the revision's categories are refused). */
function decision(method, { revision, language, jurisdiction, model, granted }) {
  const all = REVISION_CATEGORIES[revision];
  const grants = method === 'accept-all' ? all : method === 'reject-all' ? ['necessary'] : granted;
  return {
    v: 1,
    id: randomUUID(),
    revision,
    granted: grants,
    refused: all.filter((id) => !grants.includes(id)),
    method,
    language,
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    url: 'https://www.example.com/fr/tarifs',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) TemoinTestBrowser/1.0',
    ...(jurisdiction && { jurisdiction, model }),
  };
}

const times = (count, make) => Array.from({ length: count }, make);
const EU_FR_1 = { revision: 1, language: 'fr', jurisdiction: 'EU', model: 'opt-in' };
const US_EN_1 = { revision: 1, language: 'en', jurisdiction: 'US', model: 'opt-out' };

/** The decisions, as `backdate` takes them: what arrived at each moment. */
export const moments = () => [
  {
    receivedAt: '2026-11-02T09:00:00.000Z',
    records: [...times(3, () => decision('accept-all', EU_FR_1)), ...times(2, () => decision('reject-all', EU_FR_1)), decision('accept-all', US_EN_1)],
  },
  {
    receivedAt: '2026-11-02T23:59:59.999Z',
    records: [decision('custom', { ...EU_FR_1, language: 'en', granted: ['necessary', 'performance'] })],
  },
  {
    receivedAt: '2026-11-03T00:00:00.000Z',
    records: [
      ...times(2, () => decision('custom', { ...EU_FR_1, revision: 2, granted: ['necessary', 'advertising'] })),
      ...times(2, () => decision('reject-all', { ...US_EN_1, revision: 2 })),
      // A record from before regions: no jurisdiction, no model.
      decision('accept-all', { revision: 2, language: 'en' }),
    ],
  },
  {
    receivedAt: '2026-11-09T12:00:00.000Z',
    records: [
      ...times(4, () => decision('accept-all', { revision: 2, language: 'fr', jurisdiction: 'CA-QC', model: 'opt-in' })),
      decision('reject-all', { revision: 2, language: 'en', jurisdiction: 'CA-QC', model: 'opt-in' }),
    ],
  },
];

const group = (key, decisions, acceptAll, rejectAll, custom, granted) => ({ key, decisions, acceptAll, rejectAll, custom, granted });
const g3 = (necessary, performance, advertising) => ({ advertising, necessary, performance });
const g4 = (necessary, performance, advertising, thirdParty) => ({ advertising, necessary, performance, 'third-party': thirdParty });
/** The records of the US (3) and the one without a region: merged, each group being under 5. */
const OTHER = group('other', 4, 2, 2, 0, g4(4, 2, 2, 1));

/** What `temoin stats --by <key> --format json` answers for the whole ledger. */
export const EXPECTED = {
  day: [group('2026-11-02', 7, 4, 2, 1, g3(7, 5, 4)), group('2026-11-03', 5, 1, 2, 2, g4(5, 1, 3, 1)), group('2026-11-09', 5, 4, 1, 0, g4(5, 4, 4, 4))],
  week: [group('2026-W45', 12, 5, 4, 3, g4(12, 6, 7, 1)), group('2026-W46', 5, 4, 1, 0, g4(5, 4, 4, 4))],
  jurisdiction: [group('CA-QC', 5, 4, 1, 0, g4(5, 4, 4, 4)), group('EU', 8, 3, 2, 3, g4(8, 4, 5, 0)), OTHER],
  language: [group('en', 6, 2, 3, 1, g4(6, 3, 2, 1)), group('fr', 11, 7, 2, 2, g4(11, 7, 9, 4))],
  revision: [group('1', 7, 4, 2, 1, g3(7, 5, 4)), group('2', 10, 5, 3, 2, g4(10, 5, 7, 5))],
  model: [group('opt-in', 13, 7, 3, 3, g4(13, 8, 9, 4)), OTHER],
};

/** Every decision's consent id, page, browser: what must never leave the server through insights. */
export const personal = (all) => all.flatMap(({ records }) => records.flatMap((record) => [record.id, record.url, record.userAgent]));
