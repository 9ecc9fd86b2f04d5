/**
 * The URL checks of script content, without zod (the sidebar's message helpers use them on every page).
 *
 * Script URLs end up in an <img src>, a link card the customer taps, and the guide's sidebar:
 * only https, so no `javascript:` or `data:` payload and no mixed content inside WeCom.
 */
export function isHttpsUrl(v: string): boolean {
  if (!/^https:\/\//i.test(v)) return false;
  try {
    return new URL(v).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A path on this server ("/…", not "//host"): an image the server itself serves, same origin as the
 * sidebar (so https wherever the sidebar is), resolved to a full URL before it goes to WeCom
 * (`withAbsoluteImages`). Letters, digits and `-._~/` only: no scheme, query or escapes to smuggle.
 */
export function isSitePath(v: string): boolean {
  return /^\/(?!\/)[A-Za-z0-9\-._~/]*$/.test(v) && !v.includes('..');
}
