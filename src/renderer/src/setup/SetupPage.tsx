import { useState, type FormEvent } from 'react';
import type { TaxClass } from '#shared/contract';
import { STRIPE_CURRENCIES } from '#shared/currencies';
import { TAX_CLASS_LABELS, TAX_PRESETS, type TaxPreset } from '#shared/tax-presets';
import { PinField } from '../components/PinField';
import { Shell } from '../components/Shell';
import { TextField } from '../components/TextField';
import { emptyDraft, localErrors, presetRows, toSetupInput, type SetupDraft } from './setup-form';
import { till } from '../staff/till';

const currencyNames = new Intl.DisplayNames(['en-CA'], { type: 'currency' });
/** The shop's likely currencies first, then every other one Stripe can charge in, by name. */
const CURRENCIES = [
  'CAD',
  'USD',
  ...[...STRIPE_CURRENCIES.keys()]
    .filter((code) => code !== 'CAD' && code !== 'USD')
    .sort((a, b) => (currencyNames.of(a) ?? a).localeCompare(currencyNames.of(b) ?? b)),
];

/** Which of main's fields each part of the draft answers. */
const ERROR_FIELDS: Partial<Record<keyof SetupDraft, string[]>> = {
  shopName: ['shop.name'],
  address: ['shop.address'],
  phone: ['shop.phone'],
  currency: ['shop.currency'],
  taxNumbers: ['shop.taxNumbers'],
  taxes: ['taxes'],
  ownerName: ['owner.name'],
  pin: ['owner.pin'],
  pinAgain: ['owner.pinAgain'],
};

/** The first screen of a new order log: the shop, its taxes and the owner, or (training) the demo shop. */
export function SetupPage({ demoAvailable, onDone }: { demoAvailable: boolean; onDone(): void }) {
  const [draft, setDraft] = useState<SetupDraft>(emptyDraft);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  /** A field the owner changes loses its message: an answer already fixed must not still look wrong. */
  const clear = (...prefixes: string[]) =>
    setErrors((current) =>
      Object.fromEntries(Object.entries(current).filter(([field]) => !prefixes.some((p) => field.startsWith(p)))),
    );
  const set = (change: Partial<SetupDraft>) => {
    setDraft((current) => ({ ...current, ...change }));
    clear(...Object.keys(change).flatMap((key) => ERROR_FIELDS[key as keyof SetupDraft] ?? []));
  };
  const own = draft.start === 'own';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    // Main checks everything; a rate that is not a number goes as 0 (which main refuses too), so one try shows
    // every message at once, the page's own about that rate in place of main's.
    const local = localErrors(draft);
    setSaving(true);
    const result = await till.setup.complete(toSetupInput(draft));
    setSaving(false);
    if (result.ok) return onDone();
    const byField: Record<string, string> = {};
    for (const issue of result.error.issues ?? []) byField[issue.field] ??= issue.message;
    if (result.error.field && !result.error.issues) byField[result.error.field] = result.error.message;
    Object.assign(byField, local);
    setErrors(byField);
    // Messages at fields speak for themselves (the summary goes when they do); any other failure is said here.
    setFailure(Object.keys(byField).length > 0 ? null : result.error.message);
  }

  const taxRow = (index: number, change: Partial<SetupDraft['taxes'][number]>) =>
    set({
      preset: 'custom',
      taxes: draft.taxes.map((row, i) => (i === index ? { ...row, ...change } : row)),
    });
  const taxNumber = (index: number, change: Partial<SetupDraft['taxNumbers'][number]>) =>
    set({ taxNumbers: draft.taxNumbers.map((row, i) => (i === index ? { ...row, ...change } : row)) });

  return (
    <Shell title="Set up Till" eventHealth={false}>
      <form className="setup" aria-label="Set up Till" onSubmit={(event) => void submit(event)} noValidate>
        <p className="setup-intro">
          A few answers and Till is your shop&apos;s till. What you enter here is printed on every receipt; nothing else
          opens until set-up is done.
        </p>

        {demoAvailable && (
          <fieldset className="panel setup-section">
            <legend>How to start</legend>
            <label className="check">
              <input type="radio" name="start" checked={own} onChange={() => set({ start: 'own' })} />
              My own shop, with an empty catalog
            </label>
            <label className="check">
              <input type="radio" name="start" checked={!own} onChange={() => set({ start: 'demo' })} />
              Start with the demo shop: a made-up safety-supply store in Kamloops, BC, with its catalog and BC taxes
              (training mode only)
            </label>
          </fieldset>
        )}

        {own && (
          <>
            <fieldset className="panel setup-section">
              <legend>Your shop, as receipts print it</legend>
              <TextField
                id="shop.name"
                label="Shop name"
                value={draft.shopName}
                error={errors['shop.name']}
                maxLength={80}
                onChange={(shopName) => set({ shopName })}
              />
              <label className="field">
                <span>Address (as printed, one line per line)</span>
                <textarea
                  rows={3}
                  value={draft.address}
                  maxLength={200}
                  aria-invalid={errors['shop.address'] ? true : undefined}
                  aria-describedby={errors['shop.address'] ? 'shop.address-error' : undefined}
                  onChange={(event) => set({ address: event.target.value })}
                />
                {errors['shop.address'] && (
                  <span id="shop.address-error" role="alert" className="error-text field-error">
                    {errors['shop.address']}
                  </span>
                )}
              </label>
              <div className="field-row">
                <TextField
                  id="shop.phone"
                  label="Phone"
                  type="tel"
                  value={draft.phone}
                  error={errors['shop.phone']}
                  maxLength={30}
                  onChange={(phone) => set({ phone })}
                />
                <label className="field">
                  <span>Currency</span>
                  <select
                    value={draft.currency}
                    aria-invalid={errors['shop.currency'] ? true : undefined}
                    onChange={(event) => set({ currency: event.target.value })}
                  >
                    {CURRENCIES.map((code) => (
                      <option key={code} value={code}>
                        {code} — {currencyNames.of(code)}
                      </option>
                    ))}
                  </select>
                  {errors['shop.currency'] && (
                    <span role="alert" className="error-text field-error">
                      {errors['shop.currency']}
                    </span>
                  )}
                </label>
              </div>
              <p className="setup-subhead">Tax registration numbers (leave empty if the shop has none)</p>
              {draft.taxNumbers.map((tax, index) => (
                <div className="field-row" key={index}>
                  <TextField
                    id={`shop.taxNumbers.${index}.label`}
                    label="Tax"
                    className="setup-narrow"
                    value={tax.label}
                    error={errors[`shop.taxNumbers.${index}.label`]}
                    maxLength={20}
                    onChange={(label) => taxNumber(index, { label })}
                  />
                  <TextField
                    id={`shop.taxNumbers.${index}.number`}
                    label={`${tax.label || 'Tax'} number`}
                    value={tax.number}
                    error={errors[`shop.taxNumbers.${index}.number`]}
                    maxLength={30}
                    onChange={(number) => taxNumber(index, { number })}
                  />
                </div>
              ))}
              {draft.taxNumbers.length < 4 && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => set({ taxNumbers: [...draft.taxNumbers, { label: 'PST', number: '' }] })}
                >
                  Add a tax number
                </button>
              )}
            </fieldset>

            <fieldset className="panel setup-section">
              <legend>Sales taxes</legend>
              <label className="field">
                <span>Start from</span>
                <select
                  value={draft.preset}
                  onChange={(event) => {
                    const preset = event.target.value as TaxPreset;
                    set({ preset, taxes: preset === 'custom' ? draft.taxes : presetRows(preset) });
                  }}
                >
                  {Object.entries(TAX_PRESETS).map(([key, preset]) => (
                    <option key={key} value={key}>
                      {preset.label}
                    </option>
                  ))}
                </select>
              </label>
              {errors['taxes'] && (
                <p role="alert" className="error-text">
                  {errors['taxes']}
                </p>
              )}
              <table className="setup-taxes">
                <thead>
                  <tr>
                    <th>Products in class</th>
                    <th>Tax name on receipt</th>
                    <th>Rate (%)</th>
                    <th>
                      <span className="visually-hidden">Remove</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {draft.taxes.map((row, index) => (
                    <tr key={index}>
                      <td>
                        <select
                          aria-label={`Tax ${index + 1}: class`}
                          value={row.taxClass}
                          onChange={(event) => taxRow(index, { taxClass: event.target.value as TaxClass })}
                        >
                          {(Object.keys(TAX_CLASS_LABELS) as TaxClass[]).map((taxClass) => (
                            <option key={taxClass} value={taxClass}>
                              {TAX_CLASS_LABELS[taxClass]}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <TextField
                          id={`taxes.${index}.name`}
                          label={`Tax ${index + 1}: name`}
                          className="setup-cell"
                          value={row.name}
                          error={errors[`taxes.${index}.name`]}
                          maxLength={20}
                          onChange={(name) => taxRow(index, { name })}
                        />
                      </td>
                      <td>
                        <TextField
                          id={`taxes.${index}.rateBp`}
                          label={`Tax ${index + 1}: rate`}
                          className="setup-cell setup-rate"
                          inputMode="decimal"
                          value={row.rate}
                          error={errors[`taxes.${index}.rateBp`]}
                          maxLength={6}
                          onChange={(rate) => taxRow(index, { rate })}
                        />
                      </td>
                      <td>
                        <button
                          type="button"
                          className="secondary"
                          aria-label={`Remove tax ${index + 1}`}
                          onClick={() => set({ preset: 'custom', taxes: draft.taxes.filter((_, i) => i !== index) })}
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted small">
                Each product has a class: Standard for most, Reduced for goods exempt from part of the tax (in BC,
                safety gear carries no PST), Zero-rated for gift cards. A class with no rows charges no tax. Each tax
                prints on its own line on the receipt.
              </p>
              <button
                type="button"
                className="secondary"
                onClick={() =>
                  set({ preset: 'custom', taxes: [...draft.taxes, { taxClass: 'standard', name: '', rate: '' }] })
                }
              >
                Add a tax
              </button>
            </fieldset>
          </>
        )}

        <fieldset className="panel setup-section">
          <legend>The owner</legend>
          <p className="muted small">
            The owner PIN guards refunds and the payment settings. Only someone who knows it can change it later.
          </p>
          <TextField
            id="owner.name"
            label="Owner's name"
            value={draft.ownerName}
            error={errors['owner.name']}
            maxLength={60}
            autoComplete="off"
            onChange={(ownerName) => set({ ownerName })}
          />
          <div className="field-row">
            <PinField
              id="owner.pin"
              label="Owner PIN (4 to 6 digits)"
              value={draft.pin}
              error={errors['owner.pin']}
              maxLength={6}
              onChange={(pin) => set({ pin })}
            />
            <PinField
              id="owner.pinAgain"
              label="The same PIN again"
              value={draft.pinAgain}
              error={errors['owner.pinAgain']}
              maxLength={6}
              onChange={(pinAgain) => set({ pinAgain })}
            />
          </div>
        </fieldset>

        {Object.keys(errors).length > 0 && (
          <p role="alert" className="notice error">
            Some answers need another look: see the messages next to them.
          </p>
        )}
        {failure && (
          <p role="alert" className="notice error">
            {failure}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={saving}>
            {saving ? 'Saving…' : own ? 'Finish set-up and open Till' : 'Start with the demo shop'}
          </button>
        </div>
      </form>
    </Shell>
  );
}
