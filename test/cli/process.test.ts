// The built `netpol` run as a process: only what in-process tests of main() cannot show (the script
// itself, exit statuses, standard input, a pipe closed early). Everything else is in the other suites.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { builtCli } from '../_support/cli-build';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cli');
let cli: string;

beforeAll(() => {
  cli = builtCli();
}, 120_000);

function netpol(args: string[], input?: string | Buffer) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: FIXTURES, input, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('netpol (process)', () => {
  test('is an executable node script that prints its usage', () => {
    expect(fs.readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(netpol(['--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: netpol <command> \[options\] \[arguments\]\n/), stderr: '' });
  });

  test('exits with the status main() returns: 0 allowed, 1 denied, 2 usage errors, without a stack trace', () => {
    const args = ['check', 'shop', '--to', 'shop/api', '--port', '8080/TCP'];
    expect(netpol([...args, '--from', 'shop/web']).code).toBe(0);
    expect(netpol([...args, '--from', 'monitoring/prometheus']).code).toBe(1);
    const usage = netpol([...args, '--from']);
    expect(usage).toMatchObject({ code: 2, stdout: '', stderr: 'netpol check: option --from needs a value\nRun `netpol check --help` for usage.\n' });
  });

  test('reads standard input for "-"', () => {
    const yaml = fs.readFileSync(path.join(FIXTURES, 'shop', 'app.yaml'), 'utf8');
    expect(netpol(['check', '-', '--from', 'shop/api', '--to', 'shop/db', '--port', '3306'], yaml)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^ALLOW shop\/api -> shop\/db on 3306\/TCP: /),
    });
  });

  test('reads UTF-16 on standard input as kubectl does (what PowerShell\'s > writes)', () => {
    const yaml = fs.readFileSync(path.join(FIXTURES, 'shop', 'app.yaml'), 'utf8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(yaml, 'utf16le')]);
    expect(netpol(['check', '-', '--from', 'shop/api', '--to', 'shop/db', '--port', '3306'], utf16)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^ALLOW shop\/api -> shop\/db on 3306\/TCP: /),
    });
  });

  test('stops quietly when the reader closes the pipe early (netpol matrix ... | head)', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-pipe-'));
    const file = path.join(tmp, 'pipe.yaml');
    fs.writeFileSync(file, Array.from({ length: 300 }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: bulk, labels: {app: p${i % 7}}}\n`).join('---\n'));
    try {
      const child = spawn(process.execPath, [cli, 'matrix', file, '--ports', '80,443', '--format', 'json'], { cwd: FIXTURES });
      let stderr = '';
      child.stderr.on('data', (chunk) => { stderr += chunk; });
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
