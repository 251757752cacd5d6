// Turns a job's plan into the output items a worker yields, one generation step at a time:
// legacy token batches, OpenAI objects, proxy SSE byte slices or legacy SSE event batches.
import type { ReplyChoice } from './model.js';
import {
  choiceSteps,
  DONE_EVENT,
  finalObject,
  modelsList,
  newIdentity,
  stepEvents,
  usageEvent,
  type ResponseIdentity,
} from './openai-objects.js';
import type { Rng } from './prng.js';
import { ByteSlicer } from './sse-slicer.js';
import type { WorkPlan } from './worker-input.js';

/** Yields a job's output items step by step; one step = one token per live choice. */
export interface Producer {
  /** Runs one step and returns the items produced by it (often none). */
  step(): unknown[];
  /** Ends an SSE stream with these events instead of the rest (vLLM's error event + [DONE]); [] when not SSE. */
  endWith(events: string[]): unknown[];
  readonly stepsDone: number;
  readonly totalSteps: number;
}

// Legacy worker batch sizes: 1, 3, 9, 27, 50, 50... by default (steps x sequences, or SSE events).
class GrowingBatch {
  private size: number;

  constructor(
    min = 1,
    private readonly growth = 3,
    private readonly max = 50,
  ) {
    this.size = Math.min(min, max);
  }

  get current(): number {
    return this.size;
  }

  grow(): void {
    this.size = Math.min(this.size * this.growth, this.max);
  }
}

function stepCount(choices: readonly ReplyChoice[]): number {
  return Math.max(1, ...choices.map(choiceSteps));
}

abstract class StepProducer implements Producer {
  stepsDone = 0;
  constructor(readonly totalSteps: number) {}

  step(): unknown[] {
    const t = this.stepsDone++;
    return this.produce(t, t === this.totalSteps - 1);
  }

  endWith(_events: string[]): unknown[] {
    return [];
  }

  protected abstract produce(step: number, last: boolean): unknown[];
}

class LegacyNativeProducer extends StepProducer {
  private readonly batch: GrowingBatch;
  private readonly choices: ReplyChoice[];
  private pending: string[][];
  private counter = 0;
  private total = 0;

  constructor(private readonly plan: Extract<WorkPlan, { kind: 'legacy-native' }>) {
    super(stepCount(plan.choices));
    this.choices = plan.choices;
    this.pending = plan.choices.map(() => []);
    this.batch = new GrowingBatch(plan.batching.min, plan.batching.growth, plan.batching.max);
  }

  protected produce(step: number, last: boolean): unknown[] {
    if (!this.plan.stream) {
      if (!last) return [];
      const output = this.choices.reduce((sum, c) => sum + c.tokenCount, 0);
      return [
        { choices: this.choices.map((c) => ({ tokens: [c.text] })), usage: { input: this.plan.promptTokens, output } },
      ];
    }
    for (const c of this.choices) {
      const delta = c.deltas[step];
      if (delta === undefined) continue;
      this.pending[c.index]?.push(delta);
      this.counter++;
      this.total++;
    }
    if (this.counter < this.batch.current && !(last && this.counter > 0)) return [];
    const usage = { input: this.plan.promptTokens, output: this.total };
    const item = { choices: this.pending.map((tokens) => ({ tokens })), usage };
    this.pending = this.choices.map(() => []);
    this.counter = 0;
    this.batch.grow();
    return [item];
  }
}

class OpenAIProducer extends StepProducer {
  private readonly ident: ResponseIdentity;
  private readonly slicer: ByteSlicer;
  private readonly batch = new GrowingBatch();
  private events: string[] = [];

  constructor(
    private readonly plan: Extract<WorkPlan, { kind: 'openai' }>,
    rng: Rng,
    utf8Split: boolean,
  ) {
    super(plan.plan.kind === 'generate' ? stepCount(plan.plan.choices) : 1);
    this.ident = newIdentity(
      plan.plan.kind === 'generate' ? plan.plan.api : 'completion',
      plan.plan.kind === 'generate' ? plan.plan.reasoningField : 'reasoning',
    );
    this.slicer = new ByteSlicer(rng, utf8Split);
  }

  override endWith(events: string[]): unknown[] {
    const p = this.plan.plan;
    if (p.kind !== 'generate' || !p.stream) return [];
    this.stepsDone = this.totalSteps;
    if (this.plan.framing === 'slices') return [...this.slicer.push(events.join('')), ...this.slicer.end()];
    const item = [...this.events, ...events].join('');
    this.events = [];
    return [item];
  }

  protected produce(step: number, last: boolean): unknown[] {
    const p = this.plan.plan;
    if (p.kind === 'models') return [modelsList()];
    if (!p.stream) return last ? [finalObject(this.ident, p.choices, p.promptTokens)] : [];
    const events = stepEvents(this.ident, p.choices, step);
    if (last) {
      if (p.includeUsage) events.push(usageEvent(this.ident, p.choices, p.promptTokens));
      events.push(DONE_EVENT);
    }
    if (this.plan.framing === 'slices') {
      const out = this.slicer.push(events.join(''));
      return last ? [...out, ...this.slicer.end()] : out;
    }
    this.events.push(...events);
    if (this.events.length < this.batch.current && !last) return [];
    const item = this.events.join('');
    this.events = [];
    this.batch.grow();
    return [item];
  }
}

/** True when the plan streams proxy-style byte slices (the only case 'utf8-split' affects). */
export function producesSlices(plan: WorkPlan): boolean {
  return plan.kind === 'openai' && plan.framing === 'slices' && plan.plan.kind === 'generate' && plan.plan.stream;
}

/** Creates the producer for a non-failing plan. */
export function createProducer(plan: Exclude<WorkPlan, { kind: 'failure' }>, rng: Rng, utf8Split: boolean): Producer {
  if (plan.kind === 'legacy-native') return new LegacyNativeProducer(plan);
  return new OpenAIProducer(plan, rng, utf8Split);
}

/** True when the plan streams SSE text (either worker generation), where vLLM can send an error event. */
export function producesSse(plan: WorkPlan): boolean {
  return plan.kind === 'openai' && plan.plan.kind === 'generate' && plan.plan.stream;
}
