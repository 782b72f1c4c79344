/**
 * Secret texts out of any text the client shows (errors, log lines, transcripts). One rule for all: the
 * longest secret first (a password inside a token must not break the token's match), and REDACT BEFORE
 * CUTTING: a text cut first keeps a secret's prefix that no longer matches the whole secret.
 */
export const REDACTED = "[REDACTED]";
/** Shorter texts would redact half of any message (and cannot be a real password or token). */
export const MIN_SECRET_LENGTH = 4;

export function redactText(text: string, secrets: readonly string[]): string {
  const texts = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  return texts.reduce((t, s) => t.split(s).join(REDACTED), text);
}

/** `text` redacted, then cut to `max` characters ("..." marks the cut). */
export function clipRedacted(text: string, max: number, secrets: readonly string[]): string {
  const clean = redactText(text, secrets);
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}
