/** The dashboard's words, in English and French. Every text is set as text (escaped), never as markup. */

export const DASHBOARD_LANGUAGES = ['en', 'fr'] as const;
export type DashboardLanguage = (typeof DASHBOARD_LANGUAGES)[number];

const en = {
  title: 'Consent insights',
  otherLanguage: 'Français',
  signInIntro: 'How many visitors accept, refuse or customise, counted from the consent ledger. Enter the dashboard token to see the figures.',
  token: 'Dashboard token',
  signIn: 'Sign in',
  signOut: 'Sign out',
  wrongToken: 'That is not the dashboard token.',
  tooManyTries: 'Too many requests from your address: try again in {seconds} s.',
  notSameOrigin: 'This form must be sent from the dashboard’s own page: reload it and try again.',
  unavailable: 'The ledger’s store cannot be read now: try again in a moment.',
  from: 'From',
  through: 'Through',
  show: 'Show',
  rangeNote:
    'Days are UTC. A decision is one choice the ledger received: a visitor who changes their mind counts twice, and a visitor who never decides is not counted. Regions, languages and revisions with fewer than 5 decisions are counted together as “Other”, so that no one stands out.',
  summary: 'From {from} through {through}',
  decisions: 'Decisions',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  custom: 'Customised',
  total: 'Total',
  none: 'No decision was received in this range.',
  perDay: 'Decisions per day, by choice',
  perWeek: 'Decisions per week, by choice',
  perDayChart: 'Bar chart of the decisions per day, each bar split by choice. The table below gives the numbers.',
  perWeekChart: 'Bar chart of the decisions per week, each bar split by choice. The table below gives the numbers.',
  day: 'Day (UTC)',
  week: 'Week',
  grants: 'Share of decisions that grant each category',
  grantsChart: 'Line chart of the share of decisions that grant each category, over time. The table below gives the numbers.',
  grantsNote: 'Each cell: the decisions that grant the category, and their share of the row’s decisions; a dash where no decision of the row names the category.',
  byJurisdiction: 'By region',
  byLanguage: 'By language',
  byRevision: 'By revision of the configuration',
  groupChart: 'Bar chart of the share of each choice, one bar per group. The table below gives the numbers.',
  jurisdiction: 'Region (jurisdiction)',
  language: 'Language',
  revision: 'Revision',
  numbers: '{title}: the numbers',
  other: 'Other (groups of fewer than 5)',
  unknown: 'Not stated',
  anyRegion: 'Elsewhere (*)',
  badRange: 'The range cannot be shown: {problem}',
  tooMuch: 'This range holds too much to count at once: {problem}',
};

export type DashboardTexts = typeof en;

const fr: DashboardTexts = {
  title: 'Statistiques de consentement',
  otherLanguage: 'English',
  signInIntro:
    'Combien de visiteurs acceptent, refusent ou personnalisent, d’après le registre des consentements. Saisissez le jeton du tableau de bord pour voir les chiffres.',
  token: 'Jeton du tableau de bord',
  signIn: 'Se connecter',
  signOut: 'Se déconnecter',
  wrongToken: 'Ce n’est pas le jeton du tableau de bord.',
  tooManyTries: 'Trop de requêtes depuis votre adresse : réessayez dans {seconds} s.',
  notSameOrigin: 'Ce formulaire doit être envoyé depuis la page du tableau de bord : rechargez-la et réessayez.',
  unavailable: 'Le stockage du registre ne peut pas être lu pour l’instant : réessayez dans un moment.',
  from: 'Du',
  through: 'Au',
  show: 'Afficher',
  rangeNote:
    'Les jours sont en UTC. Une décision est un choix reçu par le registre : un visiteur qui change d’avis compte deux fois, et un visiteur qui ne choisit pas n’est pas compté. Les régions, langues et révisions de moins de 5 décisions sont comptées ensemble dans « Autres », pour que personne ne se distingue.',
  summary: 'Du {from} au {through}',
  decisions: 'Décisions',
  acceptAll: 'Tout accepter',
  rejectAll: 'Tout refuser',
  custom: 'Personnalisé',
  total: 'Total',
  none: 'Aucune décision n’a été reçue sur cette période.',
  perDay: 'Décisions par jour, selon le choix',
  perWeek: 'Décisions par semaine, selon le choix',
  perDayChart: 'Histogramme des décisions par jour, chaque barre divisée selon le choix. Le tableau ci-dessous donne les chiffres.',
  perWeekChart: 'Histogramme des décisions par semaine, chaque barre divisée selon le choix. Le tableau ci-dessous donne les chiffres.',
  day: 'Jour (UTC)',
  week: 'Semaine',
  grants: 'Part des décisions qui autorisent chaque catégorie',
  grantsChart: 'Courbes de la part des décisions qui autorisent chaque catégorie, au fil du temps. Le tableau ci-dessous donne les chiffres.',
  grantsNote: 'Chaque case : les décisions qui autorisent la catégorie, et leur part des décisions de la ligne ; un tiret quand aucune décision de la ligne ne mentionne la catégorie.',
  byJurisdiction: 'Par région',
  byLanguage: 'Par langue',
  byRevision: 'Par révision de la configuration',
  groupChart: 'Barres de la part de chaque choix, une barre par groupe. Le tableau ci-dessous donne les chiffres.',
  jurisdiction: 'Région (juridiction)',
  language: 'Langue',
  revision: 'Révision',
  numbers: '{title} : les chiffres',
  other: 'Autres (groupes de moins de 5)',
  unknown: 'Non précisée',
  anyRegion: 'Ailleurs (*)',
  badRange: 'Cette période ne peut pas être affichée : {problem}',
  tooMuch: 'Cette période contient trop de décisions pour être comptée d’un coup : {problem}',
};

export const TEXTS: Record<DashboardLanguage, DashboardTexts> = { en, fr };

/** `{name}` in a text replaced by its value. */
export const fill = (text: string, values: Record<string, string>): string => text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/**
 * The language to show: `lang` when it is one of the dashboard's, else the first of the
 * browser's languages that is (`Accept-Language`, read in order; weights are not needed for two),
 * else English.
 */
export function dashboardLanguage(lang: string | null, acceptLanguage: string | undefined): DashboardLanguage {
  const known = (code: string | undefined): DashboardLanguage | undefined =>
    DASHBOARD_LANGUAGES.find((language) => code?.trim().toLowerCase().split(/[-;]/)[0] === language);
  return known(lang ?? undefined) ?? (acceptLanguage ?? '').split(',').slice(0, 20).map(known).find(Boolean) ?? 'en';
}
