/**
 * A tenant's time zone. Stored per tenant (tenants.time_zone) and carried on every Actor; this is only
 * the proposal for a new tenant, from its country, and the check that a zone is a real IANA zone.
 */
export type TenantCountry = 'NL' | 'DE';

const COUNTRY_ZONES: Record<TenantCountry, string> = { NL: 'Europe/Amsterdam', DE: 'Europe/Berlin' };

export function zoneForCountry(country: TenantCountry): string {
  return COUNTRY_ZONES[country];
}

export function isIanaZone(zone: string): boolean {
  if (!zone || !zone.includes('/')) return zone === 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
