/**
 * "Later" transitions (a dispute opening after a charge, a pending refund settling, …). Stripe does these
 * asynchronously; the simulator runs them after `delayMs` on a timer, or all at once when a test asks.
 * Jobs are plain data so they survive a restart through the state file.
 */
import { newId } from '../ids';

export interface Job {
  id: string;
  /** Wall-clock ms when the job is due. */
  at: number;
  kind: string;
  args: Record<string, string>;
}

export class Scheduler {
  private readonly jobs = new Map<string, { job: Job; timer: NodeJS.Timeout | null }>();
  private stopped = false;

  constructor(
    private readonly defaultDelayMs: number,
    private readonly execute: (job: Job) => void,
    private readonly onChange: () => void,
  ) {}

  schedule(kind: string, args: Record<string, string>, delayMs = this.defaultDelayMs): Job {
    const job: Job = { id: newId('job', 14), at: Date.now() + delayMs, kind, args };
    this.add(job);
    this.onChange();
    return job;
  }

  /** Runs every pending job now, including jobs those jobs schedule. Returns how many ran. */
  runAll(): number {
    let ran = 0;
    for (let round = 0; round < 10 && this.jobs.size > 0; round++) {
      const due = [...this.jobs.values()].map((j) => j.job).sort((a, b) => a.at - b.at);
      for (const job of due) {
        if (this.run(job.id)) ran++;
      }
    }
    return ran;
  }

  pending(): Job[] {
    return [...this.jobs.values()].map((j) => j.job);
  }

  load(jobs: Job[]): void {
    for (const job of jobs) this.add(job);
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.jobs.values()) if (entry.timer) clearTimeout(entry.timer);
  }

  private add(job: Job): void {
    if (this.stopped) return;
    const timer = setTimeout(() => this.run(job.id), Math.max(0, job.at - Date.now()));
    timer.unref();
    this.jobs.set(job.id, { job, timer });
  }

  private run(id: string): boolean {
    const entry = this.jobs.get(id);
    if (!entry) return false;
    this.jobs.delete(id);
    if (entry.timer) clearTimeout(entry.timer);
    this.onChange();
    this.execute(entry.job);
    return true;
  }
}
