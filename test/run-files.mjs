/**
 * Runs the browser and engine test files with Node's test runner, two at a time, each file in its
 * own process, and prints each file's report once it is done.
 *
 * A browser that stops answering leaves some of its calls waiting for ever (Playwright gives
 * `evaluate`, `newPage` or `close` no timeout; neither do WebDriver commands), and one such call
 * once held a whole CI run for 90 minutes. So each file has a wall-clock limit. A file still
 * running at the limit is stopped, and its report comes with the last lines it wrote to stderr, which
 * include Playwright's log of the calls it made (`DEBUG=pw:api`), so that the call that hung is
 * named. A file that hung is run once more, and the run says so: a browser that froze is not a
 * verdict on the behaviour under test. A test that fails is never run again.
 */
import { spawn } from 'node:child_process';
import { basename } from 'node:path';

/** Far above any file's own time (the slowest takes about 2 minutes on a loaded 2-core machine). */
const FILE_LIMIT_MS = 6 * 60 * 1000;
const STDERR_TAIL_LINES = 40;

/**
 * Runs one file; resolves with whether it was stopped at the limit (`hung`), its exit code (or the
 * signal that ended it) and its output.
 */
function runFile(file, env) {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--test-reporter=spec', '--test-force-exit', file], {
      env: { ...env, DEBUG: [env.DEBUG, 'pw:api'].filter(Boolean).join(',') },
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    // Only the end of it is ever shown: keep what a tail needs, not every call of a long file.
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-64 * 1024)));
    let hung = false;
    const limit = setTimeout(() => {
      hung = true;
      // The whole group: the file's process and the browsers it started.
      stopGroup(child.pid);
    }, FILE_LIMIT_MS);
    groups.add(child.pid);
    child.on('close', (code, signal) => {
      groups.delete(child.pid);
      clearTimeout(limit);
      done({ hung, code: code ?? signal, stdout, stderr });
    });
  });
}

/** The process groups still running, stopped with the run if it is interrupted (they are detached from its own). */
const groups = new Set();
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    for (const pid of groups) stopGroup(pid);
    process.exit(130);
  });

function stopGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

const tail = (text) => text.trimEnd().split('\n').slice(-STDERR_TAIL_LINES).join('\n');

/** Runs `files` two at a time with `env`; resolves with the exit code for the whole run. */
export async function runFiles(files, env = process.env) {
  const pending = [...files];
  const failed = [];
  const rerun = [];
  const worker = async () => {
    for (let file = pending.shift(); file; file = pending.shift()) {
      let result = await runFile(file, env);
      if (result.hung) {
        console.log(`# ${basename(file)} was still running after ${FILE_LIMIT_MS / 60000} minutes and was stopped. What it printed:\n${result.stdout}`);
        console.log(`# the end of its stderr (the last browser calls it made):\n${tail(result.stderr)}`);
        console.log(`# running ${basename(file)} once more`);
        rerun.push(basename(file));
        result = await runFile(file, env);
      }
      process.stdout.write(result.stdout);
      if (result.code !== 0) {
        failed.push(basename(file));
        const how = result.hung ? 'was stopped again at the limit' : `ended with ${result.code}`;
        console.log(`# ${basename(file)} ${how}; the end of its stderr (the last browser calls it made):\n${tail(result.stderr)}`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  if (rerun.length) console.log(`# hung once and ran again: ${rerun.join(', ')}`);
  console.log(failed.length ? `# failed: ${failed.join(', ')}` : `# all ${files.length} files passed`);
  return failed.length ? 1 : 0;
}
