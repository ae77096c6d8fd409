/** Giving back all or part of a paid order (a manager or the owner, with their PIN; see refund-service.ts). */
import { paymentsNotSetUp } from '../errors';
import { defineHandlers } from '../ipc/handler-map';
import type { RefundService } from './refund-service';

/** `refunds` is null when Till has no Stripe to talk to. */
export const refundsHandlers = (refunds: RefundService | null) =>
  defineHandlers({
    'orders.refund': (input, caller) => {
      if (!refunds) throw paymentsNotSetUp();
      return refunds.refund(input, caller);
    },
  });
