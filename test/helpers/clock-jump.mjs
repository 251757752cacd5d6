// Preloaded into a spawned rpv (NODE_OPTIONS=--import): RPV_TEST_CLOCK_JUMP_AFTER_MS after start, the wall clock
// (Date.now and new Date()) steps by RPV_TEST_CLOCK_JUMP_MS, as NTP or `date -s` would do it.
const realNow = Date.now.bind(Date);
const started = realNow();
const jump = Number(process.env.RPV_TEST_CLOCK_JUMP_MS ?? 0);
const after = Number(process.env.RPV_TEST_CLOCK_JUMP_AFTER_MS ?? 1000);
Date.now = () => {
  const t = realNow();
  return t - started > after ? t + jump : t;
};
