/**
 * Matcher at 100 000 external × 100 000 Koppel employees (F-13, issue 13: goal < 1 s for index + proposals):
 * 60 % match by email/BSN/number, some weakly by birth date + name, the rest are new. Prints one JSON line;
 * `cpuMs` (process CPU time over the same span, GC included) tells a slow run from a starved one on a busy machine.
 *
 *   node --import tsx bench/matching.bench.ts [n]
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Matcher, type MatchCandidate, type MatchInput } from '../src/domain/matching.ts';
import { goal } from './goal.ts';
import { memorySampler } from './memory.ts';

const GOAL_MS = 1_000;
const round = (x: number) => Math.round(x * 100) / 100;


export default function run(n = Number(process.env.BENCH_MATCHING_SIZE ?? 100_000)) {
  // Names made of letters only: the weak signal normalises digits away.
  const letters = (i: number) => {
    let s = '';
    do {
      s += String.fromCharCode(97 + (i % 26));
      i = Math.floor(i / 26);
    } while (i > 0);
    return s;
  };
  const candidates: MatchCandidate[] = [];
  const inputs: MatchInput[] = [];
  for (let i = 0; i < n; i++) {
    candidates.push({ id: `e${i}`, bsnHash: i % 3 === 0 ? `bsn${i}` : null, email: `person${i}@example.test`, personnelNumber: String(100000 + i), birthDate: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, firstName: `Voornaam${letters(i % 997)}`, lastName: `Achternaam${letters(i)}` });
    const j = i % 5 === 0 ? n + i : i; // 20 % are people Koppel does not know
    inputs.push({
      externalId: `x${i}`,
      bsnHash: j % 3 === 0 && j % 2 === 0 ? `bsn${j}` : null,
      email: j % 4 === 1 ? `PERSON${j}@example.test` : null,
      personnelNumber: j % 4 === 2 ? String(100000 + j) : null,
      birthDate: `19${50 + (j % 50)}-0${1 + (j % 9)}-1${j % 10}`,
      firstName: `Voornaam${letters(j % 997)}`,
      lastName: `Achternaam${letters(j)}`,
    });
  }
  const sampler = memorySampler();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const matcher = new Matcher(candidates);
  const t1 = performance.now();
  const tally: Record<string, number> = {};
  for (const x of inputs) {
    const p = matcher.propose(x);
    const key = p.action === 'link' ? `link_${p.strength}` : p.action;
    tally[key] = (tally[key] ?? 0) + 1;
  }
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const result = { bench: 'matching', external: n, koppel: n, indexMs: round(t1 - t0), proposeMs: round(t2 - t1), totalMs: round(t2 - t0), cpuMs: round((cpu.user + cpu.system) / 1000), ...goal('totalMs', t2 - t0, GOAL_MS), proposals: tally, ...sampler.stop(), node: process.version };
  console.log(JSON.stringify(result));
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 100_000);
  run(Number.isInteger(n) && n > 0 ? n : 100_000);
}
