import { createHash } from 'node:crypto';
import type { ExternalEmployee } from '../../connectors/kit/hr-connector.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import type { ExternalRecordWrite } from './ports.ts';
import type { StoredExternalData } from './sync.types.ts';


/** The stored form of an external employee, with a fixed key order so the hash only moves when the data does. */
export function storedData(e: ExternalEmployee): StoredExternalData {
  const ref = (r: ExternalEmployee['department']) => (r ? { externalId: r.externalId, name: r.name } : null);
  return {
    externalId: e.externalId,
    firstName: e.firstName,
    prefix: e.prefix,
    lastName: e.lastName,
    email: e.email,
    personnelNumber: e.personnelNumber,
    birthDate: e.birthDate,
    street: e.street,
    houseNumber: e.houseNumber,
    postalCode: e.postalCode,
    city: e.city,
    country: e.country,
    phone: e.phone,
    status: e.status,
    department: ref(e.department),
    costCenter: ref(e.costCenter),
    // Only when there are any: records without cost centers keep the hash they had before the split was kept.
    ...(e.costCenters?.length ? { costCenters: e.costCenters.map((c) => ({ externalId: c.externalId, name: c.name, percentage: c.percentage })) } : {}),
    contractType: ref(e.contractType),
    position: e.position,
    // Only from vendors with function ids (Nmbrs): the other vendors' records keep the hash they had.
    ...(e.jobFunction !== undefined ? { jobFunction: ref(e.jobFunction) } : {}),
    // Likewise the company (Nmbrs' werkmaatschappij).
    ...(e.company !== undefined ? { company: ref(e.company) } : {}),
    weeklyHours: e.weeklyHours,
    hourlyWage: e.hourlyWage,
    hireDate: e.hireDate,
    terminationDate: e.terminationDate,
    contractEndDate: e.contractEndDate,
    warnings: [...e.warnings],
  };
}

/**
 * External employee → what external_records keeps. The clear BSN never reaches the table: only its
 * SecretBox ciphertext, its blind index (for matching and the hash) and its last three digits. An
 * unchanged BSN keeps its earlier ciphertext, so an unchanged record stays byte-identical.
 */
export function toStoredRecord(e: ExternalEmployee, box: SecretBox, previous?: { bsnHash: string | null; bsnEncrypted: string | null }): ExternalRecordWrite {
  const data = storedData(e);
  const bsnHash = e.bsn ? box.blindIndex(e.bsn) : null;
  const bsnEncrypted = !e.bsn ? null : previous && previous.bsnHash === bsnHash && previous.bsnEncrypted ? previous.bsnEncrypted : box.encrypt(e.bsn);
  const bsnLast3 = e.bsn ? e.bsn.slice(-3) : null;
  const json = JSON.stringify(data);
  const hash = createHash('sha256').update(json).update('\u0000').update(bsnHash ?? '').digest('base64url');
  return { data, json, bsnEncrypted, bsnHash, bsnLast3, hash };
}

export const sortName = (d: Pick<StoredExternalData, 'firstName' | 'lastName'>) => `${d.lastName} ${d.firstName}`.trim().toLowerCase();
