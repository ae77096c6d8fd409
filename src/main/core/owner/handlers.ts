/** The owner PIN: whether one is set, and setting or changing it (see owner-pin.ts). */
import { defineHandlers } from '../ipc/handler-map';
import type { OwnerPin } from './owner-pin';

export const ownerHandlers = (ownerPin: OwnerPin) =>
  defineHandlers({
    'owner.pinStatus': () => ownerPin.status(),
    'owner.setPin': ({ pin, currentPin }, caller) => ownerPin.set(pin, currentPin, caller),
  });
