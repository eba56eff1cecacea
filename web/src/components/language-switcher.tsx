import { NativeSelect } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAuth } from '../auth/auth-context';
import { currentLanguage, type Language, LANGUAGES, rememberLanguage } from '../i18n';

const NAMES: Record<Language, string> = { nl: 'Nederlands', de: 'Deutsch', en: 'English' };

/** Switches the UI language, remembers it in the browser and, when logged in, on the user (server mails and errors follow). */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  return (
    <NativeSelect
      aria-label={t('common.language')}
      data-testid="language-switcher"
      size="xs"
      w={130}
      leftSection={<IconLanguage size={16} aria-hidden />}
      value={currentLanguage()}
      data={LANGUAGES.map((l) => ({ value: l, label: NAMES[l] }))}
      onChange={(e) => {
        const lng = e.currentTarget.value as Language;
        rememberLanguage(lng);
        void i18n.changeLanguage(lng);
        if (me?.user.id && me.csrfToken) void api.patch(`/users/${me.user.id}`, { locale: lng }).catch(() => undefined);
      }}
    />
  );
}
