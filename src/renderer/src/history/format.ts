/** Dates and times as the shop reads them, on this PC's clock. */
export const dateTime = new Intl.DateTimeFormat('en-CA', { dateStyle: 'medium', timeStyle: 'short' });
/** For a timeline, where seconds tell apart what happened in one call. */
export const dateTimeSeconds = new Intl.DateTimeFormat('en-CA', {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
});
