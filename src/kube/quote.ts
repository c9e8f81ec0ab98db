// How every message quotes a value the user wrote: strings in double quotes, the rest as JSON, and
// never more than a screenful, so a 1 MiB label value is not echoed back.

/** Characters of a value quoted in a message; the rest is counted. */
const SHOWN_CHARACTERS = 60;

/** The first `max` characters of `text`, then `…` and the length, without splitting a surrogate pair. */
export function shorten(text: string, quote: string, max = SHOWN_CHARACTERS): string {
  if (text.length <= max) return `${quote}${text}${quote}`;
  const cut = /[\uD800-\uDBFF]/.test(text[max - 1]) ? max - 1 : max;
  return `${quote}${text.slice(0, cut)}…${quote} (${text.length} characters)`;
}

/** A value as messages quote it: strings in double quotes, the rest as JSON, shortened when long. */
export function show(value: unknown): string {
  if (typeof value === 'string') return shorten(value, '"');
  const json = JSON.stringify(value);
  return json === undefined ? String(json) : shorten(json, '');
}
