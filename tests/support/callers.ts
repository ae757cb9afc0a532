import type { RunningServer } from '../../server/index.ts';
import type { Caller } from './authMatrix.ts';
import { login } from './server.ts';

/** The demo account each caller of the authorisation matrix signs in as. */
const ACCOUNTS: Partial<Record<Caller, string>> = {
  wall: 'wall',
  integration: 'integration',
  cityOfficer: 'officer',
  districtOfficer: 'officer.erqi',
  streetOfficer: 'officer.huaihe',
  department: 'dept.waterSupply',
  worker: 'W000001',
};

/** A credential for every caller of the matrix: none for anonymous, a token for each account, an API key for apiKey. */
export async function signInEveryCaller(server: RunningServer): Promise<Record<Caller, string | null>> {
  const credentials = { anonymous: null } as Record<Caller, string | null>;
  for (const [caller, username] of Object.entries(ACCOUNTS)) credentials[caller as Caller] = await login(server.url, username);
  credentials.apiKey = (await server.deps.trust.accounts.issueApiKey('integration')).key;
  return credentials;
}
