// Types for the two undici modules http.ts loads directly instead of undici's index.
declare module 'undici/lib/dispatcher/agent.js' {
  import type { Agent } from 'undici';
  const AgentClass: typeof Agent;
  export default AgentClass;
}

declare module 'undici/lib/dispatcher/env-http-proxy-agent.js' {
  import type { EnvHttpProxyAgent } from 'undici';
  const EnvHttpProxyAgentClass: typeof EnvHttpProxyAgent;
  export default EnvHttpProxyAgentClass;
}

declare module 'undici/lib/api/api-request.js' {
  import type { Agent, Dispatcher } from 'undici';
  /** `Dispatcher.prototype.request`, called with an Agent as `this`. */
  export type UndiciRequestFn = (
    this: Agent,
    opts: Dispatcher.RequestOptions,
  ) => Promise<Dispatcher.ResponseData<unknown>>;
  const request: UndiciRequestFn;
  export default request;
}
