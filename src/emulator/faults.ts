// The fault switchboard: which fault fires on which request or job, and how many times.
import { UsageError } from '../core/errors.js';
import {
  JOB_FAULTS,
  TRANSPORT_FAULTS,
  type FaultName,
  type FaultSpec,
  type JobFaultName,
  type RouteName,
  type TransportFaultName,
} from './types.js';

/** Every route name, for validating fault specs. */
export const ROUTE_NAMES: readonly RouteName[] = [
  'run', 'runsync', 'status', 'status-sync', 'stream', 'cancel', 'retry', 'health', 'purge-queue', 'openai',
];

const JOB_CREATING_ROUTES: ReadonlySet<RouteName> = new Set(['run', 'runsync', 'openai']);

/** True for faults that attach to a job rather than to one HTTP exchange. */
export function isJobFault(name: FaultName): name is JobFaultName {
  return (JOB_FAULTS as readonly string[]).includes(name);
}

/** True for any known fault name. */
export function isFaultName(name: string): name is FaultName {
  return (TRANSPORT_FAULTS as readonly string[]).includes(name) || (JOB_FAULTS as readonly string[]).includes(name);
}

// Whether a transport fault can act on a request of this route at all.
function appliesTo(name: TransportFaultName, route: RouteName): boolean {
  if (name === 'drop-after-drain') return route === 'stream';
  if (name === 'drop-after-accept') return JOB_CREATING_ROUTES.has(route);
  return true;
}

/** Checks a fault spec (from code or JSON) and returns a normalized copy; throws UsageError. */
export function validateFaultSpec(raw: unknown): FaultSpec {
  const spec = (raw ?? {}) as { name?: unknown; count?: unknown; route?: unknown };
  if (typeof spec.name !== 'string' || !isFaultName(spec.name)) {
    throw new UsageError(`unknown fault ${JSON.stringify(spec.name)}; known: ${[...TRANSPORT_FAULTS, ...JOB_FAULTS].join(', ')}`);
  }
  let count = 1;
  if (spec.count === 'inf' || spec.count === 'Infinity' || spec.count === Infinity) count = Infinity;
  else if (spec.count !== undefined) {
    if (typeof spec.count !== 'number' || !Number.isInteger(spec.count) || spec.count < 0) {
      throw new UsageError(`fault ${spec.name}: count must be a whole number >= 0 or "inf"`);
    }
    count = spec.count;
  }
  if (spec.route !== undefined && !ROUTE_NAMES.includes(spec.route as RouteName)) {
    throw new UsageError(`fault ${spec.name}: unknown route ${JSON.stringify(spec.route)}; known: ${ROUTE_NAMES.join(', ')}`);
  }
  return spec.route === undefined ? { name: spec.name, count } : { name: spec.name, count, route: spec.route as RouteName };
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
      (a) => a.left > 0 && !isJobFault(a.spec.name) && (a.spec.route ?? route) === route && appliesTo(a.spec.name as TransportFaultName, route),
    );
    if (!hit) return undefined;
    hit.left--;
    return hit.spec.name as TransportFaultName;
  }

  /** Fires the first armed job fault accepted by `accepts` for a job created on `route`. */
  takeJobFault(route: RouteName, accepts: (name: JobFaultName) => boolean): JobFaultName | undefined {
    const hit = this.armed.find(
      (a) => a.left > 0 && isJobFault(a.spec.name) && (a.spec.route ?? route) === route && accepts(a.spec.name),
    );
    if (!hit) return undefined;
    hit.left--;
    return hit.spec.name as JobFaultName;
  }
}

/** Parses the CLI form `name[@route][:count|:inf]`, e.g. `429:2` or `drop-after-drain@stream:1`. */
export function parseFaultArg(arg: string): FaultSpec {
  const m = /^([a-z0-9-]+)(?:@([a-z-]+))?(?::(\d+|inf))?$/.exec(arg.trim());
  if (!m) throw new UsageError(`--fault ${JSON.stringify(arg)}: expected name[@route][:count|:inf], e.g. 429:2 or drop@stream`);
  const [, name, route, count] = m;
  return validateFaultSpec({
    name,
    ...(route === undefined ? {} : { route }),
    count: count === undefined ? 1 : count === 'inf' ? Infinity : Number(count),
  });
}
