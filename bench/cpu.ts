/**
 * Where the time goes, measured in every run: CPU time of each process (server, Redis, this load generator) and
 * the time Redis spends inside EVALSHA, read before and after a load and divided by the reports it carried. On a
 * 2-core machine shared by all three, the sum per report is what bounds throughput.
 */
import { readFileSync } from 'node:fs';
import type { Redis } from '../server/src/store/redis.js';

const TICK_US = 1e6 / 100; // USER_HZ is 100 on Linux

/** utime + stime of a process, in µs (from /proc/<pid>/stat, fields 14 and 15). */
export function procCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

/** Busy time of the whole machine (all processes, all cores), in µs, from the first line of /proc/stat. */
function machineBusyUs(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are not busy
  return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!) * TICK_US;
}

export interface CpuSnapshot {
  at: number;
  machineUs: number;
  byProcess: Record<string, number>;
  /** Microseconds spent per Redis command (commandstats: commands called from scripts are counted too). */
  redisUs: Record<string, number>;
}

export async function cpuSnapshot(admin: Redis, pids: Record<string, number>): Promise<CpuSnapshot> {
  const stats = await admin.info('commandstats');
  const redisUs: Record<string, number> = {};
  for (const m of stats.matchAll(/^cmdstat_([^:]+):calls=\d+,usec=(\d+)/gm)) redisUs[m[1]!] = Number(m[2]);
  const byProcess: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) byProcess[name] = procCpuUs(pid);
  const self = process.cpuUsage();
  byProcess['load generator'] = self.user + self.system;
  return { at: performance.now(), machineUs: machineBusyUs(), byProcess, redisUs };
}

/**
 * "server 180 µs, redis 95 µs, load generator 70 µs of CPU per report; these kept 1.4 cores busy, the whole
 * machine 1.9" (the difference is other work on the machine), then the Redis commands that took the most time.
 */
export function cpuPerReport(a: CpuSnapshot, b: CpuSnapshot, reports: number): string {
  const wallUs = (b.at - a.at) * 1000;
  let busy = 0;
  const parts = Object.keys(b.byProcess).map((name) => {
    const us = b.byProcess[name]! - (a.byProcess[name] ?? 0);
    busy += us;
    return `${name} ${fmt(us / reports)} µs`;
  });
  const machine = (b.machineUs - a.machineUs) / wallUs;
  // EVALSHA's time includes the commands the script calls, which commandstats also counts on their own.
  const top = Object.keys(b.redisUs)
    .map((cmd) => [cmd, (b.redisUs[cmd]! - (a.redisUs[cmd] ?? 0)) / reports] as const)
    .filter(([, us]) => us >= 0.5)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 6)
    .map(([cmd, us]) => `${cmd} ${fmt(us)}`);
  return (
    `${parts.join(', ')} of CPU per report; these kept ${(busy / wallUs).toFixed(2)} cores busy, the whole machine ` +
    `${machine.toFixed(2)}. Redis commandstats, µs per report (wall time inside Redis, so preemption by other processes inflates it): ${top.join(', ')}`
  );
}

const fmt = (x: number) => (x >= 10 ? Math.round(x).toString() : x.toFixed(1));

let quietBudgetMs = 90_000;

/**
 * The machine may be shared: before a measurement, wait (up to the run's remaining 90 s budget, `maxMs` at a time)
 * for a second in which the whole machine keeps fewer than `cores` cores busy. Returns what it found, for the notes.
 */
export async function waitForQuiet(maxMs = 20_000, cores = 0.35): Promise<{ waitedS: number; busyCores: number }> {
  const t0 = performance.now();
  let busyCores = 0;
  for (;;) {
    const a = machineBusyUs();
    await new Promise((r) => setTimeout(r, 1000));
    busyCores = (machineBusyUs() - a) / 1e6;
    const waited = performance.now() - t0;
    if (busyCores < cores || waited >= Math.min(maxMs, quietBudgetMs)) {
      quietBudgetMs -= waited;
      return { waitedS: waited / 1000, busyCores };
    }
  }
}
