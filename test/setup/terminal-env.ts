// Ink decides at import time whether it runs under CI (any CI, CONTINUOUS_INTEGRATION or CI_*
// variable) and then draws only the last frame. The in-process view tests assert on frames as a
// person sees them, so the test workers drop those variables before anything imports Ink.
for (const key of Object.keys(process.env)) {
  if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key.startsWith('CI_')) delete process.env[key];
}
