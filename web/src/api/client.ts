import i18n, { currentLanguage } from '../i18n';

/** One field problem reported by the server (validation details, CSV line errors). */
export type ErrorDetail = { field?: string; message: string; line?: number; [key: string]: unknown };

/** A failed API call: `message` is already translated by the server (Accept-Language). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Details as a list, whatever shape the server sent. */
  get detailList(): ErrorDetail[] {
    if (Array.isArray(this.details)) return this.details as ErrorDetail[];
    // Some errors name a single field ({ field: 'bsn' }); the message itself is about that field.
    const d = this.details as { field?: unknown; message?: unknown } | null | undefined;
    if (d && typeof d === 'object' && typeof d.field === 'string') {
      return [{ field: d.field, message: typeof d.message === 'string' ? d.message : this.message }];
    }
    return [];
  }

  /** Field name → message, for showing next to form inputs. `body.address.city` maps to `city` too. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.detailList) {
      if (!d.field || typeof d.field !== 'string') continue;
      const parts = d.field.split('.').filter((p) => p !== 'body');
      const full = parts.join('.');
      out[full] ??= d.message;
      const last = parts[parts.length - 1];
      if (last) out[last] ??= d.message;
    }
    return out;
  }
}

const BASE = '/api/v1';
let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when a request answers 401 (expired session), so the app can show the login page. */
export function setUnauthenticatedHandler(fn: (() => void) | null) {
  onUnauthenticated = fn;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function apiRequest<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': i18n.resolvedLanguage ?? i18n.language ?? 'en',
    // The language on screen: the server's messages follow it rather than the profile's language.
    'X-Koppel-Language': currentLanguage(),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(BASE + path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (err) {
    throw new ApiError(0, 'network', i18n.t('errors.network'), { cause: String(err) });
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    if (res.status === 401 && !path.startsWith('/auth/')) onUnauthenticated?.();
    throw new ApiError(
      res.status,
      e?.code ?? `http_${res.status}`,
      e?.message ?? i18n.t('errors.http', { status: res.status }),
      e?.details,
    );
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => apiRequest<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => apiRequest<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => apiRequest<T>('PUT', path, body),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path),
};

/** Lists come either as a bare array or as a page object; the UI accepts both. */
export type Page<T> = { items: T[]; total: number; page?: number; pageSize?: number };
export function asPage<T>(data: T[] | Page<T> | undefined | null): Page<T> {
  if (!data) return { items: [], total: 0 };
  if (Array.isArray(data)) return { items: data, total: data.length };
  return { ...data, items: data.items ?? [], total: data.total ?? data.items?.length ?? 0 };
}
