// Everything a command that calls an endpoint needs, resolved once from flags, environment
// and config: settings with sources, a client, the deadline and the diagnostics sink.
import { monotonicNow } from '../core/clock.js';
import { checkPermissions, readConfig } from '../config/store.js';
import {
  rejectedKeyHint,
  requireEndpoint,
  requireKey,
  resolveSettings,
  type ResolvedSettings,
} from '../config/resolve.js';
import { createClient, type RunpodClient } from '../core/runpod-client.js';
import { proxyFromEnv, proxyLabel } from '../core/proxy.js';
import type { CommonFlags, ParsedFlags, SamplingOptions } from '../core/flags/values.js';
import { warnerFor, type CliIo } from '../core/io.js';
import { configDir, dataDir } from '../core/paths.js';
import { openFolderWarning } from '../core/private-fs.js';

/** A resolved command context. */
export interface CommandContext {
  settings: ResolvedSettings;
  common: CommonFlags;
  endpoint: string;
  baseUrl: string;
  profile: string;
  client: RunpodClient;
  /** What no output may show: wrap job events in `redactJobEvents(events, ctx.secrets)`. */
  secrets: readonly string[];
  deadline?: number;
  /** Profile defaults as plain values (sampling flags, model, api, system). */
  defaults: Record<string, unknown>;
  /** The sampling flags over the profile's defaults. */
  sampling: SamplingOptions;
  verbose: (line: string) => void;
  warn: (line: string) => void;
}

/** Resolves settings and builds the client; throws ConfigError/UsageError before any request. */
export function commandContext(
  flags: ParsedFlags,
  io: CliIo,
  extra: { endpointOverride?: string; baseUrlOverride?: string; profileOverride?: string } = {},
): CommandContext {
  // The flags were checked when parsed: a bad flag is a usage error (exit 2) even when no key is set.
  const config = readConfig(io.env);
  const { endpoint: flagEndpoint, baseUrl: flagBaseUrl, profile: flagProfile } = flags.values;
  const settings = resolveSettings({
    flags: {
      endpoint: flagEndpoint ?? extra.endpointOverride,
      baseUrl: flagBaseUrl ?? extra.baseUrlOverride,
      profile: flagProfile ?? extra.profileOverride,
    },
    env: io.env,
    config,
  });
  const apiKey = requireKey(settings);
  const endpoint = requireEndpoint(settings);
  const defaults: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(settings.defaults)) defaults[k] = v.value;
  const { common, sampling } = flags.withProfile(defaults);
  const retries = common.retries;
  const verbose = (line: string) => {
    if (common.verbose) io.stderr.write(`[rpv] ${line}\n`);
  };
  const warn = warnerFor(io, common.quiet);
  for (const dir of new Set([configDir(io.env), dataDir(io.env)])) {
    const open = openFolderWarning(dir);
    if (open) warn(open);
  }
  if (settings.apiKey?.source.startsWith('config:')) {
    const problem = checkPermissions(io.env);
    if (problem) warn(problem);
  }
  if (common.verbose) {
    const proxy = proxyFromEnv(io.env);
    if (proxy)
      verbose(
        `proxy: http ${proxy.httpProxy ? proxyLabel(proxy.httpProxy) : 'none'}, https ${proxy.httpsProxy ? proxyLabel(proxy.httpsProxy) : 'none'}, no_proxy "${proxy.noProxy ?? ''}"`,
      );
  }
  const deadline = common.timeoutMs !== undefined ? monotonicNow() + common.timeoutMs : undefined;
  const client = createClient({
    baseUrl: settings.baseUrl.value,
    endpoint,
    apiKey,
    keyHint: rejectedKeyHint(settings),
    retries,
    deadline,
    signal: io.signal,
    log: common.verbose ? verbose : undefined,
  });
  return {
    settings,
    common,
    endpoint,
    baseUrl: settings.baseUrl.value,
    profile: settings.profile.value,
    client,
    secrets: [apiKey],
    deadline,
    defaults,
    sampling,
    verbose,
    warn,
  };
}
