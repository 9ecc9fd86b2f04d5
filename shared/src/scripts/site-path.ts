/**
 * A path on this server ("/…", not "//host"): an image the server itself serves, same origin as the
 * sidebar (so https wherever the sidebar is), resolved to a full URL before it goes to WeCom
 * (`withAbsoluteImages`). Letters, digits and `-._~/` only: no scheme, query or escapes to smuggle.
 * (Its own zod-free module: the sidebar's send path uses it without loading the contracts.)
 */
export function isSitePath(v: string): boolean {
  return /^\/(?!\/)[A-Za-z0-9\-._~/]*$/.test(v) && !v.includes('..');
}
