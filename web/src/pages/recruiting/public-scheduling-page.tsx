import { Alert, Box, Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useBookPublicScheduling, usePublicScheduling } from '../../api/recruiting';
import { zonedDate } from '../../components/interview-calendar/interview-calendar';
import { zoneLabel } from '../../components/interview-calendar/zone-plugin';
import { LanguageSwitcher } from '../../components/language-switcher';
import i18n, { currentLanguage, hasExplicitLanguage } from '../../i18n';
import { formatRangeInZone } from './recruiting-ui';

const INTL = { nl: 'nl-NL', de: 'de-DE', en: 'en-GB' } as const;

/**
 * F-39, the candidate's side: no login, only the token. Free options for the coming weeks, grouped by day in the
 * candidate's own zone and language; one click to choose, one to confirm.
 */
export function PublicSchedulingPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const query = usePublicScheduling(token);
  const book = useBookPublicScheduling(token);
  const [chosen, setChosen] = useState<string | null>(null);
  const data = query.data;

  // The candidate's language, unless they picked one themselves (switcher or ?lang=).
  useEffect(() => {
    if (!data) return;
    const explicit = hasExplicitLanguage() || new URLSearchParams(window.location.search).has('lang');
    if (!explicit && currentLanguage() !== data.language) void i18n.changeLanguage(data.language);
  }, [data]);

  const lang = currentLanguage();
  const days = useMemo(() => {
    if (!data) return [];
    const map = new Map<string, Array<{ start: string; end: string }>>();
    for (const o of data.options) {
      const d = zonedDate(data.timeZone, Date.parse(o.start));
      map.set(d, [...(map.get(d) ?? []), o]);
    }
    return [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [data]);

  const bookError = book.error instanceof ApiError ? book.error : null;
  const loadError = query.error instanceof ApiError ? query.error : query.error ? new ApiError(0, 'network', String(query.error)) : null;

  let body;
  if (query.isLoading) {
    body = (
      <Center py="xl">
        <Loader aria-label={t('common.loading')} role="status" />
      </Center>
    );
  } else if (book.data) {
    body = (
      <Alert color="green" icon={<IconCircleCheck aria-hidden />} title={t('recruiting.public.bookedTitle')} data-testid="public-booked">
        <Text size="sm">{t('recruiting.public.booked', { when: formatRangeInZone(book.data.start, book.data.end, book.data.timeZone, 'long') })}</Text>
        <Text size="sm" mt={6}>
          {t('recruiting.public.bookedMail')}
        </Text>
      </Alert>
    );
  } else if (loadError) {
    const gone = loadError.code === 'invalid_state';
    const unknown = loadError.status === 404;
    body = (
      <Alert color={gone ? 'gray' : 'red'} icon={<IconAlertTriangle aria-hidden />} title={gone ? t('recruiting.public.goneTitle') : unknown ? t('recruiting.public.unknownTitle') : t('errors.title')} data-testid="public-error" data-code={loadError.code}>
        {gone ? t('recruiting.public.gone') : unknown ? t('recruiting.public.unknown') : loadError.message}
      </Alert>
    );
  } else if (data) {
    const zone = zoneLabel(data.timeZone, Date.now(), INTL[lang]);
    body = (
      <Stack>
        <Text size="sm">{t('recruiting.public.intro', { name: data.candidateName, job: data.jobTitle, company: data.companyName, minutes: data.durationMinutes })}</Text>
        <Text size="xs" c="dimmed" data-testid="public-zone">
          {t('recruiting.calendar.zone', { zone })}
        </Text>
        {data.options.length === 0 && (
          <Alert color="yellow" data-testid="public-no-options">
            {t('recruiting.public.noOptions')}
          </Alert>
        )}
        <Stack gap="sm" data-testid="public-days">
          {days.map(([day, options]) => {
            const dayText = new Date(Date.parse(options[0]!.start)).toLocaleDateString(INTL[lang], { weekday: 'long', day: 'numeric', month: 'long', timeZone: data.timeZone });
            return (
            <Box key={day} data-testid="public-day" data-date={day}>
              {/* Only the first letter up ("Donderdag 3 december"): CSS capitalize would write "3 December" in Dutch. */}
              <Text fw={600} size="sm" mb={4}>
                {dayText.charAt(0).toLocaleUpperCase(INTL[lang]) + dayText.slice(1)}
              </Text>
              <Group gap={6} role="group" aria-label={t('recruiting.public.optionsOf', { day: dayText })}>
                {options.map((o) => (
                  <Button
                    key={o.start}
                    size="xs"
                    variant={chosen === o.start ? 'filled' : 'outline'}
                    aria-pressed={chosen === o.start}
                    onClick={() => setChosen(chosen === o.start ? null : o.start)}
                    data-testid="public-option"
                    data-start={o.start}
                  >
                    {new Date(Date.parse(o.start)).toLocaleTimeString(INTL[lang], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: data.timeZone })}
                  </Button>
                ))}
              </Group>
            </Box>
            );
          })}
        </Stack>
        {bookError && (
          <Alert color={bookError.code === 'conflict' ? 'orange' : 'red'} icon={<IconAlertTriangle aria-hidden />} role="alert" data-testid="public-book-error" data-code={bookError.code}>
            {bookError.code === 'conflict' ? t('recruiting.public.taken') : bookError.code === 'invalid_state' ? t('recruiting.public.gone') : bookError.message}
          </Alert>
        )}
        {chosen && (
          <Paper withBorder p="md" radius="md" bg="blue.0" data-testid="public-confirm-panel">
            <Text size="sm" mb="sm">
              {t('recruiting.public.confirmText', { when: formatRangeInZone(chosen, new Date(Date.parse(chosen) + data.durationMinutes * 60_000).toISOString(), data.timeZone, 'long') })}
            </Text>
            <Button
              loading={book.isPending}
              onClick={() =>
                book.mutate(
                  { start: chosen },
                  {
                    onError: (e) => {
                      if (e instanceof ApiError && e.code === 'conflict') {
                        setChosen(null);
                        void query.refetch();
                      }
                    },
                  },
                )
              }
              data-testid="public-confirm"
            >
              {t('recruiting.public.confirm')}
            </Button>
          </Paper>
        )}
      </Stack>
    );
  }

  return (
    <Box mih="100vh" bg="gray.0">
      <Group justify="space-between" p="md">
        <Text fw={800} size="xl" c="blue.7">
          {data?.companyName ?? 'Koppel'}
        </Text>
        <LanguageSwitcher />
      </Group>
      <Center px="md" pb="xl">
        <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={760}>
          <Title order={1} size="h3" mb="md">
            {t('recruiting.public.title')}
          </Title>
          <main>{body}</main>
        </Paper>
      </Center>
    </Box>
  );
}
