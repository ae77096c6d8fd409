import { describe, expect, it } from 'vitest';
import { CHECK_EVERY_MS, createUpdateSchedule, isQuietMoment, QUIET_AFTER_MS } from '#core/updates/update-schedule';

function schedule(state: { enabled: boolean; quiet: boolean; failCheck?: boolean }) {
  let clock = 1_000_000;
  const calls = { checks: 0, offers: 0, errors: 0 };
  const updates = createUpdateSchedule({
    enabled: () => state.enabled,
    quiet: () => state.quiet,
    check: async () => {
      calls.checks += 1;
      if (state.failCheck) throw new Error('offline');
    },
    offerRestart: async () => {
      calls.offers += 1;
    },
    onError: () => {
      calls.errors += 1;
    },
    now: () => clock,
  });
  return { updates, calls, advance: (ms: number) => (clock += ms) };
}

describe('when Till looks for updates', () => {
  it('never, while the owner has not turned it on', async () => {
    const { updates, calls, advance } = schedule({ enabled: false, quiet: true });
    await updates.tick();
    advance(CHECK_EVERY_MS * 3);
    await updates.tick();
    expect(calls.checks).toBe(0);
  });

  it('on start and then once a day, when on', async () => {
    const { updates, calls, advance } = schedule({ enabled: true, quiet: true });
    await updates.tick();
    expect(calls.checks).toBe(1);
    advance(CHECK_EVERY_MS - 60_000);
    await updates.tick();
    expect(calls.checks).toBe(1);
    advance(60_000);
    await updates.tick();
    expect(calls.checks).toBe(2);
  });

  it('at the next tick after the owner turns it on, and stops when they turn it off', async () => {
    const state = { enabled: false, quiet: true };
    const { updates, calls, advance } = schedule(state);
    await updates.tick();
    state.enabled = true;
    await updates.tick();
    expect(calls.checks).toBe(1);
    state.enabled = false;
    advance(CHECK_EVERY_MS);
    await updates.tick();
    expect(calls.checks).toBe(1);
  });

  it('a failed check is reported and tried again the next day, not every minute', async () => {
    const { updates, calls, advance } = schedule({ enabled: true, quiet: true, failCheck: true });
    await updates.tick();
    advance(60_000);
    await updates.tick();
    expect(calls).toMatchObject({ checks: 1, errors: 1 });
    advance(CHECK_EVERY_MS);
    await updates.tick();
    expect(calls).toMatchObject({ checks: 2, errors: 2 });
  });
});

describe('when Till offers to restart into a downloaded update', () => {
  it('waits for a quiet moment, then asks once', async () => {
    const state = { enabled: true, quiet: false };
    const { updates, calls } = schedule(state);
    await updates.tick();
    updates.downloaded();
    await updates.tick();
    await updates.tick();
    expect(calls.offers).toBe(0);
    state.quiet = true;
    await updates.tick();
    await updates.tick();
    expect(calls.offers).toBe(1);
  });

  it('is quiet only with no payment under way and nobody using Till for two minutes', () => {
    const now = 10_000_000;
    expect(isQuietMoment({ paymentUnderWay: true, lastActivity: null, now })).toBe(false);
    expect(isQuietMoment({ paymentUnderWay: false, lastActivity: now - QUIET_AFTER_MS + 1, now })).toBe(false);
    expect(isQuietMoment({ paymentUnderWay: false, lastActivity: now - QUIET_AFTER_MS, now })).toBe(true);
    expect(isQuietMoment({ paymentUnderWay: false, lastActivity: null, now })).toBe(true);
  });
});
