/**
 * Process figures from /proc, for the bench's CPU and memory rows. A server may run as a process tree
 * (the CLI of a source checkout runs the app in a child; tsx runs esbuild in one), so figures are taken
 * over the root and every descendant, never the root alone.
 */
import { readdir, readFile } from "node:fs/promises";

const CLOCK_TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
async function statFields(pid: number): Promise<string[] | null> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  return stat === null ? null : stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** The process and all its descendants, found through the ppid links of /proc/<pid>/stat. */
export async function processTree(root: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = await statFields(Number(entry));
    if (!fields) continue;
    const ppid = Number(fields[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** CPU time a process has used so far (user + system, all its threads, worker threads included), in µs. */
export async function cpuMicros(pid: number): Promise<number> {
  const fields = await statFields(pid);
  if (!fields) return 0;
  // utime and stime are fields 14 and 15 of stat(5); fields[0] here is field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

/** CPU time of a process and its descendants, in µs: the server's own cost, wherever it runs. */
export async function treeCpuMicros(root: number): Promise<number> {
  let total = 0;
  for (const pid of await processTree(root)) total += await cpuMicros(pid);
  return total;
}

/** CPU time of each thread of a process so far, in µs, keyed by "tid name" (worker threads included). */
export async function threadCpuMicros(pid: number): Promise<Map<string, number>> {
  const threads = new Map<string, number>();
  for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, "utf8").catch(() => null);
    if (!stat) continue;
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    threads.set(`${tid} ${name}`, ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / CLOCK_TICKS_PER_SECOND);
  }
  return threads;
}
