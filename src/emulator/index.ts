// Programmatic entry of the emulator: startEmulator() gives a running, hostile imitation of a
// Runpod Serverless endpoint running worker-vllm, plus handles for tests to steer and inspect it.
import { FaultBoard } from './faults.js';
import { JobEngine } from './job-engine.js';
import { jobView } from './job-record.js';
import { EmulatorServer } from './server.js';
import { defaultSettings, mergeOptions, type Settings } from './settings.js';
import type { EmulatorJobView, EmulatorOptions, FaultSpec, RecordedRequest, RouteName } from './types.js';
import { plannedChoices, plannedTexts, type PlannedChoice } from './worker-input.js';

// Re-exports: tests and the CLI import everything emulator-related from this one module.
export type {
  AuthKind,
  EmulatorJobView,
  EmulatorOptions,
  FaultName,
  FaultSpec,
  JobFaultName,
  ModelKind,
  ReasoningField,
  RecordedRequest,
  RelayFaultName,
  RouteName,
  TransportFaultName,
  WorkerGeneration,
} from './types.js';
export { FAULT_HELP } from './faults.js';
export { AIOHTTP_PAYLOAD_ERROR, VLLM_DEAD } from './job-fault-effects.js';
export type { PlannedChoice } from './worker-input.js';
export { ANSI_MARKER, type ToyChoice, type ToyRequest } from './toy-generator.js';
export { MODEL_ID } from './openai-objects.js';
export { MISSING_ENDPOINT } from './router.js';

/** A running emulator. */
export interface Emulator {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  /** url + '/v2': what goes in RUNPOD_ENDPOINT_BASE_URL. */
  baseUrl: string;
  port: number;
  /** Every /v2 request seen (control routes excluded). */
  requests(): RecordedRequest[];
  /** How many requests reached a route. */
  count(route: RouteName): number;
  /** Replaces the armed faults. */
  setFaults(f: FaultSpec[]): void;
  /** Changes options on the fly (host and port are fixed once listening). */
  configure(partial: Partial<EmulatorOptions>): void;
  jobs(): EmulatorJobView[];
  /** The texts (one per choice) a job with this input generates under the current options. */
  generate(input: unknown): string[];
  /** Text, reasoning, finish reason and exact token count per choice a job with this input generates. */
  generateChoices(input: unknown): PlannedChoice[];
  /** The live settings (read-only view; change them with configure()). */
  settings(): Readonly<Settings>;
  /** Closes the server and every socket, held poll and timer. */
  close(): Promise<void>;
}

/** Starts an emulator; throws EmulatorUsageError on invalid options and the listen error if binding fails. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const settings = defaultSettings();
  const faults = new FaultBoard();
  mergeOptions(settings, opts);
  faults.set(opts.faults ?? []);
  const engine = new JobEngine(() => settings, faults);
  const configure = (partial: Partial<EmulatorOptions>) => {
    const { host: _host, port: _port, faults: newFaults, ...rest } = partial;
    mergeOptions(settings, rest);
    if (newFaults !== undefined) faults.set(newFaults);
    engine.rebalance();
  };
  const generate = (input: unknown) => plannedTexts(input, settings);
  const generateChoices = (input: unknown) => plannedChoices(input, settings);
  const jobs = () => engine.all().map(jobView);
  let server: EmulatorServer;
  const control = {
    requests: () => server.requests(),
    jobs,
    faults: () => faults.list(),
    setFaults: (f: FaultSpec[]) => faults.set(f),
    configure,
    generate,
  };
  server = new EmulatorServer(settings, engine, faults, control);
  const port = await server.listen(settings.host, settings.port);
  const hostPart = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const url = `http://${hostPart}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    baseUrl: `${url}/v2`,
    port,
    requests: () => server.requests(),
    count: (route) => server.count(route),
    setFaults: control.setFaults,
    configure,
    jobs,
    generate,
    generateChoices,
    settings: () => settings,
    close: () => (closing ??= server.close()),
  };
}
