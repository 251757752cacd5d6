// Everything a command that calls an endpoint needs, resolved once from flags, environment
// and config: settings with sources, a client, the deadline and the diagnostics sink.
import { checkPermissions, readConfig } from '../config/store.js';
import { requireEndpoint, requireKey, resolveSettings, type ResolvedSettings } from '../config/resolve.js';
import { createClient, type RunpodClient } from '../core/runpod-client.js';
import { parseCommonFlags, type CommonFlags } from './schemas.js';
import type { CliIo } from './io.js';

/** A resolved command context. */
export interface CommandContext {
  settings: ResolvedSettings;
  common: CommonFlags;
  endpoint: string;
  baseUrl: string;
  profile: string;
  client: RunpodClient;
  deadline?: number;
  /** Profile defaults as plain values (sampling flags, model, api, system). */
  defaults: Record<string, unknown>;
  verbose: (line: string) => void;
  warn: (line: string) => void;
}

/** Resolves settings and builds the client; throws ConfigError/UsageError before any request. */
export function commandContext(
  opts: Record<string, unknown>,
  io: CliIo,
  extra: { endpointOverride?: string; baseUrlOverride?: string; profileOverride?: string } = {},
): CommandContext {
  // The flags alone first: a bad flag is a usage error (exit 2) even when no key is set.
  parseCommonFlags(opts);
  const config = readConfig(io.env);
  const settings = resolveSettings({
    flags: {
      endpoint: (opts.endpoint as string | undefined) ?? extra.endpointOverride,
      baseUrl: (opts.baseUrl as string | undefined) ?? extra.baseUrlOverride,
      profile: (opts.profile as string | undefined) ?? extra.profileOverride,
    },
    env: io.env,
    config,
  });
  const apiKey = requireKey(settings);
  const endpoint = requireEndpoint(settings);
  const defaults: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(settings.defaults)) defaults[k] = v.value;
  const common = parseCommonFlags(opts, defaults);
  const retries = common.retries;
  const verbose = (line: string) => {
    if (common.verbose) io.stderr.write(`[rpv] ${line}\n`);
  };
  const warn = (line: string) => {
    if (!common.quiet) io.stderr.write(`rpv: ${line}\n`);
  };
  if (settings.apiKey?.source.startsWith('config:')) {
    const problem = checkPermissions(io.env);
    if (problem) warn(problem);
  }
  const deadline = common.timeoutMs !== undefined ? Date.now() + common.timeoutMs : undefined;
  const client = createClient({
    baseUrl: settings.baseUrl.value,
    endpoint,
    apiKey,
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
    deadline,
    defaults,
    verbose,
    warn,
  };
}

/** Reads all of stdin as UTF-8 text. */
export async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
