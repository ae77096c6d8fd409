/**
 * Host-page side of Elements: the `elements` group and its Card / Payment Elements. Each element is an iframe of
 * the simulator's card frame; this side never sees card data, only the state the frame reports.
 */
import { IntegrationError } from './errors';
import {
  CARD_FRAME_PATH,
  CHANNEL,
  PROTOCOL_VERSION,
  isEnvelope,
  type ElementChangeState,
  type Envelope,
  type FrameGroupOptions,
  type FrameOp,
  type FrameToHost,
  type HostToFrame,
  type SimElementType,
} from './protocol';

type Handler = (event: unknown) => void;

export interface StandInContext {
  origin: string;
  key: string;
}

const SUPPORTED: SimElementType[] = ['card', 'payment'];
const FRAME_LOAD_TIMEOUT_MS = 15_000;

let frameCounter = 0;
const frameIdPrefix = Math.random().toString(36).slice(2, 10);

/** Stripe's container classes (`StripeElement--focus` …), overridable with the `classes` option. */
const DEFAULT_CLASSES = {
  base: 'StripeElement',
  complete: 'StripeElement--complete',
  empty: 'StripeElement--empty',
  focus: 'StripeElement--focus',
  invalid: 'StripeElement--invalid',
};

export function groupOptionsForFrame(options: Record<string, unknown>): FrameGroupOptions {
  const pick: FrameGroupOptions = {};
  if (typeof options.mode === 'string') pick.mode = options.mode;
  if (typeof options.amount === 'number') pick.amount = options.amount;
  if (typeof options.currency === 'string') pick.currency = options.currency;
  if (typeof options.setupFutureUsage === 'string') pick.setupFutureUsage = options.setupFutureUsage;
  if (typeof options.captureMethod === 'string') pick.captureMethod = options.captureMethod;
  if (Array.isArray(options.paymentMethodTypes)) pick.paymentMethodTypes = options.paymentMethodTypes.map(String);
  if (options.appearance !== undefined) pick.appearance = JSON.parse(JSON.stringify(options.appearance)) as unknown;
  if (typeof options.locale === 'string') pick.locale = options.locale;
  return pick;
}

/** Structured-clone-safe copy of element options (drops functions and DOM nodes). */
function cloneable(options: unknown): Record<string, unknown> {
  if (typeof options !== 'object' || options === null) return {};
  try {
    return JSON.parse(JSON.stringify(options)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export class SimElement {
  readonly elementType: SimElementType;
  private options: Record<string, unknown>;
  private readonly listeners = new Map<string, Set<Handler>>();
  private readonly frameId = `${frameIdPrefix}-${++frameCounter}`;
  private container: HTMLElement | null = null;
  private wrapper: HTMLElement | null = null;
  private frame: HTMLIFrameElement | null = null;
  private initialised = false;
  private destroyed = false;
  private focused = false;
  private lastChange: ElementChangeState | null = null;
  private readyWaiters: { resolve(): void; reject(error: Error): void }[] = [];
  private readonly pending = new Map<number, (result: Record<string, unknown>) => void>();
  private requestCounter = 0;
  private loadTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onMessage = (event: MessageEvent): void => this.receive(event);

  constructor(
    private readonly group: SimElements,
    private readonly ctx: StandInContext,
    type: SimElementType,
    options: unknown,
  ) {
    this.elementType = type;
    this.options = cloneable(options);
  }

  // ---- public Stripe.js API ----------------------------------------------------------------------------------

  mount(domElement: string | HTMLElement): void {
    this.assertAlive();
    if (this.container) {
      throw new IntegrationError(
        'This Element is already mounted. Use `unmount()` to unmount the Element before re-mounting.',
      );
    }
    const target = typeof domElement === 'string' ? document.querySelector(domElement) : domElement;
    if (!(target instanceof HTMLElement)) {
      throw new IntegrationError(
        typeof domElement === 'string'
          ? `The selector you specified (${domElement}) applies to no DOM elements that are currently on the page.\nMake sure the element exists on the page before calling mount().`
          : 'Invalid DOM element. Make sure to call mount() with a valid DOM element or selector.',
      );
    }
    if (window.location.origin === 'null') {
      // file:// or sandboxed pages have an opaque origin: no frame could be addressed or allowed to embed.
      const message =
        "The Stripe simulator's card form needs a page with an http(s) origin; this page's origin is opaque (file:// or sandboxed).";
      console.error(message);
      setTimeout(() =>
        this.emit('loaderror', { elementType: this.elementType, error: { type: 'invalid_request_error', message } }),
      );
      return;
    }
    this.container = target;
    this.wrapper = document.createElement('div');
    this.wrapper.className = '__PrivateStripeElement';
    Object.assign(this.wrapper.style, {
      margin: '0',
      padding: '0',
      border: 'none',
      display: 'block',
      position: 'relative',
    });
    const frame = document.createElement('iframe');
    frame.name = `__privateStripeFrame${this.frameId}`;
    frame.title = this.elementType === 'payment' ? 'Secure payment input frame' : 'Secure card payment input frame';
    frame.setAttribute('frameborder', '0');
    frame.setAttribute('scrolling', 'no');
    frame.setAttribute('allowtransparency', 'true');
    frame.setAttribute('data-stripe-simulator', `${this.elementType}-element`);
    Object.assign(frame.style, {
      border: 'none',
      margin: '0',
      padding: '0',
      width: '1px',
      minWidth: '100%',
      overflow: 'hidden',
      display: 'block',
      userSelect: 'none',
      colorScheme: 'normal',
      height: this.elementType === 'payment' ? '250px' : '24px',
    } satisfies Partial<CSSStyleDeclaration>);
    const params = new URLSearchParams({ origin: window.location.origin, id: this.frameId });
    frame.src = `${this.ctx.origin}${CARD_FRAME_PATH}?${params}`;
    this.frame = frame;
    this.wrapper.append(frame);
    target.append(this.wrapper);
    this.applyClasses();
    window.addEventListener('message', this.onMessage);
    if (this.elementType === 'payment') this.emit('loaderstart', { elementType: this.elementType });
    this.loadTimer = setTimeout(() => {
      if (!this.initialised) {
        this.emit('loaderror', {
          elementType: this.elementType,
          error: {
            type: 'api_connection_error',
            message: 'The card form could not be loaded from the Stripe simulator.',
          },
        });
      }
    }, FRAME_LOAD_TIMEOUT_MS);
  }

  unmount(): void {
    this.assertAlive();
    this.teardown();
  }

  destroy(): void {
    if (this.destroyed) throw new IntegrationError('This Element has already been destroyed. Please create a new one.');
    this.teardown();
    this.destroyed = true;
    this.group.forget(this);
  }

  update(options: unknown): void {
    this.assertAlive();
    const changes = cloneable(options);
    this.options = { ...this.options, ...changes };
    this.applyClasses();
    this.post({ kind: 'update', options: changes });
  }

  focus(): void {
    this.assertAlive();
    this.frame?.focus();
    this.post({ kind: 'focus' });
  }

  blur(): void {
    this.assertAlive();
    this.post({ kind: 'blur' });
  }

  clear(): void {
    this.assertAlive();
    this.post({ kind: 'clear' });
  }

  on(event: string, handler: Handler): this {
    if (typeof handler !== 'function') throw new IntegrationError('You must pass a handler function to element.on().');
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(handler);
    return this;
  }

  once(event: string, handler: Handler): this {
    const wrapped: Handler = (payload) => {
      this.off(event, wrapped);
      handler(payload);
    };
    return this.on(event, wrapped);
  }

  off(event?: string, handler?: Handler): this {
    if (event === undefined) this.listeners.clear();
    else if (handler === undefined) this.listeners.delete(event);
    else this.listeners.get(event)?.delete(handler);
    return this;
  }

  // ---- used by the group and the Stripe object ---------------------------------------------------------------

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Pushes new `elements()` options (appearance, amount, …) to the frame. */
  groupChanged(): void {
    if (this.initialised) this.post({ kind: 'update', options: {}, group: this.group.frameOptions() });
  }

  /**
   * Has the frame do something with the card data it holds; resolves with its result (`{error}` or the object).
   * Rejects with an IntegrationError when the element is not mounted, as Stripe.js does.
   */
  async request(op: FrameOp): Promise<Record<string, unknown>> {
    if (this.destroyed || !this.container) {
      throw new IntegrationError(
        'We could not retrieve data from the specified Element.\n              Please make sure the Element you are attempting to use is still mounted.',
      );
    }
    await this.whenReady();
    const requestId = ++this.requestCounter;
    return new Promise((resolve) => {
      this.pending.set(requestId, resolve);
      this.post({ kind: 'request', requestId, request: op });
    });
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  private assertAlive(): void {
    if (this.destroyed) throw new IntegrationError('This Element has already been destroyed. Please create a new one.');
  }

  private whenReady(): Promise<void> {
    if (this.initialised) return Promise.resolve();
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  private teardown(): void {
    window.removeEventListener('message', this.onMessage);
    if (this.loadTimer) clearTimeout(this.loadTimer);
    this.loadTimer = null;
    this.wrapper?.remove();
    if (this.container) {
      const classes = this.classNames();
      this.container.classList.remove(...Object.values(classes).flatMap((c) => c.split(/\s+/).filter(Boolean)));
    }
    this.container = this.wrapper = this.frame = null;
    this.initialised = false;
    this.focused = false;
    this.lastChange = null;
    const gone = new IntegrationError('The Element was unmounted while it was being used.');
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(gone);
    for (const resolve of this.pending.values()) {
      resolve({ error: { type: 'validation_error', code: 'element_unmounted', message: gone.message } });
    }
    this.pending.clear();
  }

  private post(msg: HostToFrame): void {
    if (!this.frame?.contentWindow) return;
    if (msg.kind !== 'init' && !this.initialised) return;
    const envelope: Envelope<HostToFrame> = { channel: CHANNEL, v: PROTOCOL_VERSION, frameId: this.frameId, msg };
    this.frame.contentWindow.postMessage(envelope, this.ctx.origin);
  }

  private receive(event: MessageEvent): void {
    // Only the simulator's origin, only this element's own frame window, only this frame id.
    if (!this.frame || event.source !== this.frame.contentWindow || event.origin !== this.ctx.origin) return;
    if (!isEnvelope(event.data, this.frameId)) return;
    const msg = event.data.msg as FrameToHost;
    switch (msg.kind) {
      case 'loaded':
        this.initialised = true;
        this.post({
          kind: 'init',
          init: {
            key: this.ctx.key,
            elementType: this.elementType,
            options: this.options,
            group: this.group.frameOptions(),
          },
        });
        break;
      case 'ready':
        if (this.loadTimer) clearTimeout(this.loadTimer);
        for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
        this.emit('ready', { elementType: this.elementType });
        break;
      case 'resize':
        if (this.frame && Number.isFinite(msg.height) && msg.height > 0) {
          this.frame.style.height = `${Math.min(Math.ceil(msg.height), 2000)}px`;
        }
        break;
      case 'change':
        this.lastChange = msg.state;
        this.applyClasses();
        this.emit('change', { elementType: this.elementType, ...msg.state });
        break;
      case 'focus':
        this.focused = true;
        this.applyClasses();
        this.emit('focus', { elementType: this.elementType });
        break;
      case 'blur':
        this.focused = false;
        this.applyClasses();
        this.emit('blur', { elementType: this.elementType });
        break;
      case 'escape':
        this.emit('escape', { elementType: this.elementType });
        break;
      case 'response': {
        const resolve = this.pending.get(msg.requestId);
        this.pending.delete(msg.requestId);
        resolve?.(msg.result);
        break;
      }
      case 'loaderror':
        if (this.loadTimer) clearTimeout(this.loadTimer);
        this.emit('loaderror', {
          elementType: this.elementType,
          error: { type: 'invalid_request_error', message: msg.message },
        });
        break;
    }
  }

  private emit(event: string, payload: unknown): void {
    for (const handler of [...(this.listeners.get(event) ?? [])]) {
      try {
        handler(payload);
      } catch (error) {
        // A host handler's exception must not break the element (Stripe.js reports and carries on).
        setTimeout(() => {
          throw error;
        });
      }
    }
  }

  private classNames(): typeof DEFAULT_CLASSES {
    const custom = (this.options.classes ?? {}) as Partial<Record<keyof typeof DEFAULT_CLASSES, unknown>>;
    const pick = (name: keyof typeof DEFAULT_CLASSES): string =>
      typeof custom[name] === 'string' ? (custom[name] as string) : DEFAULT_CLASSES[name];
    return {
      base: pick('base'),
      complete: pick('complete'),
      empty: pick('empty'),
      focus: pick('focus'),
      invalid: pick('invalid'),
    };
  }

  private applyClasses(): void {
    if (!this.container) return;
    const classes = this.classNames();
    const state = this.lastChange;
    const toggle = (names: string, on: boolean): void => {
      for (const name of names.split(/\s+/).filter(Boolean)) this.container!.classList.toggle(name, on);
    };
    toggle(classes.base, true);
    toggle(classes.empty, state ? state.empty : true);
    toggle(classes.complete, state ? state.complete : false);
    toggle(classes.invalid, state ? state.error !== undefined : false);
    toggle(classes.focus, this.focused);
  }
}

/** The object `stripe.elements(options)` returns. */
export class SimElements {
  private options: Record<string, unknown>;
  private readonly elements = new Map<SimElementType, SimElement>();
  private readonly updateEndHandlers = new Set<Handler>();
  /** Set by a successful `submit()`; deferred-intent confirmations require it, as in Stripe.js. */
  submitted = false;

  constructor(
    private readonly ctx: StandInContext,
    options: unknown,
  ) {
    this.options = cloneable(options);
    if (this.options.mode !== undefined) validateDeferredOptions(this.options);
  }

  get clientSecret(): string | undefined {
    return typeof this.options.clientSecret === 'string' ? this.options.clientSecret : undefined;
  }

  get deferred(): boolean {
    return typeof this.options.mode === 'string';
  }

  frameOptions(): FrameGroupOptions {
    return groupOptionsForFrame(this.options);
  }

  create(type: string, options?: unknown): SimElement {
    if (!SUPPORTED.includes(type as SimElementType)) {
      throw new IntegrationError(
        `The Stripe simulator's Stripe.js stand-in does not support Elements of type '${type}'; it offers 'payment' and 'card'.`,
      );
    }
    const elementType = type as SimElementType;
    if (this.elements.has(elementType)) throw new IntegrationError(`Can only create one Element of type ${type}.`);
    const element = new SimElement(this, this.ctx, elementType, options);
    this.elements.set(elementType, element);
    return element;
  }

  getElement(typeOrComponent: unknown): SimElement | null {
    const type =
      typeof typeOrComponent === 'string'
        ? typeOrComponent
        : (typeOrComponent as { __elementType?: unknown } | null)?.__elementType;
    return typeof type === 'string' ? (this.elements.get(type as SimElementType) ?? null) : null;
  }

  async update(options: unknown): Promise<void> {
    const changes = cloneable(options);
    if ('clientSecret' in changes) {
      console.warn('Unsupported prop change: options.clientSecret is not a mutable property.');
      delete changes.clientSecret;
    }
    this.options = { ...this.options, ...changes };
    if (this.deferred) validateDeferredOptions(this.options);
    for (const element of this.elements.values()) element.groupChanged();
    for (const handler of [...this.updateEndHandlers]) handler({});
  }

  fetchUpdates(): Promise<Record<string, never>> {
    return Promise.resolve({});
  }

  async submit(): Promise<Record<string, unknown>> {
    const element = this.primary();
    if (!element) {
      throw new IntegrationError('elements.submit() needs a mounted Payment Element (or Card Element) in this group.');
    }
    const result = await element.request({ op: 'submit' });
    this.submitted = !('error' in result);
    return result;
  }

  on(event: string, handler: Handler): this {
    if (event === 'update-end') this.updateEndHandlers.add(handler);
    return this;
  }

  off(event: string, handler: Handler): this {
    if (event === 'update-end') this.updateEndHandlers.delete(handler);
    return this;
  }

  /** The element that holds the card data for `{elements}` calls: the Payment Element, else the Card Element. */
  primary(): SimElement | null {
    return this.elements.get('payment') ?? this.elements.get('card') ?? null;
  }

  forget(element: SimElement): void {
    if (this.elements.get(element.elementType) === element) this.elements.delete(element.elementType);
  }
}

function validateDeferredOptions(options: Record<string, unknown>): void {
  const mode = options.mode;
  if (mode !== 'payment' && mode !== 'setup' && mode !== 'subscription') {
    throw new IntegrationError(
      `Invalid value for elements(): mode should be one of the following strings: payment, setup, subscription. You specified: ${String(mode)}.`,
    );
  }
  if (typeof options.currency !== 'string' || !options.currency) {
    throw new IntegrationError('Missing value for elements(): currency should be a string.');
  }
  if (
    mode !== 'setup' &&
    (typeof options.amount !== 'number' || !Number.isInteger(options.amount) || options.amount < 0)
  ) {
    throw new IntegrationError(
      `Invalid value for elements(): amount should be a positive integer. You specified: ${String(options.amount)}.`,
    );
  }
}
