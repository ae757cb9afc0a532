import { EVENT_CHANNELS } from '../../common/domain/events.ts';
import type { Role } from '../../common/domain/auth.ts';
import type { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';

/** Where an account's unit must lie, by role: what the admin tool checks before storing one. */
export interface UnitCatalogue {
  /** 'district' | 'street' | 'community' | 'grid' for a known unit code, else null. */
  levelOf(code: string): string | null;
  /** Whether `id` is a grid worker of the roster (W000123). */
  isWorker(id: string): boolean;
}

/** The unit's problem for this role, or null: officers sit in a district or street (or, without one, the city centre); workers are a roster id. */
export function unitProblem(role: Role, unit: string | null, units: UnitCatalogue): string | null {
  if (role === 'officer') {
    if (unit === null) return null;
    const level = units.levelOf(unit);
    return level === 'district' || level === 'street' ? null : `--unit: ${unit} is not a district or street code (omit it for the city centre)`;
  }
  if (role === 'worker') return unit !== null && units.isWorker(unit) ? null : `--unit: a worker's unit is their roster id (W000001…), got ${unit ?? 'none'}`;
  if (role === 'department')
    return unit === null || units.levelOf(unit) === 'district' ? null : `--unit: a department account serves a district (its code) or, without one, the whole city; ${unit} is not a district`;
  return unit === null ? null : `--unit: a ${role} account has no unit`;
}

/** A department account names its department (one of the city in use); no other role has one. */
export function departmentProblem(role: Role, department: string | null, services: ServiceCatalogue): string | null {
  if (role !== 'department') return department === null ? null : `--department: only a department account has one`;
  const some = () =>
    `${services.departments
      .slice(0, 20)
      .map((d) => d.code)
      .join(', ')}${services.departments.length > 20 ? ', …' : ''}`;
  if (department === null) return `--department: a department account needs one (${some()})`;
  return services.has(department) ? null : `--department: the city has no department ${department} (${some()})`;
}

/** An integration account may name the channel it files under (its Open311 requests); no other role has one. */
export function channelProblem(role: Role, channel: string | null): string | null {
  if (channel === null) return null;
  if (role !== 'integration') return '--channel: only an integration account has one';
  return (EVENT_CHANNELS as readonly string[]).includes(channel) ? null : `--channel: no channel ${channel} (one of ${EVENT_CHANNELS.join(', ')})`;
}

/** Passwords people choose: long enough to resist guessing at the sign-in throttle's pace. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'password: must be at least 10 characters';
  if (password.length > 200) return 'password: must be at most 200 characters';
  return null;
}
