// /_emulator/*: the test-control API for spawned tests (no auth, not under /v2): read requests
// and jobs, arm faults, change options, and ask what text an input generates.

import { readJsonBody, sendError, sendJson, type Exchange } from './http-io.js';
import type { EmulatorJobView, EmulatorOptions, FaultSpec, RecordedRequest } from './types.js';

/** The parts of the emulator the control routes drive. */
export interface EmulatorControl {
  requests(): RecordedRequest[];
  jobs(): EmulatorJobView[];
  faults(): FaultSpec[];
  setFaults(f: FaultSpec[]): void;
  configure(partial: Partial<EmulatorOptions>): void;
  generate(input: unknown): string[];
}

// JSON has no Infinity: an endless fault count is shown as "inf" (the form the CLI accepts).
function faultsJson(specs: FaultSpec[]): unknown[] {
  return specs.map((f) => (f.count === Infinity ? { ...f, count: 'inf' } : f));
}

async function withBody(ex: Exchange, use: (body: unknown) => unknown): Promise<void> {
  const body = await readJsonBody(ex.req, 1024 * 1024);
  if (!body.ok) return sendError(ex, body.status, body.message);
  try {
    sendJson(ex, 200, use(body.value));
  } catch (err) {
    sendError(ex, 400, err instanceof Error ? err.message : String(err));
  }
}

/** Handles one /_emulator/<name> request. */
export async function handleControl(control: EmulatorControl, ex: Exchange, name: string): Promise<void> {
  const method = ex.req.method ?? 'GET';
  if (method === 'GET' && name === 'requests') return sendJson(ex, 200, control.requests());
  if (method === 'GET' && name === 'jobs') return sendJson(ex, 200, control.jobs());
  if (method === 'GET' && name === 'faults') return sendJson(ex, 200, faultsJson(control.faults()));
  if (method !== 'POST')
    return sendError(
      ex,
      name === 'requests' || name === 'jobs' ? 405 : 404,
      `no such control route: ${method} ${name}`,
    );
  switch (name) {
    case 'faults':
      return withBody(ex, (body) => {
        if (!Array.isArray(body)) throw new Error('body must be a list of fault specs');
        control.setFaults(body as FaultSpec[]);
        return { faults: faultsJson(control.faults()) };
      });
    case 'config':
      return withBody(ex, (body) => {
        control.configure((body ?? {}) as Partial<EmulatorOptions>);
        return { ok: true };
      });
    case 'generate':
      return withBody(ex, (body) => ({ texts: control.generate(body) }));
    default:
      return sendError(ex, 404, `no such control route: ${method} ${name}`);
  }
}
