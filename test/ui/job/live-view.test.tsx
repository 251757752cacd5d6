import chalk from 'chalk';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { startLiveJob, type LiveJob } from '../../../src/ui/job/live-store.js';
import { LiveJobView } from '../../../src/ui/job/live-view.js';
import { createScrollback } from '../../../src/ui/job/scrollback.js';
import { EventQueue, ManualClock, ev, until } from '../fixtures.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

function mount(
  options: { color?: boolean; markdown?: boolean; showStats?: boolean; title?: string; clock?: ManualClock } = {},
) {
  const q = new EventQueue();
  const clock = options.clock ?? new ManualClock();
  const job: LiveJob = startLiveJob(q, { clock, title: options.title });
  let written = '';
  const scrollback = createScrollback((text) => {
    written += text;
  });
  const view = render(
    <LiveJobView
      store={job.store}
      color={options.color ?? false}
      markdown={options.markdown ?? true}
      showStats={options.showStats}
      scrollback={scrollback}
    />,
  );
  // What the terminal shows: the finished text written above, then Ink's live frame.
  const frame = () => written + (view.lastFrame() ?? '');
  mounted.push(() => {
    job.dispose();
    view.unmount();
  });
  return { q, clock, job, view, frame };
}

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const stop of mounted.splice(0)) stop();
});

describe('LiveJobView', () => {
  it('follows the phases from queue to done and ends on the stats line', async () => {
    const { q, clock, job, frame } = mount({ title: 'job job-1 on ep' });
    q.push(ev.submitted(), ev.queued());
    await until(() => expect(frame()).toMatch(/in queue · 0ms · job job-1/));
    expect(frame()).toContain('job job-1 on ep');
    clock.advance(1500);
    q.push(ev.running(), ev.token('Hello'));
    await until(() => expect(frame()).toMatch(/Hello\n.*generating · 1\.5s · first token 1\.5s/));
    q.push(ev.token(' world'), ev.done('Hello world'));
    await expect(job.result).resolves.toMatchObject({ type: 'done', jobId: 'job-1' });
    await settle();
    expect(frame()).toContain('Hello world');
    // 80 columns: the stats line breaks only between its parts.
    expect(frame()).toContain('✓ queue 1.1s · exec 2.9s · first token 1.5s · total 2.0s · 12 in / 34 out');
    expect(frame()).toMatch(/\n {2}88\.2 tok\/s · 0 retries/);
    expect(frame()).not.toContain('generating');
  });

  it('hints at a cold start while no worker runs, and drops the hint once generating', async () => {
    const { q, frame } = mount();
    q.push(ev.queued(), ev.workers(0, 0, 2));
    await until(() =>
      expect(frame()).toContain('no worker is running (2 initializing): a cold start can take a minute or more'),
    );
    q.push(ev.running(), ev.token('x'));
    await until(() => expect(frame()).toContain('generating'));
    expect(frame()).not.toContain('cold start');
  });

  it('counts a pending retry down and clears it on progress', async () => {
    const { q, clock, frame } = mount();
    q.push(ev.submitted(), ev.retry(2, 1200));
    await until(() => expect(frame()).toContain('rate limited (429), retry 2/4 in 1.2s'));
    clock.advance(500);
    await until(() => expect(frame()).toContain('retry 2/4 in 0.7s'));
    clock.advance(800);
    await until(() => expect(frame()).toContain('rate limited (429), retrying 2/4'));
    q.push(ev.queued());
    await until(() => expect(frame()).not.toContain('rate limited'));
  });

  it('shows a stall hint until output resumes', async () => {
    const { q, clock, frame } = mount();
    q.push(ev.running(), ev.token('a'), ev.stall(15_000));
    await until(() => expect(frame()).toContain('no new output for 15.0s'));
    q.push(ev.token('b'));
    clock.advance(40);
    await until(() => expect(frame()).toMatch(/ab\n/));
    expect(frame()).not.toContain('no new output');
  });

  it('shows an error as a line with its hint, after the partial text', async () => {
    const { q, job, frame } = mount();
    q.push(ev.running(), ev.token('partial '), ev.error('worker ran out of memory', 'partial '));
    await job.result;
    await settle();
    expect(frame()).toMatch(
      /partial[\s\S]*✗ error: worker ran out of memory \(job job-1\)\n\s+try a smaller --max-tokens/,
    );
  });

  it('marks an interrupted reply', async () => {
    const { q, job, frame } = mount();
    q.push(ev.running(), ev.token('half of it'), ev.cancelled('half of it'));
    await expect(job.result).resolves.toMatchObject({ type: 'cancelled', reason: 'interrupted' });
    await settle();
    expect(frame()).toMatch(/half of it\n\[interrupted\]\n■ stopped \(interrupted\) \(job job-1\)/);
  });

  it('renders finished Markdown blocks legibly', async () => {
    const reply = '# Title\n\nSome **bold** and `code`.\n\n- one\n- two\n\n```python\nprint("hi")\n```\n';
    const { q, job, frame } = mount({ color: true });
    q.push(ev.token(reply), ev.done(reply));
    await job.result;
    await settle();
    const out = stripVTControlCharacters(frame());
    expect(out).toMatch(/^Title$/m);
    expect(out).toContain('Some bold and code.');
    expect(out).toMatch(/^• one\n• two$/m);
    expect(out).toMatch(/^```python\nprint\("hi"\)\n```$/m);
    expect(out).not.toContain('**');
  });

  it('keeps heading, bold and code marks when it cannot use bold or colour', async () => {
    const reply = '## Sub\n\nrun `ls` **now**\n';
    const { q, job, frame } = mount({ color: false });
    q.push(ev.token(reply), ev.done(reply));
    await job.result;
    await settle();
    expect(frame()).toMatch(/^## Sub\n\nrun `ls` \*\*now\*\*$/m);
  });

  it('prints the text as is with Markdown off', async () => {
    const reply = '# Title\n\n**bold**\n';
    const { q, job, frame } = mount({ markdown: false });
    q.push(ev.token(reply), ev.done(reply));
    await job.result;
    await settle();
    expect(frame()).toMatch(/^# Title\n\n\*\*bold\*\*$/m);
  });

  it('leaves the stats line out when asked to', async () => {
    const { q, job, frame } = mount({ showStats: false });
    q.push(ev.token('text'), ev.done('text'));
    await job.result;
    await settle();
    expect(frame().trim()).toBe('text');
  });

  describe('with chalk able to colour', () => {
    const level = chalk.level;
    afterEach(() => {
      chalk.level = level;
    });

    it('colours when asked and writes no escape code at all with colour off (NO_COLOR)', async () => {
      chalk.level = 3;
      const reply = '# T\n\n**b** `c`\n\n```\nx\n```\n';
      for (const color of [true, false]) {
        const { q, job, frame } = mount({ color });
        q.push(ev.queued(), ev.retry(1, 500), ev.running(), ev.token(reply), ev.done(reply));
        await job.result;
        await settle();
        if (color) expect(frame()).toContain('\u001b[');
        else expect(frame()).not.toContain('\u001b');
      }
    });

    it('neutralises escape sequences in model text', async () => {
      chalk.level = 3;
      const { q, job, frame } = mount({ color: false });
      q.push(ev.token('\u001b]0;pwned\u0007\u001b[2Jvisible\u001b[31'), ev.token('m!\u009b1;1H\n'), ev.done('ignored'));
      await job.result;
      await settle();
      expect(frame()).toContain('visible!');
      expect(frame()).not.toContain('pwned');
      expect(frame()).not.toMatch(/[\u001b\u009b]/);
    });
  });

  it('renders a few frames for hundreds of tokens (no render per token)', async () => {
    const { q, job, view, frame } = mount({ clock: undefined });
    const words = Array.from({ length: 600 }, (_, i) => `w${i} `);
    const before = view.frames.length;
    q.push(...words.map((w) => ev.token(w)), ev.done(words.join('')));
    await job.result;
    await settle();
    expect(frame()).toContain('w599');
    expect(view.frames.length - before).toBeLessThan(20);
  });
});
