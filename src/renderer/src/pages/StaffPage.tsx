import { useState } from 'react';
import type { StaffAccount } from '#shared/contract';
import { localDateTime } from '#shared/local-day';
import { ROLE_LABELS } from '#shared/permissions';
import { Shell } from '../components/Shell';
import { till } from '../staff/till';
import { StaffForm } from '../staff-admin/StaffForm';
import { useTillQuery } from '../use-till-query';

/** What the list says of an account: whether it can sign in, or why not. */
function standing(member: StaffAccount): string {
  if (!member.active) return 'Cannot sign in';
  if (!member.hasPin) return 'No PIN yet';
  if (member.lockedForSeconds > 0) return `Locked for ${Math.ceil(member.lockedForSeconds / 60)} min (wrong PINs)`;
  return 'Can sign in';
}

/** The owner's staff list: who can sign in at the till, with which role; adding people and changing them. */
export function StaffPage() {
  const [version, setVersion] = useState(0);
  const staff = useTillQuery(() => till.staff.list(), [version]);
  // null: no form; 'new': adding; an account: changing it.
  const [form, setForm] = useState<StaffAccount | 'new' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  return (
    <Shell
      title="Staff"
      actions={
        <>
          <a className="button secondary" href="#/history">
            Order history
          </a>
          <button
            type="button"
            onClick={() => {
              setForm('new');
              setSaved(null);
            }}
          >
            Add a staff member
          </button>
        </>
      }
    >
      {saved && (
        <p role="status" className="notice info">
          {saved}
        </p>
      )}
      {staff.status === 'error' && (
        <p role="alert" className="error-text">
          {staff.error.message}
        </p>
      )}
      <div className="catalog-grid">
        {staff.status === 'ready' && (
          <section className="panel" aria-label="Staff list">
            <table className="orders-table" aria-label="Staff">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Sign-in</th>
                  <th scope="col">Added</th>
                  <th scope="col">
                    <span className="visually-hidden">Change</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {staff.value.map((member) => (
                  <tr key={member.id} className={member.active ? undefined : 'muted'}>
                    <td>{member.name}</td>
                    <td>{ROLE_LABELS[member.role]}</td>
                    <td>{standing(member)}</td>
                    <td>{localDateTime(member.createdAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="secondary small"
                        aria-label={`Change ${member.name}`}
                        onClick={() => {
                          setForm(member);
                          setSaved(null);
                        }}
                      >
                        Change
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {form && (
          <StaffForm
            key={form === 'new' ? 'new' : form.id}
            editing={form === 'new' ? null : form}
            onCancel={() => setForm(null)}
            onSaved={(account) => {
              setSaved(form === 'new' ? `${account.name} can now sign in.` : `${account.name} was changed.`);
              setForm(null);
              setVersion((n) => n + 1);
            }}
          />
        )}
      </div>
    </Shell>
  );
}
