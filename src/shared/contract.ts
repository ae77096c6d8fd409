/**
 * The IPC contract: for every channel in channels.ts, a zod schema for its input and its output.
 *
 * Main validates every input against these schemas before any handler runs (a bad input changes nothing), and
 * both transports — Electron IPC and the browser preview's HTTP bridge — are generated from the same list.
 */
import { z } from 'zod';
import type { Channel, PushTopic } from './channels';

/** Calls that take no arguments accept nothing, or an empty object. */
const NoInput = z.object({}).strict().optional();

export const Mode = z.enum(['training', 'test', 'live']);
export type Mode = z.infer<typeof Mode>;

export const TaxClass = z.enum(['standard', 'gst_only', 'zero_rated']);
export type TaxClass = z.infer<typeof TaxClass>;

export const AppInfo = z.object({
  version: z.string(),
  mode: Mode,
  dataDir: z.string(),
  currency: z.string().length(3),
  shopName: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const Product = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  /** Price before tax, in the currency's minor unit (cents). */
  unitPrice: z.number().int().nonnegative(),
  currency: z.string().length(3),
  taxClass: TaxClass,
  archived: z.boolean(),
});
export type Product = z.infer<typeof Product>;

export const CatalogListInput = z
  .object({
    /** Matches name or SKU, case-insensitively. */
    search: z.string().trim().max(100, 'Search is limited to 100 characters').optional(),
    includeArchived: z.boolean().optional(),
  })
  .strict()
  .optional();

export const OrderStatus = z.enum([
  'open',
  'processing',
  'requires_action',
  'failed',
  'paid',
  'partially_refunded',
  'refunded',
  'disputed',
  'canceled',
  'needs_review',
]);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const OrderSummary = z.object({
  id: z.string(),
  number: z.number().int().positive(),
  status: OrderStatus,
  currency: z.string().length(3),
  total: z.number().int(),
  amountRefunded: z.number().int(),
  customerName: z.string(),
  createdAt: z.number().int(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

export const OrdersListInput = z
  .object({
    limit: z.number().int().min(1).max(500).optional(),
    status: OrderStatus.optional(),
  })
  .strict()
  .optional();

export const OpenHistoryOutput = z.object({
  /** Where the host could not open a window itself (the browser preview), the URL the page should open. */
  url: z.string().nullable(),
});

export const EventSourceHealth = z.object({
  source: z.enum(['events_api', 'stripe_cli', 'none']),
  connected: z.boolean(),
  lastEventAt: z.number().int().nullable(),
  lastError: z.string().nullable(),
});

export const contract = {
  'app.info': { input: NoInput, output: AppInfo },
  'catalog.list': { input: CatalogListInput, output: z.array(Product) },
  'orders.list': { input: OrdersListInput, output: z.array(OrderSummary) },
  'window.openHistory': { input: NoInput, output: OpenHistoryOutput },
} satisfies Record<Channel, { input: z.ZodType; output: z.ZodType }>;

export const pushContract = {
  'orders.changed': z.object({ orderId: z.string() }),
  'events.health': EventSourceHealth,
} satisfies Record<PushTopic, z.ZodType>;

export type ChannelInput<C extends Channel> = z.input<(typeof contract)[C]['input']>;
/** The input after validation and defaults, as a handler receives it. */
export type ParsedInput<C extends Channel> = z.output<(typeof contract)[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<(typeof contract)[C]['output']>;
export type PushPayload<T extends PushTopic> = z.output<(typeof pushContract)[T]>;
