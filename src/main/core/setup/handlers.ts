/** First run: whether set-up is done, and doing it (setup-service.ts). */
import { defineHandlers } from '../ipc/handler-map';
import type { SetupService } from './setup-service';

export const setupHandlers = (setup: SetupService) =>
  defineHandlers({
    'setup.status': () => setup.status(),
    'setup.complete': (input) => setup.complete(input),
  });
