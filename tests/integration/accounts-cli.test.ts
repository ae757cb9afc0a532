import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { call, connectClient, startTestServer } from '../support/server.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-cli-'));

/** `npm run accounts -- …` on the test's DATA_DIR, as an operator would run it; stdin for --password-stdin. */
function accounts(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/accounts.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DEMO: '0', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const signIn = (server: RunningServer, username: string, password: string) => call(server.url, 'POST', '/api/auth/login', null, { username, password });

// Each case runs the CLI several times as a process of its own (≈ 1–2 s each alone, several times that
// on two cores running the rest of the suite): the time allowed is for those processes to start.
describe('npm run accounts, on a fresh data directory', { timeout: 90_000 }, () => {
  let server: RunningServer;
  beforeAll(async () => {
    expect((await accounts(['add', 'chen.duty', '--role', 'officer', '--password-stdin'], 'correct horse battery\n')).code).toBe(0);
  });
  afterAll(() => server?.stop());

  it('adds accounts from a password on standard input, its newline stripped, and lists them', async () => {
    expect((await accounts(['add', 'erqi.duty', '--role', 'officer', '--unit', '410103', '--password-stdin'], 'district password 1\r\n')).code).toBe(0);
    expect((await accounts(['add', 'wall.hall', '--role', 'wall', '--password-stdin'], 'wall password 12\n')).code).toBe(0);
    // The 12345 hotline's system: what it files through Open311 is filed as hotline12345.
    expect(await accounts(['add', 'hotline', '--role', 'integration', '--channel', 'hotline12345', '--password-stdin'], 'hotline password 1\n')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('added hotline (integration, files as hotline12345)'),
    });
    // A department's desk: its department, and a district when it serves one.
    expect((await accounts(['add', 'water.erqi', '--role', 'department', '--department', 'waterSupply', '--unit', '410103', '--password-stdin'], 'water password 12\n')).code).toBe(0);
    expect((await accounts(['add', 'fire.city', '--role', 'department', '--department', 'fire', '--password-stdin'], 'fire password 123\n')).code).toBe(0);
    const list = await accounts(['list']);
    expect(list.stdout).toMatch(/chen\.duty\tofficer\t-\t-\tyes\tno/);
    expect(list.stdout).toMatch(/erqi\.duty\tofficer\t410103\t-\tyes\tno/);
    expect(list.stdout).toMatch(/water\.erqi\tdepartment\t410103\twaterSupply\tyes\tno/);
    expect(list.stdout).toMatch(/fire\.city\tdepartment\t-\tfire\tyes\tno/);
    expect(list.stdout).toMatch(/wall\.hall\twall/);
  });

  it('refuses what it cannot do, with a clear message, a non-zero exit and nothing stored', async () => {
    const taken = await accounts(['add', 'chen.duty', '--role', 'officer', '--password-stdin'], 'another password 1\n');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('chen.duty exists already');
    const badUnit = await accounts(['add', 'nobody', '--role', 'officer', '--unit', '999999', '--password-stdin'], 'some password 123\n');
    expect(badUnit.code).toBe(2);
    expect(badUnit.stderr).toContain('--unit');
    const short = await accounts(['add', 'nobody', '--role', 'wall', '--password-stdin'], 'short\n');
    expect(short.stderr).toContain('at least 10');
    expect((await accounts(['add', 'nobody', '--role', 'mayor', '--password-stdin'], 'some password 123\n')).stderr).toContain('--role');
    // A department account needs a known department, and its unit can only be a district; no other role has a department.
    expect(await accounts(['add', 'nobody', '--role', 'department', '--password-stdin'], 'some password 123\n')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--department: a department account needs one'),
    });
    expect(await accounts(['add', 'nobody', '--role', 'department', '--department', 'mayorsOffice', '--password-stdin'], 'some password 123\n')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no department mayorsOffice'),
    });
    expect(await accounts(['add', 'nobody', '--role', 'department', '--department', 'fire', '--unit', '410103001', '--password-stdin'], 'some password 123\n')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('not a district'),
    });
    expect(await accounts(['add', 'nobody', '--role', 'officer', '--department', 'fire', '--password-stdin'], 'some password 123\n')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('only a department account'),
    });
    expect(await accounts(['add', 'nobody', '--role', 'integration', '--channel', 'smokeSignals', '--password-stdin'], 'some password 123\n')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--channel: no channel smokeSignals'),
    });
    expect(await accounts(['add', 'nobody', '--role', 'officer', '--channel', 'hotline12345', '--password-stdin'], 'some password 123\n')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('only an integration account'),
    });
    expect((await accounts(['list'])).stdout).not.toContain('nobody');
  });

  it('subscribes an integration to webhooks, lists, reads deliveries and deletes, refusing a target not allowed', async () => {
    const added = await accounts(['webhooks', 'add', 'hotline', '--url', 'http://127.0.0.1:9/12345/hook', '--events', 'event.created,event.closed', '--area', '410103']);
    expect(added.code, added.stderr).toBe(0);
    const id = /webhook (wh_[\w-]{16}) for hotline/.exec(added.stderr)![1]!;
    expect(added.stdout.trim()).toMatch(/^[\w-]{43}$/);
    expect((await accounts(['webhooks', 'list', 'hotline'])).stdout).toMatch(new RegExp(`^${id}\thttp://127\.0\.0\.1:9/12345/hook\tevent\.created,event\.closed\t410103\t`, 'm'));
    expect((await accounts(['webhooks', 'deliveries', id])).stdout.trim()).toBe('id\ttopic\tevent\tstate\tattempts\tlast status\tlast error');
    expect(await accounts(['webhooks', 'add', 'hotline', '--url', 'https://elsewhere.example.org/hook', '--events', 'event.created'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--url: host elsewhere.example.org is not among WEBHOOK_ALLOWED_HOSTS'),
    });
    expect(await accounts(['webhooks', 'add', 'chen.duty', '--url', 'http://127.0.0.1:9/x', '--events', 'event.created'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('not an integration account'),
    });
    expect((await accounts(['webhooks', 'delete', id])).stdout).toContain(`deleted webhook ${id} of hotline`);
    expect((await accounts(['webhooks', 'list', 'hotline'])).stdout).not.toContain(id);
  });

  it('serves the accounts it made: passwords, keys, enrolled phones; disable and reset take effect on a running server', async () => {
    const key = (await accounts(['key', 'hotline'])).stdout.trim();
    expect(key).toMatch(/^cbk_[\w-]{16}\.[\w-]{43}$/);
    const sheet = path.join(dataDir, 'huaihe.csv');
    const enrolled = await accounts(['enrol-workers', '--unit', '410103001', '--out', sheet]);
    expect(enrolled.code).toBe(0);
    expect(statSync(sheet).mode & 0o077).toBe(0);
    const rows = readFileSync(sheet, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('worker_id,name,role,district,street,community,grid,code,expires_at');
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.slice(1).every((r) => r.split(',')[4] === '410103001')).toBe(true);

    server = await startTestServer({ dataDir, databaseFile: path.join(dataDir, 'city-brain.sqlite'), demo: false, accountPollMs: 200 });
    const officer = await signIn(server, 'chen.duty', 'correct horse battery');
    expect(officer.status).toBe(200);
    expect((await signIn(server, 'erqi.duty', 'district password 1')).status).toBe(200);
    expect((await call(server.url, 'POST', '/api/events', key, { channel: 'hotline12345', category: 'pavementDamage', description: '地砖破损', location: { lng: 113.66, lat: 34.75 } })).status).toBe(
      201,
    );
    // Its key on Open311 files under its account's channel, not as a photo report.
    const open311 = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({ api_key: key, service_code: 'streetLightFault', lat: '34.77', long: '113.68', description: '路灯不亮（12345 转办）' }),
    });
    expect(open311.status).toBe(201);
    const [answer] = (await open311.json()) as { service_request_id: string }[];
    expect((await call(server.url, 'GET', `/api/events/${answer!.service_request_id}`, key)).body.event.channel).toBe('hotline12345');

    const [workerId, , , , , , , code] = rows[1]!.split(',');
    const phone = await call(server.url, 'POST', '/api/auth/enrol', null, { username: workerId, code });
    expect(phone.status).toBe(200);
    const socket = await connectClient(server.url, 'worker', phone.body.token);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    expect((await accounts(['disable', workerId!])).code).toBe(0);
    expect(await closed).toBe('io server disconnect');
    expect((await signIn(server, workerId!, phone.body.credential)).status).toBe(401);

    expect((await accounts(['reset', 'chen.duty', '--password-stdin'], 'a brand new passphrase\n')).code).toBe(0);
    await new Promise((r) => setTimeout(r, 400));
    expect((await call(server.url, 'GET', '/api/audit', officer.body.token)).status).toBe(401);
    const again = await signIn(server, 'chen.duty', 'a brand new passphrase');
    expect(again.status).toBe(200);

    expect((await accounts(['revoke-key', key.slice(4, 20)])).code).toBe(0);
    // A key id may begin with '-' (base64url): it is still an id, not an option.
    expect(await accounts(['revoke-key', '-AAAAAAAAAAAAAAA'])).toMatchObject({ code: 1, stderr: expect.stringContaining('no active API key -AAAAAAAAAAAAAAA') });
    await new Promise((r) => setTimeout(r, 400));
    expect((await call(server.url, 'GET', '/api/events', key)).status).toBe(401);

    const audit = await call(server.url, 'GET', '/api/audit?limit=50', again.body.token);
    const actions = audit.body.entries.filter((e: { address: string }) => e.address === 'cli').map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['account.added', 'account.key.issued', 'account.workers.enrolled', 'account.disabled', 'account.reset', 'account.key.revoked']));
  });
});
