import type { StaffMember } from '#shared/contract';

/** A choice of one staff member, or nobody in particular ("Anyone", "Everyone"): the history's and audit's filters. */
export function StaffSelect({
  label,
  anyone,
  value,
  staff,
  onChange,
}: {
  label: string;
  anyone: string;
  value: string;
  staff: readonly Pick<StaffMember, 'id' | 'name'>[];
  onChange(staffId: string): void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{anyone}</option>
        {staff.map((member) => (
          <option key={member.id} value={member.id}>
            {member.name}
          </option>
        ))}
      </select>
    </label>
  );
}
