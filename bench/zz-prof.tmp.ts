import ICAL from 'ical.js';
import { performance } from 'node:perf_hooks';
import { expandIcs } from '../src/recruiting/slots/ical-expand.ts';
import { buildCalendar, PEOPLE } from './zz-copy.tmp.ts';
const cals = PEOPLE.map((p, i) => ({ p, ...buildCalendar(p, 1000 + i) }));
for (let round = 0; round < 5; round++) {
  let tp = 0, te = 0;
  for (const c of cals) {
    const t0 = performance.now();
    ICAL.parse(c.ics);
    const t1 = performance.now();
    expandIcs(c.ics, { from: Date.UTC(2026, 2, 16), to: Date.UTC(2026, 3, 13), timeZone: c.p.zone });
    const t2 = performance.now();
    tp += t1 - t0; te += t2 - t1;
  }
  console.log('parse only', tp.toFixed(1), 'expandIcs (incl parse)', te.toFixed(1));
}
