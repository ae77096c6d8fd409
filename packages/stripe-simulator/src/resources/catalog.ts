/** Customers, Products and Prices — as far as Stripe CLI triggers and Checkout need them. */
import type Stripe from 'stripe';
import type { Engine } from '../engine';
import { invalidRequest, resourceMissing } from '../api/errors';
import { applyMetadata, type Params } from '../api/params';
import { newId } from '../ids';
import { readAddress, readShipping } from './common';
import { readCurrency } from './payment-intents';

export function getCustomer(engine: Engine, id: string): Stripe.Customer {
  const customer = engine.store.customers.get(id);
  if (!customer) throw resourceMissing('customer', id, 'id');
  return customer;
}

function applyCustomer(customer: Stripe.Customer, p: Params): void {
  if (p.has('email')) customer.email = p.string('email') ?? null;
  if (p.has('name')) customer.name = p.string('name') ?? null;
  if (p.has('phone')) customer.phone = p.string('phone') ?? null;
  if (p.has('description')) customer.description = p.string('description') ?? null;
  if (p.has('address')) customer.address = p.isEmpty('address') ? null : readAddress(p.obj('address'));
  if (p.has('shipping')) {
    const s = readShipping(p.obj('shipping'));
    customer.shipping = s ? { address: s.address, name: s.name, phone: s.phone } : null;
  }
  customer.metadata = applyMetadata(customer.metadata, p);
}

export function createCustomer(engine: Engine, p: Params): Stripe.Customer {
  const customer: Stripe.Customer = {
    id: newId('cus', 14),
    object: 'customer',
    address: null,
    balance: 0,
    created: engine.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: newId('', 8).slice(1).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  applyCustomer(customer, p);
  engine.store.customers.insert(customer, {});
  engine.touch();
  engine.emit('customer.created', customer);
  const pm = p.string('payment_method');
  if (pm) customer.invoice_settings.default_payment_method = null;
  return customer;
}

export function updateCustomer(engine: Engine, customer: Stripe.Customer, p: Params): Stripe.Customer {
  const before = JSON.parse(JSON.stringify(customer)) as Record<string, unknown>;
  applyCustomer(customer, p);
  const defaultPm = p.obj('invoice_settings')?.string('default_payment_method');
  if (defaultPm !== undefined) customer.invoice_settings.default_payment_method = defaultPm;
  const previous: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(customer)) {
    if (JSON.stringify(v) !== JSON.stringify(before[k])) previous[k] = before[k];
  }
  engine.touch();
  engine.emit('customer.updated', customer, previous);
  return customer;
}

export function getProduct(engine: Engine, id: string): Stripe.Product {
  const product = engine.store.products.get(id);
  if (!product) throw resourceMissing('product', id, 'id');
  return product;
}

export function createProduct(engine: Engine, p: Params, opts: { emit?: boolean } = {}): Stripe.Product {
  const now = engine.now();
  const id = p.string('id') ?? newId('prod', 14);
  if (engine.store.products.has(id)) {
    throw invalidRequest(`Product already exists.`, { code: 'resource_already_exists', param: 'id' });
  }
  const product: Stripe.Product = {
    id,
    object: 'product',
    active: p.bool('active') ?? true,
    created: now,
    default_price: null,
    description: p.string('description') ?? null,
    images: p.stringList('images') ?? [],
    livemode: false,
    marketing_features: [],
    metadata: applyMetadata({}, p),
    name: p.requiredString('name'),
    package_dimensions: null,
    shippable: null,
    statement_descriptor: p.string('statement_descriptor') ?? null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: p.string('unit_label') ?? null,
    updated: now,
    url: p.string('url') ?? null,
  };
  engine.store.products.insert(product, {});
  engine.touch();
  if (opts.emit !== false) engine.emit('product.created', product);
  const defaultPrice = p.obj('default_price_data');
  if (defaultPrice) {
    const price = createPriceFor(engine, product, defaultPrice);
    product.default_price = price.id;
  }
  return product;
}

export function getPrice(engine: Engine, id: string): Stripe.Price {
  const price = engine.store.prices.get(id);
  if (!price) throw resourceMissing('price', id, 'price');
  return price;
}

function createPriceFor(engine: Engine, product: Stripe.Product, p: Params): Stripe.Price {
  const currency = readCurrency(p)!;
  const unitAmount = p.int('unit_amount', { min: 0 }) ?? null;
  const decimal = p.string('unit_amount_decimal') ?? null;
  if (unitAmount === null && decimal === null && !p.has('custom_unit_amount')) {
    throw invalidRequest('Missing required param: unit_amount.', { code: 'parameter_missing', param: 'unit_amount' });
  }
  const recurring = p.obj('recurring');
  const price: Stripe.Price = {
    id: newId('price'),
    object: 'price',
    active: p.bool('active') ?? true,
    billing_scheme: 'per_unit',
    created: engine.now(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: p.string('lookup_key') ?? null,
    metadata: applyMetadata({}, p),
    nickname: p.string('nickname') ?? null,
    product: product.id,
    recurring: recurring
      ? {
          interval: recurring.enum('interval', ['day', 'week', 'month', 'year'] as const, { required: true })!,
          interval_count: recurring.int('interval_count', { min: 1 }) ?? 1,
          meter: null,
          trial_period_days: null,
          usage_type: 'licensed',
        }
      : null,
    tax_behavior: p.enum('tax_behavior', ['exclusive', 'inclusive', 'unspecified'] as const) ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: unitAmount ?? (decimal !== null ? Math.round(Number(decimal)) : null),
    unit_amount_decimal: (decimal ??
      (unitAmount !== null ? String(unitAmount) : null)) as unknown as Stripe.Price['unit_amount_decimal'],
  };
  engine.store.prices.insert(price, {});
  engine.touch();
  engine.emit('price.created', price);
  return price;
}

export function createPrice(engine: Engine, p: Params): Stripe.Price {
  const productId = p.string('product');
  const productData = p.obj('product_data');
  let product: Stripe.Product;
  if (productId) product = getProduct(engine, productId);
  else if (productData) product = createProduct(engine, productData);
  else throw invalidRequest('Missing required param: product.', { code: 'parameter_missing', param: 'product' });
  return createPriceFor(engine, product, p);
}
