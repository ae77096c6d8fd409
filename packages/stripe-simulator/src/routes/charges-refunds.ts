/** /v1/charges (retrieve, list), /v1/refunds (create, retrieve, update, list), /v1/disputes. */
import { resourceMissing } from '../api/errors';
import { applyExpand } from '../http/expand';
import { listPage, readListParams } from '../http/lists';
import { applyMetadata, Params } from '../api/params';
import { closeDispute, getDispute, updateDispute } from '../resources/disputes';
import { sendPaymentReceipt } from '../resources/receipts';
import { createRefund, getRefund, REFUND_REASONS, updateRefund } from '../resources/refunds';
import type { Collection, Entity } from '../state/collection';
import type { Registrar } from './registrar';

const LIST = ['created', 'ending_before', 'expand', 'limit', 'starting_after'];

/** Lists of objects that belong to a charge (refunds, disputes), filterable by charge or PaymentIntent. */
function listForCharge<T extends Entity & { charge: unknown; payment_intent: unknown }, M>(
  collection: Collection<T, M>,
  params: Record<string, unknown>,
  url: string,
  noun: string,
) {
  const p = new Params(params).allowOnly([...LIST, 'charge', 'payment_intent']);
  const charge = p.string('charge');
  const pi = p.string('payment_intent');
  return listPage(
    collection,
    readListParams(p),
    url,
    noun,
    (item) => (!charge || item.charge === charge) && (!pi || item.payment_intent === pi),
  );
}

export function registerChargesAndRefunds({ engine, route }: Registrar): void {
  route({
    method: 'GET',
    url: '/v1/charges',
    access: 'secret',
    handler: ({ params }) => {
      const p = new Params(params).allowOnly([...LIST, 'customer', 'payment_intent', 'transfer_group']);
      const customer = p.string('customer');
      const pi = p.string('payment_intent');
      const list = listPage(
        engine.store.charges,
        readListParams(p),
        '/v1/charges',
        'charge',
        (c) => (!customer || c.customer === customer) && (!pi || c.payment_intent === pi),
      );
      return applyExpand(engine, list, p.stringList('expand'));
    },
  });

  route({
    method: 'GET',
    url: '/v1/charges/:id',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly(['expand']);
      const charge = engine.store.charges.get(path.id!);
      if (!charge) throw resourceMissing('charge', path.id!, 'id');
      return applyExpand(engine, charge, p.stringList('expand'));
    },
  });

  route({
    method: 'POST',
    url: '/v1/charges/:id',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly([
        'description',
        'metadata',
        'receipt_email',
        'shipping',
        'fraud_details',
        'expand',
      ]);
      const charge = engine.store.charges.get(path.id!);
      if (!charge) throw resourceMissing('charge', path.id!, 'id');
      if (p.has('description')) charge.description = p.string('description') ?? null;
      charge.metadata = applyMetadata(charge.metadata, p);
      if (p.has('receipt_email')) {
        charge.receipt_email = p.string('receipt_email') ?? null;
        // "If this field is updated, then a new email receipt will be sent to the updated address."
        sendPaymentReceipt(engine, charge);
      }
      engine.touch();
      engine.emit('charge.updated', charge);
      return charge;
    },
  });

  route({
    method: 'GET',
    url: '/v1/charges/:id/refunds',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly(LIST);
      if (!engine.store.charges.has(path.id!)) throw resourceMissing('charge', path.id!, 'id');
      return listPage(
        engine.store.refunds,
        readListParams(p),
        `/v1/charges/${path.id}/refunds`,
        'refund',
        (r) => r.charge === path.id,
      );
    },
  });

  route({
    method: 'POST',
    url: '/v1/refunds',
    access: 'secret',
    handler: ({ params }) => {
      const p = new Params(params).allowOnly([
        'amount',
        'charge',
        'currency',
        'customer',
        'expand',
        'instructions_email',
        'metadata',
        'origin',
        'payment_intent',
        'reason',
        'refund_application_fee',
        'reverse_transfer',
      ]);
      p.enum('reason', REFUND_REASONS);
      return applyExpand(engine, createRefund(engine, p), p.stringList('expand'));
    },
  });

  route({
    method: 'GET',
    url: '/v1/refunds',
    access: 'secret',
    handler: ({ params }) => listForCharge(engine.store.refunds, params, '/v1/refunds', 'refund'),
  });

  route({
    method: 'GET',
    url: '/v1/refunds/:id',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly(['expand']);
      return applyExpand(engine, getRefund(engine, path.id!), p.stringList('expand'));
    },
  });

  route({
    method: 'POST',
    url: '/v1/refunds/:id',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly(['metadata', 'expand']);
      return updateRefund(engine, getRefund(engine, path.id!), p);
    },
  });

  route({
    method: 'GET',
    url: '/v1/disputes',
    access: 'secret',
    handler: ({ params }) => listForCharge(engine.store.disputes, params, '/v1/disputes', 'dispute'),
  });

  route({
    method: 'GET',
    url: '/v1/disputes/:id',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly(['expand']);
      return applyExpand(engine, getDispute(engine, path.id!), p.stringList('expand'));
    },
  });

  route({
    method: 'POST',
    url: '/v1/disputes/:id',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly([
        'evidence',
        'expand',
        'intended_submission_method',
        'metadata',
        'submit',
      ]);
      return updateDispute(engine, getDispute(engine, path.id!), p);
    },
  });

  route({
    method: 'POST',
    url: '/v1/disputes/:id/close',
    access: 'secret',
    handler: ({ params, path }) => {
      new Params(params).allowOnly(['expand']);
      return closeDispute(engine, getDispute(engine, path.id!));
    },
  });
}
