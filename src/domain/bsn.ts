/**
 * Dutch citizen service number (BSN): 9 digits (8-digit numbers get a leading zero) passing the
 * "elfproef": 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11 and not 0.
 */
export function normalizeBsn(input: string): string {
  const digits = input.replace(/[\s.-]/g, '');
  return digits.length === 8 ? `0${digits}` : digits;
}

export function isValidBsn(input: string): boolean {
  const bsn = normalizeBsn(input);
  if (!/^\d{9}$/.test(bsn)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(bsn[i]) * (9 - i);
  sum -= Number(bsn[8]);
  return sum !== 0 && sum % 11 === 0;
}

/** Only the last three digits are ever shown: "*****123". */
export function maskBsn(last3: string | null | undefined): string | null {
  return last3 ? `******${last3}` : null;
}

/**
 * Removes anything that looks like a BSN from free text before it reaches a log line. A UUID is left whole:
 * its first group is 8 hex digits, and when those happen to be decimal digits passing the 11-proof (about one
 * UUID in 500) masking them would break the id an admin or support looks up, while no BSN is ever written so.
 */
export function redactBsns(text: string): string {
  return text.replace(UUID_OR_DIGIT_RUN, (m, uuid: string | undefined) => (uuid === undefined && isValidBsn(m) ? '*********' : m));
}

const UUID_OR_DIGIT_RUN = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b|\b\d{8,9}\b/gi;
