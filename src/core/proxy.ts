// Which forward proxy a request goes through, from HTTPS_PROXY / HTTP_PROXY / NO_PROXY as curl
// and npm read them (the lowercase form wins when both are set). http.ts builds undici's
// EnvHttpProxyAgent from this only when a proxy is set, so the common case loads nothing more.

/** The proxy settings of one process; undefined values mean "not set". */
export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

function pick(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const lower = env[name.toLowerCase()];
  if (lower !== undefined && lower !== '') return lower;
  const upper = env[name.toUpperCase()];
  return upper !== undefined && upper !== '' ? upper : undefined;
}

/** The proxy settings from the environment, or undefined when no proxy is configured. */
export function proxyFromEnv(env: NodeJS.ProcessEnv): ProxySettings | undefined {
  const httpProxy = pick(env, 'http_proxy');
  // https URLs use HTTPS_PROXY, else HTTP_PROXY (as npm and undici do).
  const httpsProxy = pick(env, 'https_proxy') ?? httpProxy;
  if (httpProxy === undefined && httpsProxy === undefined) return undefined;
  return { httpProxy, httpsProxy, noProxy: pick(env, 'no_proxy') ?? '' };
}

/** A proxy URL fit for diagnostics: any user:password is dropped. */
export function proxyLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(unparseable proxy URL)';
  }
}
