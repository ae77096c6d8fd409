import { expect } from '@playwright/test';
import { dispatch } from '#core/ipc/dispatch';
import { TEST_OWNER_PIN } from '../support/demo-shop';
import type { RunningPreview } from '../support/preview';
import { ownerSession } from './owner-session';

/**
 * What happens to a day's orders away from the counter, for specs (and the guide's pictures) that need a refund or
 * a dispute in the history: the owner refunds through main, and Stripe's events reach Till as the Events API
 * poller would hand them over, without waiting for a poll.
 */
export async function refundAsOwner(preview: RunningPreview, orderId: string, amount: number) {
  const refunded = await dispatch(
    preview.till.handlers,
    'orders.refund',
    { orderId, amount, reason: 'requested_by_customer', note: '', pin: TEST_OWNER_PIN },
    undefined,
    await ownerSession(preview),
  );
  expect(refunded.ok).toBe(true);
}

export async function catchUpEvents(preview: RunningPreview) {
  const simulator = preview.training!.simulator;
  simulator.admin.runPendingJobs();
  const response = await fetch(`${simulator.url}/v1/events?limit=100`, {
    headers: { authorization: `Bearer ${simulator.keys.secret}` },
  });
  preview.till.events.ingest(((await response.json()) as { data: never[] }).data.reverse(), 'events_api');
}
