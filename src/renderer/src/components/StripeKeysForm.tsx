import { useState, type FormEvent } from 'react';
import type { KeysStatus } from '#shared/contract';
import { fieldMessage } from '../field-message';
import { useTillQuery } from '../use-till-query';
import { TextField } from './TextField';
import { till } from '../staff/till';

const MODE_NAMES: Record<KeysStatus['mode'], string> = { training: 'Training', test: 'Test', live: 'LIVE' };

/**
 * The Stripe keys, in Payment settings: which account and mode Till uses (keys shown masked — the secret key never
 * reaches this page), pasting new keys (main checks them with Stripe before keeping them) and removing them. Either
 * change switches Till to that account's order log, so the page reloads to follow it.
 */
export function StripeKeysForm({ pin }: { pin: string }) {
  const loaded = useTillQuery(() => till.keys.status(), []);
  const [publishableKey, setPublishableKey] = useState('');
  const [secretKey, setSecretKey] = useState('');
  const [busy, setBusy] = useState<'checking' | 'removing' | null>(null);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  if (loaded.status !== 'ready') return null;
  const status = loaded.value;
  const withPin = <T extends object>(input: T) => (pin ? { ...input, pin } : input);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('checking');
    setError(null);
    const result = await till.keys.save(withPin({ publishableKey, secretKey }));
    if (result.ok) return window.location.reload();
    setBusy(null);
    setError({ field: result.error.field, message: fieldMessage(result.error) });
  };
  const remove = async () => {
    setBusy('removing');
    setError(null);
    const result = await till.keys.remove(withPin({}));
    if (result.ok) return window.location.reload();
    setBusy(null);
    setError({ message: fieldMessage(result.error) });
  };
  const errorFor = (field: string) => (error?.field === field ? error.message : undefined);
  const general = error && error.field !== 'publishableKey' && error.field !== 'secretKey' ? error.message : null;

  return (
    <section className="stripe-keys" aria-labelledby="stripe-keys-title">
      <h3 id="stripe-keys-title">Stripe keys</h3>
      <p data-testid="keys-in-use">
        {status.mode === 'training'
          ? 'No Stripe keys: Till is in training mode, against its built-in simulator. No real money moves.'
          : `${MODE_NAMES[status.mode]} mode, Stripe account “${status.accountName}” (${status.accountId}): secret key ${status.secretKeyMasked}, publishable key ${status.publishableKeyMasked}.`}
      </p>
      {status.source === 'environment' ? (
        <p className="notice info">
          These keys come from the environment (STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY), which wins over keys
          saved here. Change them there.
        </p>
      ) : !status.storage.available ? (
        <p className="notice warning" data-testid="keys-storage-unavailable">
          {status.storage.message}
        </p>
      ) : (
        <form className="keys-form" onSubmit={(event) => void save(event)}>
          {status.storage.message && (
            <p className="notice warning" data-testid="keys-storage-warning">
              {status.storage.message}
            </p>
          )}
          <TextField
            id="publishable-key"
            label="Publishable key (pk_test_… or pk_live_…)"
            value={publishableKey}
            error={errorFor('publishableKey')}
            onChange={setPublishableKey}
            autoComplete="off"
            spellCheck={false}
          />
          <TextField
            id="secret-key"
            label="Secret or restricted key (rk_… recommended, or sk_…)"
            type="password"
            value={secretKey}
            error={errorFor('secretKey')}
            onChange={setSecretKey}
            autoComplete="off"
            spellCheck={false}
          />
          <div className="keys-actions">
            <button type="submit" disabled={busy !== null || !publishableKey.trim() || !secretKey.trim()}>
              {busy === 'checking'
                ? 'Checking the keys with Stripe…'
                : status.source === 'saved'
                  ? 'Check and save new keys'
                  : 'Check and save keys'}
            </button>
            {status.source === 'saved' && (
              <button type="button" className="secondary" disabled={busy !== null} onClick={() => void remove()}>
                {busy === 'removing' ? 'Removing…' : 'Remove keys (back to training mode)'}
              </button>
            )}
          </div>
        </form>
      )}
      {general && (
        <p role="alert" className="error-text">
          {general}
        </p>
      )}
    </section>
  );
}
