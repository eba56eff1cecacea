import { ianaZone } from './time/zone-rules.ts';

/**
 * A tenant's time zone. Stored per tenant (tenants.time_zone) and carried on every Actor; this is only
 * the proposal for a new tenant, from its country, and the check that a zone is a real IANA zone.
 */
export type TenantCountry = 'NL' | 'DE';

const COUNTRY_ZONES: Record<TenantCountry, string> = { NL: 'Europe/Amsterdam', DE: 'Europe/Berlin' };

export function zoneForCountry(country: TenantCountry): string {
  return COUNTRY_ZONES[country];
}

/** A calendar zone such as Europe/Berlin (not an offset like +01:00). */
export const isIanaZone = (zone: string): boolean => ianaZone(zone) !== undefined;
