/**
 * The IPC contract: for every channel in channels.ts, a zod schema for its input and its output.
 *
 * Main validates every input against these schemas before any handler runs (a bad input changes nothing), and
 * both transports — Electron IPC and the browser preview's HTTP bridge — are generated from the same list.
 */
import { z } from 'zod';
import { ORDER_STATUSES, TAX_CLASSES } from './choices';
import { CustomerInput, NoteInput, phoneText } from './customer-input';
import { freeText } from './free-text';
import type { Channel, PushTopic } from './channels';
import { isStripeCurrency } from './currencies';
import { PERMISSIONS, ROLES } from './permissions';

/** Calls that take no arguments accept nothing, or an empty object. */
const NoInput = z.object({}).strict().optional();

export const Mode = z.enum(['training', 'test', 'live']);
export type Mode = z.infer<typeof Mode>;

export const TaxClass = z.enum(TAX_CLASSES);
export type TaxClass = z.infer<typeof TaxClass>;

export const AppInfo = z.object({
  version: z.string(),
  mode: Mode,
  dataDir: z.string(),
  currency: z.string().length(3),
  shopName: z.string(),
  /** The desktop app can save PDFs itself; the browser preview leaves printing to the browser. */
  host: z.enum(['electron', 'browser']),
  /** The Stripe account's name (its Dashboard display name) in test and live mode; null in training. */
  accountName: z.string().nullable(),
  /** The order log in use: one file per Stripe account and mode (till.sqlite in training). */
  orderLog: z.string(),
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
  /** The UPC/EAN printed on the product, as a scanner types it; null when it has none. */
  barcode: z.string().nullable(),
});
export type Product = z.infer<typeof Product>;

export const CatalogListInput = z
  .object({
    /** Matches name or SKU, case-insensitively, or a barcode exactly. */
    search: z.string().trim().max(100, 'Search is limited to 100 characters').optional(),
    includeArchived: z.boolean().optional(),
  })
  .strict()
  .optional();

export const OrderStatus = z.enum(ORDER_STATUSES);
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
  /** Why the owner should look at this order (restored from Stripe, outcome unknown), or null. */
  reviewReason: z.string().nullable(),
  /** The last four digits of the card that paid (or was last tried), when Stripe told us. */
  cardLast4: z.string().nullable(),
  /** Who took the order; null for orders from before staff accounts. */
  staffName: z.string().nullable(),
  /** An unpaid order's payment link: waiting for the customer, or expired; null when none is out. */
  linkState: z.enum(['waiting', 'expired']).nullable(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

/** A calendar day on the shop PC's clock, as an `<input type="date">` gives it. */
const Day = z.iso.date('Dates are written YYYY-MM-DD');
/** An amount the owner typed, already in minor units (cents). */
const AmountBound = z.number().int('Amounts are whole cents').min(0, 'Amounts cannot be negative').max(100_000_000);

/** What the owner is looking for in the history. Every field narrows; none given matches everything. */
const HistoryFilter = z
  .object({
    status: OrderStatus.optional(),
    /** Order number (with or without #), customer name, email or phone, card last 4, or PaymentIntent id. */
    search: z.string().trim().max(100, 'Search is limited to 100 characters').optional(),
    /** First and last day included, on the shop PC's clock. */
    from: Day.optional(),
    to: Day.optional(),
    minTotal: AmountBound.optional(),
    maxTotal: AmountBound.optional(),
    /** Orders taken by this staff member. */
    staffId: z.string().min(1).max(64).optional(),
  })
  .strict();

/** The checks across fields, for every schema built on HistoryFilter. */
function checkRanges<T extends typeof HistoryFilter>(schema: T) {
  return schema
    .refine((f) => !f.from || !f.to || f.from <= f.to, {
      path: ['to'],
      message: 'The end date is before the start date',
    })
    .refine((f) => f.minTotal === undefined || f.maxTotal === undefined || f.minTotal <= f.maxTotal, {
      path: ['maxTotal'],
      message: 'The largest amount is below the smallest',
    });
}

/** Where a page of the history ended: the next page starts after this order (keyset, newest first). */
export const HistoryCursor = z.object({ createdAt: z.number().int().min(0), number: z.number().int().min(0) }).strict();
export type HistoryCursor = z.infer<typeof HistoryCursor>;

/** A page of the history, newest first; with a cursor, the page after it. */
export const OrdersListInput = checkRanges(
  HistoryFilter.extend({ limit: z.number().int().min(1).max(500).optional(), cursor: HistoryCursor.optional() }),
).optional();
/** What every order the filter matches adds up to. */
export const OrdersTotalsInput = checkRanges(HistoryFilter).optional();
/** Names one export run, made by the page, so that its progress pushes and its cancel button find it. */
const ExportId = z.string().uuid();
/** Every order the filter matches, as CSV (or every line of those orders); exportId to follow and cancel it. */
export const OrdersExportInput = checkRanges(HistoryFilter.extend({ exportId: ExportId.optional() })).optional();
export type OrdersListInput = z.infer<typeof OrdersListInput>;

/**
 * Money over every order the filter matches (not only the page shown), per currency. Only charged orders count
 * towards money: an open, declined or canceled order moved none.
 */
export const HistoryTotals = z.object({
  currency: z.string().length(3),
  /** Orders the filter matches, charged or not. */
  orders: z.number().int(),
  /** Of those, the orders whose card was charged. */
  charged: z.number().int(),
  /** What the charged orders came to. */
  gross: z.number().int(),
  /** Refunded on those orders (refunds that failed or were canceled are not counted). */
  refunded: z.number().int(),
  /** Taken back by disputes the shop lost. */
  disputesLost: z.number().int(),
  /** gross − refunded − disputesLost: what the shop keeps, before Stripe's fees. */
  net: z.number().int(),
});
export type HistoryTotals = z.infer<typeof HistoryTotals>;

/** Net sales of each day in the filter's range (orders placed that day), zero on days without any. */
export const DailySales = z.object({
  currency: z.string().length(3),
  days: z.array(z.object({ day: z.string(), charged: z.number().int(), net: z.number().int() })),
});
export type DailySales = z.infer<typeof DailySales>;

export const OrdersPage = z.object({
  orders: z.array(OrderSummary),
  /** More orders match than the limit allowed to send. */
  hasMore: z.boolean(),
  /** Ask with this cursor for the next page; null on the last. */
  nextCursor: HistoryCursor.nullable(),
});
export type OrdersPage = z.infer<typeof OrdersPage>;

/** The history's totals and its chart, apart from its pages: one call per filter, not one per page. */
export const HistorySummary = z.object({
  totals: z.array(HistoryTotals),
  /** For the chart: the currency with the most orders (null when nothing matches). */
  daily: DailySales.nullable(),
});
export type HistorySummary = z.infer<typeof HistorySummary>;

export const OrdersExport = z.object({
  /** Where the desktop app saved the file; null when the owner canceled, or in the browser preview. */
  path: z.string().nullable(),
  /** The browser preview cannot save files itself: the CSV comes back for the page to download. */
  csv: z.string().nullable(),
  fileName: z.string(),
  rows: z.number().int(),
});

/** The order history as a CSV file, streamed: saved where the owner chose, or downloaded from the preview. */
export const OrdersFileExport = z.object({
  /** Where the desktop app saved the file; null when the owner canceled, or in the browser preview. */
  path: z.string().nullable(),
  /** The browser preview streams the file from this same-origin address, once, to the session that asked. */
  download: z.string().nullable(),
  fileName: z.string(),
  /** Rows in the file (orders, or lines). */
  rows: z.number().int(),
  /** The owner stopped it: no file was left. */
  canceled: z.boolean(),
});
export type OrdersFileExport = z.infer<typeof OrdersFileExport>;

/** How far an export has got: rows written of all it will write. */
export const ExportProgress = z.object({
  exportId: z.string(),
  written: z.number().int(),
  total: z.number().int(),
});
export type ExportProgress = z.infer<typeof ExportProgress>;

/** A disputed order's evidence as a PDF, for the owner to upload to Stripe. */
export const DisputeEvidenceFile = z.object({
  /** Where the desktop app saved the file; null when the owner canceled, or in the browser preview. */
  path: z.string().nullable(),
  /** The browser preview cannot save files itself: the PDF comes back, base64, for the page to download. */
  pdfBase64: z.string().nullable(),
  fileName: z.string(),
});
export type DisputeEvidenceFile = z.infer<typeof DisputeEvidenceFile>;

/** The renderer sends what was picked, never what it costs: main prices every line from SQLite. */
export const CartLineInput = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('product'),
      productId: z.string().min(1).max(64),
      quantity: z
        .number({ error: 'Quantity must be a number' })
        .int('Quantity must be a whole number')
        .min(1, 'Quantity must be at least 1')
        .max(999, 'Quantity can be at most 999'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('custom'),
      description: freeText({
        required: 'Describe what the charge is for',
        max: 120,
        tooLong: 'Keep it under 120 characters',
      }),
      /** A quick charge's own price, in minor units, before tax. */
      unitPrice: z
        .number({ error: 'Enter an amount' })
        .int('Amount must be in whole cents')
        .min(1, 'Amount must be more than zero')
        .max(99_999_99, 'Amount can be at most 99,999.99'),
      taxClass: TaxClass,
    })
    .strict(),
]);
export type CartLineInput = z.infer<typeof CartLineInput>;

export const CartInput = z
  .object({ lines: z.array(CartLineInput).min(1, 'The cart is empty').max(100, 'An order can have at most 100 lines') })
  .strict();
export type CartInput = z.infer<typeof CartInput>;

export const QuoteLine = z.object({
  productId: z.string().nullable(),
  sku: z.string().nullable(),
  description: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  taxClass: TaxClass,
  subtotal: z.number().int(),
  tax: z.number().int(),
  total: z.number().int(),
});
export const Quote = z.object({
  currency: z.string().length(3),
  lines: z.array(QuoteLine),
  subtotal: z.number().int(),
  taxes: z.array(z.object({ name: z.string(), rateBp: z.number().int(), amount: z.number().int() })),
  taxTotal: z.number().int(),
  total: z.number().int(),
});
export type Quote = z.infer<typeof Quote>;

// The caller's details live in their own zod/mini module, which the Checkout page imports without the rest.
export { CustomerInput, NoteInput } from './customer-input';

export const PayInput = z
  .object({
    /** Made by the renderer when an order is started; paying twice with it can never make two orders. */
    checkoutId: z.uuid('checkoutId must be a UUID'),
    cart: CartInput,
    customer: CustomerInput,
    note: NoteInput,
    /** From Stripe.js `createConfirmationToken`: card details stay with Stripe, Till sees only this id. */
    confirmationTokenId: z.string().regex(/^ctoken_[A-Za-z0-9_]+$/, 'confirmationTokenId must be a ctoken_ id'),
  })
  .strict();

/** E-mail a paid order's receipt again (Stripe sends it), to the address given. */
export const SendReceiptInput = z
  .object({
    orderId: z.string().min(1).max(64),
    email: z.email('Enter the e-mail address to send the receipt to').max(254),
  })
  .strict();

/** The order on the checkout page, to be paid through a link the customer opens on their own device. */
export const SendLinkInput = PayInput.omit({ confirmationTokenId: true }).strict();

/** A payment link made (or given back) for an order. */
export const LinkOutcome = z.object({
  orderId: z.string(),
  orderNumber: z.number().int(),
  /** open: ready to give out · unknown: Stripe did not answer (Till finishes it) · failed: not made · paid */
  status: z.enum(['open', 'unknown', 'failed', 'paid']),
  /** Stripe's page for the customer; only while open. */
  url: z.string().nullable(),
  /** When the link stops working (ms since the epoch). */
  expiresAt: z.number().int().nullable(),
  message: z.string(),
});
export type LinkOutcome = z.infer<typeof LinkOutcome>;

/**
 * An order's latest payment link as people see it: being made, waiting for the customer, expired (its time ran out
 * or Stripe closed it), paid, taken back by the clerk, or not made.
 */
export const LinkState = z.enum(['making', 'waiting', 'expired', 'paid', 'canceled', 'failed']);
export const OrderLink = z.object({
  linkNo: z.number().int(),
  state: LinkState,
  /** Stripe's page for the customer; only while waiting. */
  url: z.string().nullable(),
  amount: z.number().int(),
  currency: z.string().length(3),
  /** When the link stops (or stopped) working, ms since the epoch. */
  expiresAt: z.number().int(),
});
export type OrderLink = z.infer<typeof OrderLink>;

/** The shop as its receipts print it: who sold, where, and under which tax registrations. */
export const ReceiptShop = z.object({
  name: z.string(),
  address: z.string(),
  phone: z.string(),
  taxNumbers: z.array(z.object({ label: z.string(), number: z.string() })),
});
export type ReceiptShop = z.infer<typeof ReceiptShop>;

/**
 * What a receipt (the customer's copy) shows of a paid order, made by main for the checkout and the history's
 * reprint alike. It carries no PaymentIntent id: that is for the shop, and stays in the order history's detail.
 */
export const ReceiptData = z.object({
  shop: ReceiptShop,
  id: z.string(),
  number: z.number().int(),
  currency: z.string().length(3),
  lines: z.array(QuoteLine),
  subtotal: z.number().int(),
  taxes: Quote.shape.taxes,
  total: z.number().int(),
  amountRefunded: z.number().int(),
  /** Each refund Till gave that Stripe made, with its time: a reprint after a refund is the refund receipt. */
  refunds: z.array(z.object({ amount: z.number().int(), at: z.number().int() })),
  customerName: z.string(),
  card: z.object({ brand: z.string(), last4: z.string() }).nullable(),
  createdAt: z.number().int(),
  paidAt: z.number().int().nullable(),
  /** The clerk who took the order, as the receipt prints it ("Served by"); null for orders from before staff. */
  clerk: z.string().nullable(),
});
export type ReceiptData = z.infer<typeof ReceiptData>;

export const PaymentOutcome = z.object({
  orderId: z.string(),
  orderNumber: z.number().int(),
  /** paid · requires_action (3D Secure) · declined (ask for another card) · unknown (kept for checking) */
  status: z.enum(['paid', 'requires_action', 'declined', 'unknown', 'canceled']),
  /** Words a clerk can read to the caller. */
  message: z.string(),
  clientSecret: z.string().nullable(),
  declineCode: z.string().nullable(),
  /** The receipt when the order is paid (null otherwise), so the page shows it without asking main again. */
  receipt: ReceiptData.nullable(),
});
export type PaymentOutcome = z.infer<typeof PaymentOutcome>;

export const OrderIdInput = z.object({ orderId: z.string().min(1).max(64) }).strict();

export const TimelineEntry = z.object({
  at: z.number().int(),
  /** 'till': written by Till (the order, each card tried, refunds asked); 'stripe': an event Stripe sent. */
  source: z.enum(['till', 'stripe']),
  title: z.string(),
  detail: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const OrderDetail = z.object({
  id: z.string(),
  number: z.number().int(),
  status: OrderStatus,
  currency: z.string().length(3),
  lines: z.array(QuoteLine),
  subtotal: z.number().int(),
  taxes: Quote.shape.taxes,
  taxTotal: z.number().int(),
  total: z.number().int(),
  amountRefunded: z.number().int(),
  customerName: z.string(),
  customerPhone: z.string(),
  customerEmail: z.string().nullable(),
  note: z.string(),
  paymentIntentId: z.string().nullable(),
  card: z.object({ brand: z.string(), last4: z.string() }).nullable(),
  createdAt: z.number().int(),
  paidAt: z.number().int().nullable(),
  reviewReason: z.string().nullable(),
  disputeStatus: z.string().nullable(),
  /** Who took the order; null for orders from before staff accounts. */
  staffName: z.string().nullable(),
  /** What the owner can still refund (minor units): 0 unless the order is paid and not refunded in full. */
  refundable: z.number().int(),
  /** The latest payment link sent for the order, or null if none was. */
  link: OrderLink.nullable(),
  /** Everything that happened to the order, oldest first: Till's own records and what Stripe reported. */
  timeline: z.array(TimelineEntry),
  /** The customer's copy, for the reprint. */
  receipt: ReceiptData,
});
export type OrderDetail = z.infer<typeof OrderDetail>;

/** Why the money goes back, in Stripe's words (a refund's `reason`). */
export const RefundReason = z.enum(['requested_by_customer', 'duplicate', 'fraudulent'], {
  error: 'Choose why the money goes back',
});
export type RefundReason = z.infer<typeof RefundReason>;

/** A refund the owner gives from the history: part or all of what is left on a paid order. */
export const RefundInput = z
  .object({
    orderId: OrderIdInput.shape.orderId,
    /** Minor units; main checks it against what is left to refund. */
    amount: z
      .number({ error: 'Enter the amount to refund' })
      .int('Amounts are whole cents')
      .min(1, 'Enter an amount more than zero')
      .max(100_000_000, 'That amount is more than any order'),
    reason: RefundReason,
    note: NoteInput,
    pin: z.string().max(8, 'The owner PIN is 4 to 8 digits').optional(),
  })
  .strict();

/** A count and an amount (minor units) under a name: a tax, a card brand, a staff member. */
const NamedAmount = z.object({ name: z.string(), count: z.number().int(), amount: z.number().int() });

/** One day's figures from the order log, on the shop's clock (end-of-day/day-figures.ts). */
export const DayFigures = z.object({
  day: z.string(),
  currency: z.string().length(3),
  /** Orders taken that day and paid. */
  orders: z.number().int(),
  subtotal: z.number().int(),
  taxes: z.array(z.object({ name: z.string(), amount: z.number().int() })),
  gross: z.number().int(),
  /** Refunds Stripe made that day (of orders from any day). */
  refunds: z.object({ count: z.number().int(), amount: z.number().int() }),
  /** Disputes Stripe reported that day: opened, and closed as lost. */
  disputes: z.object({
    opened: z.number().int(),
    openedAmount: z.number().int(),
    lost: z.number().int(),
    lostAmount: z.number().int(),
  }),
  /** Gross less refunds and lost disputes. */
  net: z.number().int(),
  /** Card brand ('visa'…), or 'payment_link' for a card typed on Stripe's page. */
  byBrand: z.array(NamedAmount),
  byStaff: z.array(NamedAmount),
});
export type DayFigures = z.infer<typeof DayFigures>;

/** Stripe's side of a day: its balance transactions (fees, what will be deposited) and the payouts that landed. */
export const StripeDay = z.object({
  /** The day's balance transactions by type (charge, refund, adjustment…): Stripe's amounts, fees and nets. */
  byType: z.array(
    z.object({
      type: z.string(),
      count: z.number().int(),
      amount: z.number().int(),
      fee: z.number().int(),
      net: z.number().int(),
    }),
  ),
  fees: z.number().int(),
  /** What the day's transactions add to the balance: the deposit they make, after fees. */
  net: z.number().int(),
  payouts: z.array(
    z.object({
      id: z.string(),
      amount: z.number().int(),
      arrivalDate: z.number().int(),
      status: z.string(),
      /** The payments (and refunds, fees) the payout holds, each with the Till order it belongs to if any. */
      items: z.array(
        z.object({
          type: z.string(),
          amount: z.number().int(),
          fee: z.number().int(),
          net: z.number().int(),
          orderNumber: z.number().int().nullable(),
        }),
      ),
    }),
  ),
});
export type StripeDay = z.infer<typeof StripeDay>;

/** What changed on a closed day since it was closed: one figure, as closed and as it is now. */
export const DayAdjustment = z.object({ figure: z.string(), closed: z.number().int(), now: z.number().int() });

export const EndOfDay = z.object({
  figures: DayFigures,
  /** Null until someone closes the day; then the figures as they were, kept. */
  closed: z.object({ at: z.number().int(), by: z.string().nullable(), figures: DayFigures }).nullable(),
  /** Later changes to a closed day's figures (a refund, a dispute after closing). Empty for an open day. */
  adjustments: z.array(DayAdjustment),
  stripe: StripeDay.nullable(),
  /** Why Stripe's side is missing (training without Stripe, Stripe unreachable), or null. */
  stripeMessage: z.string().nullable(),
});
export type EndOfDay = z.infer<typeof EndOfDay>;

export const DayInput = z.object({ day: Day }).strict();
export const CloseDayInput = z
  .object({ day: Day, pin: z.string().max(8, 'A PIN has at most 8 digits').optional() })
  .strict();

export const RefundOutcome = z.object({
  orderId: z.string(),
  /** 'unknown': Stripe did not answer; Till checks with Stripe and never sends the refund twice. */
  status: z.enum(['succeeded', 'pending', 'failed', 'unknown']),
  /** What the owner reads: what happened and what, if anything, to do next. */
  message: z.string(),
  /** The order's refunded total afterwards. */
  amountRefunded: z.number().int(),
});
export type RefundOutcome = z.infer<typeof RefundOutcome>;

export const DatabaseBackup = z.object({
  /** Where the copy was saved; null when the owner canceled. */
  path: z.string().nullable(),
  /** Orders in the copy, and its size: what the owner can check against the history. */
  orders: z.number().int(),
  bytes: z.number().int(),
});

export const CheckoutConfig = z.object({
  mode: Mode,
  publishableKey: z.string(),
  /** Training mode: the simulator's Stripe.js stand-in, loaded like js.stripe.com. Null with real Stripe. */
  stripeJsUrl: z.string().nullable(),
  currency: z.string().length(3),
  motoEnabled: z.boolean(),
});
export type CheckoutConfig = z.infer<typeof CheckoutConfig>;

export const Settings = z.object({
  motoEnabled: z.boolean(),
  eventSource: z.enum(['events_api', 'stripe_cli']),
  /** Till locks itself after this many minutes with nobody using it; the next person signs in. */
  autoLockMinutes: z
    .number()
    .int('Whole minutes')
    .min(1, 'Lock after at least 1 minute')
    .max(240, 'Lock after at most 240 minutes (4 hours)'),
  /** How long a payment link can be paid: Stripe takes 30 minutes to 24 hours. */
  linkMinutes: z
    .number()
    .int('Whole minutes')
    .min(30, 'A link stays open at least 30 minutes (Stripe’s shortest)')
    .max(1440, 'A link stays open at most 24 hours (Stripe’s longest)'),
  /** The shop's own web page Stripe sends a customer to after paying a link; links wait until there is one. */
  linkReturnUrl: z
    .string()
    .trim()
    .max(300, 'Keep the address under 300 characters')
    .regex(/^https:\/\/[^\s/]+\.[^\s]+$/, 'Enter a web address starting with https://, like https://myshop.ca')
    .nullable(),
  /** Look for a new Till on start and daily, download it, and offer to restart at a quiet moment. Off until the owner turns it on. */
  checkForUpdates: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;
/** What the owner types to unlock owner-only actions: 4 to 8 digits. */
export const OwnerPin = z.string().regex(/^\d{4,8}$/, 'The owner PIN is 4 to 8 digits');

/** A change to the settings; once the owner has set a PIN, main asks for it. */
export const SettingsUpdate = Settings.partial()
  .extend({ pin: z.string().max(8, 'The owner PIN is 4 to 8 digits').optional() })
  .strict();

/** The automatic backups as the owner's settings show them: where, how many, how the last runs went. */
export const BackupStatus = z.object({
  folder: z.string().nullable(),
  enabled: z.boolean(),
  keep: z.number().int(),
  lastGoodAt: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().int().nullable(),
  /** Till's backups in the folder, newest first (orders: null when the file does not open). */
  backups: z.array(
    z.object({
      name: z.string(),
      takenAt: z.number().int(),
      bytes: z.number().int(),
      orders: z.number().int().nullable(),
    }),
  ),
  /** Why the folder cannot be read now (the USB stick is out), if so. */
  folderError: z.string().nullable(),
  /** When this log was restored from a backup, which, and where the log in use before it was set aside. */
  restored: z.object({ restoredAt: z.number().int(), backupFile: z.string(), setAside: z.string() }).nullable(),
});
export type BackupStatus = z.infer<typeof BackupStatus>;
const BackupPin = z.string().max(8, 'The owner PIN is 4 to 8 digits').optional();
export const BackupUpdateInput = z
  .object({ enabled: z.boolean().optional(), keep: z.number().int().min(1).max(365).optional(), pin: BackupPin })
  .strict();
export const BackupChooseFolderInput = z.object({ pin: BackupPin }).strict();
export const BackupRestoreInput = z
  .object({
    /** One of the folder's backups, by the name Till gave it (nothing else in the folder is restorable). */
    name: z
      .string()
      .regex(/^Till-backup-\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}\.sqlite$/, 'Pick one of the backups listed'),
    pin: BackupPin,
  })
  .strict();
export const BackupRestoreResult = z.object({ orders: z.number().int(), setAside: z.string() });

export const OwnerPinStatus = z.object({
  set: z.boolean(),
  /** After too many wrong PINs: how long until the next try is taken (0 when it is taken now). */
  lockedForSeconds: z.number().int().nonnegative(),
});
export type OwnerPinStatus = z.infer<typeof OwnerPinStatus>;

export const SetOwnerPinInput = z
  .object({
    pin: OwnerPin,
    /** The PIN being replaced, when there is one. */
    currentPin: z.string().max(8).optional(),
  })
  .strict();

/** A line of free text the shop types once and prints on every receipt. */
const ShopText = (what: string, max: number) =>
  freeText({ required: `Enter ${what}`, max, tooLong: `Keep it under ${max} characters` });

/** What set-up asks for first; the PIN is 4 to 6 digits, typed twice so a slip of the finger cannot lock the owner out. */
export const SetupOwner = z
  .object({
    name: ShopText("the owner's name", 60),
    pin: z.string().regex(/^\d{4,6}$/, 'The owner PIN is 4 to 6 digits'),
    pinAgain: z.string().max(6, 'The owner PIN is 4 to 6 digits'),
  })
  .strict()
  .refine((owner) => owner.pin === owner.pinAgain, {
    path: ['pinAgain'],
    message: 'The two PINs are not the same. Type the same PIN twice.',
  });

export const SetupTaxRate = z
  .object({
    taxClass: TaxClass,
    /** As printed on the receipt: "GST". */
    name: ShopText('the tax name as printed on receipts (GST)', 20),
    /** Basis points: 500 is 5%. */
    rateBp: z
      .number({ error: 'Enter the rate' })
      .int('Rates go to two decimals at most (7.25%)')
      .min(1, 'A rate must be more than 0%; leave the class without rows to charge no tax')
      .max(3000, 'No sales tax in Stripe’s countries is above 30%: check the rate'),
  })
  .strict();

export const SetupShop = z
  .object({
    name: ShopText("the shop's name", 80),
    /** As printed under the name, one line per line. */
    address: ShopText("the shop's address", 200),
    phone: phoneText("Enter the shop's phone number, as customers should call it"),
    /** The shop's tax registrations, e.g. GST/HST "123456789 RT0001"; none for a shop too small to register. */
    taxNumbers: z
      .array(
        z
          .object({ label: ShopText('what the number is (GST/HST, PST)', 20), number: ShopText('the number', 30) })
          .strict(),
      )
      .max(4, 'At most 4 tax numbers'),
    currency: z
      .string({ error: 'Choose a currency' })
      .trim()
      .toUpperCase()
      .refine(isStripeCurrency, 'Stripe cannot charge in that currency: choose one from the list'),
  })
  .strict();

/** Set-up's one call: either the shop the owner describes (empty catalog), or, in training, the demo shop. */
export const SetupInput = z.discriminatedUnion('start', [
  z
    .object({
      start: z.literal('own'),
      shop: SetupShop,
      taxes: z
        .array(SetupTaxRate)
        .max(12, 'At most 12 tax rows')
        .refine(
          (rows) => new Set(rows.map((row) => `${row.taxClass}:${row.name.toLowerCase()}`)).size === rows.length,
          'A tax class has the same tax twice',
        ),
      owner: SetupOwner,
    })
    .strict(),
  z.object({ start: z.literal('demo'), owner: SetupOwner }).strict(),
]);
export type SetupInput = z.input<typeof SetupInput>;

export const SetupStatus = z.object({
  done: z.boolean(),
  /** Training mode only: the demo shop can be the start. */
  demoAvailable: z.boolean(),
});
export type SetupStatus = z.infer<typeof SetupStatus>;

/** The shop as set up, as receipts print it (`shop.get`). */
export const ShopDetails = z.object({
  name: z.string(),
  address: z.string(),
  phone: z.string(),
  taxNumbers: z.array(z.object({ label: z.string(), number: z.string() })),
  /** Stays as set up: the catalog's prices and every order are in it. */
  currency: z.string().length(3),
});
export type ShopDetails = z.infer<typeof ShopDetails>;

/** The owner changes what set-up took about the shop (not its currency), through set-up's own checks; main asks the PIN. */
export const ShopUpdateInput = SetupShop.omit({ currency: true })
  .extend({ pin: z.string().max(8, 'The owner PIN is 4 to 8 digits').optional() })
  .strict();
export type ShopUpdateInput = z.input<typeof ShopUpdateInput>;

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

/** Where the Stripe keys come from, and where they can be kept (the secret key itself never leaves main). */
export const KeysStatus = z.object({
  /** `environment` wins over keys the owner saved; `none` is training mode. */
  source: z.enum(['environment', 'saved', 'none']),
  mode: Mode,
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  /** The secret or restricted key masked, e.g. `rk_live_…9f3a`. */
  secretKeyMasked: z.string().nullable(),
  publishableKeyMasked: z.string().nullable(),
  /** Whether keys pasted in the app can be kept on this PC, and a warning for the owner about how. */
  storage: z.object({ available: z.boolean(), message: z.string().nullable() }),
});
export type KeysStatus = z.infer<typeof KeysStatus>;

const KeyText = (what: string) =>
  z.string().trim().min(1, `Paste the ${what}`).max(255, `That is longer than any Stripe ${what}`);

export const SaveKeysInput = z
  .object({
    publishableKey: KeyText('publishable key'),
    secretKey: KeyText('secret or restricted key'),
    pin: z.string().max(8, 'The owner PIN is 4 to 8 digits').optional(),
  })
  .strict();

export const RemoveKeysInput = z
  .object({ pin: z.string().max(8, 'The owner PIN is 4 to 8 digits').optional() })
  .strict();
/** A barcode as a scanner types it: UPC-E and EAN-8 up to ITF-14, digits only. */
export const Barcode = z
  .string()
  .trim()
  .regex(/^\d{6,14}$/, 'A barcode is 6 to 14 digits');
const OwnerPinInput = z.string().max(8, 'The owner PIN is 4 to 8 digits').optional();

/** What the owner types about a product. Main adds the currency (the shop's) and checks SKU and barcode are free. */
export const ProductFields = z
  .object({
    sku: freeText({ required: 'Enter a SKU', max: 40, tooLong: 'A SKU is at most 40 characters' }),
    name: freeText({ required: 'Enter the product name', max: 120, tooLong: 'A name is at most 120 characters' }),
    /** An empty barcode is none. */
    barcode: z.preprocess((value) => (value === '' ? null : value), Barcode.nullable()),
    description: freeText({ max: 500, tooLong: 'A description is at most 500 characters' }),
    unitPrice: z
      .number({ error: 'Enter the price' })
      .int('Prices are whole cents')
      .min(0, 'A price cannot be negative')
      .max(100_000_000, 'That price is more than Till takes'),
    taxClass: TaxClass,
  })
  .strict();
export type ProductFields = z.input<typeof ProductFields>;

const ProductId = z.string().min(1).max(64);
export const CatalogAddInput = ProductFields.extend({ pin: OwnerPinInput }).strict();
export const CatalogUpdateInput = ProductFields.extend({ id: ProductId, pin: OwnerPinInput }).strict();
export const CatalogArchiveInput = z.object({ id: ProductId, archived: z.boolean(), pin: OwnerPinInput }).strict();
export const CatalogDeleteInput = z.object({ id: ProductId, pin: OwnerPinInput }).strict();
export const CatalogBarcodeInput = z.object({ barcode: Barcode }).strict();

/** The CSV file's text, sent by the page; 1 MB is tens of thousands of products. */
const CatalogCsvText = z.string().max(1_000_000, 'The file is larger than 1 MB. Split it into smaller files.');
export const CatalogImportPreviewInput = z.object({ csv: CatalogCsvText }).strict();
export const CatalogImportInput = z
  .object({
    csv: CatalogCsvText,
    /** The rows (as numbered in the preview) the owner confirmed; main writes those that are still valid. */
    rows: z.array(z.number().int().positive()).max(100_000),
    pin: OwnerPinInput,
  })
  .strict();

/** One valid row of an import: what it will write, and whether it adds a product or changes the one with its SKU. */
export const CatalogImportRow = z.object({
  row: z.number().int(),
  action: z.enum(['add', 'update']),
  sku: z.string(),
  name: z.string(),
  barcode: z.string().nullable(),
  description: z.string(),
  unitPrice: z.number().int(),
  taxClass: TaxClass,
  archived: z.boolean(),
});
export type CatalogImportRow = z.infer<typeof CatalogImportRow>;
export const CatalogImportPreview = z.object({
  currency: z.string().length(3),
  rows: z.array(CatalogImportRow),
  /** "row 14: price 'abc' is not a number": each names the row as a spreadsheet numbers it (the header is row 1). */
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
});
export type CatalogImportPreview = z.infer<typeof CatalogImportPreview>;
export const CatalogImportResult = z.object({ added: z.number().int(), updated: z.number().int() });
export const CatalogExport = z.object({
  path: z.string().nullable(),
  csv: z.string().nullable(),
  fileName: z.string(),
  rows: z.number().int(),
});

/** A staff member's PIN: 4 to 6 digits, hashed in main, never stored or logged as digits. */
export const StaffPin = z.string().regex(/^\d{4,6}$/, 'A PIN is 4 to 6 digits');
/** The PIN someone types to sign in or to confirm an action: checked in main, so only its length is limited here. */
export const PinEntry = z.string().max(8, 'A PIN has at most 8 digits');
const StaffName = freeText({ required: 'Enter a name', max: 40, tooLong: 'Keep the name under 40 characters' });
export const Role = z.enum(ROLES);
export const StaffId = z.string().min(1).max(64);

/** Who is at the till, as the lock screen and the status bar show them. */
export const StaffMember = z.object({ id: z.string(), name: z.string(), role: Role });
export type StaffMember = z.infer<typeof StaffMember>;

export const SignInInput = z.object({ staffId: StaffId, pin: PinEntry }).strict();

/** Who is signed in on this window's session (null: show the lock screen), what they may do, and the lock's timer. */
export const SignedIn = z.object({
  staff: StaffMember.extend({ permissions: z.array(z.enum(PERMISSIONS)) }).nullable(),
  autoLockMinutes: z.number().int(),
});
export type SignedIn = z.infer<typeof SignedIn>;

export const StaffAccount = StaffMember.extend({
  active: z.boolean(),
  hasPin: z.boolean(),
  /** After too many wrong PINs: seconds until the account takes a PIN again (0: it does now). */
  lockedForSeconds: z.number().int().nonnegative(),
  createdAt: z.number().int(),
});
export type StaffAccount = z.infer<typeof StaffAccount>;

/** The owner adds someone: their name, role and first PIN (typed twice), confirmed with the owner's own PIN. */
export const StaffAddInput = z
  .object({
    name: StaffName,
    role: Role,
    newPin: StaffPin,
    newPinAgain: z.string().max(6, 'A PIN is 4 to 6 digits'),
    pin: PinEntry,
  })
  .strict()
  .refine((input) => input.newPin === input.newPinAgain, {
    path: ['newPinAgain'],
    message: 'The two PINs are not the same. Type the same PIN twice.',
  });

/** The owner changes someone: any of name, role, active, a new PIN; confirmed with the owner's own PIN. */
export const StaffUpdateInput = z
  .object({
    id: StaffId,
    name: z.optional(StaffName),
    role: Role.optional(),
    active: z.boolean().optional(),
    newPin: StaffPin.optional(),
    newPinAgain: z.string().max(6).optional(),
    pin: PinEntry,
  })
  .strict()
  .refine((input) => input.newPin === undefined || input.newPin === input.newPinAgain, {
    path: ['newPinAgain'],
    message: 'The two PINs are not the same. Type the same PIN twice.',
  });

/** What the owner looks for in the audit log; every field narrows. */
const AuditFilter = z
  .object({
    staffId: StaffId.optional(),
    /** An action or its family: "refund" matches refund.requested and refund.refused. */
    action: z
      .string()
      .trim()
      .max(60, 'Keep it under 60 characters')
      .regex(/^[a-z_.]*$/, 'Actions are written like refund.requested')
      .optional(),
    window: z.enum(['checkout', 'history', 'catalog', 'staff', 'audit']).optional(),
    orderId: z.string().min(1).max(64).optional(),
    from: Day.optional(),
    to: Day.optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ['to'],
    message: 'The end date is before the start date',
  });

export const AuditListInput = z
  .object({
    filter: AuditFilter.optional(),
    /** Keyset paging: entries older than this id. */
    before: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict()
  .optional();
export type AuditListInput = z.infer<typeof AuditListInput>;
export const AuditExportInput = z.object({ filter: AuditFilter.optional() }).strict().optional();

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.number().int(),
  /** A staff member's name, or Till / Stripe for what they did on their own. */
  who: z.string(),
  staffId: z.string().nullable(),
  action: z.string(),
  window: z.string().nullable(),
  orderId: z.string().nullable(),
  orderNumber: z.number().int().nullable(),
  /** What the action touched, as "key: value" pairs; never card data, PINs or secrets. */
  details: z.array(z.object({ key: z.string(), value: z.string() })),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Whether the audit log's hash chain still holds (checked at start-up), and where it first breaks if not. */
export const AuditChainStatus = z.object({
  state: z.enum(['checking', 'intact', 'broken']),
  checkedRows: z.number().int(),
  brokenAt: z.object({ id: z.number().int(), at: z.number().int() }).nullable(),
});
export type AuditChainStatus = z.infer<typeof AuditChainStatus>;

export const AuditPage = z.object({
  entries: z.array(AuditEntry),
  /** Pass as `before` for the next (older) page; null when this is the last. */
  nextBefore: z.number().int().nullable(),
  chain: AuditChainStatus,
});
export type AuditPage = z.infer<typeof AuditPage>;

export const contract = {
  'app.info': { input: NoInput, output: AppInfo },
  'catalog.list': { input: CatalogListInput, output: z.array(Product) },
  'catalog.byBarcode': { input: CatalogBarcodeInput, output: Product.nullable() },
  'catalog.add': { input: CatalogAddInput, output: Product },
  'catalog.update': { input: CatalogUpdateInput, output: Product },
  'catalog.archive': { input: CatalogArchiveInput, output: Product },
  'catalog.delete': { input: CatalogDeleteInput, output: z.object({ deleted: z.literal(true) }) },
  'catalog.importPreview': { input: CatalogImportPreviewInput, output: CatalogImportPreview },
  'catalog.import': { input: CatalogImportInput, output: CatalogImportResult },
  'catalog.exportCsv': { input: NoInput, output: CatalogExport },
  'orders.list': { input: OrdersListInput, output: OrdersPage },
  'orders.totals': { input: OrdersTotalsInput, output: HistorySummary },
  'window.openHistory': { input: NoInput, output: OpenHistoryOutput },
  'checkout.quote': { input: CartInput, output: Quote },
  'checkout.config': { input: NoInput, output: CheckoutConfig },
  'checkout.pay': { input: PayInput, output: PaymentOutcome },
  'checkout.refresh': { input: OrderIdInput, output: PaymentOutcome },
  'checkout.cancel': { input: OrderIdInput, output: PaymentOutcome },
  'checkout.sendLink': { input: SendLinkInput, output: LinkOutcome },
  'checkout.closeLink': { input: OrderIdInput, output: z.object({ result: z.enum(['closed', 'paid', 'none']) }) },
  'checkout.link': { input: OrderIdInput, output: z.object({ link: OrderLink.nullable() }) },
  'orders.get': { input: OrderIdInput, output: OrderDetail },
  'orders.exportCsv': { input: OrdersExportInput, output: OrdersFileExport },
  'orders.exportLines': { input: OrdersExportInput, output: OrdersFileExport },
  'orders.cancelExport': {
    input: z.object({ exportId: ExportId }).strict(),
    output: z.object({ canceled: z.boolean() }),
  },
  'orders.refund': { input: RefundInput, output: RefundOutcome },
  'orders.sendReceipt': { input: SendReceiptInput, output: z.object({ message: z.string() }) },
  'orders.disputeEvidence': { input: OrderIdInput, output: DisputeEvidenceFile },
  'endOfDay.get': { input: DayInput, output: EndOfDay },
  'endOfDay.close': { input: CloseDayInput, output: EndOfDay },
  'endOfDay.exportCsv': { input: DayInput, output: OrdersExport },
  'database.backup': { input: NoInput, output: DatabaseBackup },
  'backup.status': { input: NoInput, output: BackupStatus },
  'backup.chooseFolder': { input: BackupChooseFolderInput, output: BackupStatus },
  'backup.update': { input: BackupUpdateInput, output: BackupStatus },
  'backup.now': { input: NoInput, output: BackupStatus },
  'backup.restore': { input: BackupRestoreInput, output: BackupRestoreResult },
  'events.status': { input: NoInput, output: EventSourceHealth },
  'settings.get': { input: NoInput, output: Settings },
  'settings.update': { input: SettingsUpdate, output: Settings },
  'owner.pinStatus': { input: NoInput, output: OwnerPinStatus },
  'owner.setPin': { input: SetOwnerPinInput, output: OwnerPinStatus },
  'keys.status': { input: NoInput, output: KeysStatus },
  'keys.save': { input: SaveKeysInput, output: KeysStatus },
  'keys.remove': { input: RemoveKeysInput, output: KeysStatus },
  'receipt.savePdf': { input: OrderIdInput, output: z.object({ path: z.string().nullable() }) },
  'setup.status': { input: NoInput, output: SetupStatus },
  'setup.complete': { input: SetupInput, output: SetupStatus },
  'shop.get': { input: NoInput, output: ShopDetails },
  'shop.update': { input: ShopUpdateInput, output: ShopDetails },
  'staff.roster': { input: NoInput, output: z.array(StaffMember) },
  'staff.signIn': { input: SignInInput, output: SignedIn },
  'staff.signOut': { input: NoInput, output: SignedIn },
  'staff.current': { input: NoInput, output: SignedIn },
  'staff.list': { input: NoInput, output: z.array(StaffAccount) },
  'staff.add': { input: StaffAddInput, output: StaffAccount },
  'staff.update': { input: StaffUpdateInput, output: StaffAccount },
  'audit.list': { input: AuditListInput, output: AuditPage },
  'audit.exportCsv': { input: AuditExportInput, output: OrdersExport },
} satisfies Record<Channel, { input: z.ZodType; output: z.ZodType }>;

export const pushContract = {
  'orders.changed': z.object({ orderId: z.string() }),
  'events.health': EventSourceHealth,
  'orders.exportProgress': ExportProgress,
} satisfies Record<PushTopic, z.ZodType>;

export type ChannelInput<C extends Channel> = z.input<(typeof contract)[C]['input']>;
/** The input after validation and defaults, as a handler receives it. */
export type ParsedInput<C extends Channel> = z.output<(typeof contract)[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<(typeof contract)[C]['output']>;
export type PushPayload<T extends PushTopic> = z.output<(typeof pushContract)[T]>;
