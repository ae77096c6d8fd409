/** /v1/balance, /v1/balance_transactions (list, retrieve) and /v1/payouts (list, retrieve), as Stripe's. */
import { resourceMissing } from '../api/errors';
import { Params } from '../api/params';
import { applyExpand } from '../http/expand';
import { inRange, listPage, readListParams, readRange } from '../http/lists';
import { balance } from '../resources/balance-transactions';
import { getPayout } from '../resources/payouts';
import type { Registrar } from './registrar';

const LIST = ['created', 'ending_before', 'expand', 'limit', 'starting_after'];

export function registerBalance({ engine, route }: Registrar): void {
  route({
    method: 'GET',
    url: '/v1/balance',
    access: 'secret',
    handler: ({ params }) => {
      new Params(params).allowOnly(['expand']);
      return balance(engine, engine.defaultCurrency);
    },
  });

  route({
    method: 'GET',
    url: '/v1/balance_transactions',
    access: 'secret',
    handler: ({ params }) => {
      const p = new Params(params).allowOnly([...LIST, 'currency', 'payout', 'source', 'type']);
      const currency = p.string('currency');
      const payout = p.string('payout');
      const source = p.string('source');
      const type = p.string('type');
      // Stripe answers 404 for a payout that does not exist, as for any unknown id in a parameter.
      if (payout) getPayout(engine, payout);
      const txns = engine.store.balanceTransactions;
      const list = listPage(
        txns,
        readListParams(p),
        '/v1/balance_transactions',
        'balance_transaction',
        (t) =>
          (!currency || t.currency === currency) &&
          (!payout || txns.meta(t.id)?.payout === payout) &&
          (!source || t.source === source) &&
          (!type || t.type === type),
      );
      return applyExpand(engine, list, p.stringList('expand'));
    },
  });

  route({
    method: 'GET',
    url: '/v1/balance_transactions/:id',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly(['expand']);
      const txn = engine.store.balanceTransactions.get(path.id!);
      if (!txn) throw resourceMissing('balance_transaction', path.id!, 'id');
      return applyExpand(engine, txn, p.stringList('expand'));
    },
  });

  route({
    method: 'GET',
    url: '/v1/payouts',
    access: 'secret',
    handler: ({ params }) => {
      const p = new Params(params).allowOnly([...LIST, 'arrival_date', 'destination', 'status']);
      const arrival = readRange(p, 'arrival_date');
      const destination = p.string('destination');
      const status = p.string('status');
      const list = listPage(
        engine.store.payouts,
        readListParams(p),
        '/v1/payouts',
        'payout',
        (po) =>
          inRange(po.arrival_date, arrival) &&
          (!destination || po.destination === destination) &&
          (!status || po.status === status),
      );
      return applyExpand(engine, list, p.stringList('expand'));
    },
  });

  route({
    method: 'GET',
    url: '/v1/payouts/:id',
    access: 'secret',
    handler: ({ params, path }) => {
      const p = new Params(params).allowOnly(['expand']);
      if (!engine.store.payouts.has(path.id!)) throw resourceMissing('payout', path.id!, 'id');
      return applyExpand(engine, getPayout(engine, path.id!), p.stringList('expand'));
    },
  });
}
