import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { BroadcastContent, type Broadcast } from '../../common/domain/broadcasts.ts';
import { redactContacts } from '../../common/domain/contactRedaction.ts';
import { unitProblem } from '../../server/accounts/accountRules.ts';
import { enrolmentCode, hashPassword, normaliseCode, verifyPassword } from '../../server/accounts/secrets.ts';
import { toCap } from '../../server/broadcasts/cap.ts';

const broadcast = (overrides: Partial<Broadcast> = {}): Broadcast => ({
  id: 'BC000009',
  sender: 'officer',
  senderUnit: null,
  sentAtMs: Date.UTC(2026, 6, 20, 8),
  content: { title: '暴雨红色预警', body: '请立即转移。', priority: 'flash', requiresConfirmation: true, exercise: false },
  scope: { city: true, districts: [], streets: [], communities: [], grids: [], roles: [] },
  targeted: 100_394,
  state: 'active',
  confirmWithinMs: 600_000,
  ...overrides,
});
const square = [[[0, 0, 1000, 0, 0, 1000, -1000, 0, 0, -1000]]] as never;

describe('CAP export', () => {
  it('stays well-formed whatever an older record holds: characters XML cannot carry are dropped', () => {
    const xml = toCap(broadcast({ content: { ...broadcast().content, title: '预警\u0007\u001b[31m', body: 'a\u0000b\uFFFEc & <d>' } }), { names: ['郑州市'], geometries: [square] });
    expect(XMLValidator.validate(xml)).toBe(true);
    const info = new XMLParser().parse(xml).alert.info;
    expect(info.headline).toBe('预警[31m');
    expect(info.description).toBe('abc & <d>');
  });

  it('names who cancelled or updated it in the note, in CAP’s element order', () => {
    const cancelled = toCap(broadcast({ state: 'cancelled', cancelledAtMs: Date.UTC(2026, 6, 20, 9), cancelledBy: 'officer.erqi' }), { names: ['二七区'], geometries: [square] });
    expect(cancelled).toMatch(/<restriction>[^]*<note>撤回人 Cancelled by: officer\.erqi<\/note>\n {2}<references>/);
    const updated = toCap(broadcast({ updatedAtMs: Date.UTC(2026, 6, 20, 9), updatedBy: 'officer' }), { names: ['二七区'], geometries: [square] });
    expect(updated).toContain('<note>更新人 Updated by: officer</note>');
    expect(toCap(broadcast(), { names: ['郑州市'], geometries: [square] })).not.toContain('<note>');
  });

  it('leaves out parts of an area too small to be a polygon, instead of failing', () => {
    const xml = toCap(broadcast(), { names: ['郑州市'], geometries: [[[]] as never, square] });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.match(/<polygon>/g)).toHaveLength(1);
  });

  it('refuses control characters in a title, and in a body all but line breaks and tabs', () => {
    const content = { title: '预警', body: '第一行\n\t第二行', priority: 'flash', requiresConfirmation: true };
    expect(BroadcastContent.safeParse(content).success).toBe(true);
    expect(BroadcastContent.safeParse({ ...content, title: '预\n警' }).error?.issues[0]?.path).toEqual(['title']);
    expect(BroadcastContent.safeParse({ ...content, body: 'a\u0007' }).error?.issues[0]?.path).toEqual(['body']);
  });
});

describe('contact details for public readers', () => {
  it.each([
    ['联系电话13812345678', '联系电话[已隐去]'],
    ['电话 138-1234-5678 或 +86 139 1234 5678', '电话 [已隐去] 或 [已隐去]'],
    ['座机0371-65551234', '座机[已隐去]'],
    ['身份证41010319800101123X', '身份证[已隐去]'],
    ['邮箱 zhang.san@example.com', '邮箱 [已隐去]'],
    ['井盖缺失 3 处，编号 12345', '井盖缺失 3 处，编号 12345'],
  ])('%s', (text, redacted) => expect(redactContacts(text)).toBe(redacted));
});

describe('account rules and secrets', () => {
  const units = { levelOf: (code: string) => ({ '410103': 'district', '410103001': 'street', '410103001001': 'community' })[code] ?? null, isWorker: (id: string) => id === 'W000001' };

  it('puts officers in a district or street (or the city centre), workers on the roster, others nowhere', () => {
    expect(unitProblem('officer', null, units)).toBeNull();
    expect(unitProblem('officer', '410103', units)).toBeNull();
    expect(unitProblem('officer', '410103001', units)).toBeNull();
    expect(unitProblem('officer', '410103001001', units)).toMatch(/--unit/);
    expect(unitProblem('worker', 'W000001', units)).toBeNull();
    expect(unitProblem('worker', null, units)).toMatch(/roster id/);
    expect(unitProblem('wall', '410103', units)).toMatch(/no unit/);
  });

  it('hashes passwords with scrypt, salted, and checks them', async () => {
    const [a, b] = [await hashPassword('correct horse'), await hashPassword('correct horse')];
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong horse', a)).toBe(false);
    expect(await verifyPassword('correct horse', 'md5$abc')).toBe(false);
  });

  it('makes enrolment codes readable on paper and forgiving as typed', () => {
    const code = enrolmentCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normaliseCode(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toBe(code.replace(/-/g, ''));
    expect(new Set(Array.from({ length: 1000 }, enrolmentCode)).size).toBe(1000);
  });
});
