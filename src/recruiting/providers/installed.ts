import { createCaldavProvider } from './caldav/caldav.provider.ts';
import { createGoogleCalendarProvider } from './google/google.provider.ts';
import { createGoToMeetingProvider } from './gotomeeting/gotomeeting.provider.ts';
import { createMicrosoftCalendarProvider } from './microsoft/microsoft.provider.ts';
import { registerCalendarProvider, registerVideoProvider } from './registry.ts';
import type { CalendarCredentials } from './types.ts';
import { createZoomProvider } from './zoom/zoom.provider.ts';

/** The providers this build ships, registered once on import (src/recruiting/index.ts imports this file). */
registerCalendarProvider('caldav', (credentials, deps) => createCaldavProvider(credentials as Extract<CalendarCredentials, { kind: 'caldav' }>, deps));
registerCalendarProvider('google', createGoogleCalendarProvider);
registerCalendarProvider('microsoft', createMicrosoftCalendarProvider);
registerVideoProvider('zoom', createZoomProvider);
registerVideoProvider('gotomeeting', createGoToMeetingProvider);
