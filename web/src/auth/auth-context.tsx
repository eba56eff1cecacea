import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';
import { ApiError, api, setCsrfToken, setUnauthenticatedHandler } from '../api/client';
import type { Locale, Me } from '../api/types';
import i18n, { hasExplicitLanguage } from '../i18n';
import { inGroup, type RoleGroup } from './roles';

type AuthValue = {
  me: Me | null;
  loading: boolean;
  error: ApiError | null;
  /** Store a fresh login answer (user, tenant, CSRF token). */
  signedIn: (me: Me) => void;
  logout: () => Promise<void>;
  can: (group: RoleGroup) => boolean;
};

const AuthContext = createContext<AuthValue | null>(null);
export const ME_KEY = ['auth', 'me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/auth/me');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const query = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
  const me = query.data ?? null;

  useEffect(() => {
    setCsrfToken(me?.csrfToken ?? null);
  }, [me]);

  // The user's saved language wins over the browser's, unless they picked one in the header.
  useEffect(() => {
    const locale = me?.user.locale as Locale | null | undefined;
    if (locale && !hasExplicitLanguage() && i18n.resolvedLanguage !== locale) void i18n.changeLanguage(locale);
  }, [me?.user.locale]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      qc.setQueryData(ME_KEY, null);
    });
    return () => setUnauthenticatedHandler(null);
  }, [qc]);

  const signedIn = useCallback(
    (next: Me) => {
      setCsrfToken(next.csrfToken);
      qc.setQueryData(ME_KEY, next);
    },
    [qc],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(ME_KEY, null);
    }
  }, [qc]);

  const value = useMemo<AuthValue>(
    () => ({
      me,
      loading: query.isLoading,
      error: query.error instanceof ApiError ? query.error : query.error ? new ApiError(0, 'unknown', String(query.error)) : null,
      signedIn,
      logout,
      can: (group) => inGroup(me?.user.role, group),
    }),
    [me, query.isLoading, query.error, signedIn, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** For pages behind the login: the signed-in user (never null there). */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}
