/** The languages Koppel speaks: UI, mails, messages. */
export const LOCALES = ['nl', 'de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
