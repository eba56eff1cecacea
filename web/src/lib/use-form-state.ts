import { type ChangeEvent, useCallback, useState } from 'react';
import { ApiError } from '../api/client';

/** Minimal controlled-form state (no form library is installed); server errors map onto fields. */
export function useFormState<T extends Record<string, unknown>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => setValues((prev) => ({ ...prev, [key]: value })), []);
  /** Props for a text-like input bound to `key`. */
  const bind = <K extends keyof T>(key: K) => ({
    value: (values[key] ?? '') as string,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => set(key, e.currentTarget.value as T[K]),
  });
  return { values, setValues, set, bind, reset: (next?: T) => setValues(next ?? initial) };
}

/** The server's message for one field, if the last request failed on it. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldErrors[field] : undefined;
}

/** Empty strings to null, for optional fields. */
export function emptyToNull(v: unknown): unknown {
  return typeof v === 'string' && v.trim() === '' ? null : v;
}

export function numberOrNull(v: unknown): number | null {
  if (v === '' || v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(String(v).replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}
