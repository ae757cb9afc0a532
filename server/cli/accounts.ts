/**
 * `npm run accounts -- <command>`: the accounts of a deployment, on its DATA_DIR (a fresh one is
 * created and migrated). Safe beside a running server: the store is shared, and the server
 * notices changed accounts within ACCOUNT_POLL_MS.
 *
 *   add <username> --role officer|wall|integration|worker [--unit <code>] --password-stdin
 *   add <username> --role integration --channel <channel> --password-stdin   (Open311 files under it)
 *   add <username> --role department --department <code> [--unit <district>] --password-stdin
 *   list [--role <role>]
 *   disable <username> | enable <username>
 *   reset <username> --password-stdin
 *   key <username>                    a long-lived API key for an integration, printed once
 *   revoke-key <key id>
 *   enrol-workers [--unit <code>] --out <file.csv> [--valid-days 14]
 *   webhooks list <username> | webhooks add <username> --url <url> --events <topic,…> [--area <code>]
 *   webhooks delete <webhook id> | webhooks deliveries <webhook id> [--state pending|delivered|failed]
 */
import os from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Role, Username } from '../../common/domain/auth.ts';
import { channelProblem, departmentProblem, passwordProblem, unitProblem } from '../accounts/accountRules.ts';
import { AccountError, AccountService } from '../accounts/accountService.ts';
import { AuditLog, type AuditRecord } from '../audit/auditLog.ts';
import { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import { type Config, readConfig } from '../config.ts';
import { loadCityInUse, loadServicesInUse } from '../city/cityInUse.ts';
import { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';
import { openStores, type Stores } from '../store/stores.ts';
import { DeliveryListQuery, WebhookCommand } from '../../common/domain/webhooks.ts';
import { subscribe } from '../webhooks/subscriptions.ts';
import { writeEnrolmentSheet } from './enrolmentSheet.ts';

const USAGE = `usage: npm run accounts -- <command>
  add <username> --role officer|wall|integration|worker [--unit <code>] --password-stdin
  add <username> --role integration --channel <channel> --password-stdin
  add <username> --role department --department <code> [--unit <district>] --password-stdin
  list [--role <role>]
  disable <username>
  enable <username>
  reset <username> --password-stdin
  key <username>
  revoke-key <key id>
  enrol-workers [--unit <code>] --out <file.csv> [--valid-days 14]
  webhooks list <username>
  webhooks add <username> --url <url> --events <topic,…> [--area <code>]   (the secret is printed once)
  webhooks delete <webhook id>
  webhooks deliveries <webhook id> [--state pending|delivered|failed]`;

class UsageError extends Error {}

const DAY_MS = 86_400_000;

/** One line from standard input, its line ending stripped: `printf '%s\\n' "$PW" | npm run accounts -- …`. */
async function readPasswordLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new UsageError('--password-stdin: standard input was empty');
}

async function password(values: { 'password-stdin'?: boolean }): Promise<string> {
  if (!values['password-stdin']) throw new UsageError('the password is read from standard input: add --password-stdin');
  const pw = await readPasswordLine();
  const problem = passwordProblem(pw);
  if (problem) throw new UsageError(problem);
  return pw;
}

function username(positionals: string[]): string {
  const parsed = Username.safeParse(positionals[1]);
  if (!parsed.success) throw new UsageError(`username: ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return parsed.data;
}

/**
 * A key id is 16 base64url characters and may begin with `-`: after `revoke-key` it is taken as
 * the id, never as an option (1 key in 64 could otherwise not be revoked without `--`).
 */
function keyIdsAsPositionals(argv: string[]): string[] {
  const at = argv.indexOf('revoke-key');
  return at >= 0 && at + 1 < argv.length && /^-[A-Za-z0-9_-]{15}$/.test(argv[at + 1]!) ? [...argv.slice(0, at + 1), '--', ...argv.slice(at + 1)] : argv;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: keyIdsAsPositionals(argv),
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      unit: { type: 'string' },
      department: { type: 'string' },
      channel: { type: 'string' },
      url: { type: 'string' },
      events: { type: 'string' },
      area: { type: 'string' },
      state: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      out: { type: 'string' },
      'valid-days': { type: 'string', default: '14' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    if (!command && !values.help) process.exitCode = 2;
    return;
  }
  // The tool needs only where the data is (DATA_DIR or DATABASE_URL, GEO_DIR, CITY_SEED), never the signing
  // secret: it runs in a production shell whether or not AUTH_SECRET is set there.
  const config = readConfig({ ...process.env, NODE_ENV: undefined });
  const stores = await openStores(config);
  const accounts = new AccountService(stores.accounts, Date.now);
  const audit = new AuditLog(stores.audit, Date.now);
  const record = (entry: Omit<AuditRecord, 'actor' | 'address'>) => audit.record({ actor: `cli:${os.userInfo().username}`, address: 'cli', ...entry });
  let directory: WorkerDirectory | null = null;
  // The city in use, as the server loads it: the newest imported version, or the generated city.
  const units = async () => (directory ??= (await loadCityInUse(config, stores.cityVersions)).directory);
  try {
    switch (command) {
      case 'add': {
        const name = username(positionals);
        const role = Role.safeParse(values.role);
        if (!role.success) throw new UsageError(`--role: one of ${Role.options.join(', ')}`);
        const unit = values.unit ?? null;
        const department = values.department ?? null;
        // The city is loaded (≈ 2 s) only when there is a unit to check.
        const city = unit === null ? null : await units();
        const catalogue = { levelOf: (code: string) => city?.levelOf(code) ?? null, isWorker: (id: string) => city?.isWorker(id) ?? false };
        const services = role.data === 'department' ? await loadServicesInUse(stores.cityVersions) : ServiceCatalogue.builtIn();
        const channel = values.channel ?? null;
        const problem = unitProblem(role.data, unit, catalogue) ?? departmentProblem(role.data, department, services) ?? channelProblem(role.data, channel);
        if (problem) throw new UsageError(problem);
        await accounts.add(name, role.data, unit, await password(values), department, channel);
        await record({ action: 'account.added', target: name, detail: { role: role.data, unit, ...(department ? { department } : {}), ...(channel ? { channel } : {}) } });
        return say(`added ${name} (${role.data}${department ? `, ${department}` : ''}${channel ? `, files as ${channel}` : ''}${unit ? `, ${unit}` : ''})`);
      }
      case 'list': {
        const role = values.role === undefined ? undefined : Role.safeParse(values.role);
        if (role && !role.success) throw new UsageError(`--role: one of ${Role.options.join(', ')}`);
        const counts = await accounts.counts();
        const shown = role?.data ? [role.data] : Role.options.filter((r) => r !== 'worker');
        say('username\trole\tunit\tdepartment\tenabled\tdemo');
        for (const r of shown)
          for (let offset = 0; ; offset += 1000) {
            const page = await accounts.list({ role: r, limit: 1000, offset });
            for (const a of page) say(`${a.username}\t${a.role}\t${a.unit ?? '-'}\t${a.department ?? '-'}\t${a.enabled ? 'yes' : 'no'}\t${a.demo ? 'yes' : 'no'}`);
            if (page.length < 1000) break;
          }
        if (!role) say(`(${counts.worker?.total ?? 0} worker accounts, ${counts.worker?.enabled ?? 0} enabled: list them with --role worker)`);
        return;
      }
      case 'disable':
      case 'enable': {
        const name = username(positionals);
        await accounts.setEnabled(name, command === 'enable');
        await record({ action: command === 'enable' ? 'account.enabled' : 'account.disabled', target: name, detail: null });
        return say(command === 'enable' ? `enabled ${name}` : `disabled ${name}: its tokens, keys and sockets stop within ${config.accountPollMs / 1000} s`);
      }
      case 'reset': {
        const name = username(positionals);
        await accounts.resetPassword(name, await password(values));
        await record({ action: 'account.reset', target: name, detail: null });
        return say(`new password for ${name}; its earlier sign-ins are revoked`);
      }
      case 'key': {
        const name = username(positionals);
        const { id, key } = await accounts.issueApiKey(name);
        await record({ action: 'account.key.issued', target: name, detail: { keyId: id } });
        process.stderr.write(`API key ${id} for ${name} (shown once; send it as Authorization: Bearer <key>, or api_key on Open311):\n`);
        return say(key);
      }
      case 'revoke-key': {
        const id = positionals[1];
        if (!id) throw new UsageError('revoke-key <key id>');
        await accounts.revokeApiKey(id);
        await record({ action: 'account.key.revoked', target: id, detail: null });
        return say(`revoked API key ${id}`);
      }
      case 'enrol-workers': {
        if (!values.out) throw new UsageError('enrol-workers: --out <file.csv> is required');
        const validDays = Number(values['valid-days']);
        if (!Number.isFinite(validDays) || validDays <= 0 || validDays > 365) throw new UsageError('--valid-days: a number of days, 1…365');
        const dir = await units();
        const unit = values.unit ?? null;
        if (unit !== null && dir.levelOf(unit) === null) throw new UsageError(`--unit: no district, street, community or grid ${unit}`);
        const indices = [...dir.targets(dir.scopeOfUnit(unit))];
        const started = performance.now();
        const codes = await accounts.enrolWorkers(
          indices.map((i) => dir.idOf(i)),
          validDays * DAY_MS,
          (done, total) => progress('enrolling', done, total),
        );
        writeEnrolmentSheet(values.out, indices, codes, dir);
        await record({ action: 'account.workers.enrolled', target: unit ?? 'city', detail: { workers: codes.length, validDays } });
        return say(`enrolled ${codes.length} workers in ${((performance.now() - started) / 1000).toFixed(1)} s; one-time codes in ${values.out} (keep it safe: each code signs a phone in once)`);
      }
      case 'webhooks':
        return await webhooksCommand(positionals.slice(1), values, stores, config, record, units);
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } finally {
    await stores.close();
  }
}

/** `webhooks …`: an integration's subscriptions, as `/api/webhooks` serves them to the integration itself. */
async function webhooksCommand(
  args: string[],
  values: { url?: string; events?: string; area?: string; state?: string },
  stores: Stores,
  config: Config,
  record: (entry: Omit<AuditRecord, 'actor' | 'address'>) => Promise<void>,
  units: () => Promise<WorkerDirectory>,
): Promise<void> {
  const [sub, arg] = args;
  const integration = async (name: string | undefined) => {
    const account = name ? await stores.accounts.get(name) : null;
    if (!account || account.role !== 'integration') throw new UsageError(`webhooks ${sub}: ${name ?? '<username>'} is not an integration account`);
    return account.username;
  };
  const webhook = async (id: string | undefined) => {
    const hook = id ? await stores.webhooks.get(id) : null;
    if (!hook) throw new UsageError(`webhooks ${sub}: no webhook ${id ?? '<webhook id>'}`);
    return hook;
  };
  switch (sub) {
    case 'list': {
      const owner = await integration(arg);
      say('id	url	events	area	created');
      for (const h of await stores.webhooks.ofOwner(owner)) say(`${h.id}	${h.url}	${h.events.join(',')}	${h.area ?? '-'}	${new Date(h.createdAtMs).toISOString()}`);
      return;
    }
    case 'add': {
      const owner = await integration(arg);
      const command = WebhookCommand.safeParse({ url: values.url, events: values.events?.split(',').map((t) => t.trim()), ...(values.area ? { area: values.area } : {}) });
      if (!command.success) throw new UsageError(`--${String(command.error.issues[0]?.path[0] ?? 'url')}: ${command.error.issues[0]?.message}`);
      const dir = command.data.area ? await units() : null;
      const made = await subscribe(stores.webhooks, { allowedHosts: config.webhookAllowedHosts, isUnit: (code) => dir?.levelOf(code) != null }, owner, command.data, Date.now());
      if (!made.ok) throw new UsageError(made.field ? `--${made.error}` : made.error);
      await record({ action: 'webhook.added', target: made.webhook.id, detail: { owner, url: made.webhook.url, events: made.webhook.events, area: made.webhook.area } });
      process.stderr.write(`webhook ${made.webhook.id} for ${owner}; its signing secret (shown once):\n`);
      return say(made.webhook.secret);
    }
    case 'delete': {
      const hook = await webhook(arg);
      await stores.webhooks.remove(hook.id, Date.now());
      await record({ action: 'webhook.deleted', target: hook.id, detail: { owner: hook.owner } });
      return say(`deleted webhook ${hook.id} of ${hook.owner}; its pending deliveries are cancelled`);
    }
    case 'deliveries': {
      const hook = await webhook(arg);
      const state = values.state === undefined ? undefined : DeliveryListQuery.shape.state.safeParse(values.state);
      if (state && !state.success) throw new UsageError('--state: pending, delivered or failed');
      say('id	topic	event	state	attempts	last status	last error');
      for (const d of await stores.webhooks.deliveries(hook.id, state?.data, 500)) say(`${d.id}	${d.topic}	${d.eventId}	${d.state}	${d.attempts}	${d.lastStatus ?? '-'}	${d.lastError ?? '-'}`);
      return;
    }
    default:
      throw new UsageError('webhooks list|add|delete|deliveries');
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** A progress bar on standard error, so standard output stays clean for scripts. */
function progress(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY && done < total) return;
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done >= total ? '\n' : ''}`);
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof AccountError) {
    process.stderr.write(`accounts: ${error.message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } else if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (error as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    process.stderr.write(`accounts: ${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`accounts: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
