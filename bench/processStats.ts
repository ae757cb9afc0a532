import { readdirSync, readFileSync } from 'node:fs';

/** A /proc file of a process; null once the process is gone (it may end between listing and reading). */
function procFile(pid: number | string, file: 'stat' | 'comm'): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

/** CPU time a process has used, s (user + system); 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  const fields = procFile(pid, 'stat')?.split(') ')[1]?.split(' ');
  return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : 0;
}

/** The running processes that pass `test`, given a process's /proc stat and comm. */
function processesWhere(test: (stat: string, comm: string) => boolean): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      const stat = procFile(entry, 'stat');
      const comm = procFile(entry, 'comm');
      return stat !== null && comm !== null && test(stat, comm.trim());
    })
    .map(Number);
}

/** The processes whose parent is `pid` (a cluster's node processes). */
export function childrenOf(pid: number): number[] {
  return processesWhere((stat) => stat.split(') ')[1]?.split(' ')[1] === String(pid));
}

/** Every process of a given command name (e.g. PostgreSQL's server processes). */
export function processesNamed(name: string): number[] {
  return processesWhere((_stat, comm) => comm === name);
}

/**
 * CPU used by a changing set of processes since `cpuByProcess` was called, s: each process counts
 * from its own earlier reading (0 if it started since). One that ended in between is left out, so
 * the figure is at least what the survivors used, never a negative sum of vanished processes.
 */
export function cpuByProcess(pids: () => number[]): () => number {
  const before = new Map(pids().map((pid) => [pid, cpuSeconds(pid)]));
  return () => pids().reduce((sum, pid) => sum + Math.max(0, cpuSeconds(pid) - (before.get(pid) ?? 0)), 0);
}
