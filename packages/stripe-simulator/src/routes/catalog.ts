/** /v1/customers, /v1/products, /v1/prices (create, retrieve, update customers, list). */
import { applyExpand } from '../http/expand';
import { listPage, readListParams } from '../http/lists';
import { Params } from '../api/params';
import {
  createCustomer,
  createPrice,
  createProduct,
  getCustomer,
  getPrice,
  getProduct,
  updateCustomer,
} from '../resources/catalog';
import type { Registrar } from './registrar';

const LIST = ['created', 'ending_before', 'expand', 'limit', 'starting_after'];
const CUSTOMER = [
  'address',
  'balance',
  'cash_balance',
  'coupon',
  'description',
  'email',
  'expand',
  'invoice_prefix',
  'invoice_settings',
  'metadata',
  'name',
  'next_invoice_sequence',
  'payment_method',
  'phone',
  'preferred_locales',
  'promotion_code',
  'shipping',
  'source',
  'tax',
  'tax_exempt',
  'tax_id_data',
  'test_clock',
];

export function registerCatalog({ engine, route }: Registrar): void {
  route({
    method: 'POST',
    url: '/v1/customers',
    access: 'secret',
    handler: ({ params }) => createCustomer(engine, new Params(params).allowOnly(CUSTOMER)),
  });
  route({
    method: 'GET',
    url: '/v1/customers',
    access: 'secret',
    handler: ({ params }) => {
      const p = new Params(params).allowOnly([...LIST, 'email', 'test_clock']);
      const email = p.string('email');
      return listPage(engine.store.customers, readListParams(p), '/v1/customers', 'customer', (c) =>
        email ? c.email === email : true,
      );
    },
  });
  route({
    method: 'GET',
    url: '/v1/customers/:id',
    access: 'secret',
    handler: ({ params, path }) =>
      applyExpand(engine, getCustomer(engine, path.id!), new Params(params).stringList('expand')),
  });
  route({
    method: 'POST',
    url: '/v1/customers/:id',
    access: 'secret',
    handler: ({ params, path }) =>
      updateCustomer(
        engine,
        getCustomer(engine, path.id!),
        new Params(params).allowOnly([...CUSTOMER, 'default_source']),
      ),
  });

  route({
    method: 'POST',
    url: '/v1/products',
    access: 'secret',
    handler: ({ params }) =>
      createProduct(
        engine,
        new Params(params).allowOnly([
          'active',
          'default_price_data',
          'description',
          'expand',
          'features',
          'id',
          'images',
          'marketing_features',
          'metadata',
          'name',
          'package_dimensions',
          'shippable',
          'statement_descriptor',
          'tax_code',
          'unit_label',
          'url',
        ]),
      ),
  });
  route({
    method: 'GET',
    url: '/v1/products',
    access: 'secret',
    handler: ({ params }) => {
      const p = new Params(params).allowOnly([...LIST, 'active', 'ids', 'shippable', 'url']);
      return listPage(engine.store.products, readListParams(p), '/v1/products', 'product');
    },
  });
  route({
    method: 'GET',
    url: '/v1/products/:id',
    access: 'secret',
    handler: ({ path }) => getProduct(engine, path.id!),
  });

  route({
    method: 'POST',
    url: '/v1/prices',
    access: 'secret',
    handler: ({ params }) =>
      createPrice(
        engine,
        new Params(params).allowOnly([
          'active',
          'billing_scheme',
          'currency',
          'currency_options',
          'custom_unit_amount',
          'expand',
          'lookup_key',
          'metadata',
          'nickname',
          'product',
          'product_data',
          'recurring',
          'tax_behavior',
          'tiers',
          'tiers_mode',
          'transfer_lookup_key',
          'transform_quantity',
          'unit_amount',
          'unit_amount_decimal',
        ]),
      ),
  });
  route({
    method: 'GET',
    url: '/v1/prices',
    access: 'secret',
    handler: ({ params }) => {
      const p = new Params(params).allowOnly([
        ...LIST,
        'active',
        'currency',
        'lookup_keys',
        'product',
        'recurring',
        'type',
      ]);
      const product = p.string('product');
      return listPage(engine.store.prices, readListParams(p), '/v1/prices', 'price', (pr) =>
        product ? pr.product === product : true,
      );
    },
  });
  route({
    method: 'GET',
    url: '/v1/prices/:id',
    access: 'secret',
    handler: ({ params, path }) =>
      applyExpand(engine, getPrice(engine, path.id!), new Params(params).stringList('expand')),
  });
}
