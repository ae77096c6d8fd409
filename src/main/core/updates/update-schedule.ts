/**
 * When Till looks for a new version and when it offers to restart into one. The Electron shell
 * (shell/updates.ts) plugs electron-updater in; the decisions live here so they are tested in Node.
 *
 * Only when the owner turned "Check for updates" on: on start, then once a day. A downloaded update is offered at
 * a quiet moment — no payment's Stripe call under way and nobody using Till for a while — never mid-payment; if
 * the owner says later, electron-updater installs it when Till next quits.
 */

export const CHECK_EVERY_MS = 24 * 60 * 60_000;
/** Nobody has touched Till for this long: a clerk taking a card over the phone calls main well within it. */
export const QUIET_AFTER_MS = 2 * 60_000;

/** No Stripe call of a payment under way, and the last call of anyone signed in is QUIET_AFTER_MS old. */
export function isQuietMoment(state: { paymentUnderWay: boolean; lastActivity: number | null; now: number }): boolean {
  if (state.paymentUnderWay) return false;
  return state.lastActivity === null || state.now - state.lastActivity >= QUIET_AFTER_MS;
}

export interface UpdateScheduleOptions {
  /** The owner's "Check for updates" setting, read at every tick: turning it off stops the next check. */
  enabled(): boolean;
  quiet(): boolean;
  /** Looks for an update and starts downloading it (electron-updater's checkForUpdates). */
  check(): Promise<void>;
  /** Asks whether to restart into the downloaded update now. */
  offerRestart(): Promise<void>;
  onError(error: unknown): void;
  now?: () => number;
}

export function createUpdateSchedule(options: UpdateScheduleOptions) {
  const now = options.now ?? Date.now;
  let lastCheck: number | null = null;
  let checking = false;
  let downloaded = false;
  let offered = false;
  return {
    /** The shell calls this on start and every minute. */
    async tick(): Promise<void> {
      if (!options.enabled()) return;
      if (downloaded) {
        // Asked once a run: "Later" leaves the update to install on quit.
        if (!offered && options.quiet()) {
          offered = true;
          await options.offerRestart();
        }
        return;
      }
      if (checking || (lastCheck !== null && now() - lastCheck < CHECK_EVERY_MS)) return;
      checking = true;
      lastCheck = now();
      try {
        await options.check();
      } catch (error) {
        options.onError(error);
      } finally {
        checking = false;
      }
    },
    /** electron-updater finished downloading an update. */
    downloaded(): void {
      downloaded = true;
    },
  };
}
export type UpdateSchedule = ReturnType<typeof createUpdateSchedule>;
