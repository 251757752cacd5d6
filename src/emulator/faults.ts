// The fault switchboard: which fault fires on which request or job, and how many times.
import { EmulatorUsageError } from './errors.js';
import {
  JOB_FAULTS,
  RELAY_FAULTS,
  TRANSPORT_FAULTS,
  type FaultName,
  type FaultSpec,
  type JobFaultName,
  type RelayFaultName,
  type RouteName,
  type TransportFaultName,
} from './types.js';

/** What each fault does, one line each: `rpv emulate --help` prints this table. */
export const FAULT_HELP: Readonly<Record<FaultName, string>> = {
  '429': 'answer 429 with Retry-After: 1',
  '429-no-retry-after': 'answer a bare 429',
  '429-date': 'answer 429 with an HTTP-date Retry-After 2 s ahead',
  '500': 'answer 500 with a JSON body',
  '503': 'answer 503 with a plain-text body',
  '500-html': 'answer 500 with an edge HTML page',
  '502-html': 'answer 502 with an edge HTML page',
  '504-html': 'answer 504 with an edge HTML page',
  'malformed-json': 'answer 200 with truncated JSON',
  drop: 'close the connection without an answer',
  'drop-after-drain': '/stream: hand out the items, send half the body, close',
  'drop-after-accept': '/run, /runsync, /openai: create the job, then close without an answer',
  slow: 'hold the request (slowMs, default 5 s), then answer normally',
  hang: 'never answer',
  fail: 'the job FAILS mid-generation (proxy: "Request to vLLM failed: ...", legacy: engine error)',
  'fail-legacy': 'the job FAILS mid-generation with the legacy engine error repr',
  'error-in-output': 'the job COMPLETES with an {"error": {...}} dict item in its output (runpod SDK < 1.7.7)',
  timeout: 'the job ends TIMED_OUT mid-generation',
  'cancel-remote': 'the job is CANCELLED by someone else mid-generation',
  'never-end': 'the job stays IN_PROGRESS with no output',
  'stuck-queue': 'the job stays IN_QUEUE',
  'utf8-split': 'proxy stream: one output slice cuts a UTF-8 character (both halves decode to U+FFFD)',
  'request-failed': 'proxy: the job FAILS mid-stream with "Request to vLLM failed: <aiohttp error>"',
  'handler-error': 'the job FAILS with "handler: <message> \\ntraceback: <traceback>"',
  'vllm-dead': 'proxy: the job FAILS at once with "vLLM server process is not running; worker is unhealthy"',
  'vllm-error-event': 'SSE streams: vLLM sends data: {"error": {...}} and [DONE] mid-stream; the job still COMPLETES',
  'no-output': 'the job COMPLETES with no output at all (result upload rejected)',
  'worker-crash': 'the worker dies mid-generation; its jobs go back to the queue (health: retried)',
  'stream-only-error': 'the job FAILS; its error is only in the terminal /stream reply, not in /status',
  'openai-error-200': '/openai: a failed job is answered HTTP 200 with {"error": {...}}',
  'openai-error-4xx': '/openai: a failed job is answered with vLLM\'s status (400/404) and its {"error": {...}}',
  'openai-error-string': '/openai: a failed job is answered 500 with {"error": "<message>"}',
  'openai-error-detail': '/openai: a failed job is answered 500 with {"detail": "<message>"}',
  'openai-error-text': '/openai: a failed job is answered 500 with a plain-text message',
  'openai-stream-cut': '/openai stream: a failed job cuts the response mid-event, without error event or [DONE]',
};

/** True for the /openai relay faults. */
export function isRelayFault(name: FaultName): name is RelayFaultName {
  return (RELAY_FAULTS as readonly string[]).includes(name);
}

/** Every route name, for validating fault specs. */
export const ROUTE_NAMES: readonly RouteName[] = [
  'run',
  'runsync',
  'status',
  'status-sync',
  'stream',
  'cancel',
  'retry',
  'health',
  'purge-queue',
  'openai',
];

const JOB_CREATING_ROUTES: ReadonlySet<RouteName> = new Set(['run', 'runsync', 'openai']);

/** True for faults that attach to a job rather than to one HTTP exchange. */
function isJobFault(name: FaultName): name is JobFaultName | RelayFaultName {
  return (JOB_FAULTS as readonly string[]).includes(name) || isRelayFault(name);
}

/** True for any known fault name. */
function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULT_HELP, name);
}

// Whether a transport fault can act on a request of this route at all.
function appliesTo(name: TransportFaultName, route: RouteName): boolean {
  if (name === 'drop-after-drain') return route === 'stream';
  if (name === 'drop-after-accept') return JOB_CREATING_ROUTES.has(route);
  return true;
}

/** Checks a fault spec (from code or JSON) and returns a normalized copy; throws EmulatorUsageError. */
function validateFaultSpec(raw: unknown): FaultSpec {
  const spec = (raw ?? {}) as { name?: unknown; count?: unknown; route?: unknown };
  if (typeof spec.name !== 'string' || !isFaultName(spec.name)) {
    throw new EmulatorUsageError(
      `unknown fault ${JSON.stringify(spec.name)}; known: ${[...TRANSPORT_FAULTS, ...JOB_FAULTS, ...RELAY_FAULTS].join(', ')}`,
    );
  }
  let count = 1;
  if (spec.count === 'inf' || spec.count === 'Infinity' || spec.count === Infinity) count = Infinity;
  else if (spec.count !== undefined) {
    if (typeof spec.count !== 'number' || !Number.isInteger(spec.count) || spec.count < 0) {
      throw new EmulatorUsageError(`fault ${spec.name}: count must be an integer of at least 0 or "inf"`);
    }
    count = spec.count;
  }
  if (spec.route !== undefined && !ROUTE_NAMES.includes(spec.route as RouteName)) {
    throw new EmulatorUsageError(
      `fault ${spec.name}: unknown route ${JSON.stringify(spec.route)}; known: ${ROUTE_NAMES.join(', ')}`,
    );
  }
  return spec.route === undefined
    ? { name: spec.name, count }
    : { name: spec.name, count, route: spec.route as RouteName };
}

interface Armed {
  spec: FaultSpec;
  left: number;
}

/** Holds the armed faults and hands them out in the order given until each count is used up. */
export class FaultBoard {
  private armed: Armed[] = [];

  /** Replaces all armed faults. */
  set(specs: readonly FaultSpec[]): void {
    this.armed = specs.map((s) => {
      const spec = validateFaultSpec(s);
      return { spec, left: spec.count ?? 1 };
    });
  }

  /** What is still armed (count left per fault). */
  list(): FaultSpec[] {
    return this.armed.filter((a) => a.left > 0).map((a) => ({ ...a.spec, count: a.left }));
  }

  /** Fires the first armed transport fault that acts on this route, if any. */
  takeTransport(route: RouteName): TransportFaultName | undefined {
    const hit = this.armed.find(
      (a) =>
        a.left > 0 &&
        !isJobFault(a.spec.name) &&
        (a.spec.route ?? route) === route &&
        appliesTo(a.spec.name as TransportFaultName, route),
    );
    if (!hit) return undefined;
    hit.left--;
    return hit.spec.name as TransportFaultName;
  }

  /** Fires the first armed job or relay fault accepted by `accepts` for a job created on `route`. */
  takeJobFault(
    route: RouteName,
    accepts: (name: JobFaultName | RelayFaultName) => boolean,
  ): JobFaultName | RelayFaultName | undefined {
    const hit = this.armed.find(
      (a) => a.left > 0 && isJobFault(a.spec.name) && (a.spec.route ?? route) === route && accepts(a.spec.name),
    );
    if (!hit) return undefined;
    hit.left--;
    return hit.spec.name as JobFaultName | RelayFaultName;
  }
}

/** Parses the CLI form `name[@route][:count|:inf]`, e.g. `429:2` or `drop-after-drain@stream:1`. */
export function parseFaultArg(arg: string): FaultSpec {
  const m = /^([a-z0-9-]+)(?:@([a-z-]+))?(?::(\d+|inf))?$/.exec(arg.trim());
  if (!m)
    throw new EmulatorUsageError(
      `--fault must be name[@route][:count|:inf], e.g. 429:2 or drop@stream (got ${JSON.stringify(arg)})`,
    );
  const [, name, route, count] = m;
  try {
    return validateFaultSpec({
      name,
      ...(route === undefined ? {} : { route }),
      count: count === undefined ? 1 : count === 'inf' ? Infinity : Number(count),
    });
  } catch (err) {
    throw new EmulatorUsageError(`--fault ${JSON.stringify(arg)}: ${(err as Error).message}`);
  }
}
