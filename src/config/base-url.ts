// What a base URL may be: rpv appends `/{endpoint}/run` and so on to it, so anything that would
// be glued into the wrong place (a query, a fragment, spaces) or silently dropped (user:pass@) is
// refused before anything is sent, with words that never repeat the credentials.

/** Why `url` cannot be a base URL (credentials are never quoted), or undefined when it is fine. */
export function baseUrlProblem(url: string): { message: string; credentials?: true } | undefined {
  if (/\s/.test(url)) return { message: 'base URL must not contain spaces' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { message: 'base URL must be an http(s) URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return { message: 'base URL must be an http(s) URL' };
  if (parsed.username !== '' || parsed.password !== '') {
    return {
      message: 'base URL must not hold a user name or password (rpv authenticates with the API key)',
      credentials: true,
    };
  }
  if (parsed.search !== '' || url.includes('?'))
    return { message: 'base URL must not have a query (?...): rpv appends /<endpoint>/<route> to it' };
  if (parsed.hash !== '' || url.includes('#'))
    return { message: 'base URL must not have a fragment (#...): rpv appends /<endpoint>/<route> to it' };
  return undefined;
}
