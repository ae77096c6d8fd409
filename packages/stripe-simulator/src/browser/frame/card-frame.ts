/**
 * The card frame: the page (served from the simulator's origin) inside the iframe of a Card or Payment Element.
 * The card number, expiry and CVC exist only here; this script sends them to the simulator's API itself and gives
 * the host page nothing but results. See ../protocol.ts for the message protocol and its origin checks.
 */
import { Api, connectionError, intentIdFromSecret, type ApiResult } from '../api';
import {
  brandOf,
  checkCvc,
  checkExpiry,
  checkNumber,
  checkPostal,
  cvcMaxLength,
  expiryParts,
  formatExpiry,
  formatNumber,
  maxNumberLength,
  normaliseExpiryDigits,
  onlyDigits,
  validationError,
  type FieldResult,
} from '../card';
import {
  CHANNEL,
  PROTOCOL_VERSION,
  isEnvelope,
  type CardBrand,
  type ElementChangeState,
  type Envelope,
  type FrameGroupOptions,
  type FrameInit,
  type FrameOp,
  type FrameToHost,
  type HostToFrame,
  type ValidationError,
} from '../protocol';

type FieldName = 'number' | 'expiry' | 'cvc' | 'postal';
const FIELD_ORDER: FieldName[] = ['number', 'expiry', 'cvc', 'postal'];

const BRAND_LABELS: Record<CardBrand, string> = {
  visa: 'VISA',
  mastercard: 'Mastercard',
  amex: 'AMEX',
  discover: 'Discover',
  diners: 'Diners',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  unknown: '',
};

const query = new URLSearchParams(location.search);
const frameId = query.get('id') ?? '';
const parentOrigin = query.get('origin') ?? '';

function send(msg: FrameToHost): void {
  const envelope: Envelope<FrameToHost> = { channel: CHANNEL, v: PROTOCOL_VERSION, frameId, msg };
  window.parent.postMessage(envelope, parentOrigin);
}

/** Why this frame must not run here, or null. */
function embeddingProblem(): string | null {
  if (window.parent === window) return 'This card form works only inside a page that loaded the simulator’s stripe.js.';
  if (!frameId) return 'The card frame was opened without its id.';
  let origin: URL;
  try {
    origin = new URL(parentOrigin);
  } catch {
    return 'The card frame needs the origin of the page that embeds it.';
  }
  if (origin.origin !== parentOrigin) return 'The card frame needs the origin of the page that embeds it.';
  const ancestors = location.ancestorOrigins;
  if (ancestors && ancestors.length > 0 && ancestors[0] !== parentOrigin) {
    return 'This card form is embedded by a page other than the one it was opened for.';
  }
  return null;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

interface Field {
  name: FieldName;
  input: HTMLInputElement;
  wrapper: HTMLElement;
  errorText: HTMLElement | null;
}

class CardForm {
  private readonly api: Api;
  private readonly type: FrameInit['elementType'];
  private options: Record<string, unknown>;
  private group: FrameGroupOptions;
  private readonly fields = new Map<FieldName, Field>();
  private readonly brandBadge: HTMLElement;
  private numberDigits = '';
  private expiryDigits = '';
  private cvcDigits = '';
  private postal = '';
  /** Fields left (blurred) since their last edit: partial input there is an error. */
  private readonly touched = new Set<FieldName>();
  /** Fields validated by a submit since their last edit: empty or partial input there is an error. */
  private readonly submitted = new Set<FieldName>();
  private focused = false;
  private lastSent = '';

  constructor(
    private readonly root: HTMLElement,
    init: FrameInit,
  ) {
    this.api = new Api(location.origin, init.key);
    this.type = init.elementType;
    this.options = init.options;
    this.group = init.group;
    this.brandBadge = el('span', { class: 'brand', 'aria-hidden': 'true' });
    document.body.classList.add(`type-${this.type}`);
    this.build();
    this.applyOptions();
    const postalCode = (this.options.value as { postalCode?: unknown } | undefined)?.postalCode;
    if (typeof postalCode === 'string') this.postal = postalCode.slice(0, 10);
    this.render();
    this.lastSent = JSON.stringify(this.state()); // Stripe.js sends no change event before the first edit
    this.listen();
  }

  // ---- building ----------------------------------------------------------------------------------------------

  private build(): void {
    const card = this.type === 'card';
    const make = (name: FieldName, attrs: Record<string, string>, label: string): Field => {
      const id = `field-${name}`;
      const input = el('input', {
        id,
        name,
        type: 'text',
        spellcheck: 'false',
        autocorrect: 'off',
        ...(card ? { 'aria-label': attrs.ariaLabel ?? label } : { 'aria-describedby': `${id}-error` }),
        ...Object.fromEntries(Object.entries(attrs).filter(([k]) => k !== 'ariaLabel')),
      });
      const wrapper = el('div', { class: `field field-${name}` });
      let errorText: HTMLElement | null = null;
      if (card) {
        wrapper.append(input);
      } else {
        errorText = el('div', { class: 'error', id: `${id}-error`, role: 'alert' });
        const box = el('div', { class: 'input-box' }, input);
        if (name === 'number') box.append(this.brandBadge);
        wrapper.append(el('label', { for: id }, label), box, errorText);
      }
      const field = { name, input, wrapper, errorText };
      this.fields.set(name, field);
      return field;
    };
    const number = make(
      'number',
      {
        inputmode: 'numeric',
        autocomplete: 'cc-number',
        placeholder: '1234 1234 1234 1234',
        ariaLabel: 'Credit or debit card number',
      },
      'Card number',
    );
    const expiry = make(
      'expiry',
      {
        inputmode: 'numeric',
        autocomplete: 'cc-exp',
        placeholder: 'MM / YY',
        ariaLabel: 'Credit or debit card expiration date',
      },
      'Expiration date',
    );
    const cvc = make(
      'cvc',
      { inputmode: 'numeric', autocomplete: 'cc-csc', placeholder: 'CVC', ariaLabel: 'Credit or debit card CVC/CVV' },
      'Security code',
    );
    const postal = make(
      'postal',
      { autocomplete: 'postal-code', placeholder: card ? 'Postal code' : 'A1A 1A1', ariaLabel: 'Postal code' },
      'Postal code',
    );
    if (card) {
      number.input.placeholder = 'Card number';
      this.root.append(
        el('div', { class: 'card-row' }, this.brandBadge, number.wrapper, expiry.wrapper, cvc.wrapper, postal.wrapper),
      );
    } else {
      this.root.append(
        el(
          'div',
          { class: 'payment' },
          number.wrapper,
          el('div', { class: 'row' }, expiry.wrapper, cvc.wrapper),
          postal.wrapper,
        ),
      );
    }
  }

  private postalShown(): boolean {
    if (this.type === 'card') return this.options.hidePostalCode !== true;
    const billing = (this.options.fields as { billingDetails?: unknown } | undefined)?.billingDetails;
    if (billing === 'never') return false;
    const address = (billing as { address?: unknown } | undefined)?.address;
    if (address === 'never') return false;
    return (address as { postalCode?: unknown } | undefined)?.postalCode !== 'never';
  }

  private applyOptions(): void {
    const rootStyle = document.documentElement.style;
    const set = (name: string, value: unknown): void => {
      if (typeof value === 'string' && value) rootStyle.setProperty(name, value);
      else if (typeof value === 'number') rootStyle.setProperty(name, `${value}px`);
    };
    if (this.type === 'card') {
      const style = (this.options.style ?? {}) as Record<string, Record<string, unknown> | undefined>;
      const base = style.base ?? {};
      set('--text', base.color);
      set('--font', base.fontFamily);
      set('--font-size', base.fontSize);
      set('--icon', base.iconColor);
      set('--placeholder', (base['::placeholder'] as Record<string, unknown> | undefined)?.color);
      set('--danger', style.invalid?.color);
      set('--complete', style.complete?.color);
      this.brandBadge.hidden = this.options.hideIcon === true;
    } else {
      const appearance = (this.group.appearance ?? {}) as { theme?: unknown; variables?: Record<string, unknown> };
      document.body.classList.toggle('theme-night', appearance.theme === 'night');
      document.body.classList.toggle('theme-flat', appearance.theme === 'flat');
      const v = appearance.variables ?? {};
      set('--primary', v.colorPrimary);
      set('--background', v.colorBackground);
      set('--text', v.colorText);
      set('--danger', v.colorDanger);
      set('--font', v.fontFamily);
      set('--font-size', v.fontSizeBase);
      set('--radius', v.borderRadius);
      set('--placeholder', v.colorTextPlaceholder);
    }
    const postal = this.fields.get('postal')!;
    postal.wrapper.hidden = !this.postalShown();
    const locked = this.options.disabled === true || this.options.readOnly === true;
    for (const field of this.fields.values()) {
      field.input.disabled = this.options.disabled === true;
      field.input.readOnly = this.options.readOnly === true;
    }
    document.body.classList.toggle('locked', locked);
  }

  // ---- state -------------------------------------------------------------------------------------------------

  private get brand(): CardBrand {
    return brandOf(this.numberDigits);
  }

  private results(): Record<FieldName, FieldResult> {
    const final = (name: FieldName, value: string): boolean =>
      this.submitted.has(name) || (this.touched.has(name) && !!value);
    const brand = this.brand;
    return {
      number: checkNumber(this.numberDigits, final('number', this.numberDigits)),
      expiry: checkExpiry(this.expiryDigits, final('expiry', this.expiryDigits)),
      cvc: checkCvc(this.cvcDigits, brand, final('cvc', this.cvcDigits)),
      postal: this.postalShown()
        ? checkPostal(this.postal, final('postal', this.postal))
        : { complete: true, error: null },
    };
  }

  private state(): ElementChangeState {
    const results = this.results();
    const firstError = FIELD_ORDER.map((name) => results[name].error).find((code) => code !== null);
    const postalShown = this.postalShown();
    return {
      empty: !this.numberDigits && !this.expiryDigits && !this.cvcDigits && (!postalShown || !this.postal),
      complete: FIELD_ORDER.every((name) => results[name].complete),
      error: firstError ? validationError(firstError) : undefined,
      brand: this.brand,
      value: { postalCode: postalShown ? this.postal : '' },
    };
  }

  private render(): void {
    const number = this.fields.get('number')!.input;
    const expiry = this.fields.get('expiry')!.input;
    const cvc = this.fields.get('cvc')!.input;
    const postal = this.fields.get('postal')!.input;
    number.value = formatNumber(this.numberDigits);
    expiry.value = formatExpiry(this.expiryDigits);
    cvc.value = this.cvcDigits;
    postal.value = this.postal;
    cvc.placeholder = this.type === 'payment' && this.brand === 'amex' ? 'CVC (4 digits)' : 'CVC';
    const brand = this.brand;
    this.brandBadge.textContent = BRAND_LABELS[brand];
    this.brandBadge.className = `brand brand-${brand}`;
    const results = this.results();
    for (const field of this.fields.values()) {
      const code = results[field.name].error;
      field.wrapper.classList.toggle('invalid', code !== null);
      field.input.setAttribute('aria-invalid', code !== null ? 'true' : 'false');
      if (field.errorText) field.errorText.textContent = code ? validationError(code).message : '';
    }
    const state = this.state();
    document.body.classList.toggle('invalid', state.error !== undefined);
    document.body.classList.toggle('complete', state.complete);
  }

  private emitChange(): void {
    const state = this.state();
    const serialised = JSON.stringify(state);
    if (serialised === this.lastSent) return;
    this.lastSent = serialised;
    send({ kind: 'change', state });
  }

  private update(): void {
    this.render();
    this.emitChange();
  }

  // ---- typing ------------------------------------------------------------------------------------------------

  private listen(): void {
    const number = this.fields.get('number')!.input;
    const expiry = this.fields.get('expiry')!.input;
    const cvc = this.fields.get('cvc')!.input;
    const postal = this.fields.get('postal')!.input;

    // Editing a field hides its "incomplete" error until it is left again (or submitted); registered first, so
    // the handlers below already see it.
    for (const field of this.fields.values()) {
      field.input.addEventListener('input', () => {
        this.touched.delete(field.name);
        this.submitted.delete(field.name);
      });
    }

    number.addEventListener('input', () => {
      const digits = onlyDigits(number.value);
      this.numberDigits = digits.slice(0, maxNumberLength(digits));
      this.cvcDigits = this.cvcDigits.slice(0, cvcMaxLength(this.brand));
      this.keepCaretAtEnd(number);
      this.update();
      if (checkNumber(this.numberDigits, false).complete) this.advanceFrom('number');
    });
    let previousExpiry = '';
    expiry.addEventListener('input', (event) => {
      let digits = onlyDigits(expiry.value);
      const deleting = (event as InputEvent).inputType?.startsWith('delete');
      // Deleting the " / " after "MM" deletes the month's last digit too (the separator is not typed).
      if (deleting && previousExpiry.endsWith(' / ') && digits.length === 2) digits = digits.slice(0, 1);
      this.expiryDigits = deleting ? digits.slice(0, 4) : normaliseExpiryDigits(digits);
      this.update();
      previousExpiry = expiry.value;
      if (this.expiryDigits.length === 4 && checkExpiry(this.expiryDigits, true).complete) this.advanceFrom('expiry');
    });
    cvc.addEventListener('input', () => {
      this.cvcDigits = onlyDigits(cvc.value).slice(0, cvcMaxLength(this.brand));
      this.update();
      if (this.cvcDigits.length === cvcMaxLength(this.brand) && this.postalShown()) this.advanceFrom('cvc');
    });
    postal.addEventListener('input', () => {
      this.postal = postal.value.toUpperCase().slice(0, 10);
      this.update();
    });

    for (const field of this.fields.values()) {
      field.input.addEventListener('blur', () => {
        this.touched.add(field.name);
        this.update();
      });
      field.input.addEventListener('keydown', (event) => {
        if (event.key === 'Backspace' && field.input.value === '' && field.name !== 'number') {
          const previous = this.visibleFields()[this.visibleFields().indexOf(field.name) - 1];
          if (previous) {
            event.preventDefault();
            this.fields.get(previous)!.input.focus();
          }
        }
      });
    }

    document.addEventListener('focusin', () => {
      if (!this.focused) {
        this.focused = true;
        document.body.classList.add('focused');
        send({ kind: 'focus' });
      }
    });
    document.addEventListener('focusout', (event) => {
      const next = event.relatedTarget;
      if (next instanceof Node && this.root.contains(next)) return;
      this.focused = false;
      document.body.classList.remove('focused');
      send({ kind: 'blur' });
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') send({ kind: 'escape' });
    });
  }

  private visibleFields(): FieldName[] {
    return FIELD_ORDER.filter((name) => name !== 'postal' || this.postalShown());
  }

  private advanceFrom(name: FieldName): void {
    const fields = this.visibleFields();
    const next = fields[fields.indexOf(name) + 1];
    if (next && document.activeElement === this.fields.get(name)!.input) this.fields.get(next)!.input.focus();
  }

  private keepCaretAtEnd(input: HTMLInputElement): void {
    // Reformatting moves the caret; keep it at the end when typing at the end (the usual case).
    if (input.selectionStart === input.value.length) {
      queueMicrotask(() => input.setSelectionRange(input.value.length, input.value.length));
    }
  }

  // ---- host requests -----------------------------------------------------------------------------------------

  handle(msg: HostToFrame): void {
    switch (msg.kind) {
      case 'update':
        this.options = { ...this.options, ...msg.options };
        if (msg.group) this.group = { ...this.group, ...msg.group };
        this.applyOptions();
        this.update();
        break;
      case 'focus': {
        const results = this.results();
        const target = this.visibleFields().find((name) => !results[name].complete) ?? 'number';
        this.fields.get(target)!.input.focus();
        break;
      }
      case 'blur':
        if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
        break;
      case 'clear':
        this.numberDigits = this.expiryDigits = this.cvcDigits = this.postal = '';
        this.touched.clear();
        this.submitted.clear();
        this.update();
        break;
      case 'request':
        void this.run(msg.request).then(
          (result) => send({ kind: 'response', requestId: msg.requestId, result }),
          () => send({ kind: 'response', requestId: msg.requestId, result: { error: connectionError() } }),
        );
        break;
      case 'init':
        break;
    }
  }

  /** Marks every field as final and returns the first validation error (focusing its field), or null. */
  private validateAll(): ValidationError | null {
    for (const name of FIELD_ORDER) this.submitted.add(name);
    this.update();
    const results = this.results();
    const invalid = this.visibleFields().find((name) => results[name].error !== null);
    if (!invalid) return null;
    this.fields.get(invalid)!.input.focus();
    return validationError(results[invalid].error!);
  }

  private cardData(): { number: string; exp_month: number; exp_year: number; cvc: string } {
    return { number: this.numberDigits, ...expiryParts(this.expiryDigits), cvc: this.cvcDigits };
  }

  /** billing_details given by the integration, plus the postal code typed here. */
  private billingDetails(given: unknown): Record<string, unknown> | undefined {
    const details = typeof given === 'object' && given !== null ? { ...(given as Record<string, unknown>) } : {};
    if (this.postalShown() && this.postal) {
      const address = (details.address ?? {}) as Record<string, unknown>;
      details.address = { ...address, postal_code: this.postal };
    }
    return Object.keys(details).length ? details : undefined;
  }

  private paymentMethodData(given: unknown): Record<string, unknown> {
    const extra = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {};
    const { billing_details, ...rest } = extra;
    return { ...rest, type: 'card', card: this.cardData(), billing_details: this.billingDetails(billing_details) };
  }

  private async run(request: FrameOp): Promise<Record<string, unknown>> {
    if (request.op === 'submit') {
      const error = this.validateAll();
      return error ? { error } : { selectedPaymentMethod: 'card' };
    }
    const error = this.validateAll();
    if (error) return { error };
    const wrap = (result: ApiResult, name: string): Record<string, unknown> =>
      result.ok ? { [name]: result.body } : { error: result.error };
    switch (request.op) {
      case 'createConfirmationToken': {
        const { payment_method_data, ...params } = request.params;
        const result = await this.api.post('/v1/confirmation_tokens', {
          ...params,
          payment_method_data: this.paymentMethodData(payment_method_data),
        });
        return wrap(result, 'confirmationToken');
      }
      case 'createPaymentMethod': {
        const { billing_details, ...params } = request.params;
        const result = await this.api.post('/v1/payment_methods', {
          ...params,
          type: 'card',
          card: this.cardData(),
          billing_details: this.billingDetails(billing_details),
        });
        return wrap(result, 'paymentMethod');
      }
      case 'confirmPaymentIntent': {
        const id = intentIdFromSecret(request.clientSecret);
        if (!id) return { error: { type: 'invalid_request_error', message: 'Invalid client secret.' } };
        const { payment_method_data, ...params } = request.params;
        const result = await this.api.post(`/v1/payment_intents/${id}/confirm`, {
          ...params,
          payment_method_data: this.paymentMethodData(payment_method_data),
          client_secret: request.clientSecret,
        });
        return wrap(result, 'paymentIntent');
      }
      case 'createToken': {
        const data = request.params;
        const card: Record<string, unknown> = { ...this.cardData() };
        for (const key of [
          'name',
          'address_line1',
          'address_line2',
          'address_city',
          'address_state',
          'address_country',
          'currency',
        ]) {
          if (typeof data[key] === 'string') card[key] = data[key];
        }
        const zip = typeof data.address_zip === 'string' ? data.address_zip : this.postalShown() ? this.postal : '';
        if (zip) card.address_zip = zip;
        const result = await this.api.post('/v1/tokens', { card });
        return wrap(result, 'token');
      }
    }
  }
}

function refuse(message: string): void {
  document.body.replaceChildren(el('p', { class: 'refused', role: 'alert' }, message));
  try {
    if (window.parent !== window && parentOrigin) send({ kind: 'loaderror', message });
  } catch {
    // A malformed origin makes postMessage throw; the page shows the message anyway.
  }
}

function start(): void {
  const problem = embeddingProblem();
  if (problem) {
    refuse(problem);
    return;
  }
  const root = document.getElementById('root') ?? document.body.appendChild(el('div', { id: 'root' }));
  let form: CardForm | null = null;

  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || event.origin !== parentOrigin) return;
    if (!isEnvelope(event.data, frameId)) return;
    const msg = event.data.msg as HostToFrame;
    if (msg.kind === 'init') {
      if (form) return;
      form = new CardForm(root, msg.init);
      // The body's border box (content plus the padding that keeps focus rings inside the frame).
      const reportHeight = (): void =>
        send({ kind: 'resize', height: Math.ceil(document.body.getBoundingClientRect().bottom) });
      new ResizeObserver(reportHeight).observe(document.body);
      send({ kind: 'ready' });
      return;
    }
    form?.handle(msg);
  });
  send({ kind: 'loaded' });
}

start();
