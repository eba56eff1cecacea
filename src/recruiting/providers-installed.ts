import { createCaldavProvider } from '../connectors/calendar/caldav/caldav.provider.ts';
import { createGoogleCalendarProvider } from '../connectors/calendar/google/google.provider.ts';
import { createGoToMeetingProvider } from '../connectors/video/gotomeeting/gotomeeting.provider.ts';
import { createMicrosoftCalendarProvider } from '../connectors/calendar/microsoft/microsoft.provider.ts';
import { registerCalendarProvider, registerVideoProvider } from './provider-registry.ts';
import type { CalendarCredentials } from '../connectors/calendar/calendar-provider.ts';
import { createZoomProvider } from '../connectors/video/zoom/zoom.provider.ts';

/** The providers this build ships, registered once on import (src/recruiting/index.ts imports this file). */
registerCalendarProvider('caldav', (credentials, deps) => createCaldavProvider(credentials as Extract<CalendarCredentials, { kind: 'caldav' }>, deps));
registerCalendarProvider('google', createGoogleCalendarProvider);
registerCalendarProvider('microsoft', createMicrosoftCalendarProvider);
registerVideoProvider('zoom', createZoomProvider);
registerVideoProvider('gotomeeting', createGoToMeetingProvider);
