/**
 * What stands between an unlocked till and an action that moves money or protects the shop (a refund, a change of
 * settings, keys, catalog or staff): the signed-in person types their own PIN again. The permission table already
 * said they may; this says it is still them at the keyboard.
 */
import { forbidden, signedOut } from '../errors';
import type { Caller } from '../ipc/caller';
import type { PinCheck } from './pin-check';

export function createPinConfirmation(pins: PinCheck) {
  return {
    async require(caller: Caller, pin: string | undefined, field = 'pin'): Promise<void> {
      if (!caller.staff) throw signedOut();
      if (!pin) throw forbidden('Type your PIN to confirm.', field);
      await pins.verify(caller.staff.id, pin, caller, field);
    },
  };
}
export type PinConfirmation = ReturnType<typeof createPinConfirmation>;
