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

/** Removes anything that looks like a BSN from free text before it reaches a log line. */
export function redactBsns(text: string): string {
  return text.replace(/\b\d{8,9}\b/g, (m) => (isValidBsn(m) ? '*********' : m));
}
