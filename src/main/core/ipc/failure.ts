import type { TillError } from '../../../shared/result';

/** Thrown by core services for failures the user should see as they are (not as "internal error"). */
export class TillFailure extends Error {
  constructor(readonly detail: TillError) {
    super(detail.message);
    this.name = 'TillFailure';
  }
}
