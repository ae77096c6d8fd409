import type { ComponentProps } from 'react';
import { TextField } from './TextField';

/**
 * Where a PIN is typed (the lock screen's, or "Your PIN" to confirm a refund or a change): hidden as it is typed, a
 * number pad on touch screens, never remembered by the browser. Main checks it against the signed-in person's own PIN;
 * the page keeps it only until the form is sent.
 */
export function PinField(props: Omit<ComponentProps<typeof TextField>, 'type' | 'inputMode' | 'autoComplete'>) {
  return <TextField type="password" inputMode="numeric" autoComplete="off" maxLength={8} {...props} />;
}
