import type { DateSelectArg, DatesSetArg, DayHeaderContentArg, EventContentArg, EventInput } from '@fullcalendar/core';
import deLocale from '@fullcalendar/core/locales/de';
import enGbLocale from '@fullcalendar/core/locales/en-gb';
import nlLocale from '@fullcalendar/core/locales/nl';
import interactionPlugin from '@fullcalendar/interaction';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { Badge, Box, Group, Text, Tooltip } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { personColor } from './colors';
import './interview-calendar.css';
import { intlTimeZonePlugin, wallClock, zoneLabel } from './zone-plugin';

/** One block of someone's busy time as the server reports it (UTC instants). */
export type CalendarBusy = { start: string; end: string; title?: string | null; private?: boolean; tentative?: boolean; allDay?: boolean };
export type CalendarPerson = { id: string; name: string; connected: boolean; kind?: 'interviewer' | 'organizer' | 'room'; busy: CalendarBusy[] };
export type CalendarHoliday = { date: string; name: string };
/** A Koppel absence (F-40): the type is never shown, only that the person is away. Dates are inclusive. */
export type CalendarAbsence = { personId: string; name: string; startDate: string; endDate: string };
export type CalendarSlot = { start: string; end: string };

type Props = {
  /** The organizer's IANA zone: every time on the grid is in this zone, and its name is shown. */
  timeZone: string;
  people: CalendarPerson[];
  holidays?: CalendarHoliday[];
  absences?: CalendarAbsence[];
  suggestions?: CalendarSlot[];
  durationMinutes: number;
  selection: CalendarSlot | null;
  onSelect: (slot: CalendarSlot) => void;
  /** The visible range changed (arrows, today, view): fetch busy time for it. */
  onRangeChange?: (from: string, to: string) => void;
  initialDate?: string;
  /** Grid step for selection, minutes. */
  snapMinutes?: number;
  loading?: boolean;
  /**
   * The suggestions are the server's answer for the range on screen (not a placeholder from another range). With
   * `nextWeekWhenNoneLeft`, the first range shown is left for the next once when none of its time is free any more (a
   * Friday evening): a new interview should open on time that can be booked.
   */
  settled?: boolean;
  nextWeekWhenNoneLeft?: boolean;
};

const FC_LOCALES = { nl: nlLocale, de: deLocale, en: enGbLocale };
const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');
/** YYYY-MM-DD of an instant in a zone. */
export function zonedDate(zone: string, ms: number): string {
  const a = wallClock(zone, ms);
  return `${a[0]}-${pad(a[1]! + 1)}-${pad(a[2]!)}`;
}
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y!, m! - 1, d! + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/**
 * The interview time grid (F-32, F-33, F-40): each participant's busy time in their own colour, private events as
 * "busy", events of 24 h or more and Koppel absences in the all-day row, public holidays above the days, suggested
 * free slots highlighted, and a drag (or a click, which takes the type's duration) to choose the slot.
 */
export function InterviewCalendar({
  timeZone,
  people,
  holidays = [],
  absences = [],
  suggestions = [],
  durationMinutes,
  selection,
  onSelect,
  onRangeChange,
  initialDate,
  snapMinutes = 15,
  loading,
  settled = false,
  nextWeekWhenNoneLeft = false,
}: Props) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const ref = useRef<FullCalendar>(null);
  /** The first range shown and the one on screen (their starts); whether the first one has been judged; where it moved on to. */
  const firstRange = useRef<string | null>(null);
  const [shownRange, setShownRange] = useState<string | null>(null);
  const [judged, setJudged] = useState(!nextWeekWhenNoneLeft);
  const moving = useRef(false);
  const [movedTo, setMovedTo] = useState<string | null>(null);
  useEffect(() => {
    if (judged || !settled || shownRange === null) return;
    setJudged(true);
    // The user went elsewhere before the answer came: their choice stands.
    if (shownRange !== firstRange.current) return;
    if (suggestions.some((s) => Date.parse(s.end) > Date.now())) return;
    moving.current = true;
    ref.current?.getApi().next();
  }, [judged, settled, suggestions, shownRange]);

  const holidaysByDate = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const h of holidays) map.set(h.date, [...(map.get(h.date) ?? []), h.name]);
    return map;
  }, [holidays]);

  const events = useMemo<EventInput[]>(() => {
    const out: EventInput[] = [];
    people.forEach((p, index) => {
      const color = personColor(index);
      for (const b of p.busy) {
        const start = Date.parse(b.start);
        const end = Date.parse(b.end);
        if (!(end > start)) continue;
        const label = b.private || !b.title ? t('recruiting.calendar.busy') : b.title;
        const long = b.allDay || end - start >= DAY_MS;
        const base: EventInput = {
          title: `${p.name}: ${label}${b.tentative ? ` (${t('recruiting.calendar.tentative')})` : ''}`,
          backgroundColor: color,
          borderColor: color,
          editable: false,
          classNames: ['koppel-busy', b.tentative ? 'koppel-busy-tentative' : ''],
          extendedProps: { kind: 'busy', personId: p.id },
        };
        if (long) {
          // Days touched in the organizer's zone; an end exactly at midnight does not touch the next day.
          const first = zonedDate(timeZone, start);
          const lastIncl = zonedDate(timeZone, end - 1);
          out.push({ ...base, allDay: true, start: first, end: addDays(lastIncl, 1) });
        } else {
          out.push({ ...base, start: new Date(start).toISOString(), end: new Date(end).toISOString() });
        }
      }
    });
    for (const a of absences) {
      const index = people.findIndex((p) => p.id === a.personId);
      const color = index >= 0 ? personColor(index) : '#868e96';
      out.push({
        title: `${a.name}: ${t('recruiting.calendar.absent')}`,
        allDay: true,
        start: a.startDate,
        end: addDays(a.endDate, 1),
        backgroundColor: '#f1f3f5',
        borderColor: color,
        textColor: '#212529',
        classNames: ['koppel-absence'],
        extendedProps: { kind: 'absence', personId: a.personId },
      });
    }
    for (const s of suggestions) {
      out.push({ start: s.start, end: s.end, display: 'background', classNames: ['koppel-suggested'], extendedProps: { kind: 'suggested' } });
    }
    if (selection) {
      out.push({
        id: 'selection',
        title: t('recruiting.calendar.selected'),
        start: selection.start,
        end: selection.end,
        classNames: ['koppel-selection'],
        extendedProps: { kind: 'selection' },
      });
    }
    return out;
  }, [people, absences, suggestions, selection, timeZone, t]);

  const handleSelect = (arg: DateSelectArg) => {
    arg.view.calendar.unselect();
    if (arg.allDay) return;
    let start = arg.start.getTime();
    let end = arg.end.getTime();
    // A click selects one grid step: take the interview type's duration, and if it fell inside a suggested
    // slot, start where the slot starts.
    if (end - start <= snapMinutes * 60_000) {
      const hit = suggestions.find((s) => Date.parse(s.start) <= start && start < Date.parse(s.end));
      if (hit && Date.parse(hit.end) - Date.parse(hit.start) <= durationMinutes * 60_000) start = Date.parse(hit.start);
      end = start + durationMinutes * 60_000;
    }
    onSelect({ start: new Date(start).toISOString(), end: new Date(end).toISOString() });
  };

  const renderHeader = (arg: DayHeaderContentArg) => {
    const date = zonedDate(timeZone, arg.date.getTime() + 12 * 3_600_000);
    const names = holidaysByDate.get(date) ?? [];
    return (
      <div className="koppel-day-header" data-date={date}>
        <div>{arg.text}</div>
        {names.map((n) => (
          <Tooltip key={n} label={n} withinPortal>
            <Badge size="xs" color="grape" variant="light" className="koppel-holiday" data-testid="calendar-holiday" maw="100%">
              {n}
            </Badge>
          </Tooltip>
        ))}
      </div>
    );
  };

  const renderEvent = (arg: EventContentArg) => {
    if (arg.event.display === 'background') return null;
    return (
      <div className="koppel-event" title={arg.event.title} data-kind={String(arg.event.extendedProps.kind ?? '')}>
        {arg.timeText && <span className="koppel-event-time">{arg.timeText} </span>}
        <span>{arg.event.title}</span>
      </div>
    );
  };

  const nowLabel = zoneLabel(timeZone, Date.now(), lang);

  return (
    <Box data-testid="interview-calendar" data-loading={loading ? 'true' : 'false'} data-first-week-judged={judged ? 'true' : 'false'} pos="relative">
      <Group justify="space-between" mb={6} gap="xs" wrap="wrap">
        <Group gap="xs" wrap="wrap" role="list" aria-label={t('recruiting.calendar.legend')}>
          {people.map((p, i) => (
            <Group key={p.id} gap={4} role="listitem" data-testid="calendar-legend-person">
              <span className="koppel-swatch" style={{ background: personColor(i) }} aria-hidden />
              <Text size="xs">{p.name}</Text>
              {!p.connected && <NotConnectedMark name={p.name} />}
            </Group>
          ))}
          <Group gap={4} role="listitem">
            <span className="koppel-swatch koppel-swatch-suggested" aria-hidden />
            <Text size="xs">{t('recruiting.calendar.suggested')}</Text>
          </Group>
        </Group>
        <Text size="xs" c="dimmed" data-testid="calendar-zone">
          {t('recruiting.calendar.zone', { zone: nowLabel })}
        </Text>
      </Group>
      {movedTo !== null && movedTo === shownRange && (
        <Text size="xs" c="dimmed" mb={6} data-testid="calendar-next-week-shown">
          {t('recruiting.calendar.nextWeekShown')}
        </Text>
      )}
      <FullCalendar
        ref={ref}
        plugins={[timeGridPlugin, interactionPlugin, intlTimeZonePlugin]}
        initialView="timeGridWeek"
        initialDate={initialDate}
        timeZone={timeZone}
        locale={FC_LOCALES[lang]}
        headerToolbar={{ left: 'prev,next today', center: 'title', right: 'timeGridWeek,timeGridDay' }}
        buttonText={{ today: t('recruiting.calendar.today'), week: t('recruiting.calendar.week'), day: t('recruiting.calendar.day') }}
        buttonHints={{ prev: t('recruiting.calendar.previous'), next: t('recruiting.calendar.next'), today: t('recruiting.calendar.today') }}
        allDayText={t('recruiting.calendar.allDay')}
        nowIndicator
        selectable
        selectMirror
        unselectAuto={false}
        snapDuration={{ minutes: snapMinutes }}
        slotDuration={{ minutes: 30 }}
        slotMinTime="06:00:00"
        slotMaxTime="22:00:00"
        scrollTime="08:00:00"
        firstDay={1}
        height="auto"
        expandRows
        dayMaxEventRows={4}
        slotEventOverlap={false}
        eventDisplay="block"
        events={events}
        select={handleSelect}
        // Past time cannot be booked (the server refuses it): it is neither selectable nor suggested.
        selectAllow={(span) => span.end.getTime() > Date.now() && span.start.getTime() >= Date.now() - snapMinutes * 60_000}
        dayHeaderContent={renderHeader}
        eventContent={renderEvent}
        datesSet={(arg: DatesSetArg) => {
          const start = arg.start.toISOString();
          firstRange.current ??= start;
          setShownRange(start);
          if (moving.current) {
            moving.current = false;
            setMovedTo(start);
          }
          onRangeChange?.(start, arg.end.toISOString());
        }}
      />
    </Box>
  );
}

/** The ⚠ shown next to everyone without a connected calendar (F-31), with the reason as tooltip and label. */
export function NotConnectedMark({ name }: { name: string }) {
  const { t } = useTranslation();
  const label = t('recruiting.connections.notConnected', { name });
  return (
    <Tooltip label={label} withinPortal>
      <span role="img" aria-label={label} data-testid="not-connected" style={{ cursor: 'help' }}>
        ⚠️
      </span>
    </Tooltip>
  );
}
