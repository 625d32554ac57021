// The in-extension-host suite's entry point: the `run()` contract of @vscode/test-electron, so the
// same suite runs in desktop VS Code (runTests() with a downloaded VS Code) and in code-server
// (runTests() with vscodeExecutablePath = bin/code-server-test-launcher).
//
// Environment (all optional):
//   ENGINEERING_NOTES_TEST_OUTPUT   a file to write mocha's report to (the code-server launcher
//                                   tails it, since console output there only reaches the browser)
//   ENGINEERING_NOTES_TEST_SUMMARY  a file to write {passes, failures, pending, failed: [...]} to
//   ENGINEERING_NOTES_TEST_GREP     run only the tests whose full title matches
//   ENGINEERING_NOTES_TEST_COLOR=1  colour the report

'use strict';

const fs = require('fs');
const path = require('path');
const util = require('util');
const Mocha = require('mocha');

exports.run = function run() {
  const outFile = process.env.ENGINEERING_NOTES_TEST_OUTPUT;
  if (outFile) {
    const fd = fs.openSync(outFile, 'a');
    Mocha.reporters.Base.consoleLog = (...args) => fs.writeSync(fd, util.format(...args) + '\n');
  }
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: process.env.ENGINEERING_NOTES_TEST_COLOR === '1',
    timeout: 30_000,
    slow: 2_000,
  });
  if (process.env.ENGINEERING_NOTES_TEST_GREP) mocha.grep(process.env.ENGINEERING_NOTES_TEST_GREP);
  for (const name of fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, name));
  }
  return new Promise((resolve, reject) => {
    const failed = [];
    const runner = mocha.run((failures) => {
      const summaryFile = process.env.ENGINEERING_NOTES_TEST_SUMMARY;
      if (summaryFile) {
        const { passes, failures: f, pending } = runner.stats;
        fs.writeFileSync(summaryFile, JSON.stringify({ suite: 'api', passes, failures: f, pending, failed }, null, 2));
      }
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('fail', (test, err) => failed.push({ title: test.fullTitle(), error: String(err && err.message) }));
  });
};
