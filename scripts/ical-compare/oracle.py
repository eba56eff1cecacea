"""
Busy time of every .ics file named on the command line, by an independent implementation: Debian's
python3-recurring-ical-events (icalendar + python-dateutil). Prints {file name: {"rows": [[uid, start, end], ...]}
or {"error": ...}} as JSON; starts and ends are UTC instants, floating times and dates read as UTC, events that
are TRANSPARENT or CANCELLED left out (Koppel's busy rule). Window: FROM and TO below. Used by compare.ts.
"""
import json, sys, signal, datetime as dt
import icalendar, recurring_ical_events
from dateutil import tz
UTC = dt.timezone.utc
FROM = dt.datetime(2000,1,1,tzinfo=UTC); TO = dt.datetime(2030,1,1,tzinfo=UTC)
class Timeout(Exception): pass
def alarm(s,f): raise Timeout()
signal.signal(signal.SIGALRM, alarm)
def inst(v):
    if isinstance(v, dt.datetime):
        if v.tzinfo is None: return v.replace(tzinfo=UTC)
        return v.astimezone(UTC)
    return dt.datetime(v.year, v.month, v.day, tzinfo=UTC)
out = {}
for path in sys.argv[1:]:
    name = path.split('/')[-1]
    signal.alarm(20)
    try:
        cal = icalendar.Calendar.from_ical(open(path,'rb').read())
        rows = []
        for e in recurring_ical_events.of(cal, components=['VEVENT']).between(FROM.replace(tzinfo=None), TO.replace(tzinfo=None)):
            transp = str(e.get('TRANSP','OPAQUE')).upper(); status = str(e.get('STATUS','')).upper()
            if transp == 'TRANSPARENT' or status == 'CANCELLED': continue
            s = e['DTSTART'].dt
            if 'DTEND' in e: en = e['DTEND'].dt
            elif 'DURATION' in e: en = s + e['DURATION'].dt
            else: en = s + (dt.timedelta(days=1) if not isinstance(s, dt.datetime) else dt.timedelta(0))
            rows.append([str(e.get('UID','')), inst(s).strftime('%Y-%m-%dT%H:%M:%SZ'), inst(en).strftime('%Y-%m-%dT%H:%M:%SZ')])
        out[name] = {'rows': sorted(rows)}
    except Timeout:
        out[name] = {'error': 'timeout'}
    except Exception as ex:
        out[name] = {'error': type(ex).__name__ + ': ' + str(ex)[:200]}
    finally:
        signal.alarm(0)
json.dump(out, sys.stdout)
