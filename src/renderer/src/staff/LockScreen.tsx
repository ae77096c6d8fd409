import { useRef, useState, type FormEvent } from 'react';
import type { SignedIn, StaffMember } from '#shared/contract';
import { ROLE_LABELS } from '#shared/permissions';
import { useAppInfo } from '../app-info';
import { OwnerPinForm } from '../components/OwnerPinForm';
import { PinField } from '../components/PinField';
import { fieldMessage } from '../field-message';
import { useTillQuery } from '../use-till-query';
import { till } from './till';

/**
 * Who is at the till: a name from the list, their PIN, Enter. Main checks the PIN (and counts the try, and locks an
 * account after too many); what it says goes next to the field. Shown over the page (which stays as it was, inert
 * and hidden) until someone signs in.
 */
export function LockScreen({ onSignedIn }: { onSignedIn(signedIn: SignedIn): void }) {
  const info = useAppInfo();
  // Read again once a log from before staff accounts has its first owner PIN: the owner is then on the list.
  const [rosterVersion, setRosterVersion] = useState(0);
  const roster = useTillQuery(() => till.staff.roster(), [rosterVersion]);
  const [picked, setPicked] = useState<StaffMember | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const focusPin = () => form.current?.querySelector('input')?.focus();

  const people = roster.status === 'ready' ? roster.value : [];
  // One person on the roster (a shop of one): their name is already picked, and the PIN is all that is asked.
  const chosen = picked ?? (people.length === 1 ? people[0]! : null);

  const choose = (person: StaffMember) => {
    setPicked(person);
    setPin('');
    setError(null);
  };

  async function signIn(event: FormEvent) {
    event.preventDefault();
    if (!chosen || sending) return;
    if (pin === '') return setError('Type your PIN.');
    setSending(true);
    const result = await till.staff.signIn({ staffId: chosen.id, pin });
    setSending(false);
    setPin('');
    if (result.ok && result.value.staff) return onSignedIn(result.value);
    setError(result.ok ? 'Till did not sign you in. Try again.' : fieldMessage(result.error));
    focusPin();
  }

  return (
    <div className="lock-backdrop">
      <div className="lock-screen panel" role="dialog" aria-modal="true" aria-labelledby="lock-title">
        {info.status === 'ready' && <p className="shop-name">{info.value.shopName}</p>}
        <h2 id="lock-title">Who is at the till?</h2>
        {roster.status === 'loading' && <p className="muted">Loading the staff list…</p>}
        {roster.status === 'error' && (
          <p role="alert" className="error-text">
            {roster.error.message}
          </p>
        )}
        {roster.status === 'ready' && people.length === 0 && (
          <OwnerPinForm status={{ set: false, lockedForSeconds: 0 }} onChanged={() => setRosterVersion((n) => n + 1)} />
        )}
        {people.length > 0 && (
          <>
            <p className="muted">Choose your name, then type your PIN.</p>
            <ul className="lock-roster">
              {people.map((person, index) => (
                <li key={person.id}>
                  <button
                    autoFocus={index === 0 && !chosen}
                    type="button"
                    className={chosen?.id === person.id ? 'lock-person chosen' : 'lock-person secondary'}
                    aria-pressed={chosen?.id === person.id}
                    aria-describedby={`lock-role-${person.id}`}
                    onClick={() => choose(person)}
                  >
                    {person.name}
                    <span id={`lock-role-${person.id}`} className="lock-role" aria-hidden="true">
                      {ROLE_LABELS[person.role]}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            <form ref={form} className="lock-pin" onSubmit={(event) => void signIn(event)}>
              {chosen && (
                <>
                  {/* Keyed by the person: picking a name gives a fresh, focused field. */}
                  <PinField
                    key={chosen.id}
                    id="lock-pin"
                    autoFocus
                    label="PIN"
                    value={pin}
                    error={error ?? undefined}
                    onChange={(value) => {
                      setPin(value);
                      setError(null);
                    }}
                  />
                  <button type="submit" disabled={sending}>
                    Sign in
                  </button>
                </>
              )}
            </form>
          </>
        )}
      </div>
    </div>
  );
}
