import type { Principal } from '../../common/domain/auth.ts';
import type { OfficerScope } from '../broadcasts/workerDirectory.ts';

/** An officer's area from their account's unit: none is the city centre; six digits a district, nine a street. */
export function officerScopeOf(principal: Principal): OfficerScope | null {
  if (principal.role !== 'officer') return null;
  if (principal.unit === null) return { level: 'city' };
  return { level: principal.unit.length <= 6 ? 'district' : 'street', code: principal.unit };
}

export const isCityOfficer = (principal: Principal) => principal.role === 'officer' && principal.unit === null;
