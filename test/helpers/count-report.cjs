// Preloaded with --require: counts process.report.getReport() calls (a diagnostic report takes
// several milliseconds) and writes the count to $COUNT_REPORT_FILE when the process exits.
const fs = require('node:fs');
const process = require('node:process');
let calls = 0;
const original = process.report.getReport.bind(process.report);
process.report.getReport = (...args) => {
  calls += 1;
  return original(...args);
};
process.on('exit', () => fs.writeFileSync(process.env.COUNT_REPORT_FILE, String(calls)));
