/**
 * The one place where a call from a renderer meets core: validate the input against the contract, run the
 * handler, validate the output, and answer with a Result. Both transports (Electron IPC, the browser preview's
 * HTTP bridge) go through here, so they validate identically.
 */
import type { z } from 'zod';
import { CHANNELS, type Channel } from '#shared/channels';
import { contract, type ChannelOutput, type ParsedInput } from '#shared/contract';
import { fail, ok, type Result, type TillError } from '#shared/result';
import { TillFailure } from '../errors';
import { NOBODY, type Caller, type CallerRequest } from './caller';

/** Each channel's handler: the validated input, and who is calling (the staff gate fills in `staff`). */
export type Handlers = {
  [C in Channel]: (input: ParsedInput<C>, caller: Caller) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
};

export interface DispatchLogger {
  error(details: object, message: string): void;
}

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && (CHANNELS as readonly string[]).includes(name);
}

export function validationError(channel: string, error: z.ZodError): TillError {
  const issues = error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...issue.path, key].join('.'),
        message: `Unknown field "${key}"`,
      }));
    }
    const field = issue.path.join('.');
    return [{ field, message: issue.message }];
  });
  const first = issues[0] ?? { field: '', message: 'Invalid input' };
  const where = first.field ? `field "${first.field}"` : 'the input';
  return {
    code: 'invalid_input',
    message: `Invalid input for ${channel}: ${where}: ${first.message}`,
    ...(first.field ? { field: first.field } : {}),
    issues,
  };
}

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  rawInput: unknown,
  log?: DispatchLogger,
  caller: CallerRequest = NOBODY,
): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return fail({ code: 'unknown_channel', message: `Unknown channel: ${String(channel)}` });
  }
  const spec = contract[channel];
  const parsed = spec.input.safeParse(rawInput);
  if (!parsed.success) return fail(validationError(channel, parsed.error));

  let value: unknown;
  try {
    const handler = handlers[channel] as (input: unknown, caller: Caller) => unknown;
    value = await handler(parsed.data, { session: caller.session, window: caller.window, staff: null });
  } catch (error) {
    if (error instanceof TillFailure) return fail(error.detail);
    log?.error({ err: error, channel }, 'handler failed');
    return fail({ code: 'internal', message: 'Something went wrong inside Till. Nothing was changed.' });
  }

  // Validating the answer too keeps internal fields from leaking and catches drift between core and contract.
  const output = spec.output.safeParse(value);
  if (!output.success) {
    log?.error({ channel, issues: output.error.issues }, 'handler output does not match the contract');
    return fail({ code: 'internal', message: 'Till produced an answer it could not check. Nothing was changed.' });
  }
  return ok(output.data);
}
