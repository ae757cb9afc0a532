import { CityClient } from './cityClient.ts';

/** The demo password every department account shares (`dept.<code>` / `dept-demo`). */
const DEPARTMENT_PASSWORD = 'dept-demo';

/**
 * The people who handle the city's events, each signed in with their own account, acting through
 * the same endpoints as the pages: the city centre's duty officer on the officer's desk, and one
 * desk per department (`dept.<code>`), signed in when first needed.
 */
export class Desks {
  readonly officer: CityClient;
  private readonly departments = new Map<string, CityClient>();

  constructor(
    private readonly baseUrl: string,
    officer = { username: 'officer', password: 'officer-demo' },
  ) {
    this.officer = new CityClient(baseUrl, officer);
  }

  department(code: string): CityClient {
    let client = this.departments.get(code);
    if (!client) this.departments.set(code, (client = new CityClient(this.baseUrl, { username: `dept.${code}`, password: DEPARTMENT_PASSWORD })));
    return client;
  }
}
