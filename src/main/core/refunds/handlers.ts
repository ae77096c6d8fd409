/** Giving back all or part of a paid order (owner PIN; see refund-service.ts). */
import { paymentsNotSetUp } from '../errors';
import { defineHandlers } from '../ipc/handler-map';
import type { RefundService } from './refund-service';

/** `refunds` is null when Till has no Stripe to talk to. */
export const refundsHandlers = (refunds: RefundService | null) =>
  defineHandlers({
    'orders.refund': (input) => {
      if (!refunds) throw paymentsNotSetUp();
      return refunds.refund(input);
    },
  });
