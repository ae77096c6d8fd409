import { useState } from 'react';
import type { StaffAccount } from '#shared/contract';
import { ROLE_LABELS, ROLES, type Role } from '#shared/permissions';
import type { TillError } from '#shared/result';
import { PinField } from '../components/PinField';
import { TextField } from '../components/TextField';
import { fieldMessage } from '../field-message';
import { till } from '../staff/till';

const ROLE_HELP: Record<Role, string> = {
  clerk: 'takes payments',
  manager: 'also refunds, the history, exports and the catalog',
  owner: 'everything, staff and settings included',
};

/**
 * Adds a staff member (`editing` null) or changes one: name, role, whether they can sign in, a new PIN typed twice.
 * The owner confirms with their own PIN; main's messages land next to the field they name.
 */
export function StaffForm({
  editing,
  onSaved,
  onCancel,
}: {
  editing: StaffAccount | null;
  onSaved(saved: StaffAccount): void;
  onCancel(): void;
}) {
  const [name, setName] = useState(editing?.name ?? '');
  const [role, setRole] = useState<Role>(editing?.role ?? 'clerk');
  const [active, setActive] = useState(editing?.active ?? true);
  const [newPin, setNewPin] = useState('');
  const [newPinAgain, setNewPinAgain] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<TillError | null>(null);
  const [busy, setBusy] = useState(false);
  const errorFor = (field: string) =>
    error?.field === field ? fieldMessage(error) : error?.issues?.find((i) => i.field === field)?.message;

  async function save() {
    setBusy(true);
    const answer = editing
      ? await till.staff.update({
          id: editing.id,
          ...(name !== editing.name ? { name } : {}),
          ...(role !== editing.role ? { role } : {}),
          ...(active !== editing.active ? { active } : {}),
          ...(newPin ? { newPin, newPinAgain } : {}),
          pin,
        })
      : await till.staff.add({ name, role, newPin, newPinAgain, pin });
    setBusy(false);
    if (answer.ok) onSaved(answer.value);
    else setError(answer.error);
  }

  const heading = editing ? `Change ${editing.name}` : 'Add a staff member';
  return (
    <form
      className="panel staff-form"
      aria-label={heading}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2>{heading}</h2>
      <TextField id="staff-name" label="Name" value={name} error={errorFor('name')} onChange={setName} />
      <label className="field">
        <span>Role</span>
        <select value={role} onChange={(event) => setRole(event.target.value as Role)}>
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {ROLE_LABELS[value]} — {ROLE_HELP[value]}
            </option>
          ))}
        </select>
      </label>
      {editing && (
        <label className="check">
          <input type="checkbox" checked={active} onChange={(event) => setActive(event.target.checked)} />
          Can sign in
        </label>
      )}
      <PinField
        id="staff-new-pin"
        label={editing ? 'New PIN (leave empty to keep theirs)' : 'Their PIN (4 to 6 digits)'}
        value={newPin}
        error={errorFor('newPin')}
        onChange={setNewPin}
      />
      <PinField
        id="staff-new-pin-again"
        label="Their PIN again"
        value={newPinAgain}
        error={errorFor('newPinAgain')}
        onChange={setNewPinAgain}
      />
      <PinField id="staff-own-pin" label="Your PIN, to confirm" value={pin} error={errorFor('pin')} onChange={setPin} />
      {error && !error.field && (
        <p role="alert" className="error-text">
          {error.message}
        </p>
      )}
      {error?.field === 'role' && (
        <p role="alert" className="error-text">
          {error.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : editing ? 'Save changes' : 'Add'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
